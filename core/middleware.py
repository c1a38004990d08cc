"""Language choice: Vietnamese unless the user picked another language.

Django's ``LocaleMiddleware`` follows the browser's Accept-Language header, and many
officials use browsers set to English, so the portal would greet them in English.
The portal is Vietnamese by default (DOMAIN.md); English is an explicit choice made
with the language selector, which sets the language cookie.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware


class DefaultLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        response = super().process_response(request, response)
        # The response no longer depends on Accept-Language, only on the cookie.
        if response.has_header("Vary"):
            vary = [v.strip() for v in response["Vary"].split(",")]
            response["Vary"] = ", ".join(v for v in vary if v.lower() != "accept-language")
            if not response["Vary"]:
                del response["Vary"]
        return response


class SessionRenewMiddleware:
    """Renew a signed-in session at most once a minute instead of on every request.

    Idle expiry needs the session's expiry pushed forward while the user is active.
    ``SESSION_SAVE_EVERY_REQUEST`` does that with a database write (and a cache write) on
    every request, which capped every signed-in page at about a tenth of the throughput of
    a bare view (bench/page_rps.py). Renewing once per ``SESSION_RENEW_SECONDS`` keeps the
    idle timeout within that margin and turns a burst of clicks into one write.
    """

    KEY = "_renewed_at"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # After the view, so that a page answered from the page cache (core.pagecache) is
        # not made to load the user first. A session the view found invalid was flushed
        # and names no user any more; SessionMiddleware, outside, saves what is set here.
        session = getattr(request, "session", None)
        if session is not None and session.session_key and session.get(SESSION_KEY):
            now = int(time.time())
            if now - int(session.get(self.KEY, 0)) >= settings.SESSION_RENEW_SECONDS:
                session[self.KEY] = now  # marks the session modified: saved, cookie re-sent
        return response
