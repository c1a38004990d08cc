"""Evidence uploads: content checked by magic bytes, size limits, names; nothing written on
a rejection; random stored names; served only in scope (tests/reports/test_scope.py)."""

import io
import os
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from reports import services
from reports.models import Evidence, Report

from .helpers import expected_for, form_data

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def docx_bytes(main: str = WORD_MAIN, extra: bytes = b"") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "[Content_Types].xml",
            f'<?xml version="1.0"?><Types><Override PartName="/word/document.xml" '
            f'ContentType="{main}"/></Types>',
        )
        zf.writestr("word/document.xml", "<w:document/>")
        if extra:
            zf.writestr("word/media/big.bin", extra)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


def stored_files() -> list[str]:
    root = os.path.join(default_storage.location, "reports", "evidence")
    return sorted(os.listdir(root)) if os.path.isdir(root) else []


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bien-ban.pdf", PDF),
        ("anh.PNG", PNG),
        ("anh.jpg", JPG),
        ("anh.jpeg", JPG),
        ("bao-cao.docx", docx_bytes()),
        ("so-lieu.xlsx", xlsx_bytes()),
    ],
)
def test_accepted_files(name, content):
    data, content_type = services.evidence_check(SimpleUploadedFile(name, content))
    assert data == content
    assert content_type


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bien-ban.pdf", PNG, "Nội dung tệp không phải là tệp PDF thật."),
        ("anh.png", PDF, "Nội dung tệp không phải là tệp PNG thật."),
        ("anh.jpg", b"GIF89a" + b"\x00" * 10, "Nội dung tệp không phải là tệp JPG thật."),
        ("bao-cao.docx", xlsx_bytes(), "Nội dung tệp không phải là tệp DOCX thật."),
        ("so-lieu.xlsx", docx_bytes(), "Nội dung tệp không phải là tệp XLSX thật."),
        ("bao-cao.docx", b"PK\x03\x04 not a zip", "Nội dung tệp không phải là tệp DOCX thật."),
        ("bao-cao.docx", PDF, "Nội dung tệp không phải là tệp DOCX thật."),
        # A PDF header glued to a zip archive (a polyglot).
        ("bien-ban.pdf", PDF + docx_bytes(), "Nội dung tệp không phải là tệp PDF thật."),
        # A zip bomb named .docx: 20 MB of zeros compressed to a few kilobytes.
        ("bom.docx", docx_bytes(extra=b"\x00" * 20_000_000), "giải nén ra lượng dữ liệu lớn"),
        ("trong.pdf", b"", "Tệp rỗng."),
        ("virus.exe", b"MZ\x90\x00", "Không nhận loại tệp này. Chỉ nhận: PDF, JPG, PNG, DOCX"),
        ("bao-cao.pdf.html", PDF, "Không nhận loại tệp này."),
        ("../../etc/passwd.pdf", PDF, "Tên tệp không hợp lệ."),
        ("..\\..\\win.pdf", PDF, "Tên tệp không hợp lệ."),
        (".hidden.pdf", PDF, "Tên tệp không hợp lệ."),
    ],
)
def test_rejected_files_have_a_vietnamese_message(name, content, message):
    upload = SimpleUploadedFile("x", content)
    upload._name = name  # as a non-Django caller could pass it (Django strips directories)
    with pytest.raises(ValidationError) as exc:
        services.evidence_check(upload)
    assert message in exc.value.messages[0]


def test_size_limit_to_the_byte(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    exact = PDF + b"0" * (1000 - len(PDF))
    assert services.evidence_check(SimpleUploadedFile("a.pdf", exact))[0] == exact
    with pytest.raises(ValidationError) as exc:
        services.evidence_check(SimpleUploadedFile("a.pdf", exact + b"0"))
    assert exc.value.messages == ["Tệp quá lớn (tối đa 1000\xa0byte)."]


def test_upload_through_the_form_with_random_stored_name(tree, plan, commune_officer, client_for):
    client = client_for(commune_officer)
    expected = expected_for(plan, tree.commune)
    url = reverse("reports:report_edit", args=[expected.pk])
    before = stored_files()
    upload = SimpleUploadedFile("Biên bản họp.pdf", PDF, content_type="application/pdf")
    response = client.post(url, {**form_data(plan, action="submit"), "evidence": upload})
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.original_name == "Biên bản họp.pdf"
    assert evidence.size == len(PDF) and evidence.content_type == "application/pdf"
    stored = os.path.basename(evidence.file.name)
    assert "Bi" not in stored and stored.endswith(".pdf") and len(stored) == 36
    assert stored_files() == sorted([*before, stored])
    assert evidence.file.read() == PDF


def test_rejected_upload_writes_nothing_and_keeps_the_values(
    tree, plan, commune_officer, client_for, settings
):
    settings.UPLOAD_MAX_BYTES = 1000
    client = client_for(commune_officer)
    url = reverse("reports:report_edit", args=[expected_for(plan, tree.commune).pk])
    before = stored_files()
    for upload, message in (
        (SimpleUploadedFile("bien-ban.pdf", PNG), "Nội dung tệp không phải là tệp PDF thật."),
        (SimpleUploadedFile("bien-ban.pdf", b""), "Tệp rỗng."),
        (SimpleUploadedFile("bien-ban.pdf", PDF + b"0" * 1000), "Tệp quá lớn"),
    ):
        response = client.post(url, {**form_data(plan, num="7"), "evidence": upload})
        body = response.content.decode()
        assert response.status_code == 200
        assert message in body
        assert 'value="7"' in body
    assert stored_files() == before
    assert not Evidence.objects.exists()
    assert not Report.objects.exists()


def test_evidence_cannot_be_removed_after_acceptance(
    tree, plan, commune_officer, province_staff, client_for
):
    client = client_for(commune_officer)
    expected = expected_for(plan, tree.commune)
    url = reverse("reports:report_edit", args=[expected.pk])
    client.post(
        url, {**form_data(plan, action="submit"), "evidence": SimpleUploadedFile("a.pdf", PDF)}
    )
    report = Report.objects.get()
    services.report_transition(report, "accepted", user=province_staff, version=report.version)
    evidence = Evidence.objects.get()
    client.post(reverse("reports:evidence_remove", args=[evidence.pk]))
    assert Evidence.objects.filter(pk=evidence.pk).exists()
