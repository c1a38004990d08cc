"""Import of administrative units: dry-run preview, row errors, confirm, round trip."""

import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from orgunits.models import AdminLevel, AdminUnit
from orgunits.views import IMPORT_SESSION_KEY
from tests.orgunits.helpers import HEADER, csv_bytes, upload, xlsx_bytes

IMPORT_URL = reverse("orgunits:unit_import")
CONFIRM_URL = reverse("orgunits:unit_import_confirm")


def snapshot() -> tuple[int, int]:
    return AdminUnit.objects.count(), AdminUnit.history.model.objects.count()


def preview(client, name: str, data: bytes):  # type: ignore[no-untyped-def]
    return client.post(IMPORT_URL, {"file": upload(name, data)})


def errors_by_line(response) -> dict[int, list[tuple[str, str]]]:  # type: ignore[no-untyped-def]
    plan = response.context["plan"]
    return {r.line: [(e.column, e.message) for e in r.errors] for r in plan.error_rows}


BAD_ROWS = [
    ["", "Không Mã", "xã", "commune", "T-D1", "", ""],  # 2
    ["N-1", "", "xã", "commune", "T-D1", "", ""],  # 3
    ["N-2", "Bình Minh", "xã", "hamlet", "T-D1", "", ""],  # 4
    ["N-3", "Bình An", "xã", "commune", "KHONG-CO", "", ""],  # 5
    ["N-4", "Xa Lạ", "xã", "commune", "T-P2", "", ""],  # 6
    ["N-5", "Ngày Sai", "xã", "commune", "T-D1", "31/02/2024", ""],  # 7
    ["N-6", "Đảo Ngược", "xã", "commune", "T-D1", "01/07/2025", "30/06/2025"],  # 8
    ["N-7", "Trùng Một", "xã", "commune", "T-D1", "", ""],  # 9
    ["N-7", "Trùng Hai", "xã", "commune", "T-D1", "", ""],  # 10
    ["N-8", "Sai Cấp", "huyện", "district", "T-C1", "", ""],  # 11
    ["N-9", "Con", "thôn", "village", "N-10", "", ""],  # 12
    ["N-10", "Cha", "xã", "commune", "T-D1", "", ""],  # 13
    ["T-C2", "Hòa Lạc", "xã", "village", "T-D1", "", ""],  # 14
    ["T-V1", "1", "tổ dân phố", "village", "T-C2", "", ""],  # 15
    ["T-P1", "Thử Nghiệm Mới", "tỉnh", "province", "T-VN", "", ""],  # 16
    ["T-P2", "Xa Xôi", "tỉnh", "province", "T-VN", "", ""],  # 17
    ["N-11", "", "", "commune", "N-2", "", ""],  # 18: its parent row has errors
]

EXPECTED = {
    2: [("code", "Nhập mã đơn vị.")],
    3: [("name", "Nhập tên đơn vị.")],
    4: [
        (
            "level",
            "Cấp “hamlet” không hợp lệ: dùng một trong các giá trị "
            "nation, province, district, commune, village.",
        )
    ],
    5: [
        (
            "parent_code",
            "Không tìm thấy mã đơn vị cấp trên KHONG-CO: mã này không có trong cơ sở dữ liệu "
            "và cũng không có ở dòng phía trên.",
        )
    ],
    6: [("parent_code", "Đơn vị cấp trên T-P2 nằm ngoài địa bàn của bạn.")],
    7: [
        (
            "valid_from",
            "“31/02/2024” không phải là ngày: hãy ghi theo dạng dd/mm/yyyy, ví dụ 01/07/2025.",
        )
    ],
    8: [("valid_to", "Ngày kết thúc không được trước ngày bắt đầu.")],
    10: [("code", "Mã N-7 đã có ở dòng 9.")],
    11: [("level", "Đơn vị cấp Huyện không thể đặt dưới đơn vị cấp Xã.")],
    12: [
        (
            "parent_code",
            "Đơn vị cấp trên N-10 nằm ở dòng sau (13): hãy đặt đơn vị cấp trên lên trước.",
        )
    ],
    14: [("level", "Không thể đổi cấp của đơn vị đã có (hiện là cấp Xã).")],
    15: [
        (
            "parent_code",
            "Không thể chuyển đơn vị đã có sang đơn vị cấp trên khác (cấp trên hiện là T-C1): "
            "hãy ghi nhận việc sắp xếp lại bằng quan hệ kế thừa.",
        )
    ],
    16: [("code", "Bạn không thể thay đổi đơn vị mà tài khoản của bạn trực thuộc.")],
    17: [("code", "Mã này thuộc một đơn vị ngoài địa bàn của bạn: không thể thay đổi.")],
    18: [
        ("name", "Nhập tên đơn vị."),
        ("type_name", "Nhập loại đơn vị (tỉnh, huyện, xã, phường, thôn…)."),
        ("parent_code", "Đơn vị cấp trên ở dòng 4 có lỗi."),
    ],
}


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_dry_run_lists_every_bad_row_in_vietnamese_and_writes_nothing(
    tree, province_staff, client_for, kind
):
    client = client_for(province_staff)
    before = snapshot()
    data = csv_bytes(BAD_ROWS) if kind == "csv" else xlsx_bytes(BAD_ROWS)
    response = preview(client, f"don-vi.{kind}", data)
    assert response.status_code == 200
    assert errors_by_line(response) == EXPECTED
    body = response.content.decode()
    assert "Tệp có lỗi: sẽ không nhập dòng nào." in body
    assert "Mã N-7 đã có ở dòng 9." in body
    assert "Xác nhận nhập" not in body  # no confirm button while a row has an error
    assert IMPORT_SESSION_KEY not in client.session
    assert snapshot() == before


def test_valid_rows_preview_without_writing_then_confirm_writes_all(
    tree, province_staff, client_for
):
    client = client_for(province_staff)
    rows = [
        ["D-NEW", "Sông Mới", "huyện", "district", "T-P1", "01/01/2020", "30/06/2025"],
        ["C-NEW", "Hòa Bình", "xã", "Xã", "D-NEW", "2020-01-01", ""],
        ["V-NEW", "Đông Hòa", "thôn", "thôn", "C-NEW", "", ""],
        ["T-C1", "An Bình Mới", "phường", "commune", "T-D1", "", "30/06/2025"],
    ]
    before = snapshot()
    response = preview(client, "don-vi.xlsx", xlsx_bytes(rows))
    plan = response.context["plan"]
    assert not plan.has_errors
    assert [r.code for r in plan.creates] == ["D-NEW", "C-NEW", "V-NEW"]
    assert [(r.code, r.changes) for r in plan.updates] == [("T-C1", ["name", "valid_to"])]
    assert [r.province_code for r in plan.creates] == ["T-P1", "T-P1", "T-P1"]
    assert "Xác nhận nhập" in response.content.decode()
    assert snapshot() == before  # the preview is a dry run

    token = client.session[IMPORT_SESSION_KEY]["token"]
    done = client.post(CONFIRM_URL, {"token": token}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("orgunits:unit_list")
    assert "Đã nhập xong: tạo mới 3 đơn vị, cập nhật 1 đơn vị." in done.content.decode()

    district = AdminUnit.objects.get(code="D-NEW")
    commune = AdminUnit.objects.get(code="C-NEW")
    village = AdminUnit.objects.get(code="V-NEW")
    parent_path = AdminUnit.steplen
    assert district.path[:-parent_path] == tree.province.path
    assert commune.path[:-parent_path] == district.path
    assert village.path[:-parent_path] == commune.path
    assert {district.province_id, commune.province_id, village.province_id} == {tree.province.pk}
    assert commune.level == AdminLevel.COMMUNE and village.level == AdminLevel.VILLAGE
    assert str(district.valid_to) == "2025-06-30" and str(commune.valid_from) == "2020-01-01"
    assert str(village.valid_from) == "1900-01-01"  # blank: not known
    tree.commune.refresh_from_db()
    assert tree.commune.name == "An Bình Mới" and str(tree.commune.valid_to) == "2025-06-30"
    assert tree.commune.history.count() == 2  # created, then the import's change
    # The tree stays consistent: the new district is counted as a child.
    tree.province.refresh_from_db()
    assert tree.province.numchild == 2
    # Nothing is left pending: a second confirm is refused.
    assert IMPORT_SESSION_KEY not in client.session
    again = client.post(CONFIRM_URL, {"token": token}, follow=True)
    assert "Bản xem trước đã hết hạn hoặc đã được nhập" in again.content.decode()


def test_new_province_under_the_nation_by_a_national_admin(tree, admin_user, client_for):
    client = client_for(admin_user)
    rows = [
        ["T-P3", "Mới Lập", "tỉnh", "province", "T-VN", "01/07/2025", ""],
        ["T-C3", "Trung Tâm", "phường", "commune", "T-P3", "01/07/2025", ""],
    ]
    preview(client, "p.csv", csv_bytes(rows, bom=True))
    client.post(CONFIRM_URL, {"token": client.session[IMPORT_SESSION_KEY]["token"]})
    province = AdminUnit.objects.get(code="T-P3")
    assert province.province_id == province.pk
    assert AdminUnit.objects.get(code="T-C3").province_id == province.pk


def test_confirm_revalidates_against_the_database(tree, province_staff, client_for):
    client = client_for(province_staff)
    rows = [["C-LATE", "Đến Muộn", "xã", "commune", "T-D1", "", ""]]
    preview(client, "a.csv", csv_bytes(rows))
    token = client.session[IMPORT_SESSION_KEY]["token"]
    # Meanwhile someone else creates the same code elsewhere.
    AdminUnit.objects.add_child(
        tree.commune,
        {"code": "C-LATE", "name": "Khác", "type_name": "thôn", "level": "village"},
    )
    before = snapshot()
    response = client.post(CONFIRM_URL, {"token": token})
    assert response.status_code == 422
    body = response.content.decode()
    assert "Tệp có lỗi: chưa nhập dòng nào." in body
    assert "Không thể đổi cấp của đơn vị đã có" in body
    assert snapshot() == before


def test_confirm_needs_the_token_of_this_session(tree, province_staff, client_for):
    client = client_for(province_staff)
    preview(client, "a.csv", csv_bytes([["C-X", "Xuân", "xã", "commune", "T-D1", "", ""]]))
    before = snapshot()
    response = client.post(CONFIRM_URL, {"token": "A" * 32}, follow=True)
    assert "Bản xem trước đã hết hạn hoặc đã được nhập" in response.content.decode()
    assert snapshot() == before


def test_confirm_is_csrf_protected(tree, province_staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(province_staff, backend="accounts.backends.ScopedModelBackend")
    assert client.post(CONFIRM_URL, {"token": "x"}).status_code == 403
    response = client.post(IMPORT_URL, {"file": upload("a.csv", csv_bytes([]))})
    assert response.status_code == 403


def test_unchanged_file_offers_nothing_to_confirm(tree, province_staff, client_for):
    client = client_for(province_staff)
    rows = [["T-C1", "An Bình", "phường", "commune", "T-D1", "", ""]]
    response = preview(client, "a.csv", csv_bytes(rows))
    plan = response.context["plan"]
    assert [r.code for r in plan.unchanged] == ["T-C1"]
    assert "Không có gì để nhập" in response.content.decode()
    assert IMPORT_SESSION_KEY not in client.session


def zip_with(files: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


BAD_FILES = [
    ("empty.csv", b"", "Tệp rỗng."),
    ("units.xlsx", csv_bytes([["C", "N", "xã", "commune", "T-D1"]]), "Tệp không phải tệp Excel"),
    (
        "report.xlsx",
        zip_with({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<w/>"}),
        "Tệp không phải tệp Excel",
    ),
    (
        "bomb.xlsx",
        zip_with(
            {
                "[Content_Types].xml": b"<x/>",
                "xl/workbook.xml": b"<w/>",
                "xl/worksheets/sheet1.xml": b"0" * (60 * 1024 * 1024),
            }
        ),
        "giải nén ra lượng dữ liệu lớn bất thường",
    ),
    ("units.csv", xlsx_bytes([]), "Tệp không phải tệp văn bản CSV"),
    ("units.csv", "code,name\r\nA,Nông\r\n".encode("latin-1"), "không dùng bảng mã UTF-8"),
    ("units.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "Không hỗ trợ tệp Excel cũ"),
    ("units.exe", b"MZ\x90\x00", "Hãy tải lên tệp Excel (.xlsx) hoặc tệp CSV (.csv)."),
    ("../../etc/units.txt", b"code,name", "Hãy tải lên tệp Excel (.xlsx) hoặc tệp CSV (.csv)."),
    ("header.csv", b"ma,ten\r\nA,B\r\n", "Thiếu cột: code, name, type_name, level, parent_code."),
    ("onlyheader.csv", ",".join(HEADER).encode(), "Tệp không có dòng đơn vị nào"),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD_FILES)
def test_bad_uploads_are_refused_in_vietnamese(
    tree, province_staff, client_for, name, data, message
):
    client = client_for(province_staff)
    before = snapshot()
    response = preview(client, name, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["plan"] is None
    assert snapshot() == before
    assert IMPORT_SESSION_KEY not in client.session


def test_one_byte_over_the_limit_is_refused(tree, province_staff, client_for, settings):
    data = csv_bytes([["C-L", "Giới Hạn", "xã", "commune", "T-D1", "", ""]])
    settings.UPLOAD_MAX_BYTES = len(data) - 1
    response = preview(client_for(province_staff), "a.csv", data)
    assert "Tệp quá lớn" in response.content.decode()
    settings.UPLOAD_MAX_BYTES = len(data)
    response = preview(client_for(province_staff), "a.csv", data)
    assert response.context["plan"].creates


def test_semicolon_csv_and_vietnamese_level_names(tree, province_staff, client_for):
    text = "code;name;type_name;level;parent_code\r\nC-S;Sông Cầu;xã;Xã;T-D1\r\n"
    response = preview(client_for(province_staff), "a.csv", text.encode("utf-8-sig"))
    plan = response.context["plan"]
    assert [(r.code, r.level) for r in plan.creates] == [("C-S", "commune")]


def test_non_staff_gets_403_everywhere(tree, commune_officer, leader, client_for):
    for user in (commune_officer, leader):
        client = client_for(user)
        assert client.get(IMPORT_URL).status_code == 403
        assert client.post(IMPORT_URL, {"file": upload("a.csv", b"x")}).status_code == 403
        assert client.post(CONFIRM_URL, {"token": "x"}).status_code == 403
        assert client.get(reverse("orgunits:unit_import_template")).status_code == 403
        assert client.get(reverse("orgunits:unit_export")).status_code == 403
        # The list does not offer what the user may not do.
        page = client.get(reverse("orgunits:unit_list")).content.decode()
        assert reverse("orgunits:unit_import") not in page
        assert reverse("orgunits:unit_export") not in page


def test_staff_sees_the_page_with_documented_columns(tree, province_staff, client_for):
    client = client_for(province_staff)
    body = client.get(IMPORT_URL).content.decode()
    for column in HEADER:
        assert f"<code>{column}</code>" in body
    assert "Nhập đơn vị hành chính" in body
    template = client.get(reverse("orgunits:unit_import_template") + "?format=xlsx")
    workbook = load_workbook(io.BytesIO(template.content))
    assert [c.value for c in workbook.worksheets[0][1]] == HEADER
    assert workbook.worksheets[1].title == "Hướng dẫn"
    csv_template = client.get(reverse("orgunits:unit_import_template") + "?format=csv")
    assert csv_template.content.decode("utf-8-sig").strip() == ",".join(HEADER)
