"""Error pages in the app's own style, in the page's language (JSON under /api/, always in English)."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from app import security
from app.language import _, _l
from app.translation import speaking

MESSAGES = {
    403: (
        _l("Only the person who answered can change these answers"),
        _l(
            "You can read them, but nothing was saved. From the client page you can add a note, "
            "or reopen the answers so that person can change them."
        ),
    ),
    404: (
        _l("Page not found"),
        _l("There is nothing at this address. If you followed a private link, check that it was copied whole."),
    ),
    410: (
        _l("This link is no longer valid"),
        _l("It has expired or was withdrawn. Ask the person who sent it for a new one."),
    ),
    413: (_l("That was too large"), _l("The data sent was larger than Splitcheck accepts.")),
    415: (_l("Unsupported content"), _l("Splitcheck could not read what was sent.")),
    429: (
        _l("Too many attempts"),
        _l(
            "For everyone's safety, there is a limit on how often this can be tried. "
            "Please wait a few minutes and try again."
        ),
    ),
    422: (_l("Something in the answers needs fixing"), _l("Some answers could not be accepted.")),
    500: (
        _l("Something went wrong on our side"),
        _l("Your answers that were already saved are safe. Please try again in a moment."),
    ),
}
# Errors without a page of their own show what Werkzeug and Flask-WTF call them: in English as
# those libraries write it, and in German from these translations.
THEIRS = (
    _l("Bad Request"),
    _l("The browser (or proxy) sent a request that this server could not understand."),
    _l("Method Not Allowed"),
    _l("The method is not allowed for the requested URL."),
    _l("The CSRF token is missing."),
    _l("The CSRF session token is missing."),
    _l("The CSRF token has expired."),
    _l("The CSRF tokens do not match."),
    _l("The CSRF token is invalid."),
    _l("The referrer header is missing."),
    _l("The referrer does not match the host."),
)


def said(code: int, error: HTTPException) -> tuple[str, str]:
    """The error page's title and text, in the language of the moment."""
    if code in MESSAGES:
        title, text = MESSAGES[code]
        return str(title), str(text)
    return _(error.name), _(error.description) if error.description else ""


def register_error_pages(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        if isinstance(error, CSRFError):
            security.refuse()
        # What the error says besides its page (`Allow` on a 405), never its own Content-Type.
        headers = [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]
        if request.path.startswith("/api/"):
            with speaking("en"):
                _title, text = said(code, error)
            return jsonify(errors=[{"field": "(request)", "message": text}]), code, headers
        title, text = said(code, error)
        return (
            render_template(
                "errors/error.html",
                code=code,
                title=title,
                text=text,
                show_sign_in=not request.path.startswith(("/s/", "/i/")),
            ),
            code,
            headers,
        )

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        if isinstance(error, HTTPException):  # pragma: no cover - handled above
            return http_error(error)
        app.logger.exception("Unhandled error on %s %s", request.method, request.url_rule)
        return http_error(InternalServerError())
