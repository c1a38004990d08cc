"""Every place the portal accepts a file, fed hostile files (ENGINEERING.md §Security).

Each upload endpoint gets: wrong content under a right extension, a polyglot (a PDF header
glued to a zip), an empty file, one byte over ``settings.UPLOAD_MAX_BYTES``, a zip bomb
named .docx/.xlsx and a path-traversal name. Each must be refused with a Vietnamese
message, with no file written under PRIVATE_MEDIA_ROOT and no row written. An honest file
is accepted and stored under a random name.

About the path-traversal name: Django's multipart parser keeps only the last path
component of an uploaded file name, so "../../etc/passwd.pdf" reaches a view as
"passwd.pdf" (a legitimate name). Over HTTP the test therefore checks that nothing is
written outside the storage root and that nothing is stored under the user's name; the
refusal of the raw name is tested on each app's own checker and on core.uploads.
"""

import functools
import io
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import messages
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import BaseForm, BaseFormSet
from django.urls import reverse

from . import payloads as p
from .test_csrf import fingerprint

LIMIT = 256 * 1024
VI = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.I)


@pytest.fixture(autouse=True)
def _small_limit(settings):  # type: ignore[no-untyped-def]
    settings.UPLOAD_MAX_BYTES = LIMIT


@functools.cache
def bomb(kind: str) -> bytes:
    return p.zip_bomb(kind)


def media_root() -> Path:
    return Path(settings.STORAGES["default"]["OPTIONS"]["location"])


def stored_files() -> set[str]:
    root = media_root()
    found = set()
    for folder, _dirs, files in os.walk(root):
        for name in files:
            found.add(os.path.relpath(os.path.join(folder, name), root))
    return found


def rejection_texts(response) -> list[str]:  # type: ignore[no-untyped-def]
    """Error messages shown to the user: form errors, error messages, preview errors."""
    texts = [str(m) for m in get_messages(response.wsgi_request) if m.level >= messages.ERROR]
    for context in response.context or []:
        for layer in context.dicts:
            for value in layer.values():
                if isinstance(value, BaseForm):
                    texts += [str(e) for errors in value.errors.values() for e in errors]
                elif isinstance(value, BaseFormSet):
                    texts += [str(e) for e in value.non_form_errors()]
                    for form in value.forms:
                        texts += [str(e) for errs in form.errors.values() for e in errs]
                elif hasattr(value, "errors") and isinstance(value.errors, list):
                    texts += [str(e) for e in value.errors]
    return list(dict.fromkeys(texts))


@dataclass
class Endpoint:
    name: str
    post: Callable  # (world, client, SimpleUploadedFile) -> response
    office_kind: str  # "docx" or "xlsx": the zip-bomb and polyglot flavour
    honest: Callable[[], tuple[str, bytes]]
    stores: bool = True  # False for dry-run imports that keep nothing on accept
    user: str = "insider"  # the world's user who uploads

    def client(self, world, as_user):  # type: ignore[no-untyped-def]
        """The uploader's client; rows the endpoint needs are made here, before any count."""
        if self.name == "events:registration_edit":
            _own_registration(world)
        return as_user(getattr(world, self.user))


def _unit_import(world, client, f):  # type: ignore[no-untyped-def]
    return client.post(reverse("orgunits:unit_import"), {"file": f})


def _report_edit(world, client, f):  # type: ignore[no-untyped-def]
    data = {
        "version": "0",
        "narrative": "Tình hình ổn định",
        f"{world.ratio.pk}-numerator": "8",
        f"{world.ratio.pk}-denominator": "10",
        f"{world.ratio.pk}-note": "",
        "action": "save",
        "evidence": f,
    }
    url = reverse("reports:report_edit", args=[world.expected_open.pk])
    return client.post(url, data)


def _group_import(world, client, f):  # type: ignore[no-untyped-def]
    url = reverse("events:group_import", args=[world.event.pk, world.group.pk])
    return client.post(url, {"file": f})


def _own_registration(world):  # type: ignore[no-untyped-def]
    """The insider's commune's registration (made in the test, not in the shared world: a
    world row would hide that opening the roll-out page creates it; see test_csrf)."""
    from events.models import Registration

    return Registration.objects.get_or_create(rollout=world.rollout, host=world.tree.police)[0]


def _registration(world, client, f):  # type: ignore[no-untyped-def]
    reg = _own_registration(world)
    url = reverse("events:registration_edit", args=[world.rollout.pk, reg.pk])
    data = {
        "planned_date": "2030-08-10",
        "venue": "Nhà văn hóa tổ dân phố 1",
        "plan_text": "Kế hoạch tổ chức",
        "plan_file": f,
    }
    return client.post(url, data)


def _dossier(world, client, f):  # type: ignore[no-untyped-def]
    url = reverse("awards:document_upload", args=[world.batch.pk])
    return client.post(url, {"kind": "council_minutes", "file": f})


UNIT_ROW = [["N-SEC", "Bình Yên", "xã", "commune", "T-D1", "", ""]]
UNIT_HEADER = ["code", "name", "type_name", "level", "parent_code", "valid_from", "valid_to"]
ENDPOINTS = {
    "orgunits:unit_import": Endpoint(
        "orgunits:unit_import",
        _unit_import,
        "xlsx",
        lambda: ("don-vi-hop-le.xlsx", p.xlsx([UNIT_HEADER, *UNIT_ROW])),
        user="staff",
    ),
    "reports:report_edit": Endpoint(
        "reports:report_edit", _report_edit, "docx", lambda: ("bien-ban-hop-le.pdf", p.PDF)
    ),
    "events:group_import": Endpoint(
        "events:group_import",
        _group_import,
        "xlsx",
        lambda: ("danh-sach-hop-le.xlsx", p.xlsx([["Họ và tên"], ["Nguyễn Văn Mời"]])),
        stores=False,
    ),
    "events:registration_edit": Endpoint(
        "events:registration_edit", _registration, "docx", lambda: ("ke-hoach-hop-le.pdf", p.PDF)
    ),
    "awards:document_upload": Endpoint(
        "awards:document_upload", _dossier, "docx", lambda: ("bien-ban-hop-le.pdf", p.PDF)
    ),
}


def _cases(endpoint: Endpoint) -> dict[str, tuple[str, bytes]]:
    kind = endpoint.office_kind
    honest_name, honest_data = endpoint.honest()
    ext = Path(honest_name).suffix
    return {
        "wrong_content": (f"tep{ext}", b"MZ\x90\x00 this is a Windows program, not a document"),
        "polyglot": (f"tep{ext}" if ext == ".pdf" else f"tep.{kind}", p.polyglot(kind)),
        "empty": (f"tep{ext}", b""),
        "one_byte_over": (f"tep{ext}", p.over_limit(LIMIT, honest_data[:8])),
        "zip_bomb": (f"tep.{kind}", bomb(kind)),
    }


# Refusals that fail today, for their owners (strict: the fix flips them).
KNOWN: dict[tuple[str, str], str] = {}


def _params():  # type: ignore[no-untyped-def]
    params = []
    for name, endpoint in ENDPOINTS.items():
        for case in _cases(endpoint):
            reason = KNOWN.get((name, case))
            marks = pytest.mark.xfail(strict=True, reason=reason) if reason else ()
            params.append(pytest.param(name, case, marks=marks, id=f"{name}-{case}"))
    return params


@pytest.mark.parametrize("name,case", _params())
def test_hostile_upload_is_refused(name, case, world, as_user):
    endpoint = ENDPOINTS[name]
    filename, data = _cases(endpoint)[case]
    client = endpoint.client(world, as_user)
    files_before, rows_before = stored_files(), fingerprint()
    upload = SimpleUploadedFile(filename, data, "application/octet-stream")
    response = endpoint.post(world, client, upload)
    assert response.status_code in (200, 302), response.status_code
    texts = rejection_texts(response)
    assert texts, f"{name} {case}: no error shown"
    assert all(VI.search(t) for t in texts), texts
    assert stored_files() == files_before
    assert fingerprint() == rows_before


# Stored names that fail today, for their owners (strict: the fix flips them).
KNOWN_NAMES: dict[str, str] = {}


def _name_params():  # type: ignore[no-untyped-def]
    return [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=KNOWN_NAMES[n]))
        if n in KNOWN_NAMES
        else n
        for n in sorted(ENDPOINTS)
    ]


@pytest.mark.parametrize("name", _name_params())
def test_honest_upload_is_accepted_under_a_random_name(name, world, as_user):
    endpoint = ENDPOINTS[name]
    filename, data = endpoint.honest()
    client = endpoint.client(world, as_user)
    before = stored_files()
    response = endpoint.post(world, client, SimpleUploadedFile(filename, data))
    assert response.status_code in (200, 302)
    assert not rejection_texts(response), rejection_texts(response)
    new = stored_files() - before
    if not endpoint.stores:
        assert not new
        return
    assert len(new) == 1, new
    stored = Path(new.pop())
    assert Path(filename).stem not in stored.name, stored
    assert re.fullmatch(r"[A-Za-z0-9_-]{20,}", stored.stem), stored


@pytest.mark.parametrize("name", _name_params())
def test_path_traversal_name_writes_nothing_outside_and_nothing_by_that_name(name, world, as_user):
    endpoint = ENDPOINTS[name]
    honest_name, data = endpoint.honest()
    hostile = p.TRAVERSAL + Path(honest_name).suffix
    client = endpoint.client(world, as_user)
    before = stored_files()
    response = endpoint.post(world, client, SimpleUploadedFile(hostile, data))
    assert response.status_code in (200, 302)
    new = stored_files() - before
    assert not any("passwd" in n or ".." in n for n in new), new
    for entry in new:
        resolved = (media_root() / entry).resolve()
        assert resolved.is_relative_to(media_root().resolve())
    assert not Path("/etc/passwd" + Path(honest_name).suffix).exists()


class RawUpload(io.BytesIO):
    """An upload whose name is kept as given (UploadedFile itself keeps only the basename)."""

    def __init__(self, name: str, data: bytes) -> None:
        super().__init__(data)
        self.name = name
        self.size = len(data)


def test_the_raw_traversal_name_is_refused_by_the_checkers(db):
    """Where a checker sees the raw name, "../../etc/passwd.pdf" is refused in Vietnamese."""
    from django.core.exceptions import ValidationError

    from core.uploads import check_upload
    from reports.services import evidence_check

    for check in (
        lambda f: check_upload(f, allowed=(".pdf",)),
        evidence_check,
    ):
        upload = RawUpload(p.TRAVERSAL + ".pdf", p.PDF)
        with pytest.raises(ValidationError) as info:
            check(upload)
        assert "Tên tệp" in " ".join(info.value.messages)
