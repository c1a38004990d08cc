"""The dry run: :func:`unit_import_validate` checks every row against the file, the
database and the user's scope (codes, levels, parents on earlier lines or in the
database, the province, what an update changes), optionally locking the existing rows,
and :func:`unit_import_preview` parses and validates an upload without writing anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from accounts.scope import unit_in_scope

from ..models import LEVEL_DEPTH_ORDER, AdminLevel, AdminUnit
from .parsing import read_rows
from .rows import UNKNOWN_START, ImportPlan, ImportRow


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


def unit_import_preview(user: Any, data: bytes, filename: str) -> ImportPlan:
    """The dry run: parse and validate, write nothing."""
    return unit_import_validate(user, read_rows(data, filename))
