"""Campaign pages through the views: validation messages next to their fields, status
rules per role, scope (404), the freeze of issued plans, the cascade's no-weaker rule,
constant query counts and the Excel export."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import RoleCode
from campaigns.models import (
    Assignment,
    Campaign,
    CampaignStatus,
    ContentItem,
    Phase,
    PlanSection,
    SectionKind,
)
from tests.conftest import make_user
from tests.factories import CampaignFactory, IndicatorFactory, PhaseFactory, RecipientFactory


@pytest.fixture
def plan(tree):  # type: ignore[no-untyped-def]
    """A complete provincial draft of UBND tỉnh: 19/8/2024–19/8/2025, two phases, three
    indicators, one recipient."""
    campaign = CampaignFactory(issuer=tree.ubnd, cascade_level="commune")
    PhaseFactory(campaign=campaign, name="Đợt 1", end_date=date(2025, 2, 3))
    PhaseFactory(
        campaign=campaign, name="Đợt 2", start_date=date(2025, 2, 4), end_date=date(2025, 8, 19)
    )
    IndicatorFactory(campaign=campaign, code="4.1", comparator="gte", target_value=Decimal(80))
    IndicatorFactory(
        campaign=campaign, code="4.4", kind="count", comparator="eq", target_value=Decimal(0)
    )
    IndicatorFactory(campaign=campaign, code="4.6", comparator="gt", target_value=Decimal(90))
    RecipientFactory(campaign=campaign, text="Bộ Công an (Cục V05)")
    return campaign


@pytest.fixture
def clerk(tree):  # type: ignore[no-untyped-def]
    return make_user("vanthu", tree.ubnd, RoleCode.CLERK)


@pytest.fixture
def police_leader(tree):  # type: ignore[no-untyped-def]
    """A leader, but of Công an tỉnh, not of the issuing UBND tỉnh."""
    return make_user("giamdoc", tree.cat, RoleCode.LEADER)


@pytest.fixture
def viewer(tree):  # type: ignore[no-untyped-def]
    return make_user("xem", tree.cat, RoleCode.VIEWER)


def formset_data(prefix: str, rows: list[dict[str, str]], initial: int = 0) -> dict[str, str]:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


def field_errors(response, name: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The errors the page shows with the field ``name`` (form or formset row)."""
    context = response.context
    if "formset" in context:
        _prefix, index, field = name.split("-", 2)
        return list(context["formset"].forms[int(index)].errors.get(field, []))
    return list(context["form"].errors.get(name, []))


def children_url(campaign: Campaign, relation: str) -> str:
    return reverse("campaigns:campaign_children", args=[campaign.pk, relation])


def transition(client, campaign: Campaign, target: str, reason: str = "", **extra: str):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("campaigns:campaign_transition", args=[campaign.pk]),
        {"target": target, "reason": reason, **extra},
    )


def status_of(campaign: Campaign) -> str:
    campaign.refresh_from_db()
    return campaign.status


# --- validation: a Vietnamese message next to each bad field, nothing typed lost ------------


def test_campaign_form_end_before_start_keeps_input(tree, province_staff, client_for):
    client = client_for(province_staff)
    data = {
        "issuer": tree.ubnd.pk,
        "kind": "thematic",
        "title": "Kế hoạch phát động phong trào thi đua năm 2025",
        "place": "Thử Nghiệm",
        "start_date": "2025-08-19",
        "end_date": "2025-01-01",
        "theme": "Lực lượng mới, khí thế mới",
        "archive_note": "VT",
    }
    response = client.post(reverse("campaigns:campaign_create"), data)
    assert response.status_code == 200
    assert field_errors(response, "end_date") == [
        "Phong trào không thể kết thúc trước khi bắt đầu."
    ]
    body = response.content.decode()
    assert "Kế hoạch phát động phong trào thi đua năm 2025" in body
    assert "Lực lượng mới, khí thế mới" in body
    assert not Campaign.objects.exists()


def test_campaign_form_offers_ended_issuer_but_checks_its_dates(tree, province_staff, client_for):
    # UBND tỉnh ended with the 2025 reorganisation: its 2024 plans are still entered.
    tree.ubnd.valid_to = date(2025, 6, 30)
    tree.ubnd.save()
    client = client_for(province_staff)
    page = client.get(reverse("campaigns:campaign_create"))
    assert page.context["form"].fields["issuer"].queryset.filter(pk=tree.ubnd.pk).exists()
    assert not page.context["form"].fields["issuer"].queryset.filter(pk=tree.team.pk).exists()
    data = {
        "issuer": tree.ubnd.pk,
        "kind": "thematic",
        "title": "Kế hoạch sau sáp nhập",
        "place": "Thử Nghiệm",
        "start_date": "2025-08-01",
        "end_date": "2025-12-31",
        "archive_note": "VT",
    }
    response = client.post(reverse("campaigns:campaign_create"), data)
    assert field_errors(response, "issuer") == [
        "Cơ quan này không tồn tại vào ngày bắt đầu phong trào."
    ]
    data["start_date"] = "2024-08-19"
    response = client.post(reverse("campaigns:campaign_create"), data)
    assert response.status_code == 302
    assert Campaign.objects.get().issuer == tree.ubnd


@pytest.mark.parametrize(
    ("rows", "errors"),
    [
        (
            [{"name": "Đợt 1", "start_date": "2024-08-01", "end_date": "2025-02-03"}],
            {
                "phases-0-start_date": (
                    "Đợt thi đua bắt đầu trước khi phong trào bắt đầu (19/08/2024)."
                )
            },
        ),
        (
            [{"name": "Đợt 1", "start_date": "2025-02-04", "end_date": "2025-09-30"}],
            {"phases-0-end_date": "Đợt thi đua kết thúc sau khi phong trào kết thúc (19/08/2025)."},
        ),
        (
            [
                {"name": "Đợt 1", "start_date": "2024-08-19", "end_date": "2025-02-03"},
                {"name": "Đợt 2", "start_date": "2025-02-03", "end_date": "2025-08-19"},
            ],
            {
                "phases-1-start_date": (
                    "Đợt này trùng thời gian với Đợt 1, đợt đó kết thúc ngày 03/02/2025."
                )
            },
        ),
    ],
    ids=["starts-before", "ends-after", "overlap"],
)
def test_bad_phases_are_refused_next_to_the_field(tree, province_staff, client_for, rows, errors):
    campaign = CampaignFactory(issuer=tree.ubnd)
    dedication = "Chào mừng 95 năm Ngày thành lập Đảng"
    for i, row in enumerate(rows):
        row.update(order=str(i + 1), dedication=f"{dedication} {i}")
    response = client_for(province_staff).post(
        children_url(campaign, "phases"), formset_data("phases", rows)
    )
    assert response.status_code == 200
    for name, message in errors.items():
        assert field_errors(response, name) == [message]
    body = response.content.decode()
    assert all(f"{dedication} {i}" in body for i in range(len(rows)))
    assert 'data-testid="form-errors"' in body
    assert not Phase.objects.filter(campaign=campaign).exists()


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("ratio", "100.5", "Chỉ tiêu tỷ lệ phải từ 0 đến 100%."),
        ("ratio", "-1", None),  # the model's own minimum
        ("boolean", "2", None),
    ],
)
def test_bad_indicator_target_is_refused(tree, province_staff, client_for, kind, value, message):
    campaign = CampaignFactory(issuer=tree.ubnd)
    row = {
        "order": "1",
        "code": "4.1",
        "name": "Tỷ lệ nguồn tin do Nhân dân cung cấp",
        "kind": kind,
        "comparator": "gte",
        "target_value": value,
        "frequency": "monthly",
        "aggregation": "sum_ratio",
        "numerator_label": "Số nguồn tin qua lực lượng",
    }
    response = client_for(province_staff).post(
        children_url(campaign, "indicators"), formset_data("indicators", [row])
    )
    assert response.status_code == 200
    errors = field_errors(response, "indicators-0-target_value")
    assert len(errors) == 1
    if message:
        assert errors == [message]
    assert "Số nguồn tin qua lực lượng" in response.content.decode()
    assert not campaign.indicators.exists()


def test_ratio_of_exactly_100_is_accepted(tree, province_staff, client_for):
    campaign = CampaignFactory(issuer=tree.ubnd)
    row = {
        "order": "1",
        "code": "4.2",
        "name": "Tỷ lệ vụ việc có lực lượng có mặt kịp thời",
        "kind": "ratio",
        "comparator": "eq",
        "target_value": "100",
        "frequency": "monthly",
        "aggregation": "sum_ratio",
    }
    response = client_for(province_staff).post(
        children_url(campaign, "indicators"), formset_data("indicators", [row])
    )
    assert response.status_code == 302
    assert campaign.indicators.get().target_value == 100


def test_assignment_deadline_after_the_end_is_refused(tree, province_staff, client_for):
    campaign = CampaignFactory(issuer=tree.ubnd)
    row = {
        "order": "1",
        "number": "1.",
        "lead": str(tree.cat.pk),
        "text": "Tham mưu tổ chức Lễ phát động.",
        "deadline": "2025-08-20",
        "deliverable": "Kế hoạch tổ chức",
    }
    client = client_for(province_staff)
    response = client.post(
        children_url(campaign, "assignments"), formset_data("assignments", [row])
    )
    assert field_errors(response, "assignments-0-deadline") == [
        "Thời hạn sau ngày kết thúc phong trào (19/08/2025)."
    ]
    assert "Tham mưu tổ chức Lễ phát động." in response.content.decode()
    assert not Assignment.objects.exists()
    row["deadline"] = "2025-08-19"  # the last day is still inside the campaign
    assert (
        client.post(
            children_url(campaign, "assignments"), formset_data("assignments", [row])
        ).status_code
        == 302
    )
    assert campaign.assignments.get().deadline == date(2025, 8, 19)


def test_htmx_row_comes_numbered_and_empty(tree, province_staff, client_for):
    campaign = CampaignFactory(issuer=tree.ubnd)
    client = client_for(province_staff)
    url = reverse("campaigns:campaign_child_row", args=[campaign.pk, "phases"])
    response = client.get(url, {"index": "3"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="phases-3-name"' in body and "<html" not in body
    assert client.get(url, {"index": "x"}).status_code == 404
    assert client.get(url, {"index": "5000"}).status_code == 404


# --- status rules per role, through the transition view ---------------------------------------


def test_only_editors_in_scope_send_for_signature(
    tree, plan, province_staff, leader, viewer, commune_officer, client_for
):
    assert transition(client_for(leader), plan, "awaiting_signature").status_code == 403
    assert transition(client_for(viewer), plan, "awaiting_signature").status_code == 403
    # A commune sees the provincial plan but acting on it is outside its scope.
    assert transition(client_for(commune_officer), plan, "awaiting_signature").status_code == 404
    assert status_of(plan) == CampaignStatus.DRAFT
    response = transition(client_for(province_staff), plan, "awaiting_signature")
    assert response.status_code == 302
    assert status_of(plan) == CampaignStatus.AWAITING_SIGNATURE


def test_incomplete_plan_stays_draft_with_a_message(tree, province_staff, client_for):
    campaign = CampaignFactory(issuer=tree.ubnd)  # no recipients
    client = client_for(province_staff)
    response = transition(client, campaign, "awaiting_signature")
    assert status_of(campaign) == CampaignStatus.DRAFT
    page = client.get(response["Location"]).content.decode()
    assert "nơi nhận" in page


@pytest.mark.parametrize("who", ["leader", "clerk"])
def test_issuers_leader_or_clerk_issue(tree, plan, province_staff, client_for, request, who):
    transition(client_for(province_staff), plan, "awaiting_signature")
    user = request.getfixturevalue(who)
    response = transition(client_for(user), plan, "issued")
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == CampaignStatus.ISSUED
    assert plan.reference == "01/KH-UBND" and plan.issued_on is not None


@time_machine.travel(date(2024, 9, 20))
def test_issue_date_is_the_signing_day_never_in_the_future(
    tree, plan, province_staff, leader, client_for
):
    transition(client_for(province_staff), plan, "awaiting_signature")
    client = client_for(leader)
    response = transition(client, plan, "issued", issued_on="2024-09-21")
    assert status_of(plan) == CampaignStatus.AWAITING_SIGNATURE
    page = client.get(response["Location"]).content.decode()
    assert "Ngày ban hành không thể sau ngày hôm nay." in page
    assert 'max="2024-09-20"' in page
    transition(client, plan, "issued", issued_on="2024-09-16")
    plan.refresh_from_db()
    assert (plan.status, plan.issued_on) == (CampaignStatus.ISSUED, date(2024, 9, 16))


def test_others_may_not_issue(
    tree, plan, province_staff, police_leader, viewer, other_commune, client_for
):
    transition(client_for(province_staff), plan, "awaiting_signature")
    assert transition(client_for(province_staff), plan, "issued").status_code == 403
    assert transition(client_for(police_leader), plan, "issued").status_code == 403
    assert transition(client_for(viewer), plan, "issued").status_code == 403
    assert transition(client_for(other_commune), plan, "issued").status_code == 404
    plan.refresh_from_db()
    assert (plan.status, plan.number) == (CampaignStatus.AWAITING_SIGNATURE, None)


def test_return_needs_a_reason_and_the_right_role(
    tree, plan, province_staff, leader, viewer, client_for
):
    transition(client_for(province_staff), plan, "awaiting_signature")
    assert transition(client_for(viewer), plan, "draft", "Sai").status_code == 403
    client = client_for(leader)
    response = transition(client, plan, "draft", "   ")
    assert status_of(plan) == CampaignStatus.AWAITING_SIGNATURE
    assert "Hãy nêu lý do trả lại kế hoạch." in client.get(response["Location"]).content.decode()
    transition(client, plan, "draft", "Bổ sung chỉ tiêu về phòng cháy, chữa cháy.")
    plan.refresh_from_db()
    assert plan.status == CampaignStatus.DRAFT
    assert plan.return_reason == "Bổ sung chỉ tiêu về phòng cháy, chữa cháy."


def test_unknown_target_and_skipping_steps_are_refused(tree, plan, province_staff, client_for):
    client = client_for(province_staff)
    transition(client, plan, "bogus")
    assert transition(client, plan, "issued").status_code == 403  # draft cannot jump to issued
    assert status_of(plan) == CampaignStatus.DRAFT


def test_transition_buttons_follow_the_role(tree, plan, province_staff, leader, client_for):
    detail = reverse("campaigns:campaign_detail", args=[plan.pk])
    staff_page = client_for(province_staff).get(detail).content.decode()
    assert 'data-testid="send-for-signature"' in staff_page
    transition(client_for(province_staff), plan, "awaiting_signature")
    leader_page = client_for(leader).get(detail).content.decode()
    assert 'data-testid="issue"' in leader_page
    assert 'data-testid="send-for-signature"' not in leader_page


# --- scope: another commune's plan does not exist -------------------------------------------


def test_outsider_gets_404_on_every_url(tree, commune_officer, other_commune, client_for):
    theirs = CampaignFactory(issuer=tree.police, title="Kế hoạch của phường An Bình")
    PhaseFactory(campaign=theirs)
    client = client_for(other_commune)
    gets = [
        ("campaigns:campaign_detail", [theirs.pk]),
        ("campaigns:campaign_update", [theirs.pk]),
        ("campaigns:campaign_children", [theirs.pk, "indicators"]),
        ("campaigns:campaign_child_row", [theirs.pk, "indicators"]),
        ("campaigns:campaign_export", [theirs.pk]),
    ]
    for name, args in gets:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 404, name
        assert "An Bình" not in response.content.decode(), name
    posts = [
        ("campaigns:campaign_update", {"title": "x"}),
        ("campaigns:campaign_transition", {"target": "awaiting_signature"}),
        ("campaigns:campaign_revise", {}),
        ("campaigns:campaign_create_child", {"issuer": tree.other_police.pk}),
    ]
    for name, data in posts:
        assert client.post(reverse(name, args=[theirs.pk]), data).status_code == 404, name
    assert (
        client.post(children_url(theirs, "phases"), formset_data("phases", [])).status_code == 404
    )
    theirs.refresh_from_db()
    assert theirs.status == CampaignStatus.DRAFT and theirs.phases.count() == 1
    # The insider gets the same pages.
    own = client_for(commune_officer)
    assert own.get(reverse("campaigns:campaign_detail", args=[theirs.pk])).status_code == 200
    assert own.get(reverse("campaigns:campaign_export", args=[theirs.pk])).status_code == 200


def test_transitions_are_csrf_protected(tree, plan, province_staff):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(province_staff, backend="accounts.backends.ScopedModelBackend")
    assert transition(client, plan, "awaiting_signature").status_code == 403
    assert status_of(plan) == CampaignStatus.DRAFT


# --- the issued content is frozen ----------------------------------------------------------------


def test_issued_plan_cannot_be_edited(tree, plan, province_staff, leader, client_for):
    transition(client_for(province_staff), plan, "awaiting_signature")
    transition(client_for(leader), plan, "issued")
    client = client_for(province_staff)
    assert client.get(reverse("campaigns:campaign_update", args=[plan.pk])).status_code == 403
    response = client.post(
        reverse("campaigns:campaign_update", args=[plan.pk]),
        {"title": "Đổi trích yếu sau khi ban hành"},
    )
    assert response.status_code == 403
    phase = plan.phases.first()
    response = client.post(
        children_url(plan, "phases"),
        formset_data(
            "phases",
            [
                {
                    "id": str(phase.pk),
                    "order": "1",
                    "name": "Đợt đã sửa",
                    "start_date": "2024-08-19",
                    "end_date": "2025-02-03",
                    "campaign": str(plan.pk),
                }
            ],
            initial=1,
        ),
    )
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.title != "Đổi trích yếu sau khi ban hành"
    assert not plan.phases.filter(name="Đợt đã sửa").exists()
    detail = client.get(reverse("campaigns:campaign_detail", args=[plan.pk])).content.decode()
    assert reverse("campaigns:campaign_update", args=[plan.pk]) not in detail


# --- the cascade: implement, then never a weaker target ----------------------------------------


def issue(plan: Campaign) -> None:
    plan.status = CampaignStatus.ISSUED
    plan.number, plan.number_year, plan.issued_on = 591, 2024, date(2024, 9, 16)
    plan.save()


def test_implement_view_needs_an_issued_parent(tree, plan, commune_officer, client_for):
    client = client_for(commune_officer)
    url = reverse("campaigns:campaign_create_child", args=[plan.pk])
    assert client.post(url, {"issuer": tree.police.pk}).status_code == 403  # still a draft
    issue(plan)
    detail = client.get(reverse("campaigns:campaign_detail", args=[plan.pk]))
    offered = detail.context["child_form"].fields["issuer"].queryset
    assert list(offered) == [tree.police]  # the officer's own ward only, no security team
    assert client.get(url).status_code == 405
    response = client.post(url, {"issuer": tree.police.pk})
    child = Campaign.objects.get(parent=plan)
    assert response["Location"] == reverse("campaigns:campaign_detail", args=[child.pk])


def test_implementing_plan_keeps_or_raises_targets_through_the_edit_view(
    tree, plan, commune_officer, client_for
):
    issue(plan)
    client = client_for(commune_officer)
    client.post(
        reverse("campaigns:campaign_create_child", args=[plan.pk]), {"issuer": tree.police.pk}
    )
    child = Campaign.objects.get(parent=plan)
    indicators = list(child.indicators.order_by("order", "pk"))

    def post(changes: dict[str, tuple[str, str]]):  # type: ignore[no-untyped-def]
        rows = []
        for ind in indicators:
            comparator, value = changes.get(ind.code, (ind.comparator, str(ind.target_value)))
            rows.append(
                {
                    "id": str(ind.pk),
                    "order": str(ind.order),
                    "code": ind.code,
                    "name": ind.name,
                    "kind": ind.kind,
                    "comparator": comparator,
                    "target_value": value,
                    "frequency": ind.frequency,
                    "aggregation": ind.aggregation,
                    "campaign": str(child.pk),
                }
            )
        return client.post(
            children_url(child, "indicators"),
            formset_data("indicators", rows, initial=len(rows)),
        )

    response = post({"4.1": ("gte", "75"), "4.4": ("lte", "1")})
    assert response.status_code == 200
    index = {ind.code: i for i, ind in enumerate(indicators)}
    message = "Chỉ tiêu không được thấp hơn chỉ tiêu của kế hoạch cấp trên"
    assert field_errors(response, f"indicators-{index['4.1']}-target_value")[0].startswith(
        message + " (≥ 80%)"
    )
    assert field_errors(response, f"indicators-{index['4.4']}-target_value")[0].startswith(message)
    assert 'value="75"' in response.content.decode()  # what was typed stays
    assert child.indicators.get(code="4.1").target_value == 80

    assert post({"4.1": ("gte", "95"), "4.6": ("gt", "90")}).status_code == 302
    assert child.indicators.get(code="4.1").target_value == 95


# --- query counts do not grow with the data ---------------------------------------------------


def build(tree, size: int) -> Campaign:  # type: ignore[no-untyped-def]
    """``size`` campaigns, the last with ``size`` rows of every kind and ``size`` children."""
    campaign = None
    for i in range(size):
        campaign = CampaignFactory(issuer=tree.ubnd if i % 2 else tree.cat, cascade_level="commune")
    assert campaign is not None
    sections = [
        PlanSection.objects.create(campaign=campaign, order=1, number="I.", title="Mục đích")
    ]
    for i in range(size):
        PhaseFactory(
            campaign=campaign,
            order=i,
            name=f"Đợt {i + 1}",
            start_date=date(2024, 9, i + 1),
            end_date=date(2024, 9, i + 1),
        )
        item = ContentItem.objects.create(
            campaign=campaign, order=i, number=f"4.{i + 1}", text="Nội dung thi đua"
        )
        IndicatorFactory(campaign=campaign, content_item=item)
        assignment = Assignment.objects.create(
            campaign=campaign, order=i, text="Nhiệm vụ", lead=tree.cat, deadline=date(2025, 5, 10)
        )
        assignment.cooperating.set([tree.ubnd, tree.police])
        RecipientFactory(campaign=campaign, text=f"Nơi nhận {i}")
        sections.append(
            PlanSection.objects.create(
                campaign=campaign,
                parent=sections[0],
                order=i + 2,
                kind=SectionKind.CONTENTS if i == 0 else SectionKind.TEXT,
                number=f"{i + 1}.",
                title="Mục con",
            )
        )
    issue(campaign)
    for _i in range(size):
        child = CampaignFactory(issuer=tree.police, parent=campaign)
        PhaseFactory(campaign=child)
    return campaign


def count_queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["province_staff", "commune_officer"])
def test_list_and_detail_run_a_constant_number_of_queries(
    tree, client_for, django_assert_num_queries, request, who
):
    client = client_for(request.getfixturevalue(who))
    small = build(tree, 2)
    client.get(reverse("campaigns:campaign_list"))  # warm the session and content types
    list_url = reverse("campaigns:campaign_list")
    list_small = count_queries(client, list_url)
    detail_small = count_queries(client, reverse("campaigns:campaign_detail", args=[small.pk]))
    export_small = count_queries(client, reverse("campaigns:campaign_export", args=[small.pk]))

    big = build(tree, 9)
    assert Campaign.objects.count() > 20
    with django_assert_num_queries(list_small):
        client.get(list_url)
    with django_assert_num_queries(list_small):
        client.get(list_url, {"q": "phat dong", "status": "draft"})
    with django_assert_num_queries(detail_small):
        response = client.get(reverse("campaigns:campaign_detail", args=[big.pk]))
    assert response.content.decode().count("Nơi nhận 8") == 1
    with django_assert_num_queries(export_small):
        client.get(reverse("campaigns:campaign_export", args=[big.pk]))


# --- Excel export -------------------------------------------------------------------------------


def test_export_holds_indicators_and_assignments(tree, plan, commune_officer, client_for):
    Assignment.objects.create(
        campaign=plan,
        order=1,
        number="1.",
        lead=tree.cat,
        text="Tham mưu UBND tỉnh tổ chức Lễ phát động.",
        deadline=date(2024, 9, 10),
        deliverable="Kế hoạch tổ chức",
    ).cooperating.set([tree.police])
    Assignment.objects.create(
        campaign=plan, order=2, number="2.", lead_text="UBND các xã, phường", text="Triển khai."
    )
    response = client_for(commune_officer).get(reverse("campaigns:campaign_export", args=[plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["Chỉ tiêu", "Phân công"]
    rows = list(book["Chỉ tiêu"].iter_rows(min_row=4, values_only=True))
    assert [(r[0], r[4], r[5]) for r in rows] == [
        ("4.1", "≥", 80),
        ("4.4", "=", 0),
        ("4.6", ">", 90),
    ]
    assert rows[0][6] == "%"
    # Who reports, in words (not the stored codes).
    plan.indicators.filter(code="4.1").update(applies_to=["commune", "agency"])
    response = client_for(commune_officer).get(reverse("campaigns:campaign_export", args=[plan.pk]))
    first = next(
        load_workbook(BytesIO(response.content))["Chỉ tiêu"].iter_rows(min_row=4, values_only=True)
    )
    assert first[9] == "Cấp xã, Cơ quan, doanh nghiệp, cơ sở giáo dục"
    tasks = list(book["Phân công"].iter_rows(min_row=2, values_only=True))
    assert tasks[0][:3] == ("1.", "Công an tỉnh Thử Nghiệm", "Công an phường An Bình")
    assert tasks[0][4] == "10/09/2024"
    assert tasks[1][1] == "UBND các xã, phường"
    assert len(tasks) == 2
