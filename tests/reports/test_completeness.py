"""Completeness (received / expected) and timeliness (on time / expected) on a fixed clock."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from reports import selectors

from .helpers import extra_district, submit

VN = ZoneInfo("Asia/Ho_Chi_Minh")
SEPT = date(2024, 9, 1)


def test_by_level_by_child_and_who_is_missing(tree, plan, admin_user, province_staff, client_for):
    district2, commune3 = extra_district(tree, plan)
    # Due 5/10/2024: 23:00 on the 5th (Vietnam time) is on time, 00:30 on the 6th is late.
    with time_machine.travel(datetime(2024, 10, 5, 23, 0, tzinfo=VN)):
        on_time = submit(plan, tree.commune, admin_user)
    with time_machine.travel(datetime(2024, 10, 6, 0, 30, tzinfo=VN)):
        late = submit(plan, tree.other_commune, admin_user)
    assert (on_time.on_time, late.on_time) == (True, False)

    [row] = selectors.completeness_by_level(plan.campaign, tree.province, SEPT, SEPT)
    assert (row.key, row.expected, row.received, row.on_time, row.missing) == (
        "commune",
        3,
        2,
        1,
        1,
    )
    assert (str(row.completeness), str(row.timeliness)) == ("66.7", "33.3")
    children = {
        r.unit.pk: r
        for r in selectors.completeness_by_child(plan.campaign, tree.province, SEPT, SEPT)
    }
    assert (children[tree.district.pk].received, children[tree.district.pk].on_time) == (2, 1)
    assert (children[district2.pk].expected, children[district2.pk].received) == (1, 0)
    # Whole campaign so far: 13 months × 3 communes expected.
    [whole] = selectors.completeness_by_level(plan.campaign, tree.province)
    assert (whole.expected, whole.received) == (39, 2)

    missing = selectors.missing_reports(plan.campaign, tree.province, start=SEPT, end=SEPT)
    assert [e.unit for e in missing] == [commune3]
    late_rows = selectors.missing_reports(
        plan.campaign, tree.province, start=SEPT, end=SEPT, late_only=True
    )
    assert [e.unit for e in late_rows] == [tree.other_commune]

    # The drill-down page, accent-blind search, and the stored due date.
    client = client_for(province_staff)
    with time_machine.travel(datetime(2024, 10, 20, 9, 0, tzinfo=VN)):
        url = reverse("reports:missing")
        params = {"campaign": plan.campaign.pk, "period": "2024-09-01", "level": "commune"}
        body = client.get(url, params).content.decode()
        assert "Xã Phú Mỹ" in body and "05/10/2024" in body
        assert "Hòa Lạc" not in body
        body = client.get(url, {**params, "q": "phu my"}).content.decode()
        assert "Xã Phú Mỹ" in body
        body = client.get(url, {**params, "q": "an binh"}).content.decode()
        assert "Phú Mỹ" not in body
        body = client.get(url, {**params, "late": "1"}).content.decode()
        assert "Xã Hòa Lạc" in body
