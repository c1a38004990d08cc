"""Expected reports: one row per (unit, period), stored due dates, idempotent, hooked on issue."""

from datetime import date
from decimal import Decimal

import pytest

from campaigns import services as campaign_services
from campaigns.models import CampaignStatus, Comparator, Frequency
from reports import services
from reports.models import ExpectedReport
from tests.factories import CampaignFactory, IndicatorFactory, PhaseFactory, RecipientFactory

from .helpers import SEPT, expected_for


def test_monthly_rows_for_each_commune_with_stored_due_dates(tree, plan):
    rows = ExpectedReport.objects.filter(campaign=plan.campaign)
    # 19/8/2024 – 19/8/2025: 13 months (first and last clipped) × 2 communes.
    assert rows.count() == 26
    assert set(rows.values_list("unit_id", flat=True)) == {tree.commune.pk, tree.other_commune.pk}
    sept = expected_for(plan, tree.commune)
    assert sept.label == "Tháng 9/2024"
    assert sept.period_end == date(2024, 9, 30)
    assert sept.due_date == date(2024, 10, 5)
    assert sept.last_on_time == date(2024, 10, 5)
    assert sept.unit_path == tree.commune.path
    assert sept.province_id == tree.province.pk
    first = rows.order_by("period_start").first()
    assert first.period_start == date(2024, 8, 19)
    last = rows.order_by("period_start").last()
    assert (last.period_end, last.due_date) == (date(2025, 8, 19), date(2025, 9, 5))
    december = expected_for(plan, tree.commune, date(2024, 12, 1))
    assert december.due_date == date(2025, 1, 5)


def test_generation_is_idempotent_and_never_recomputes_stored_dates(tree, plan, monkeypatch):
    before = list(ExpectedReport.objects.values_list("pk", "due_date", "last_on_time"))
    monkeypatch.setattr(services.schedule, "DUE_DAY_OF_NEXT_MONTH", 10)
    assert services.expected_reports_generate(plan.campaign) == 0
    after = list(ExpectedReport.objects.values_list("pk", "due_date", "last_on_time"))
    assert before == after
    assert ExpectedReport.history.count() == 26


def test_other_frequencies_and_levels(tree):
    campaign = CampaignFactory(issuer=tree.ubnd)
    PhaseFactory(
        campaign=campaign, name="Đợt 1", start_date=date(2024, 8, 19), end_date=date(2025, 2, 3)
    )
    IndicatorFactory(campaign=campaign, frequency=Frequency.QUARTERLY, applies_to=["district"])
    IndicatorFactory(campaign=campaign, frequency=Frequency.PHASE, applies_to=["commune"])
    IndicatorFactory(campaign=campaign, frequency=Frequency.YEARLY, applies_to=["agency"])
    created = services.expected_reports_generate(campaign)
    quarters = ExpectedReport.objects.filter(campaign=campaign, frequency=Frequency.QUARTERLY)
    assert [e.label for e in quarters.order_by("period_start")] == [
        "Quý III/2024",
        "Quý IV/2024",
        "Quý I/2025",
        "Quý II/2025",
        "Quý III/2025",
    ]
    assert set(quarters.values_list("unit_id", flat=True)) == {tree.district.pk}
    phase = ExpectedReport.objects.filter(campaign=campaign, frequency=Frequency.PHASE)
    assert phase.count() == 2 and {e.label for e in phase} == {"Đợt 1"}
    assert phase.first().due_date == date(2025, 3, 5)
    # Agencies are organisations, not units: no row for them.
    assert not ExpectedReport.objects.filter(campaign=campaign, frequency=Frequency.YEARLY).exists()
    assert created == 7


def test_units_only_report_for_periods_they_exist(tree, plan):
    tree.other_commune.valid_to = date(2024, 12, 31)
    tree.other_commune.save()
    ExpectedReport.objects.filter(unit=tree.other_commune).delete()
    services.expected_reports_generate(plan.campaign)
    rows = ExpectedReport.objects.filter(unit=tree.other_commune).order_by("period_start")
    assert rows.count() == 5  # Aug–Dec 2024
    assert rows.last().label == "Tháng 12/2024"


@pytest.mark.django_db
def test_issuing_a_campaign_creates_its_schedule_after_commit(
    tree, leader, django_capture_on_commit_callbacks
):
    campaign = CampaignFactory(issuer=tree.ubnd, status=CampaignStatus.AWAITING_SIGNATURE)
    RecipientFactory(campaign=campaign)
    IndicatorFactory(campaign=campaign, comparator=Comparator.GTE, target_value=Decimal(80))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        campaign_services.campaign_transition(campaign, CampaignStatus.ISSUED, user=leader)
    assert len(callbacks) >= 1
    assert ExpectedReport.objects.filter(campaign=campaign).count() == 26
    assert expected_for(
        type("P", (), {"campaign": campaign})(), tree.commune, SEPT
    ).due_date == date(2024, 10, 5)


def test_the_daily_refresh_gives_a_new_school_only_the_reports_still_to_come(
    tree, plan, monkeypatch
):
    """A school registered mid-campaign gets rows from the current period on, never the
    months before it was registered; running again changes nothing."""
    from django.utils import timezone

    from orgunits.models import OrganisationKind
    from reports.tasks import expected_reports_refresh_task
    from tests.conftest import make_org

    IndicatorFactory(campaign=plan.campaign, code="A1", order=4, applies_to=["agency"])
    plan.campaign.status = CampaignStatus.RUNNING
    plan.campaign.save()
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2025, 6, 10))
    school = make_org("T-THPT2", "Trường THPT Hòa Lạc", OrganisationKind.SCHOOL, tree.other_commune)
    before = ExpectedReport.objects.filter(organisation__isnull=True).count()
    created = expected_reports_refresh_task()
    rows = ExpectedReport.objects.filter(organisation=school).order_by("period_start")
    assert [r.label for r in rows] == ["Tháng 6/2025", "Tháng 7/2025", "Tháng 8/2025"]
    assert created == 3
    # The units' rows were all there: nothing added, nothing changed.
    assert ExpectedReport.objects.filter(organisation__isnull=True).count() == before
    assert expected_reports_refresh_task() == 0
