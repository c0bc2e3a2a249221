"""Security headers on every response, in the spirit of Flask-Talisman.

The policy allows no inline script or style: every script and stylesheet is
a file under /static.
"""
from __future__ import annotations

from flask import Flask, Response, request

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


def init_app(app: Flask) -> None:
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
