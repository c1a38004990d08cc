"""Scope: another commune's reports do not exist for a user (404), and POSTs need CSRF."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from reports import services
from reports.models import Report, ReportStatus

from .helpers import expected_for, form_data, submit


def test_outsider_gets_404_on_every_report_url(
    tree, plan, commune_officer, other_commune, client_for
):
    report = submit(plan, tree.commune, commune_officer)
    evidence = services.evidence._evidence_store(
        report, "bien-ban.pdf", b"%PDF-1.4 secret", "application/pdf", commune_officer
    )
    client = client_for(other_commune)
    urls = [
        reverse("reports:report_edit", args=[report.expected_id]),
        reverse("reports:report_detail", args=[report.pk]),
        reverse("reports:evidence_download", args=[evidence.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "An Bình" not in response.content.decode()
    assert client.post(urls[0], form_data(plan, action="submit")).status_code == 404
    assert (
        client.post(
            reverse("reports:report_review", args=[report.pk]),
            {"target": "accepted", "version": report.version},
        ).status_code
        == 404
    )
    assert client.post(reverse("reports:evidence_remove", args=[evidence.pk])).status_code == 404
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.evidence.count() == 1


def test_commune_sees_only_its_own_items(tree, plan, commune_officer, other_commune, client_for):
    submit(plan, tree.other_commune, other_commune)
    body = client_for(commune_officer).get(reverse("reports:my_reports")).content.decode()
    assert "Tháng 9/2024" in body
    assert reverse("reports:report_edit", args=[expected_for(plan, tree.commune).pk]) in body
    assert (
        reverse("reports:report_edit", args=[expected_for(plan, tree.other_commune).pk]) not in body
    )


def test_insider_downloads_evidence(tree, plan, commune_officer, province_staff, client_for):
    report = submit(plan, tree.commune, commune_officer)
    evidence = services.evidence._evidence_store(
        report, "bien-ban.pdf", b"%PDF-1.4 ok", "application/pdf", commune_officer
    )
    for user in (commune_officer, province_staff):
        response = client_for(user).get(reverse("reports:evidence_download", args=[evidence.pk]))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4 ok"
        assert "attachment" in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"


def test_state_changing_posts_need_csrf(tree, plan, commune_officer, province_staff):
    report = submit(plan, tree.commune, commune_officer)
    officer = Client(enforce_csrf_checks=True)
    officer.force_login(commune_officer, backend="accounts.backends.ScopedModelBackend")
    url = reverse(
        "reports:report_edit",
        args=[expected_for(plan, tree.commune, report.expected.period_start).pk],
    )
    assert officer.post(url, form_data(plan)).status_code == 403
    staff = Client(enforce_csrf_checks=True)
    staff.force_login(province_staff, backend="accounts.backends.ScopedModelBackend")
    response = staff.post(
        reverse("reports:report_review", args=[report.pk]),
        {"target": "accepted", "version": report.version},
    )
    assert response.status_code == 403
    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4")
    assert officer.post(url, {**form_data(plan), "evidence": upload}).status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert Report.objects.count() == 1
