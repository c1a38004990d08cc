"""Campaign plans: validation messages, status rules per role, scope, cascade, freeze."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from campaigns import services
from campaigns.models import (
    Campaign,
    CampaignStatus,
    Classification,
    Comparator,
    DistributionTarget,
    Indicator,
    Phase,
    PlanRevision,
)
from tests.factories import CampaignFactory, IndicatorFactory, PhaseFactory, RecipientFactory


@pytest.fixture
def plan(tree):  # type: ignore[no-untyped-def]
    campaign = CampaignFactory(issuer=tree.ubnd, cascade_level="commune")
    PhaseFactory(
        campaign=campaign, name="Đợt 1", start_date=date(2024, 8, 19), end_date=date(2025, 2, 3)
    )
    PhaseFactory(
        campaign=campaign, name="Đợt 2", start_date=date(2025, 2, 4), end_date=date(2025, 8, 19)
    )
    IndicatorFactory(
        campaign=campaign, code="4.1a", comparator=Comparator.GTE, target_value=Decimal(80)
    )
    IndicatorFactory(
        campaign=campaign,
        code="4.4a",
        kind="count",
        comparator=Comparator.EQ,
        target_value=Decimal(0),
    )
    IndicatorFactory(
        campaign=campaign, code="4.4b", comparator=Comparator.GT, target_value=Decimal(90)
    )
    RecipientFactory(campaign=campaign)
    return campaign


def formset_post(prefix, rows, initial=0):  # type: ignore[no-untyped-def]
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


# --- validation rules, each with its Vietnamese message; typed input is kept --------


def test_phase_outside_period_and_overlap_are_refused(tree, province_staff, client_for):
    campaign = CampaignFactory(issuer=tree.ubnd)
    client = client_for(province_staff)
    url = reverse("campaigns:campaign_children", args=[campaign.pk, "phases"])
    data = formset_post(
        "phases",
        [
            {
                "order": "1",
                "name": "Đợt 1",
                "start_date": "2024-08-01",
                "end_date": "2025-02-03",
                "dedication": "Chào mừng 95 năm Ngày thành lập Đảng",
            },
            {"order": "2", "name": "Đợt 2", "start_date": "2025-02-01", "end_date": "2025-09-30"},
        ],
    )
    response = client.post(url, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Đợt thi đua bắt đầu trước khi phong trào bắt đầu (19/08/2024)." in body
    assert "Đợt thi đua kết thúc sau khi phong trào kết thúc (19/08/2025)." in body
    assert "Đợt này trùng thời gian với Đợt 1, đợt đó kết thúc ngày 03/02/2025." in body
    assert "Chào mừng 95 năm Ngày thành lập Đảng" in body  # nothing typed is lost
    assert Phase.objects.filter(campaign=campaign).count() == 0


def test_valid_phases_are_saved_in_order(tree, province_staff, client_for):
    campaign = CampaignFactory(issuer=tree.ubnd)
    client = client_for(province_staff)
    url = reverse("campaigns:campaign_children", args=[campaign.pk, "phases"])
    data = formset_post(
        "phases",
        [
            {"order": "1", "name": "Đợt 1", "start_date": "2024-08-19", "end_date": "2025-02-03"},
            {"order": "2", "name": "Đợt 2", "start_date": "2025-02-04", "end_date": "2025-08-19"},
        ],
    )
    assert client.post(url, data).status_code == 302
    assert list(campaign.phases.values_list("name", "order")) == [("Đợt 1", 1), ("Đợt 2", 2)]


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("ratio", "120", "Chỉ tiêu tỷ lệ phải từ 0 đến 100%."),
        ("ratio", "-5", "Chỉ tiêu không được âm."),
        ("boolean", "2", "Chỉ tiêu có/không chỉ nhận 1 (có) hoặc 0 (không)."),
    ],
)
def test_indicator_target_out_of_range(tree, province_staff, client_for, kind, value, message):
    campaign = CampaignFactory(issuer=tree.ubnd)
    client = client_for(province_staff)
    url = reverse("campaigns:campaign_children", args=[campaign.pk, "indicators"])
    data = formset_post(
        "indicators",
        [
            {
                "order": "1",
                "code": "X1",
                "name": "Tỷ lệ hộ dân được tuyên truyền",
                "kind": kind,
                "comparator": "gte",
                "target_value": value,
                "frequency": "monthly",
                "aggregation": "sum_ratio",
            }
        ],
    )
    response = client.post(url, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert "Tỷ lệ hộ dân được tuyên truyền" in body
    assert not Indicator.objects.filter(campaign=campaign).exists()


def test_assignment_deadline_after_campaign_end(tree, province_staff, client_for):
    campaign = CampaignFactory(issuer=tree.ubnd)
    client = client_for(province_staff)
    url = reverse("campaigns:campaign_children", args=[campaign.pk, "assignments"])
    data = formset_post(
        "assignments",
        [
            {
                "order": "1",
                "number": "1.",
                "lead": str(tree.cat.pk),
                "text": "Tham mưu tổ chức Lễ phát động",
                "deadline": "2025-12-31",
            }
        ],
    )
    response = client.post(url, data)
    assert "Thời hạn sau ngày kết thúc phong trào (19/08/2025)." in response.content.decode()
    assert not campaign.assignments.exists()


def test_campaign_end_before_start(tree, province_staff, client_for):
    client = client_for(province_staff)
    response = client.post(
        reverse("campaigns:campaign_create"),
        {
            "issuer": tree.ubnd.pk,
            "kind": "thematic",
            "title": "Kế hoạch thử",
            "place": "Thử Nghiệm",
            "start_date": "2025-01-01",
            "end_date": "2024-01-01",
            "archive_note": "VT",
        },
    )
    assert response.status_code == 200
    assert "Phong trào không thể kết thúc trước khi bắt đầu." in response.content.decode()
    assert not Campaign.objects.filter(title="Kế hoạch thử").exists()


def test_create_refuses_issuer_outside_scope(tree, commune_officer, client_for):
    client = client_for(commune_officer)
    response = client.post(
        reverse("campaigns:campaign_create"),
        {
            "issuer": tree.other_police.pk,
            "kind": "thematic",
            "title": "Kế hoạch xã bên",
            "place": "Hòa Lạc",
            "start_date": "2024-01-01",
            "end_date": "2024-12-31",
            "archive_note": "VT",
        },
    )
    assert response.status_code == 200
    assert not Campaign.objects.filter(title="Kế hoạch xã bên").exists()


# --- status rules per role --------------------------------------------------------------


def test_full_lifecycle_with_roles(tree, plan, province_staff, leader, commune_officer):
    with pytest.raises(PermissionDenied):
        services.campaign_transition(plan, CampaignStatus.AWAITING_SIGNATURE, user=commune_officer)
    services.campaign_transition(plan, CampaignStatus.AWAITING_SIGNATURE, user=province_staff)
    with pytest.raises(PermissionDenied):  # staff cannot issue: only the issuer's leader/clerk
        services.campaign_transition(plan, CampaignStatus.ISSUED, user=province_staff)
    with pytest.raises(ValidationError) as exc:
        services.campaign_transition(plan, CampaignStatus.DRAFT, user=leader, reason=" ")
    assert exc.value.message_dict["reason"] == ["Hãy nêu lý do trả lại kế hoạch."]
    services.campaign_transition(
        plan, CampaignStatus.ISSUED, user=leader, issued_on=date(2024, 9, 16)
    )
    plan.refresh_from_db()
    assert plan.status == CampaignStatus.ISSUED
    assert (plan.number, plan.reference, plan.issued_on) == (1, "01/KH-UBND", date(2024, 9, 16))


def test_numbers_follow_the_issuers_yearly_register(tree, leader):
    refs = []
    for year in (2024, 2024, 2025):
        c = CampaignFactory(issuer=tree.ubnd, status=CampaignStatus.AWAITING_SIGNATURE)
        RecipientFactory(campaign=c)
        services.campaign_transition(
            c, CampaignStatus.ISSUED, user=leader, issued_on=date(year, 3, 1)
        )
        c.refresh_from_db()
        refs.append(c.reference)
    assert refs == ["01/KH-UBND", "02/KH-UBND", "01/KH-UBND"]


def test_incomplete_plan_cannot_go_for_signature(tree, province_staff):
    campaign = CampaignFactory(issuer=tree.ubnd, signer_name="")
    with pytest.raises(ValidationError) as exc:
        services.campaign_transition(
            campaign, CampaignStatus.AWAITING_SIGNATURE, user=province_staff
        )
    assert "người ký" in exc.value.messages[0] and "nơi nhận" in exc.value.messages[0]


def test_transition_view_needs_post_and_scope(tree, plan, other_commune, client_for):
    client = client_for(other_commune)
    url = reverse("campaigns:campaign_transition", args=[plan.pk])
    # The province's plan is visible to a commune, but acting on it is not in its scope.
    assert client.post(url, {"target": "awaiting_signature"}).status_code == 404
    assert client.get(url).status_code == 405


# --- freeze and revisions -------------------------------------------------------------------


def test_issued_content_is_frozen_and_revision_keeps_it(
    tree, plan, province_staff, leader, client_for
):
    services.campaign_transition(plan, CampaignStatus.AWAITING_SIGNATURE, user=province_staff)
    services.campaign_transition(plan, CampaignStatus.ISSUED, user=leader)
    client = client_for(province_staff)
    edit = client.get(reverse("campaigns:campaign_children", args=[plan.pk, "phases"]))
    assert edit.status_code == 403
    plan.refresh_from_db()
    with pytest.raises(ValidationError):
        services.ensure_editable(plan)
    old_reference = plan.reference
    services.campaign_start_revision(plan, user=province_staff)
    plan.refresh_from_db()
    assert (plan.status, plan.revision, plan.number) == (CampaignStatus.DRAFT, 2, None)
    snapshot = PlanRevision.objects.get(campaign=plan, revision=1)
    assert snapshot.reference == old_reference
    assert [p["name"] for p in snapshot.content["phases"]] == ["Đợt 1", "Đợt 2"]
    assert (
        client.get(reverse("campaigns:campaign_children", args=[plan.pk, "phases"])).status_code
        == 200
    )


# --- scope ----------------------------------------------------------------------------------


def test_other_communes_plan_is_404_everywhere(tree, commune_officer, client_for):
    theirs = CampaignFactory(issuer=tree.other_police, title="Kế hoạch của xã Hòa Lạc")
    client = client_for(commune_officer)
    for name, args in [
        ("campaigns:campaign_detail", [theirs.pk]),
        ("campaigns:campaign_update", [theirs.pk]),
        ("campaigns:campaign_children", [theirs.pk, "phases"]),
        ("campaigns:campaign_child_row", [theirs.pk, "phases"]),
        ("campaigns:campaign_export", [theirs.pk]),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 404, name
        assert "Hòa Lạc" not in response.content.decode()
    for name in (
        "campaigns:campaign_transition",
        "campaigns:campaign_revise",
        "campaigns:campaign_create_child",
    ):
        assert client.post(reverse(name, args=[theirs.pk])).status_code == 404, name
    listing = client.get(reverse("campaigns:campaign_list")).content.decode()
    assert "Kế hoạch của xã Hòa Lạc" not in listing


def test_commune_sees_the_provincial_plan_but_cannot_edit(tree, plan, commune_officer, client_for):
    client = client_for(commune_officer)
    assert client.get(reverse("campaigns:campaign_detail", args=[plan.pk])).status_code == 200
    assert client.get(reverse("campaigns:campaign_update", args=[plan.pk])).status_code == 404


# --- cascade ------------------------------------------------------------------------------


def issue(plan, tree):  # type: ignore[no-untyped-def]
    plan.status = CampaignStatus.ISSUED
    plan.number, plan.number_year, plan.issued_on = 591, 2024, date(2024, 9, 16)
    plan.save()


def test_cascade_prefills_and_lists_missing_units(tree, plan, commune_officer, client_for):
    issue(plan, tree)
    assert [u.name for u in services.missing_child_units(plan)] == ["An Bình", "Hòa Lạc"]
    client = client_for(commune_officer)
    response = client.post(
        reverse("campaigns:campaign_create_child", args=[plan.pk]), {"issuer": tree.police.pk}
    )
    child = Campaign.objects.get(parent=plan)
    assert response["Location"] == reverse("campaigns:campaign_detail", args=[child.pk])
    assert child.issuer == tree.police and child.status == CampaignStatus.DRAFT
    assert child.basis.get().ref_campaign == plan
    assert child.phases.count() == 2 and child.indicators.count() == 3
    assert all(i.parent_indicator_id for i in child.indicators.all())
    assert [u.name for u in services.missing_child_units(plan)] == ["Hòa Lạc"]


def test_cascade_refuses_an_issuer_of_another_commune(tree, plan, commune_officer, client_for):
    issue(plan, tree)
    client = client_for(commune_officer)
    client.post(
        reverse("campaigns:campaign_create_child", args=[plan.pk]), {"issuer": tree.other_police.pk}
    )
    assert not Campaign.objects.filter(parent=plan).exists()


@pytest.mark.parametrize(
    ("code", "comparator", "value", "weaker"),
    [
        ("4.1a", "gte", "80", False),
        ("4.1a", "gte", "85", False),
        ("4.1a", "gt", "80", False),
        ("4.1a", "eq", "100", False),
        ("4.1a", "gte", "70", True),
        ("4.1a", "lte", "90", True),
        ("4.4a", "eq", "0", False),
        ("4.4a", "lte", "0", False),
        ("4.4a", "lte", "1", True),
        ("4.4a", "eq", "2", True),
        ("4.4b", "gt", "95", False),
        ("4.4b", "gte", "90", True),
    ],
)
def test_child_target_never_weaker(
    tree, plan, commune_officer, client_for, code, comparator, value, weaker
):
    issue(plan, tree)
    child = services.campaign_create_child(plan, issuer=tree.police, user=commune_officer)
    ind = child.indicators.get(code=code)
    client = client_for(commune_officer)
    url = reverse("campaigns:campaign_children", args=[child.pk, "indicators"])
    rows = []
    for other in child.indicators.all():
        row = {
            "id": str(other.pk),
            "order": str(other.order),
            "code": other.code,
            "name": other.name,
            "kind": other.kind,
            "comparator": other.comparator,
            "target_value": str(other.target_value),
            "frequency": other.frequency,
            "aggregation": other.aggregation,
            "campaign": str(child.pk),
        }
        if other.pk == ind.pk:
            row.update(comparator=comparator, target_value=value)
        rows.append(row)
    response = client.post(url, formset_post("indicators", rows, initial=len(rows)))
    ind.refresh_from_db()
    if weaker:
        assert response.status_code == 200
        assert (
            "Chỉ tiêu không được thấp hơn chỉ tiêu của kế hoạch cấp trên"
            in response.content.decode()
        )
        assert ind.target_value == ind.parent_indicator.target_value
    else:
        assert response.status_code == 302
        assert (ind.comparator, ind.target_value) == (comparator, Decimal(value))


# --- query counts -------------------------------------------------------------------------


def test_list_and_detail_queries_are_constant(
    tree, province_staff, client_for, django_assert_max_num_queries
):
    client = client_for(province_staff)
    campaign = CampaignFactory(issuer=tree.ubnd)
    PhaseFactory(campaign=campaign)
    IndicatorFactory(campaign=campaign)
    client.get(reverse("campaigns:campaign_list"))  # warm caches (session, content types)

    def count(url):  # type: ignore[no-untyped-def]
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    list_small = count(reverse("campaigns:campaign_list"))
    detail_small = count(reverse("campaigns:campaign_detail", args=[campaign.pk]))
    for i in range(12):
        c = CampaignFactory(issuer=tree.ubnd if i % 2 else tree.police)
        PhaseFactory(campaign=c)
    for i in range(6):
        PhaseFactory(
            campaign=campaign,
            name=f"Đợt thêm {i}",
            start_date=date(2024, 9, 1),
            end_date=date(2024, 9, 2),
        )
        IndicatorFactory(campaign=campaign)
    assert count(reverse("campaigns:campaign_list")) == list_small
    assert count(reverse("campaigns:campaign_detail", args=[campaign.pk])) == detail_small


def test_a_distribution_target_says_whether_it_counts_the_better_classes():
    cumulative = DistributionTarget(
        classification=Classification.AVERAGE, or_better=True, min_share=Decimal("80.00")
    )
    alone = DistributionTarget(
        classification=Classification.EXCELLENT, or_better=False, min_share=Decimal("30.50")
    )
    assert str(cumulative) == "≥ 80% Trung bình trở lên"
    assert str(alone) == "≥ 30,5% Xuất sắc"
