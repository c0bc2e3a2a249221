"""Limits per address behind a proxy: X-Forwarded-For counts only when the proxies are declared."""

from __future__ import annotations

import itertools

import pytest
from werkzeug.middleware.proxy_fix import ProxyFix

from app.config import ConfigError, from_environment
from app.factory import create_app, security

from .consulting import PASSWORD

PROXY = {"REMOTE_ADDR": "10.0.0.5"}  # every request reaches the app from the balancer
_ATTEMPTS = itertools.count()


def _sign_in_from(client, forwarded_for: str):
    """A wrong sign-in, each for another account so that only the per-address limit applies."""
    email = f"nobody{next(_ATTEMPTS)}@example.com"
    return client.post(
        "/sign-in",
        data={"email": email, "password": PASSWORD + "x"},
        headers={"X-Forwarded-For": forwarded_for},
        environ_base=PROXY,
    )


def _lock_out(client, forwarded_for: str) -> None:
    statuses = [_sign_in_from(client, forwarded_for).status_code for _ in range(10)]
    assert statuses == [422] * 10


def test_without_trusted_proxies_the_header_is_ignored(app):
    client = app.test_client()
    _lock_out(client, "203.0.113.7")
    # Everyone behind the balancer shares its address, so a made-up header changes nothing.
    assert _sign_in_from(client, "198.51.100.20").status_code == 429


def test_with_one_trusted_proxy_each_client_has_its_own_limit(app):
    security.trust_proxies(app, 1)
    client = app.test_client()
    _lock_out(client, "203.0.113.7")
    assert _sign_in_from(client, "203.0.113.7").status_code == 429
    assert _sign_in_from(client, "198.51.100.20").status_code == 422
    # The proxy appends the address it saw: what the client wrote before it is not believed.
    assert _sign_in_from(client, "198.51.100.20, 203.0.113.7").status_code == 429


def test_the_setting_is_read_from_the_environment_and_checked(monkeypatch, tmp_path):
    monkeypatch.setenv("TRUSTED_PROXIES", "2")
    assert from_environment(tmp_path)["TRUSTED_PROXIES"] == 2
    monkeypatch.setenv("TRUSTED_PROXIES", "one")
    with pytest.raises(ConfigError, match="TRUSTED_PROXIES"):
        from_environment(tmp_path)
    monkeypatch.delenv("TRUSTED_PROXIES")
    assert from_environment(tmp_path)["TRUSTED_PROXIES"] == 0


def test_the_app_is_wrapped_only_when_proxies_are_declared(tmp_path):
    base = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "PDF_CACHE_DIR": str(tmp_path)}
    assert not isinstance(create_app(base).wsgi_app, ProxyFix)
    wrapped = create_app({**base, "TRUSTED_PROXIES": 1}).wsgi_app
    assert isinstance(wrapped, ProxyFix) and wrapped.x_for == 1 and wrapped.x_proto == 1
