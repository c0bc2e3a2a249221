"""Error pages in the app's own style (JSON under /api/)."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from app import security

MESSAGES = {
    403: (
        "Only the person who answered can change these answers",
        "You can read them, but nothing was saved. From the client page you can add a note, "
        "or reopen the answers so that person can change them.",
    ),
    404: (
        "Page not found",
        "There is nothing at this address. If you followed a private link, check that it was copied whole.",
    ),
    410: ("This link is no longer valid", "It has expired or was withdrawn. Ask the person who sent it for a new one."),
    413: ("That was too large", "The data sent was larger than Splitcheck accepts."),
    415: ("Unsupported content", "Splitcheck could not read what was sent."),
    429: (
        "Too many attempts",
        "For everyone's safety, there is a limit on how often this can be tried. "
        "Please wait a few minutes and try again.",
    ),
    422: ("Something in the answers needs fixing", "Some answers could not be accepted."),
    500: (
        "Something went wrong on our side",
        "Your answers that were already saved are safe. Please try again in a moment.",
    ),
}


def register_error_pages(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        if isinstance(error, CSRFError):
            security.refuse()
        title, text = MESSAGES.get(code, (error.name, error.description or ""))
        # What the error says besides its page (`Allow` on a 405), never its own Content-Type.
        headers = [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]
        if request.path.startswith("/api/"):
            return jsonify(errors=[{"field": "(request)", "message": text}]), code, headers
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
