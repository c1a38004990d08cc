"""Keeping the upload between preview and confirm: the bytes are saved server-side under a
random token (never a user-given name), read back or discarded by that token, and
previews never confirmed are purged after a day.
"""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

STORE_DIR = "unit-imports"
STORE_MAX_AGE = timedelta(days=1)
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32}$")


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
