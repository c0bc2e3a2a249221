"""Headers and cookie attributes, checked the way a passive scanner would."""

from __future__ import annotations

import pytest

from app.factory import create_app

PAGES = ["/", "/how-the-score-works", "/nope", "/sign-in", "/api/v1/score"]


@pytest.mark.parametrize("path", PAGES)
def test_content_security_policy_forbids_inline_code_and_framing(client, path):
    policy = client.get(path).headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy and "*" not in policy


@pytest.mark.parametrize("path", PAGES)
def test_standard_headers(client, path):
    headers = client.get(path).headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in headers  # plain HTTP here
    assert "Server" not in headers or "Werkzeug" not in headers["Server"]


def test_pages_have_no_inline_script_or_style(client, answers):
    from .journey import complete, step_url

    public_id = complete(client, answers)
    for path in ("/", step_url(public_id, "signs"), step_url(public_id, "result"), "/how-the-score-works"):
        page = client.get(path).get_data(as_text=True)
        assert "<script>" not in page and "<style" not in page and " style=" not in page and "onclick" not in page
        # Scripts come from /static/ only; the one other kind is data for them (JSON, never run).
        assert page.count("<script") == page.count('<script src="/static/') + page.count(
            '<script type="application/json"'
        )


def test_static_files_may_be_cached(client):
    response = client.get("/static/css/site.css")
    assert response.status_code == 200 and response.headers.get("Cache-Control") != "no-store"


def test_session_cookie_attributes(client):
    response = client.post("/start")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie
    assert "Expires=" in cookie  # a bounded lifetime, not forever


def test_over_https_cookie_is_host_only_and_secure_with_hsts(monkeypatch):
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "1")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "WTF_CSRF_ENABLED": False})
    with app.app_context():
        from app.extensions import db

        db.create_all()
    client = app.test_client()
    response = client.post("/start", base_url="https://splitcheck.test")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-splitcheck=") and "Secure" in cookie and "Domain=" not in cookie
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_share_pages_keep_their_stricter_referrer_policy(client, answers):
    import re

    from .journey import complete, step_url

    public_id = complete(client, answers)
    client.post(step_url(public_id, "share"), data={"expiry": "7"})
    share_page = client.get(step_url(public_id, "share")).get_data(as_text=True)
    link = re.search(r'value="http://splitcheck.test(/s/[^"]+)"', share_page)[1]
    assert client.get(link).headers["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize("prefix", ["/r/", "/s/", "/i/"])
def test_guessing_private_links_is_limited(client, prefix):
    import secrets

    statuses = [client.get(prefix + secrets.token_urlsafe(24)).status_code for _ in range(21)]
    assert statuses[:20] == [404] * 20 and statuses[20] == 429
