"""Whole-page cache for the busiest read-only pages (home dashboard, province dashboard).

A page is cached per session, language, day, htmx target and full URL, together with the
generations of the apps it reads (``core.cachegen``): any save in those apps, or in
``accounts``/``orgunits`` (users, roles, scope), makes it stale at once, in every worker.

A hit costs one cache round trip: the session, the generations and the page are read
together. The page is served only to the session it was rendered for, while that session
still names the same user, password hash and backend it had when the page was rendered
through the normal authentication (any change to the user bumps ``accounts``); anything
else goes through the view and ``login_required`` as usual.

The page is rendered with a placeholder where the CSRF token goes and each response gets
the request's own token, so a cached page never carries another response's token. Only
plain successful HTML is stored: no page with a flash message, no export, no redirect, no
response that sets a cookie. With ``PAGE_CACHE`` off (the default without Redis) the
decorator does nothing.
"""

import hashlib
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers

from . import cachegen

TIMEOUT = 10 * 60
ALWAYS = ("accounts", "orgunits")  # who the user is and what they may see
PLACEHOLDER = "csrf-placeholder-7f3b1c2e9a"
RENDERING = "_page_cache_rendering"


def cached_page(apps: Iterable[str]) -> Callable:
    """Cache the decorated view's page until data of ``apps`` changes (see module doc).

    Put it above ``login_required``: a hit is answered before the user is loaded.
    """
    tracked = tuple(sorted({*apps, *ALWAYS}))

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            session = getattr(request, "session", None)
            if not _enabled(request) or session is None or not session.session_key:
                return view(request, *args, **kwargs)
            key = _key(request, session.session_key)
            preload = _session_cache_key(session)
            found, raw = cachegen.read_many({key: tracked}, extra=[preload] if preload else [])
            if preload and isinstance(raw.get(preload), dict):
                # Exactly what the session store's load() would read from the cache.
                session._session_cache = raw[preload]
            owner = _owner(session)
            if owner is None or len(get_messages(request)):
                return view(request, *args, **kwargs)
            gens, hit = found[key]
            if hit is not None and hit[2] == owner:
                content, headers, _owner_then = hit
                response = HttpResponse(b"")
                for name, value in headers:
                    response[name] = value
                return _finish(request, response, content)
            user = request.user  # the normal authentication: checks the password hash
            if not user.is_authenticated or str(user.pk) != str(owner[0]):
                return view(request, *args, **kwargs)
            response = _render(view, request, *args, **kwargs)
            if not _storable(response):
                return (
                    _finish(request, response, response.content)
                    if _has_placeholder(response)
                    else response
                )
            headers = [(k, v) for k, v in response.items() if k.lower() == "content-type"]
            cachegen.write_current(key, gens, (response.content, headers, owner), TIMEOUT)
            return _finish(request, response, response.content)

        return wrapper

    return decorator


def _enabled(request: HttpRequest) -> bool:
    return bool(getattr(settings, "PAGE_CACHE", False)) and request.method == "GET"


def _key(request: HttpRequest, session_key: str) -> str:
    parts = (
        session_key,
        translation.get_language() or "",
        timezone.localdate().isoformat(),
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-Target", ""),
        request.get_full_path(),
    )
    return "page:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


def _session_cache_key(session: Any) -> str | None:
    """The cache key of a session not yet loaded, when the session engine uses our cache."""
    if hasattr(session, "_session_cache"):
        return None  # already loaded by something earlier in the request
    if getattr(settings, "SESSION_CACHE_ALIAS", "default") != "default":
        return None
    return getattr(session, "cache_key", None)  # cache and cached_db engines only


def _owner(session: Any) -> tuple[str, str, str] | None:
    """Who the session is signed in as: user id, password hash and backend."""
    user_id = session.get(SESSION_KEY)
    if user_id is None:
        return None
    return (str(user_id), session.get(HASH_SESSION_KEY, ""), session.get(BACKEND_SESSION_KEY, ""))


def _render(view: Callable[..., HttpResponse], request: HttpRequest, *args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
    setattr(request, RENDERING, True)
    try:
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
    finally:
        setattr(request, RENDERING, False)
    return response


def _storable(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and response.get("Content-Type", "").startswith("text/html")
    )


def _has_placeholder(response: HttpResponse) -> bool:
    return not response.streaming and PLACEHOLDER.encode() in response.content


def _finish(request: HttpRequest, response: HttpResponse, content: bytes) -> HttpResponse:
    response.content = content.replace(PLACEHOLDER.encode(), get_token(request).encode())
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ("Cookie",))
    return response
