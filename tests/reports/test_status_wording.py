"""The report's draft status reads as the form's "Lưu nháp" does; a campaign's draft
(a plan being written) stays a "Dự thảo"."""

from django.urls import reverse

from reports.models import Report, ReportStatus

from .helpers import expected_for, form_data


def test_the_report_draft_reads_nhap_and_a_campaign_draft_du_thao(
    tree, plan, commune_officer, client_for
):
    from campaigns.models import CampaignStatus

    assert str(ReportStatus.DRAFT.label) == "Nháp"
    assert str(CampaignStatus.DRAFT.label) == "Dự thảo"
    client = client_for(commune_officer)
    expected = expected_for(plan, tree.commune)
    client.post(reverse("reports:report_edit", args=[expected.pk]), form_data(plan))
    report = Report.objects.get(expected=expected)
    for url in (
        reverse("reports:report_edit", args=[expected.pk]),
        reverse("reports:report_detail", args=[report.pk]),
        reverse("reports:my_reports"),
    ):
        body = client.get(url).content.decode()
        assert '<span class="badge text-bg-secondary" data-testid="status">Nháp</span>' in body
        assert "Dự thảo" not in body
