"""The ranking "as today's units": figures of units that ended in the 2025 reorganisation
added up under the units that carry them (DOMAIN.md 1: reports can still be rolled up
"as mapped to today's units"), without rewriting the units as they reported.

The ``plan`` (tests/reports/conftest.py) has three monthly commune indicators; here
phường An Bình (3 of 3 values met in September 2024) and xã Hòa Lạc (2 of 3) merge on
1/7/2025 into phường Sông Lam, and xã Phú Mỹ (0 of 3) is split into two wards.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from accounts.models import RoleCode
from orgunits.models import AdminLevel, Succession, SuccessionKind
from reports import selectors
from tests.conftest import make_unit, make_user

from .helpers import SEPT, accept, submit
from .test_dashboard_review import cell, page, sheet, texts, third_commune

VN = ZoneInfo("Asia/Ho_Chi_Minh")
REFORM = date(2025, 7, 1)
RANKING = "reports:ranking"
ROWS = "//*[@data-testid='ranking-table']//tbody/tr"


def succeed(kind, old, new):  # type: ignore[no-untyped-def]
    Succession.objects.create(
        kind=kind, from_unit=old, to_unit=new, effective_date=REFORM, legal_basis="NQ thử"
    )


@pytest.fixture
def reorganised(tree, plan, admin_user):  # type: ignore[no-untyped-def]
    phu_my = third_commune(tree, plan)
    for unit, kw in (
        (tree.commune, {"num": 9, "den": 10, "count": 1, "yes": True}),  # 3 of 3 met
        (tree.other_commune, {"num": 5, "den": 10, "count": 1, "yes": True}),  # 2 of 3
        (phu_my, {"num": 5, "den": 10, "count": 0, "yes": False}),  # 0 of 3
    ):
        with time_machine.travel(datetime(2024, 10, 3, 9, 0, tzinfo=VN)):
            accept(submit(plan, unit, admin_user, **kw), admin_user)
    new = make_unit(
        tree.province, "T-N1", "Sông Lam", "phường", AdminLevel.COMMUNE, valid_from=REFORM
    )
    north = make_unit(tree.province, "T-N2", "Bắc Phú", "phường", AdminLevel.COMMUNE)
    south = make_unit(tree.province, "T-N3", "Nam Phú", "phường", AdminLevel.COMMUNE)
    succeed(SuccessionKind.MERGE, tree.commune, new)
    succeed(SuccessionKind.MERGE, tree.other_commune, new)
    succeed(SuccessionKind.SPLIT, phu_my, north)
    succeed(SuccessionKind.SPLIT, phu_my, south)
    return new


def test_merged_units_add_up_under_todays_unit_and_a_split_one_keeps_its_row(
    tree, plan, reorganised
):
    as_reported = selectors.unit_ranking(plan.campaign, tree.province, "commune")
    assert [(r.rank, r.name, r.met, r.judged) for r in as_reported] == [
        (1, "Phường An Bình", 3, 3),
        (2, "Xã Hòa Lạc", 2, 3),
        (3, "Xã Phú Mỹ", 0, 3),
    ]
    rows = selectors.unit_ranking(plan.campaign, tree.province, "commune", as_of=REFORM)
    merged, split = rows
    assert (merged.rank, merged.name, merged.met, merged.judged) == (1, "Phường Sông Lam", 5, 6)
    assert str(merged.share_met) == "83.3"
    assert merged.formerly == ("Phường An Bình", "Xã Hòa Lạc")
    by_name = {r.name: r for r in as_reported}
    for field in ("expected", "received", "on_time"):
        assert getattr(merged, field) == sum(
            getattr(by_name[n], field) for n in ("Phường An Bình", "Xã Hòa Lạc")
        )
    assert (split.rank, split.name, split.met, split.judged) == (2, "Xã Phú Mỹ", 0, 3)
    assert split.split_into == ("Phường Bắc Phú", "Phường Nam Phú")
    # The day before the reorganisation nothing is mapped.
    before = selectors.unit_ranking(
        plan.campaign, tree.province, "commune", as_of=date(2025, 6, 30)
    )
    assert [(r.name, r.met, r.formerly) for r in before] == [
        (r.name, r.met, ()) for r in as_reported
    ]
    # A former name finds the new row, with its rank in the whole list.
    [found] = selectors.unit_ranking(
        plan.campaign, tree.province, "commune", as_of=REFORM, search="hoa lac"
    )
    assert (found.rank, found.name) == (1, "Phường Sông Lam")


def test_the_ranking_page_offers_todays_units_and_exports_them(
    tree, plan, reorganised, province_staff, client_for
):
    client = client_for(province_staff)
    params = {"campaign": plan.campaign.pk, "period": SEPT.isoformat()}
    doc = page(client, RANKING, params)
    assert texts(doc, "//*[@data-testid='map-toggle']/a") == [
        "Đơn vị lúc báo cáo",
        "Theo đơn vị hiện nay",
    ]
    assert len(doc.xpath(ROWS)) == 3
    assert not doc.xpath("//*[@data-testid='map-note']")
    doc = page(client, RANKING, {**params, "map": "today"})
    assert texts(doc, f"{ROWS}/td[1]") == ["1", "2"]
    names = texts(doc, f"{ROWS}/td[2]")
    assert names[0] == "Phường Sông Lam Trước đây: Phường An Bình, Xã Hòa Lạc"
    assert names[1] == (
        "Xã Phú Mỹ Đã chia tách vào Phường Bắc Phú, Phường Nam Phú; số liệu vẫn tính cho đơn vị này"
    )
    assert texts(doc, f"{ROWS}/td[3]")[0] == "83,3% (5/6)"
    assert doc.xpath("//*[@data-testid='map-note']")
    # The search keeps the choice (hidden field) and the htmx fragment maps too.
    assert doc.xpath("//form[@role='search']//input[@name='map'][@value='today']")
    response = client.get(
        reverse(RANKING), {**params, "map": "today", "q": "an binh"}, HTTP_HX_REQUEST="true"
    )
    assert "Phường Sông Lam" in response.content.decode()
    assert "Xã Phú Mỹ" not in response.content.decode()
    header, rows = sheet(client, RANKING, {**params, "map": "today", "export": "xlsx"})
    assert [
        (cell(header, r, "Hạng"), cell(header, r, "Đơn vị"), cell(header, r, "Đơn vị trước đây"))
        for r in rows
    ] == [
        (1, "Phường Sông Lam", "Phường An Bình, Xã Hòa Lạc"),
        (
            2,
            "Xã Phú Mỹ",
            "Đã chia tách vào Phường Bắc Phú, Phường Nam Phú; số liệu vẫn tính cho đơn vị này",
        ),
    ]
    # The dashboard's ranking panel links to it.
    doc = page(client, "reports:dashboard", params)
    [link] = doc.xpath("//*[@data-testid='ranking-today']")
    assert "map=today" in link.get("href")


def test_without_a_reorganisation_nothing_is_offered_and_map_changes_nothing(
    tree, plan, admin_user, province_staff, client_for
):
    accept(submit(plan, tree.commune, admin_user), admin_user)
    client = client_for(province_staff)
    params = {"campaign": plan.campaign.pk}
    doc = page(client, RANKING, params)
    assert not doc.xpath("//*[@data-testid='map-toggle']")
    mapped = page(client, RANKING, {**params, "map": "today"})
    assert texts(mapped, f"{ROWS}/td[2]") == texts(doc, f"{ROWS}/td[2]")
    assert not mapped.xpath("//*[@data-testid='map-note']")
    assert not page(client, "reports:dashboard", params).xpath("//*[@data-testid='ranking-today']")


def test_another_provinces_staff_cannot_rank_this_area_as_today(
    tree, plan, reorganised, client_for
):
    outsider = make_user("far-staff", tree.far_org, RoleCode.PROVINCE_STAFF)
    response = client_for(outsider).get(
        reverse(RANKING),
        {"campaign": plan.campaign.pk, "unit": tree.province.pk, "map": "today"},
    )
    assert response.status_code == 404
