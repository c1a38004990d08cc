"""Stored documents: regeneration of unchanged content is a no-op; issued files never change."""

from unittest import mock

import pytest

from campaigns.models import Campaign, CampaignStatus
from documents import services
from documents.models import GeneratedDocument
from documents.registry import get_kind


def _fresh(plan):  # type: ignore[no-untyped-def]
    kind = get_kind("plan")
    return kind.prepare(Campaign.objects.filter(pk=plan.pk)).get()


def test_regenerating_unchanged_content_is_a_no_op(plan, province_staff):
    plan.status = CampaignStatus.DRAFT
    plan.save()
    first = services.document_generate(
        kind_name="plan", obj=_fresh(plan), fmt="pdf", user=province_staff
    )
    assert first.file.read(4) == b"%PDF"
    assert first.final is False and first.created_by == province_staff
    with mock.patch.object(services, "render", side_effect=AssertionError("rendered again")):
        again = services.document_generate(kind_name="plan", obj=_fresh(plan), fmt="pdf")
    assert again.pk == first.pk and again.file.name == first.file.name
    assert GeneratedDocument.objects.count() == 1


def test_changed_draft_replaces_its_file(plan):
    plan.status = CampaignStatus.DRAFT
    plan.save()
    first = services.document_generate(kind_name="plan", obj=_fresh(plan), fmt="docx")
    old_name = first.file.name
    plan.title = "Phát động phong trào thi đua năm 2025"
    plan.save()
    second = services.document_generate(kind_name="plan", obj=_fresh(plan), fmt="docx")
    assert second.pk != first.pk and second.checksum != first.checksum
    assert list(GeneratedDocument.objects.values_list("pk", flat=True)) == [second.pk]
    assert not second.file.storage.exists(old_name)


def test_issued_file_is_immutable_and_a_new_revision_is_a_new_file(plan):
    assert plan.is_frozen
    issued = services.document_generate(kind_name="plan", obj=_fresh(plan), fmt="pdf")
    assert issued.final is True and issued.revision == 1
    content = issued.file.read()
    # Even if the stored content were edited behind the workflow's back, the issued file stays.
    Campaign.objects.filter(pk=plan.pk).update(title="Sửa sau khi ban hành")
    same = services.document_generate(kind_name="plan", obj=_fresh(plan), fmt="pdf")
    assert same.pk == issued.pk
    # A new revision (back to draft, revision + 1) is a new row and a new file.
    Campaign.objects.filter(pk=plan.pk).update(
        status=CampaignStatus.DRAFT, revision=2, number=None, issued_on=None
    )
    revised = services.document_generate(kind_name="plan", obj=_fresh(plan), fmt="pdf")
    assert revised.pk != issued.pk and revised.revision == 2 and not revised.final
    assert revised.file.name != issued.file.name
    issued.refresh_from_db()
    with issued.file.open("rb") as f:
        assert f.read() == content
    assert GeneratedDocument.objects.count() == 2


def test_stored_outside_the_web_root(plan, settings):
    generated = services.document_generate(kind_name="plan", obj=_fresh(plan), fmt="pdf")
    path = generated.file.path
    assert not path.startswith(str(settings.STATIC_ROOT))
    assert not any(path.startswith(str(d)) for d in settings.STATICFILES_DIRS)


def test_unknown_format_is_refused(plan):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.document_generate(kind_name="plan", obj=_fresh(plan), fmt="odt")
    assert exc.value.code == "bad_format"


def test_building_a_plan_costs_a_fixed_number_of_queries(plan, django_assert_num_queries):
    from campaigns.models import Phase, Recipient

    kind = get_kind("plan")

    def build() -> None:
        kind.build(kind.prepare(Campaign.objects.filter(pk=plan.pk)).get())

    with django_assert_num_queries(8):
        build()
    for n in range(5):
        Recipient.objects.create(campaign=plan, order=50 + n, text=f"Nơi nhận {n}")
        Phase.objects.create(
            campaign=plan,
            order=50 + n,
            name=f"Đợt {n + 3}",
            start_date=plan.start_date,
            end_date=plan.end_date,
        )
    with django_assert_num_queries(8):
        build()
