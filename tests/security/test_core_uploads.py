"""core.uploads: the one upload checker, each rule with its Vietnamese message."""

import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.uploads import CheckedUpload, check_upload, hides_zip, random_name

from . import payloads as p

LIMIT = 64 * 1024
OFFICE = (".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx", ".csv")


class RawUpload(io.BytesIO):
    """Keeps the name as given (Django's UploadedFile keeps only the basename)."""

    def __init__(self, name: str, data: bytes) -> None:
        super().__init__(data)
        self.name = name
        self.size = len(data)


@pytest.fixture(autouse=True)
def _small_limit(settings):  # type: ignore[no-untyped-def]
    settings.UPLOAD_MAX_BYTES = LIMIT


def refused(name: str, data: bytes, allowed=OFFICE) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        check_upload(RawUpload(name, data), allowed=allowed)
    return info.value.code, " ".join(info.value.messages)


@pytest.mark.parametrize(
    "name,data,ctype",
    [
        ("Biên bản họp.pdf", p.PDF, "application/pdf"),
        ("anh.JPG", p.JPG, "image/jpeg"),
        ("anh.png", p.PNG, "image/png"),
        (
            "bao-cao.docx",
            p.docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "danh-sach.xlsx",
            p.xlsx(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("don-vi.csv", "mã,tên\nT-1,Nghĩa Đức\n".encode(), "text/csv"),
    ],
)
def test_honest_files_pass(name, data, ctype):
    checked = check_upload(SimpleUploadedFile(name, data), allowed=OFFICE)
    assert isinstance(checked, CheckedUpload)
    assert checked.content_type == ctype and checked.data == data and checked.size == len(data)
    assert checked.label == name


def test_exactly_the_limit_passes_and_one_byte_more_is_refused():
    at_limit = p.PDF + b"0" * (LIMIT - len(p.PDF))
    assert check_upload(RawUpload("a.pdf", at_limit), allowed=[".pdf"]).size == LIMIT
    code, message = refused("a.pdf", at_limit + b"0")
    assert code == "too_large"
    assert message == "Tệp quá lớn (tối đa 64,0\xa0KB)."


def test_size_is_checked_on_the_bytes_read_too():
    """A lying ``size`` does not let more than the limit through."""
    upload = RawUpload("a.pdf", p.over_limit(LIMIT))
    upload.size = 10
    with pytest.raises(ValidationError) as info:
        check_upload(upload, allowed=[".pdf"])
    assert info.value.code == "too_large"


def test_empty_file():
    assert refused("a.pdf", b"") == ("empty", "Tệp rỗng.")


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd.pdf",
        "..\\..\\boot.ini.pdf",
        "/etc/passwd.pdf",
        ".htaccess.pdf",
        "bad\x00name.pdf",
        "tab\tname.pdf",
        "a" * 250 + ".pdf",
        "",
    ],
)
def test_unsafe_names(name):
    assert refused(name, p.PDF) == ("bad_name", "Tên tệp không hợp lệ.")


def test_extension_not_allowed():
    code, message = refused("virus.exe", b"MZ\x90\x00", allowed=(".pdf", ".docx"))
    assert code == "bad_type"
    assert message == "Không nhận loại tệp này. Chỉ nhận: PDF, DOCX."
    assert refused("bao-cao.docx", p.docx(), allowed=(".pdf",))[0] == "bad_type"


@pytest.mark.parametrize(
    "name,data,label",
    [
        ("a.pdf", b"MZ\x90\x00 a program", "PDF"),
        ("a.pdf", p.docx(), "PDF"),
        ("a.png", p.JPG, "PNG"),
        ("a.jpg", p.PDF, "JPG"),
        ("a.docx", p.PDF, "DOCX"),
        ("a.docx", p.xlsx(), "DOCX"),  # a workbook renamed .docx
        ("a.xlsx", p.docx(), "XLSX"),
        ("a.docx", b"PK\x03\x04 truncated", "DOCX"),
        ("a.csv", p.xlsx(), "CSV"),
        ("a.csv", b"a,b\n1,\x00\n", "CSV"),
    ],
)
def test_wrong_content_under_a_right_extension(name, data, label):
    assert refused(name, data) == (
        "bad_content",
        f"Nội dung tệp không phải là tệp {label} thật.",
    )


@pytest.mark.parametrize("name", ["a.pdf", "a.png", "a.jpg"])
def test_polyglots_are_refused(name):
    head = {".pdf": p.PDF, ".png": p.PNG, ".jpg": p.JPG}[name[-4:]]
    assert refused(name, head + p.docx())[0] == "bad_content"
    # The same header and a zip as a docx: not a package either (it must start with PK).
    assert refused("a.docx", head + p.docx())[0] == "bad_content"


def test_hides_zip_sees_a_glued_archive_but_not_plain_bytes_looking_like_one():
    assert hides_zip(p.PDF + p.docx())
    assert not hides_zip(p.PDF + b"stream PK\x03\x04 not an archive endstream")


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_zip_bombs_are_refused(kind):
    code, message = refused(f"a.{kind}", p.zip_bomb(kind, expanded=8 * 1024 * 1024))
    assert code == "zip_bomb"
    assert message == (
        "Tệp giải nén ra lượng dữ liệu lớn bất thường so với một văn bản: bị từ chối."
    )


def test_too_many_parts_is_a_zip_bomb(monkeypatch):
    monkeypatch.setattr("core.uploads.MAX_ENTRIES", 3)
    entries = {"[Content_Types].xml": p.DOCX_TYPES.encode()}
    entries |= {f"word/part{i}.xml": b"<x/>" for i in range(3)}
    assert refused("a.docx", p._zip(entries))[0] == "zip_bomb"


def test_encrypted_package_is_refused():
    data = bytearray(p.docx())
    # Set the "encrypted" flag bit on every local and central directory header.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        for match in re.finditer(re.escape(signature), bytes(data)):
            data[match.start() + offset] |= 0x1
    assert refused("a.docx", bytes(data)) == (
        "encrypted",
        "Không nhận tệp có đặt mật khẩu.",
    )


def test_zip_slip_entry_names_are_refused():
    data = p._zip({"[Content_Types].xml": p.DOCX_TYPES.encode(), "../../evil.xml": b"<x/>"})
    assert refused("a.docx", data)[0] == "bad_content"


def test_csv_must_be_utf8():
    code, message = refused("a.csv", b"ma,ten\n" + b"\xe0\xe1\n")
    assert code == "not_utf8"
    assert "UTF-8" in message


def test_unknown_allowed_extension_is_a_programming_error():
    with pytest.raises(ValueError):
        check_upload(RawUpload("a.exe", b"MZ"), allowed=(".exe",))


def test_random_names():
    names = {random_name(".PDF", "reports/evidence/") for _ in range(200)}
    assert len(names) == 200
    for name in names:
        assert re.fullmatch(r"reports/evidence/[A-Za-z0-9_-]{32}\.pdf", name), name
    checked = check_upload(SimpleUploadedFile("../../etc/passwd.pdf", p.PDF), allowed=[".pdf"])
    assert "passwd" not in checked.stored_name("x")


def test_reading_leaves_the_upload_rewound():
    upload = SimpleUploadedFile("a.pdf", p.PDF)
    check_upload(upload, allowed=[".pdf"])
    assert upload.read() == p.PDF


def test_a_real_office_file_from_openpyxl_and_zipfile_members_are_read_once():
    data = p.xlsx([["Họ và tên"], ["Nguyễn Văn A"]])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "[Content_Types].xml" in archive.namelist()
    assert check_upload(RawUpload("ds.xlsx", data), allowed=[".xlsx"]).extension == ".xlsx"


def test_a_caller_may_say_a_refusal_in_its_own_words():
    own = {"bad_type": "Hãy tải lên tệp Excel (.xlsx)."}
    with pytest.raises(ValidationError) as info:
        check_upload(RawUpload("danh-sach.exe", b"MZ\x90\x00"), allowed=(".xlsx",), messages=own)
    assert info.value.code == "bad_type"
    assert info.value.messages == ["Hãy tải lên tệp Excel (.xlsx)."]
    # A code the caller did not name keeps the general message.
    with pytest.raises(ValidationError) as info:
        check_upload(RawUpload("danh-sach.xlsx", b""), allowed=(".xlsx",), messages=own)
    assert (info.value.code, info.value.messages) == ("empty", ["Tệp rỗng."])
