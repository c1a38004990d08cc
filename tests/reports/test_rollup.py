"""Rollup arithmetic on a hand-computed example: province → 2 districts → 3 communes.

September 2024, accepted reports:
  An Bình (Sông Lam)  R 8/10  (80%, met)   C 2 (met)   B yes
  Hòa Lạc (Sông Lam)  R 18/20 (90%, met)   C 0 (not)   B yes
  Phú Mỹ  (Hồ Tây)    R 5/10  (50%, not)   C 1 (met)   B no
Sông Lam: R 26/30 = 86.7% (met); C sum 2, 1 of 2 communes meet; B all yes (met).
Hồ Tây:   R 5/10 = 50.0% (not met); C 1, 1 of 1; B not met.
Province: R 31/40 = 77.5% (target ≥ 80%: not met); C sum 3, 2 of 3 meet (66.7%);
B 2 of 3 (not met: all must).
"""

from datetime import date
from decimal import Decimal

import pytest

from reports import selectors

from .helpers import accept, extra_district, submit

OCT = date(2024, 10, 1)


@pytest.fixture
def example(tree, plan, admin_user):  # type: ignore[no-untyped-def]
    district2, commune3 = extra_district(tree, plan)
    for unit, kw in (
        (tree.commune, {"num": 8, "den": 10, "count": 2, "yes": True}),
        (tree.other_commune, {"num": 18, "den": 20, "count": 0, "yes": True}),
        (commune3, {"num": 5, "den": 10, "count": 1, "yes": False}),
    ):
        accept(submit(plan, unit, admin_user, **kw), admin_user)
    # October: An Bình accepted, Hòa Lạc only submitted (not counted by default).
    accept(submit(plan, tree.commune, admin_user, start=OCT, num=10, den=10), admin_user)
    submit(plan, tree.other_commune, admin_user, start=OCT, num=0, den=10)
    return district2, commune3


def test_three_level_rollup_for_one_month(tree, plan, example):
    district2, _c3 = example
    sept = date(2024, 9, 1)
    rollup = selectors.indicator_rollup(plan.campaign, tree.province, sept, sept)
    r, c, b = (rollup.totals[i.pk] for i in (plan.ratio, plan.count, plan.yes))
    assert (r.numerator, r.denominator, r.ratio) == (31, 40, Decimal("77.5"))
    assert r.met_target is False and r.colour == "warning"
    assert (c.count, c.met, c.judged, c.value) == (3, 2, 3, Decimal("66.7"))
    assert c.met_target is False
    assert (b.yes, b.values, b.met_target) == (2, 3, False)
    by_path = {u.path: u for u in rollup.children}
    assert set(by_path) == {tree.district.path, district2.path}
    song_lam = {
        i: rollup.by_child[i.pk][tree.district.path] for i in (plan.ratio, plan.count, plan.yes)
    }
    assert (song_lam[plan.ratio].numerator, song_lam[plan.ratio].denominator) == (26, 30)
    assert song_lam[plan.ratio].ratio == Decimal("86.7")
    assert song_lam[plan.ratio].met_target is True
    assert (song_lam[plan.count].count, song_lam[plan.count].share_met) == (2, Decimal("50.0"))
    assert song_lam[plan.yes].met_target is True
    ho_tay = rollup.by_child[plan.ratio.pk][district2.path]
    assert (ho_tay.ratio, ho_tay.met_target, ho_tay.colour) == (Decimal("50.0"), False, "danger")
    # One level down: the district's rollup by commune.
    down = selectors.indicator_rollup(plan.campaign, tree.district, sept, sept)
    assert down.totals[plan.ratio.pk].ratio == Decimal("86.7")
    assert down.by_child[plan.ratio.pk][tree.commune.path].ratio == Decimal("80.0")


def test_period_and_status_filters(tree, plan, example):
    whole = selectors.indicator_rollup(plan.campaign, tree.province)
    assert (whole.totals[plan.ratio.pk].numerator, whole.totals[plan.ratio.pk].denominator) == (
        41,
        50,
    )
    assert whole.totals[plan.ratio.pk].ratio == Decimal("82.0")
    assert whole.totals[plan.ratio.pk].met_target is True
    received = selectors.indicator_rollup(
        plan.campaign, tree.province, statuses=selectors.RECEIVED_STATUSES
    )
    assert received.totals[plan.ratio.pk].denominator == 60
    # Per phase: both months fall in phase 1, nothing in phase 2.
    phase2 = plan.campaign.phases.get(name="Đợt 2")
    later = selectors.indicator_rollup(
        plan.campaign, tree.province, phase2.start_date, phase2.end_date
    )
    assert later.totals[plan.ratio.pk].values == 0
    assert later.totals[plan.ratio.pk].value is None


def test_trend_and_ranking(tree, plan, example):
    trend = selectors.indicator_trend(plan.campaign, tree.province, [plan.ratio])
    assert trend[plan.ratio.pk][date(2024, 9, 1)].ratio == Decimal("77.5")
    assert trend[plan.ratio.pk][OCT].ratio == Decimal("100.0")
    ranking = selectors.unit_ranking(plan.campaign, tree.province, "commune")
    # An Bình: 6 of 6 values met; Hòa Lạc 2 of 3; Phú Mỹ 1 of 3.
    assert [r.name for r in ranking] == ["Phường An Bình", "Xã Hòa Lạc", "Xã Phú Mỹ"]
    assert ranking[0].share_met == Decimal("100.0")
    assert (
        selectors.unit_ranking(plan.campaign, tree.province, "commune", search="phu my")[0].name
        == "Xã Phú Mỹ"
    )
