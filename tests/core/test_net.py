"""core.net.client_ip: X-Forwarded-For is believed only as far as trusted proxies wrote it."""

from django.test import RequestFactory

from core.net import client_ip

rf = RequestFactory()


def request(forwarded: str | None = None, remote: str = "10.0.0.2"):  # type: ignore[no-untyped-def]
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return rf.get("/", **extra)


def test_without_a_trusted_proxy_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = 0
    assert client_ip(request("203.0.113.7")) == "10.0.0.2"


def test_behind_one_proxy_the_right_most_entry_is_the_client(settings):
    settings.TRUSTED_PROXIES = 1
    assert client_ip(request("203.0.113.7")) == "203.0.113.7"
    assert client_ip(request("192.0.2.1, 203.0.113.7")) == "203.0.113.7"  # forged on the left
    assert client_ip(request("2001:db8::1")) == "2001:db8::1"


def test_behind_two_proxies_the_entry_the_outer_one_wrote(settings):
    settings.TRUSTED_PROXIES = 2
    assert client_ip(request("192.0.2.1, 203.0.113.7, 10.1.1.1")) == "203.0.113.7"


def test_a_missing_or_broken_header_falls_back_to_the_peer(settings):
    settings.TRUSTED_PROXIES = 1
    assert client_ip(request()) == "10.0.0.2"
    assert client_ip(request("not-an-address")) == "10.0.0.2"
    settings.TRUSTED_PROXIES = 2
    assert client_ip(request("203.0.113.7")) == "10.0.0.2"  # did not pass both proxies
