"""The client's address, for the login lockout and the public rate limits.

``REMOTE_ADDR`` is the peer of the WSGI server: behind nginx it is nginx's own address
on every request. The client's address is then in X-Forwarded-For, where each trusted
proxy appends the address it saw; whatever stands to the left was written by the client,
who could write a new one with each request (a new address per login attempt would give
unlimited guesses). So only the entry appended by the outermost of ``TRUSTED_PROXIES``
proxies counts, and with no trusted proxy (the default, and any set-up reachable without
one) the header is ignored.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    proxies = getattr(settings, "TRUSTED_PROXIES", 0)
    if proxies <= 0:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [h for h in hops if h]
    if len(hops) < proxies:
        return remote  # not through the whole chain of proxies: believe nothing in it
    return _address(hops[-proxies]) or remote


def _address(value: str) -> str:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return ""
