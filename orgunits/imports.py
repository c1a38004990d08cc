"""Excel/CSV import and export of administrative units (issue 2).

The flow is preview first, then apply:

1. :func:`check_file` checks the bytes with core.uploads (size, real content behind the
   extension, zip bombs) and :func:`unit_import_preview` parses and validates every row
   against the database and the user's scope. Nothing is written: this is the dry run.
2. The view keeps the uploaded bytes server-side under a random token
   (:func:`upload_store`); the session, not the browser, remembers the token.
3. :func:`unit_import_apply` re-reads the stored bytes and re-validates them inside one
   transaction with the touched rows locked, then writes every row or none.

Export writes the same columns (:data:`COLUMNS`), parents before children, so an
exported file imports back unchanged.
"""

from __future__ import annotations

import csv
import io
import re
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.scope import unit_in_scope
from core.text import fold
from core.uploads import CheckedUpload, check_upload

from .models import LEVEL_DEPTH_ORDER, AdminLevel, AdminUnit

COLUMNS = ("code", "name", "type_name", "level", "parent_code", "valid_from", "valid_to")
REQUIRED_COLUMNS = ("code", "name", "type_name", "level", "parent_code")
# The model's default start: "date not known". A blank valid_from means this.
UNKNOWN_START = date(1900, 1, 1)
MAX_ROWS = 20_000
FORMULA_CHARS = ("=", "+", "-", "@")
STORE_DIR = "unit-imports"
STORE_MAX_AGE = timedelta(days=1)
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32}$")
_DATE_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")

# Extra spellings accepted in the level column, besides the codes and the labels.
LEVEL_ALIASES = {
    AdminLevel.NATION: ("quoc gia", "trung uong", "cap trung uong"),
    AdminLevel.PROVINCE: ("tinh", "cap tinh", "thanh pho truc thuoc trung uong"),
    AdminLevel.DISTRICT: ("huyen", "cap huyen", "quan", "thi xa"),
    AdminLevel.COMMUNE: ("xa", "cap xa", "phuong", "thi tran", "dac khu"),
    AdminLevel.VILLAGE: ("thon", "to dan pho", "cap thon", "khu pho", "ap", "ban"),
}


# --- Rows and plans ------------------------------------------------------------------


@dataclass
class RowError:
    column: str
    message: str
    code: str = ""


@dataclass
class ImportRow:
    """One line of the file, what it will do, and what is wrong with it."""

    line: int
    code: str = ""
    name: str = ""
    type_name: str = ""
    level: str = ""
    level_raw: str = ""
    parent_code: str = ""
    valid_from: date | None = None
    valid_to: date | None = None
    valid_from_raw: str = ""
    valid_to_raw: str = ""
    action: str = ""  # "create", "update" or "unchanged" once valid
    errors: list[RowError] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    diffs: list[tuple[str, str, str]] = field(default_factory=list)  # column, old, new
    existing: AdminUnit | None = None
    parent: AdminUnit | None = None
    parent_row: ImportRow | None = None
    province_code: str = ""
    # Set while applying: the saved unit, so later rows can hang under it.
    saved: AdminUnit | None = None

    def error(self, column: str, message: str, code: str = "") -> None:
        self.errors.append(RowError(column, message, code))

    @property
    def level_label(self) -> str:
        return str(AdminLevel(self.level).label) if self.level in AdminLevel.values else ""


@dataclass
class ImportPlan:
    rows: list[ImportRow]

    def _with(self, action: str) -> list[ImportRow]:
        return [r for r in self.rows if not r.errors and r.action == action]

    @property
    def creates(self) -> list[ImportRow]:
        return self._with("create")

    @property
    def updates(self) -> list[ImportRow]:
        return self._with("update")

    @property
    def unchanged(self) -> list[ImportRow]:
        return self._with("unchanged")

    @property
    def error_rows(self) -> list[ImportRow]:
        return [r for r in self.rows if r.errors]

    @property
    def has_errors(self) -> bool:
        return any(r.errors for r in self.rows)


class ImportRejected(ValidationError):
    """Raised by :func:`unit_import_apply` when a row is invalid; carries the plan."""

    def __init__(self, plan: ImportPlan) -> None:
        super().__init__(
            _("The file has errors: nothing was imported. Correct the rows below."),
            code="invalid_rows",
        )
        self.plan = plan


# --- Reading the upload ------------------------------------------------------------


def upload_limit_mb() -> str:
    return f"{settings.UPLOAD_MAX_BYTES / (1024 * 1024):g}"


# What a unit list may be; core.uploads checks the name, size and real content.
UPLOAD_TYPES = (".xlsx", ".csv")


def _bad_workbook() -> ValidationError:
    return ValidationError(
        _("The file is not a valid Excel workbook (.xlsx)."), code="invalid_xlsx"
    )


def check_file(upload: Any) -> CheckedUpload:
    """The checked upload (an UploadedFile, or stored bytes as a ContentFile) or a refusal.

    An old .xls is named as such: "save it as .xlsx" helps more than "not accepted"; a
    content refusal says which kind of file was expected.
    """
    suffix = PurePosixPath((getattr(upload, "name", "") or "").replace("\\", "/")).suffix.lower()
    if suffix == ".xls":
        raise ValidationError(
            _("Old Excel files (.xls) are not supported: save the file as .xlsx."),
            code="xls",
        )
    not_csv = _("The file is not a text CSV file: save it as “CSV UTF-8”.")
    return check_upload(
        upload,
        allowed=UPLOAD_TYPES,
        messages={
            "bad_type": _("Upload an Excel workbook (.xlsx) or a CSV file (.csv)."),
            "bad_content": _bad_workbook().message if suffix == ".xlsx" else not_csv,
        },
    )


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    # Export protects text that a spreadsheet would run as a formula with a quote.
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_CHARS:
        text = text[1:]
    return text


def _xlsx_rows(data: bytes) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise _bad_workbook() from exc
    try:
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield list(values)
    except ValidationError:
        raise
    except Exception as exc:
        raise _bad_workbook() from exc
    finally:
        workbook.close()


def _csv_rows(data: bytes) -> Iterator[list[Any]]:
    text = data.decode("utf-8-sig")
    first = text.split("\n", 1)[0]
    # Excel set to Vietnamese (comma as decimal mark) saves CSV with semicolons.
    delimiter = ";" if first.count(";") > first.count(",") else ","
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _header_key(value: Any) -> str:
    return fold(_cell_text(value)).replace(" ", "_")


def read_rows(data: bytes, filename: str) -> list[ImportRow]:
    """Parse the file into rows (values as text; dates and levels parsed)."""
    checked = check_file(ContentFile(data, name=filename))
    raw_rows = _xlsx_rows(data) if checked.extension == ".xlsx" else _csv_rows(data)
    header: dict[str, int] | None = None
    levels = _level_lookup()
    rows: list[ImportRow] = []
    for line, values in enumerate(raw_rows, start=1):
        cells = [_cell_text(v) for v in values]
        if not any(cells):
            continue
        if header is None:
            header = _parse_header(values)
            continue
        if len(rows) >= MAX_ROWS:
            raise ValidationError(
                _("The file has more than %(max)s rows: split it into several files.")
                % {"max": MAX_ROWS},
                code="too_many_rows",
            )
        rows.append(_parse_row(line, values, header, levels))
    if header is None:
        raise ValidationError(
            _("The file has no header row. The first row must name the columns: %(columns)s.")
            % {"columns": ", ".join(COLUMNS)},
            code="no_header",
        )
    if not rows:
        raise ValidationError(_("The file has no unit rows under the header."), code="no_rows")
    return rows


def _parse_header(values: list[Any]) -> dict[str, int]:
    header: dict[str, int] = {}
    for index, value in enumerate(values):
        key = _header_key(value)
        if key in COLUMNS:
            if key in header:
                raise ValidationError(
                    _("The column %(column)s appears twice in the header.") % {"column": key},
                    code="duplicate_column",
                )
            header[key] = index
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ValidationError(
            _("Missing columns: %(missing)s. The first row must name the columns: %(columns)s.")
            % {"missing": ", ".join(missing), "columns": ", ".join(COLUMNS)},
            code="missing_columns",
        )
    return header


def _level_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for level in AdminLevel:
        lookup[level.value] = level.value
        for lang in ("vi", "en"):
            with translation.override(lang):
                lookup[fold(str(level.label))] = level.value
        for alias in LEVEL_ALIASES[level]:
            lookup[alias] = level.value
    return lookup


def _parse_date(row: ImportRow, column: str, value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _cell_text(value)
    if not text:
        return None
    match = _DATE_DMY.match(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day)
        match = _DATE_ISO.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            return date(year, month, day)
    except ValueError:
        pass
    row.error(
        column,
        _("“%(value)s” is not a date: write it as dd/mm/yyyy, e.g. 01/07/2025.") % {"value": text},
    )
    return None


def _parse_row(
    line: int, values: list[Any], header: dict[str, int], levels: dict[str, str]
) -> ImportRow:
    def get(column: str) -> Any:
        index = header.get(column)
        return values[index] if index is not None and index < len(values) else None

    row = ImportRow(line=line)
    row.code = _cell_text(get("code"))
    row.name = _cell_text(get("name"))
    row.type_name = _cell_text(get("type_name"))
    row.level_raw = _cell_text(get("level"))
    row.level = levels.get(fold(row.level_raw), "")
    row.parent_code = _cell_text(get("parent_code"))
    row.valid_from_raw = _cell_text(get("valid_from"))
    row.valid_to_raw = _cell_text(get("valid_to"))
    row.valid_from = _parse_date(row, "valid_from", get("valid_from"))
    row.valid_to = _parse_date(row, "valid_to", get("valid_to"))
    return row


# --- Validation ------------------------------------------------------------------------


def _depth_index(level: str) -> int:
    return LEVEL_DEPTH_ORDER.index(AdminLevel(level))


def _chunks(items: list[str], size: int = 2000) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _fetch_units(codes: Iterable[str], *, lock: bool) -> dict[str, AdminUnit]:
    wanted = sorted({c for c in codes if c})
    found: dict[str, AdminUnit] = {}
    for chunk in _chunks(wanted):
        qs = AdminUnit.objects.filter(code__in=chunk).select_related("province")
        if lock:
            qs = qs.select_for_update(of=("self",))
        found.update({u.code: u for u in qs})
    return found


def _parent_codes(units: Iterable[AdminUnit]) -> dict[str, str]:
    """Map each unit's code to its parent's code, in one query per chunk."""
    parent_paths = {u.code: u.path[: -AdminUnit.steplen] for u in units if u.depth > 1}
    by_path: dict[str, str] = {}
    for chunk in _chunks(sorted(set(parent_paths.values()))):
        by_path.update(AdminUnit.objects.filter(path__in=chunk).values_list("path", "code"))
    return {code: by_path.get(path, "") for code, path in parent_paths.items()}


def unit_import_validate(user: Any, rows: list[ImportRow], *, lock: bool = False) -> ImportPlan:
    """Check every row against the file, the database and ``user``'s scope (no writes)."""
    existing = _fetch_units([r.code for r in rows] + [r.parent_code for r in rows], lock=lock)
    current_parent = _parent_codes(existing.values())
    scope_path = user.scope_path
    first_line: dict[str, int] = {}
    for row in rows:
        if row.code and row.code not in first_line:
            first_line[row.code] = row.line
    seen: dict[str, ImportRow] = {}
    for row in rows:
        _check_fields(row)
        if row.code in seen:
            row.error(
                "code",
                _("The code %(code)s already appears on line %(line)s.")
                % {"code": row.code, "line": seen[row.code].line},
            )
        else:
            unit = existing.get(row.code)
            if unit is not None:
                _check_update(row, unit, current_parent.get(unit.code, ""), user, scope_path)
            else:
                row.action = "create"
            # One clear message per problem: a unit outside the area or a refused move
            # says all there is to say about its parent.
            if not any(e.column == "parent_code" or e.code == "out_of_scope" for e in row.errors):
                _check_parent(row, seen, existing, first_line, user)
            if row.code:
                seen[row.code] = row
        if row.action == "update" and not row.changes and not row.errors:
            row.action = "unchanged"
    return ImportPlan(rows)


def _check_fields(row: ImportRow) -> None:
    if not row.code:
        row.error("code", _("Enter the unit code."))
    elif len(row.code) > 20:
        row.error("code", _("The code has more than 20 characters."))
    if not row.name:
        row.error("name", _("Enter the unit name."))
    elif len(row.name) > 200:
        row.error("name", _("The name has more than 200 characters."))
    if len(row.type_name) > 40:
        row.error("type_name", _("The type name has more than 40 characters."))
    if not row.level_raw:
        row.error("level", _("Enter the level."))
    elif not row.level:
        row.error(
            "level",
            _("Unknown level “%(value)s”: use one of %(choices)s.")
            % {"value": row.level_raw, "choices": ", ".join(AdminLevel.values)},
        )
    elif not row.type_name and row.level != AdminLevel.NATION:
        row.error("type_name", _("Enter the local type name (tỉnh, huyện, xã, phường, thôn…)."))
    if not row.valid_from_raw:
        row.valid_from = UNKNOWN_START
    if row.valid_from and row.valid_to and row.valid_to < row.valid_from:
        row.error("valid_to", _("The end date cannot be before the start date."))


def _display(value: Any) -> str:
    if isinstance(value, date):
        return "" if value == UNKNOWN_START else value.strftime("%d/%m/%Y")
    return "" if value is None else str(value)


def _check_update(
    row: ImportRow, unit: AdminUnit, parent_code: str, user: Any, scope_path: str | None
) -> None:
    row.existing = unit
    row.action = "update"
    if not unit_in_scope(user, unit):
        row.error(
            "code",
            _("This code belongs to a unit outside your area: it cannot be changed."),
            "out_of_scope",
        )
        return
    if row.level and row.level != unit.level:
        row.error(
            "level",
            _("The level of an existing unit cannot be changed (it is %(level)s).")
            % {"level": unit.get_level_display()},
        )
    if row.parent_code != parent_code:
        row.error(
            "parent_code",
            _(
                "An existing unit cannot move to another parent (its parent is %(parent)s): "
                "record the reorganisation as a succession instead."
            )
            % {"parent": parent_code or "—"},
        )
    for name in ("name", "type_name", "valid_from", "valid_to"):
        old, new = getattr(unit, name), getattr(row, name)
        if old != new:
            row.changes.append(name)
            row.diffs.append((name, _display(old), _display(new)))
    if row.changes and scope_path is not None and unit.path == scope_path:
        row.error("code", _("You cannot change the unit your own account belongs to."))


def _check_parent(
    row: ImportRow,
    seen: dict[str, ImportRow],
    existing: dict[str, AdminUnit],
    first_line: dict[str, int],
    user: Any,
) -> None:
    """Resolve the parent (earlier line or database), check scope, level and province."""
    if not row.parent_code:
        if row.level == AdminLevel.NATION and user.scope_path is None:
            return
        if row.existing is not None and user.scope_path == row.existing.path:
            # The user's own unit: its parent lies above the user's area.
            unit = row.existing
            row.province_code = unit.province.code if unit.province_id else ""
            return
        row.error("parent_code", _("Enter the code of the parent unit."))
        return
    if row.parent_code == row.code:
        row.error("parent_code", _("A unit cannot be its own parent."))
        return
    parent_level = ""
    province_code = ""
    if row.parent_code in seen:
        parent_row = seen[row.parent_code]
        if parent_row.errors:
            row.error(
                "parent_code",
                _("The parent unit on line %(line)s has errors.") % {"line": parent_row.line},
            )
            return
        row.parent_row = parent_row
        parent_level = parent_row.level
        province_code = parent_row.province_code
    elif row.parent_code in existing:
        parent = existing[row.parent_code]
        own_unit = row.existing is not None and row.existing.path == user.scope_path
        if not own_unit and not unit_in_scope(user, parent):
            row.error(
                "parent_code",
                _("The parent unit %(code)s is outside your area.") % {"code": parent.code},
            )
            return
        row.parent = parent
        parent_level = parent.level
        province_code = parent.province.code if parent.province_id else ""
    elif first_line.get(row.parent_code, 0) > row.line:
        row.error(
            "parent_code",
            _("The parent unit %(code)s comes on a later line (%(line)s): put parents first.")
            % {"code": row.parent_code, "line": first_line[row.parent_code]},
        )
        return
    else:
        row.error(
            "parent_code",
            _("Unknown parent code %(code)s: it is neither in the database nor on an earlier line.")
            % {"code": row.parent_code},
        )
        return
    if row.level and parent_level and _depth_index(row.level) <= _depth_index(parent_level):
        row.error(
            "level",
            _("A unit of level %(level)s cannot be placed under a unit of level %(parent)s.")
            % {
                "level": AdminLevel(row.level).label,
                "parent": AdminLevel(parent_level).label,
            },
        )
        return
    if row.level == AdminLevel.PROVINCE:
        row.province_code = row.code
    elif row.level:
        row.province_code = province_code
        if not province_code:
            row.error(
                "parent_code",
                _("A unit below the province level must lie inside a province."),
            )
            return
    if row.existing is not None and row.level:
        current = row.existing.province.code if row.existing.province_id else ""
        if current != row.province_code:
            row.changes.append("province")
            row.diffs.append(("province", current or "—", row.province_code))


# --- Preview and apply -----------------------------------------------------------------


def unit_import_preview(user: Any, data: bytes, filename: str) -> ImportPlan:
    """The dry run: parse and validate, write nothing."""
    return unit_import_validate(user, read_rows(data, filename))


@transaction.atomic
def unit_import_apply(user: Any, data: bytes, filename: str) -> ImportPlan:
    """Write every row of the file or none.

    The stored upload is parsed and validated again here, with the existing rows
    locked, because the database may have changed since the preview.
    """
    plan = unit_import_validate(user, read_rows(data, filename), lock=True)
    if plan.has_errors:
        raise ImportRejected(plan)
    try:
        with transaction.atomic():
            for row in plan.rows:
                if row.action == "create":
                    _create(row)
                elif row.action == "update":
                    _update(row)
    except IntegrityError as exc:
        # Another user saved the same code (or a sibling) meanwhile: the constraint wins.
        raise ValidationError(
            _("Another change to the units was saved at the same time: upload the file again."),
            code="conflict",
        ) from exc
    if len(plan.creates) > 1000 and connection.vendor == "postgresql":
        # Fresh rows skew the planner until statistics are refreshed (ENGINEERING.md).
        transaction.on_commit(_analyze_units)
    return plan


def _analyze_units() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {AdminUnit._meta.db_table}")


def _resolved_parent(row: ImportRow) -> AdminUnit | None:
    if row.parent_row is not None:
        return row.parent_row.saved or row.parent_row.existing
    return row.parent


def _create(row: ImportRow) -> None:
    values = {
        "code": row.code,
        "name": row.name,
        "type_name": row.type_name,
        "level": row.level,
        "valid_from": row.valid_from or UNKNOWN_START,
        "valid_to": row.valid_to,
    }
    parent = _resolved_parent(row)
    if parent is None:
        unit = AdminUnit.objects.add_root(values)
    else:
        province = parent.province if row.level != AdminLevel.PROVINCE else None
        unit = AdminUnit.objects.add_child(parent, {**values, "province": province})
    if row.level == AdminLevel.PROVINCE:
        unit.province = unit
        unit.save(update_fields=["province"])
    row.saved = unit


def _update(row: ImportRow) -> None:
    unit = row.existing
    assert unit is not None  # noqa: S101 (set by validation for every update)
    fields = ["name", "type_name", "valid_from", "valid_to"]
    unit.name = row.name
    unit.type_name = row.type_name
    unit.valid_from = row.valid_from or UNKNOWN_START
    unit.valid_to = row.valid_to
    if "province" in row.changes:
        if row.level == AdminLevel.PROVINCE:
            unit.province = unit
        else:
            parent = _resolved_parent(row)
            unit.province = parent.province if parent else None
        fields.append("province")
    unit.full_clean(exclude=["path", "depth", "numchild", "province"], validate_unique=False)
    # Only the imported fields: the tree columns may have moved on (children added above).
    unit.save(update_fields=[*fields, "search_key"])
    row.saved = unit


# --- Keeping the upload between preview and confirm ---------------------------------------


def upload_store(data: bytes) -> str:
    """Save the bytes under a random name; returns the token (never a user-given name)."""
    _purge_old_uploads()
    token = secrets.token_urlsafe(24)
    default_storage.save(f"{STORE_DIR}/{token}.bin", ContentFile(data))
    return token


def upload_load(token: str) -> bytes | None:
    if not _TOKEN_RE.match(token or ""):
        return None
    name = f"{STORE_DIR}/{token}.bin"
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def upload_discard(token: str) -> None:
    if _TOKEN_RE.match(token or ""):
        default_storage.delete(f"{STORE_DIR}/{token}.bin")


def _purge_old_uploads() -> None:
    """Previews never confirmed leave files behind; remove those older than a day."""
    try:
        _dirs, files = default_storage.listdir(STORE_DIR)
    except FileNotFoundError:
        return
    limit = timezone.now() - STORE_MAX_AGE
    for name in files:
        path = f"{STORE_DIR}/{name}"
        try:
            if default_storage.get_modified_time(path) < limit:
                default_storage.delete(path)
        except FileNotFoundError:
            continue


# --- Export and template -----------------------------------------------------------------


def _protect(text: str) -> str:
    """Keep spreadsheets from running a cell as a formula (CSV/formula injection)."""
    return f"'{text}" if text.startswith(FORMULA_CHARS) else text


def unit_export_rows(units: Iterable[AdminUnit]) -> list[list[Any]]:
    """Rows in :data:`COLUMNS` order, parents before children (ordered by path)."""
    items = sorted(units, key=lambda u: u.path)
    parent_of = _parent_codes(items)
    return [
        [
            _protect(u.code),
            _protect(u.name),
            _protect(u.type_name),
            u.level,
            _protect(parent_of.get(u.code, "")),
            u.valid_from,
            u.valid_to,
        ]
        for u in items
    ]


def rows_to_csv(rows: Iterable[list[Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([v.strftime("%d/%m/%Y") if isinstance(v, date) else v for v in row])
    # The BOM makes Excel open the file as UTF-8, so the diacritics survive.
    return buffer.getvalue().encode("utf-8-sig")


def rows_to_xlsx(rows: Iterable[list[Any]], *, with_help: bool = False) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("units")
    for letter, width in zip("ABCDEFG", (14, 30, 14, 12, 14, 13, 13), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    header = []
    for name in COLUMNS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells: list[Any] = []
        for value in row:
            if isinstance(value, date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "DD/MM/YYYY"
                cells.append(cell)
            else:
                cell = WriteOnlyCell(sheet, value=value if value is not None else None)
                if isinstance(value, str):
                    cell.data_type = "s"
                cells.append(cell)
        sheet.append(cells)
    if with_help:
        help_sheet = workbook.create_sheet(_("Instructions"))
        help_sheet.column_dimensions["A"].width = 14
        help_sheet.column_dimensions["B"].width = 90
        for name, text in column_help():
            help_sheet.append([name, str(text)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def column_help() -> list[tuple[str, str]]:
    """What each column means, for the import page and the template's second sheet."""
    levels = ", ".join(f"{level.value} ({level.label})" for level in AdminLevel)
    return [
        ("code", _("Official code of the unit, unique (required). An existing code updates it.")),
        ("name", _("Name without the type, e.g. Nghĩa Đức (required).")),
        ("type_name", _("Local type name: tỉnh, huyện, thành phố, xã, phường, thôn, tổ dân phố…")),
        ("level", _("Level, one of: %(levels)s.") % {"levels": levels}),
        (
            "parent_code",
            _("Code of the parent unit, already in the portal or on an earlier line (required)."),
        ),
        ("valid_from", _("Date the unit came into being, dd/mm/yyyy (blank: not known).")),
        ("valid_to", _("Last day of the unit, dd/mm/yyyy (blank: still exists).")),
    ]
