"""Celery entry points of the reports app."""

from celery import shared_task

from campaigns.models import Campaign


@shared_task(acks_late=True)
def expected_reports_generate_task(campaign_id: int) -> int:
    """Create the expected reports of a campaign (idempotent, so safe to run twice)."""
    from .services import expected_reports_generate

    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        return 0
    return expected_reports_generate(campaign)


@shared_task(acks_late=True, ignore_result=True)
def expected_reports_refresh_task() -> int:
    """Beat: give units and organisations registered since a live campaign was issued
    their reports of the periods still to come (idempotent)."""
    from django.utils import timezone

    from campaigns.services import LIVE_CAMPAIGN

    from .services import expected_reports_generate

    today = timezone.localdate()
    total = 0
    for campaign in Campaign.objects.filter(status__in=LIVE_CAMPAIGN, end_date__gte=today):
        total += expected_reports_generate(campaign, ending_from=today)
    return total
