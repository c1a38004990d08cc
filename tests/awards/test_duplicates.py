"""One achievement, one award across levels and campaigns: a flag, not a block (DOMAIN.md 5)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards import services
from awards.models import (
    AppraisalStatus,
    AwardForm,
    AwardLevel,
    AwardRecord,
    BatchStatus,
    SubjectScope,
)
from tests.awards.conftest import person

pytestmark = pytest.mark.django_db
S = BatchStatus
FLAG = "Một thành tích, một hình thức khen thưởng:"


@pytest.fixture
def director_form(db):  # type: ignore[no-untyped-def]
    return AwardForm.objects.create(
        code="gk-gd-cat",
        name="Giấy khen của Giám đốc Công an tỉnh",
        authority="Giám đốc Công an tỉnh",
        level=AwardLevel.PROVINCIAL_POLICE,
        subject=SubjectScope.BOTH,
    )


@pytest.fixture
def minister_form(db):  # type: ignore[no-untyped-def]
    return AwardForm.objects.create(
        code="bk-bt",
        name="Bằng khen của Bộ trưởng Bộ Công an",
        authority="Bộ trưởng Bộ Công an",
        level=AwardLevel.MINISTRY,
        subject=SubjectScope.BOTH,
    )


def test_award_of_another_form_the_same_year_is_flagged_with_a_link(
    tree, award, build, director_form, commune_officer, other_commune, client_for, no_reports
):
    AwardRecord.objects.create(
        form=director_form, year=2024, person=tree.person, reference="Quyết định 15/QĐ-CAT"
    )
    AwardRecord.objects.create(form=director_form, year=2023, person=tree.person)
    batch = build([tree.police], [tree.person])
    flags = services.nomination_duplicates(list(batch.nominations.all()), commune_officer)
    by_name = {n.nominee_name: flags[n.pk] for n in batch.nominations.all()}
    assert by_name["Công an phường An Bình"] == []
    [hit] = by_name["Nguyễn Văn An"]  # the 2023 award is another year: no flag
    assert (hit.is_award, hit.form_name, hit.year) == (True, director_form.name, 2024)
    assert hit.url == reverse("awards:person_history", args=[tree.person.pk])
    # A flag, not a block: the proposal is submitted.
    services.batch_transition(batch, S.SUBMITTED, user=commune_officer)
    client = client_for(commune_officer)
    body = client.get(reverse("awards:batch_detail", args=[batch.pk])).content.decode()
    assert FLAG in body and "đã được tặng" in body
    assert f'href="{hit.url}"' in body and "Quyết định 15/QĐ-CAT" in body
    nomination = batch.nominations.get(person=tree.person)
    edit = client.get(reverse("awards:nomination_edit", args=[nomination.pk]))
    assert edit.status_code == 403  # submitted: no longer editable, still scoped
    assert (
        client_for(other_commune).get(reverse("awards:batch_detail", args=[batch.pk])).status_code
        == 404
    )


def test_same_form_same_year_stays_a_hard_block(tree, award, build, commune_officer):
    AwardRecord.objects.create(form=award.form, year=2024, person=tree.person)
    batch = build(done=False)
    with pytest.raises(ValidationError) as exc:
        services.nomination_add(batch, user=commune_officer, person=tree.person)
    assert exc.value.error_list[0].code == "duplicate"


def test_open_nomination_at_another_level_is_flagged_links_only_in_scope(
    tree, award, build, minister_form, commune_officer, province_staff, client_for, no_reports
):
    ministry = services.batch_create(
        campaign=award.campaign, form=minister_form, proposer=tree.cat, user=province_staff
    )
    services.nomination_add(ministry, user=province_staff, person=tree.person)
    batch = build([], [tree.person])
    mine = batch.nominations.get()
    [hit] = services.nomination_duplicates([mine], commune_officer)[mine.pk]
    assert (hit.is_award, hit.form_name, hit.url) == (False, minister_form.name, None)
    [hit] = services.nomination_duplicates([mine], province_staff)[mine.pk]
    assert hit.url == reverse("awards:batch_detail", args=[ministry.pk])
    # Each side sees the other.
    theirs = ministry.nominations.get()
    [back] = services.nomination_duplicates([theirs], province_staff)[theirs.pk]
    assert back.url == reverse("awards:batch_detail", args=[batch.pk])
    body = client_for(commune_officer).get(reverse("awards:batch_detail", args=[batch.pk]))
    text = body.content.decode()
    assert "đang được đề nghị" in text and minister_form.name in text
    assert reverse("awards:batch_detail", args=[ministry.pk]) not in text


def test_appraiser_must_give_a_reason_to_accept_a_flagged_nominee(
    tree,
    award,
    build,
    director_form,
    commune_officer,
    province_staff,
    appraiser,
    client_for,
    no_reports,
):
    AwardRecord.objects.create(form=director_form, year=2024, person=tree.person)
    other = person(tree.commune, tree.police, "Lê Văn Cường")
    batch = build([], [tree.person, other])
    services.batch_transition(batch, S.SUBMITTED, user=commune_officer)
    services.batch_transition(batch, S.UNDER_APPRAISAL, user=province_staff)
    flagged = batch.nominations.get(person=tree.person)
    with pytest.raises(ValidationError) as exc:
        services.nomination_appraise(flagged, user=appraiser, accept=True)
    assert exc.value.messages == [
        "Nguyễn Văn An đã có khen thưởng hoặc đang được đề nghị khen thưởng khác trong năm "
        "2024 (một thành tích, một hình thức khen thưởng): hãy nêu lý do chấp nhận."
    ]
    # Through the queue: the flag is shown, the clean nominee is accepted, the flagged not.
    client = client_for(appraiser)
    queue = reverse("awards:queue", args=["appraisal"])
    assert FLAG in client.get(queue).content.decode()
    ids = [n.pk for n in batch.nominations.all()]
    client.post(reverse("awards:queue_appraise"), {"ids": ids, "decision": "accept"})
    states = dict(batch.nominations.values_list("person__full_name", "appraisal_status"))
    assert states == {"Nguyễn Văn An": "pending", "Lê Văn Cường": "accepted"}
    page = client.get(queue).content.decode()
    assert "hãy nêu lý do chấp nhận" in page
    reason = "Giấy khen của Giám đốc CAT cho thành tích khác (phá án tháng 3)"
    services.nomination_appraise(flagged, user=appraiser, accept=True, reason=reason)
    flagged.refresh_from_db()
    assert flagged.appraisal_status == AppraisalStatus.ACCEPTED
    assert batch.events.filter(action="accepted", nomination=flagged, reason=reason).exists()


def test_history_flags_two_awards_the_same_year(
    tree, award, director_form, commune_officer, other_commune, client_for
):
    AwardRecord.objects.create(form=director_form, year=2024, person=tree.person)
    AwardRecord.objects.create(form=award.form, year=2024, person=tree.person)
    client = client_for(commune_officer)
    body = client.get(reverse("awards:history")).content.decode()
    assert body.count("duplicate-flag") == 2
    person_page = client.get(reverse("awards:person_history", args=[tree.person.pk]))
    assert person_page.content.decode().count("duplicate-flag") == 2
    # The person's own page names them once, in its heading, not again on every row.
    assert person_page.content.decode().count(tree.person.full_name) == 1 + 1  # title, h1
    assert "<th>Đối tượng</th>" in body and "<th>Đối tượng</th>" not in person_page.content.decode()
    outsider = client_for(other_commune)
    assert outsider.get(reverse("awards:person_history", args=[tree.person.pk])).status_code == 404
    assert "duplicate-flag" not in outsider.get(reverse("awards:history")).content.decode()


def test_flagged_pages_keep_a_constant_number_of_queries(
    tree, award, director_form, province_staff, client_for, django_assert_num_queries
):
    def records(n: int, start: int) -> None:
        for i in range(start, start + n):
            p = person(tree.commune, tree.police, f"Người Thứ {i}")
            AwardRecord.objects.create(form=director_form, year=2024, person=p)
            AwardRecord.objects.create(form=award.form, year=2024, person=p)

    records(2, 0)
    client = client_for(province_staff)
    url = reverse("awards:history")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    records(8, 2)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).content.decode().count("duplicate-flag") == 20
