"""Security headers on every response, in the spirit of Flask-Talisman.

The policy allows no inline script or style: every script and stylesheet is
a file under /static.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, g, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
])
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


def init_app(app: Flask) -> None:
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
