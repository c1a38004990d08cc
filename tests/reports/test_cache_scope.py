"""Dashboard figures are invalidated per province: a report written in one province
leaves every other province's cached figures current, while the figures of that
province, those spanning provinces and, after a schedule change, every figure of the
campaign are computed again."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports import cache as dashboard_cache
from reports import services

from .helpers import accept, submit


class Computations:
    """A compute function for ``cached`` that counts how often it really ran."""

    def __init__(self) -> None:
        self.runs = 0

    def __call__(self) -> int:
        self.runs += 1
        return self.runs


def figures(campaign, province_id, calls, name="f"):  # type: ignore[no-untyped-def]
    return dashboard_cache.cached(campaign, (name,), calls, province_id=province_id)


def test_a_province_bump_leaves_other_provinces_cached(tree, plan):
    campaign = plan.campaign
    here, there = tree.province.pk, tree.other_province.pk
    ours, theirs, nation = Computations(), Computations(), Computations()
    for calls, province in ((ours, here), (theirs, there), (nation, None)):
        figures(campaign, province, calls)
        figures(campaign, province, calls)
        assert calls.runs == 1  # the second read is a hit
    dashboard_cache.bump(campaign, there)
    figures(campaign, here, ours)
    figures(campaign, there, theirs)
    figures(campaign, None, nation)
    assert (ours.runs, theirs.runs, nation.runs) == (1, 2, 2)
    # A campaign-wide bump (the schedule) makes every figure stale.
    dashboard_cache.bump(campaign)
    figures(campaign, here, ours)
    figures(campaign, there, theirs)
    figures(campaign, None, nation)
    assert (ours.runs, theirs.runs, nation.runs) == (2, 3, 3)


def test_the_services_bump_the_province_of_the_row(tree, plan, admin_user, province_staff):
    """Submitting, accepting and assessing in one province recompute its figures only."""
    campaign = plan.campaign
    here, there = tree.province.pk, tree.other_province.pk
    ours, theirs = Computations(), Computations()
    figures(campaign, here, ours)
    figures(campaign, there, theirs)
    report = submit(plan, tree.commune, admin_user)  # tree.commune is in tree.province
    figures(campaign, here, ours)
    figures(campaign, there, theirs)
    assert (ours.runs, theirs.runs) == (2, 1)
    accept(report, province_staff)
    figures(campaign, here, ours)
    figures(campaign, there, theirs)
    assert (ours.runs, theirs.runs) == (3, 1)
    services.assessment_enter(
        campaign,
        tree.commune,
        2025,
        user=admin_user,
        classification="kha",
        safe_recognised=True,
        score=Decimal(75),
    )
    figures(campaign, here, ours)
    figures(campaign, there, theirs)
    assert (ours.runs, theirs.runs) == (4, 1)


def test_the_province_dashboard_is_not_recomputed_for_another_provinces_write(
    tree, plan, province_staff, client_for, settings
):
    settings.PAGE_CACHE = False  # the figures' cache on its own
    client = client_for(province_staff)
    url = reverse("reports:dashboard")
    params = {"campaign": plan.campaign.pk, "unit": tree.province.pk}
    client.get(url, params)
    with CaptureQueriesContext(connection) as hit:
        client.get(url, params)
    n_hit = len(hit)
    dashboard_cache.bump(plan.campaign, tree.other_province.pk)
    with CaptureQueriesContext(connection) as other:
        client.get(url, params)
    n_other = len(other)
    dashboard_cache.bump(plan.campaign, tree.province.pk)
    with CaptureQueriesContext(connection) as own:
        client.get(url, params)
    n_own = len(own)
    assert n_other == n_hit  # still a hit
    assert n_own > n_hit + 5  # the figures computed again
