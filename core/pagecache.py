"""Whole-page cache for the busiest read-only pages (home dashboard, province dashboard).

A page is cached per user, language, day, htmx target and full URL, together with the
generations of the apps it reads (``core.cachegen``): any save in those apps, or in
``accounts``/``orgunits`` (roles, scope), makes it stale at once, in every worker. The
page is rendered with a placeholder where the CSRF token goes, and each response gets
the request's own token, so a cached page never carries another response's token.

Only plain successful HTML is stored: no page with a flash message, no export, no
redirect, no response that sets a cookie. With ``PAGE_CACHE`` off (the default without
Redis) the decorator does nothing.
"""

import hashlib
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.conf import settings
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


def _key(request: HttpRequest) -> str:
    parts = (
        str(request.user.pk),
        translation.get_language() or "",
        timezone.localdate().isoformat(),
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-Target", ""),
        request.get_full_path(),
    )
    return "page:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


def _cacheable_request(request: HttpRequest) -> bool:
    return bool(
        getattr(settings, "PAGE_CACHE", False)
        and request.method == "GET"
        and request.user.is_authenticated
        and not len(get_messages(request))
    )


def _storable(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and response.get("Content-Type", "").startswith("text/html")
    )


def _finish(request: HttpRequest, response: HttpResponse, content: bytes) -> HttpResponse:
    response.content = content.replace(PLACEHOLDER.encode(), get_token(request).encode())
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ("Cookie",))
    return response


def cached_page(apps: Iterable[str]) -> Callable:
    """Cache the decorated view's page until data of ``apps`` changes (see module doc)."""
    tracked = tuple(sorted({*apps, *ALWAYS}))

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not _cacheable_request(request):
                return view(request, *args, **kwargs)
            key = _key(request)
            gens, hit = cachegen.read_current(key, tracked)
            if hit is not None:
                content, headers = hit
                response = HttpResponse(b"")
                for name, value in headers:
                    response[name] = value
                return _finish(request, response, content)
            setattr(request, RENDERING, True)
            try:
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()
            finally:
                setattr(request, RENDERING, False)
            if not _storable(response):
                if PLACEHOLDER.encode() in getattr(response, "content", b""):
                    return _finish(request, response, response.content)
                return response
            headers = [(k, v) for k, v in response.items() if k.lower() == "content-type"]
            cachegen.write_current(key, gens, (response.content, headers), TIMEOUT)
            return _finish(request, response, response.content)

        return wrapper

    return decorator
