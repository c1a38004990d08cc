"""Writing the import: :func:`unit_import_apply` parses and validates the stored upload
again inside one transaction with the touched rows locked, then creates or updates every
row or none; a concurrent save of the same code is reported as a conflict.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from ..models import AdminLevel, AdminUnit
from .parsing import read_rows
from .planning import unit_import_validate
from .rows import UNKNOWN_START, ImportPlan, ImportRejected, ImportRow


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
