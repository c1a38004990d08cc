"""The import's vocabulary: the file's columns (:data:`COLUMNS`, which export writes too),
the date meaning "start not known", the characters a spreadsheet runs as a formula, one
line of the file (:class:`ImportRow`, with its errors and changes), the plan of a whole
file (:class:`ImportPlan`) and the refusal that carries it (:class:`ImportRejected`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import AdminLevel, AdminUnit

COLUMNS = ("code", "name", "type_name", "level", "parent_code", "valid_from", "valid_to")
REQUIRED_COLUMNS = ("code", "name", "type_name", "level", "parent_code")
# The model's default start: "date not known". A blank valid_from means this.
UNKNOWN_START = date(1900, 1, 1)
FORMULA_CHARS = ("=", "+", "-", "@")


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
