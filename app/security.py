"""Security headers on every response, in the spirit of Flask-Talisman.

The policy allows no inline script or style: every script and stylesheet is
a file under /static.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, Response, g, request
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy.engine import make_url
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
HSTS = "max-age=31536000; includeSubDomains"
# Browsers mark every request with where it came from; an older one sends Origin on a POST.
OTHER_SITES = ("cross-site", "same-site")


def from_another_site() -> bool:
    """Whether the browser says this request was sent by a page of another site."""
    if request.headers.get("Sec-Fetch-Site") in OTHER_SITES:
        return True
    origin = request.headers.get("Origin")
    return origin is not None and urlsplit(origin).netloc != request.host


def refuse() -> bool:
    """A request refused by the CSRF check. One sent from another site leaves the session as it
    was: SameSite=Lax keeps the person's cookie off such a request, so a new cookie written now
    would replace theirs (and the private links it remembers) with whatever the other site sent.
    A form from this site whose session expired may start a new one, to bring its answers back."""
    g.session_frozen = from_another_site()
    return g.session_frozen


class RefusalSafeSessions(SecureCookieSessionInterface):
    """The signed-cookie session, never written for a refused request from another site."""

    def save_session(self, app, session, response) -> None:
        if g.get("session_frozen"):
            return
        super().save_session(app, session, response)


def trust_proxies(app: Flask, hops: int) -> None:
    """Take the client's address and scheme from the X-Forwarded-For and -Proto headers that `hops`
    proxies in front of the app (a load balancer, a TLS proxy) add. Off (0) by default: without a
    proxy those headers come from the client, who could then pick any address to be limited as."""
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]


def private_folder(path: str | os.PathLike) -> None:
    """Create `path` (and its parents) if needed, and make it its owner's alone (0700)."""
    Path(path).mkdir(mode=0o700, parents=True, exist_ok=True)
    _tighten(path, 0o700)


def _tighten(path: str | os.PathLike, mode: int) -> None:
    """Set `mode` on a file or folder of ours; one that another user owns is theirs to set."""
    if os.stat(path).st_uid == os.getuid():
        os.chmod(path, mode)


def private_storage(app: Flask) -> None:
    """What Splitcheck keeps on disk is its owner's alone: the instance folder (secret key, SQLite
    database), the SQLite file itself (SQLite gives its journal files the same mode) and the PDF
    store. Created so from the start, and tightened if an earlier version left them readable."""
    private_folder(app.instance_path)
    if app.config.get("PDF_STORE", "directory") == "directory" and app.config.get("PDF_CACHE_DIR"):
        private_folder(app.config["PDF_CACHE_DIR"])
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if (
        url.get_backend_name() == "sqlite"
        and url.database
        and url.database != ":memory:"
        and not url.database.startswith("file:")
    ):
        database = Path(url.database)
        database.parent.mkdir(parents=True, exist_ok=True)
        if not database.exists():
            os.close(os.open(database, os.O_WRONLY | os.O_CREAT, 0o600))
        _tighten(database, 0o600)


def init_app(app: Flask) -> None:
    private_storage(app)
    trust_proxies(app, app.config.get("TRUSTED_PROXIES", 0))
    app.session_interface = RefusalSafeSessions()
    secure = app.config.get("SESSION_COOKIE_SECURE")
    if secure:
        # A __Host- cookie is only ever sent to this exact host, over HTTPS, for every path.
        app.config["SESSION_COOKIE_NAME"] = "__Host-splitcheck"

    @app.after_request
    def security_headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if secure or request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        if request.endpoint != "static":
            # Pages hold answers and private links: no shared or back-button caches.
            response.headers.setdefault("Cache-Control", "no-store")
        return response
