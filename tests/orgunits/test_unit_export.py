"""Export of the user's units in the import columns, and the export → import round trip."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from orgunits.models import AdminUnit
from orgunits.views import IMPORT_SESSION_KEY
from tests.orgunits.helpers import HEADER, upload

EXPORT_URL = reverse("orgunits:unit_export")
IMPORT_URL = reverse("orgunits:unit_import")


def xlsx_rows(content: bytes) -> list[list]:  # type: ignore[type-arg]
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_export_xlsx_holds_the_scoped_units_parents_first(tree, province_staff, client_for):
    response = client_for(province_staff).get(EXPORT_URL + "?format=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'attachment; filename="don-vi-hanh-chinh-' in response["Content-Disposition"]
    rows = xlsx_rows(response.content)
    assert rows[0] == HEADER
    codes = [r[0] for r in rows[1:]]
    assert codes == ["T-P1", "T-D1", "T-C1", "T-V1", "T-C2", "T-V2"]
    by_code = {r[0]: r for r in rows[1:]}
    assert by_code["T-C1"][1:5] == ["An Bình", "phường", "commune", "T-D1"]
    assert by_code["T-P1"][4] == "T-VN"
    assert by_code["T-C1"][5].date() == date(1900, 1, 1) and by_code["T-C1"][6] is None
    assert "T-P2" not in codes and "T-VN" not in codes


def test_export_csv_is_utf8_with_bom_and_dd_mm_yyyy(tree, province_staff, client_for):
    tree.commune.valid_to = date(2025, 6, 30)
    tree.commune.save()
    response = client_for(province_staff).get(EXPORT_URL + "?format=csv&level=commune")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == HEADER
    assert rows[1:] == [
        ["T-C1", "An Bình", "phường", "commune", "T-D1", "01/01/1900", "30/06/2025"],
        ["T-C2", "Hòa Lạc", "xã", "commune", "T-D1", "01/01/1900", ""],
    ]


def test_commune_officer_export_is_refused_and_scope_is_the_subtree(
    tree, commune_officer, client_for
):
    assert client_for(commune_officer).get(EXPORT_URL).status_code == 403


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_round_trip_export_then_import_changes_nothing(tree, province_staff, client_for, kind):
    client = client_for(province_staff)
    exported = client.get(f"{EXPORT_URL}?format={kind}").content
    before = AdminUnit.history.model.objects.count()
    response = client.post(IMPORT_URL, {"file": upload(f"export.{kind}", exported)})
    plan = response.context["plan"]
    assert not plan.has_errors, [(r.line, r.errors) for r in plan.error_rows]
    assert len(plan.unchanged) == 6 and not plan.creates and not plan.updates
    assert IMPORT_SESSION_KEY not in client.session
    assert AdminUnit.history.model.objects.count() == before


def test_round_trip_with_edits_creates_and_updates(tree, province_staff, client_for):
    from openpyxl import load_workbook as open_book

    client = client_for(province_staff)
    exported = client.get(EXPORT_URL + "?format=xlsx").content
    workbook = open_book(io.BytesIO(exported))
    sheet = workbook.worksheets[0]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "T-C2":
            row[1].value = "Hòa Lạc Mới"
    sheet.append(["T-V3", "Tây", "thôn", "village", "T-C2", date(2020, 1, 1), None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = client.post(IMPORT_URL, {"file": upload("sua.xlsx", buffer.getvalue())})
    plan = response.context["plan"]
    assert [r.code for r in plan.updates] == ["T-C2"]
    assert [r.code for r in plan.creates] == ["T-V3"]
    client.post(
        reverse("orgunits:unit_import_confirm"),
        {"token": client.session[IMPORT_SESSION_KEY]["token"]},
    )
    assert AdminUnit.objects.get(code="T-C2").name == "Hòa Lạc Mới"
    village = AdminUnit.objects.get(code="T-V3")
    assert village.path.startswith(tree.other_commune.path)
    assert village.province_id == tree.province.pk


def test_formula_like_text_is_protected_and_round_trips(tree, province_staff, client_for):
    tree.village.name = "=HYPERLINK(1)"
    tree.village.save()
    client = client_for(province_staff)
    exported = client.get(EXPORT_URL + "?format=csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in exported
    xlsx = client.get(EXPORT_URL + "?format=xlsx").content
    assert "'=HYPERLINK(1)" in [r[1] for r in xlsx_rows(xlsx)]
    response = client.post(IMPORT_URL, {"file": upload("e.csv", exported.encode())})
    assert len(response.context["plan"].unchanged) == 6
