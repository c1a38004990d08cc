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
