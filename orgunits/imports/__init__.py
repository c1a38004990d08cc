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

A package: ``rows`` (the columns and the row and plan classes), ``parsing`` (checking and
reading the upload), ``planning`` (validation, the dry run), ``applying`` (writing every
row or none), ``storage`` (the upload kept between preview and confirm) and ``export``
(rows, CSV and .xlsx files, the column help).
"""

from .applying import unit_import_apply
from .export import column_help, rows_to_csv, rows_to_xlsx, unit_export_rows
from .parsing import (
    LEVEL_ALIASES,
    MAX_ROWS,
    UPLOAD_TYPES,
    check_file,
    read_rows,
    upload_limit_mb,
)
from .planning import unit_import_preview, unit_import_validate
from .rows import (
    COLUMNS,
    FORMULA_CHARS,
    REQUIRED_COLUMNS,
    UNKNOWN_START,
    ImportPlan,
    ImportRejected,
    ImportRow,
    RowError,
)
from .storage import STORE_DIR, STORE_MAX_AGE, upload_discard, upload_load, upload_store

__all__ = [
    "COLUMNS",
    "FORMULA_CHARS",
    "LEVEL_ALIASES",
    "MAX_ROWS",
    "REQUIRED_COLUMNS",
    "STORE_DIR",
    "STORE_MAX_AGE",
    "UNKNOWN_START",
    "UPLOAD_TYPES",
    "ImportPlan",
    "ImportRejected",
    "ImportRow",
    "RowError",
    "check_file",
    "column_help",
    "read_rows",
    "rows_to_csv",
    "rows_to_xlsx",
    "unit_export_rows",
    "unit_import_apply",
    "unit_import_preview",
    "unit_import_validate",
    "upload_discard",
    "upload_limit_mb",
    "upload_load",
    "upload_store",
]
