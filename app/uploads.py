"""Routes that take uploads larger than a form: their own size limit, set before the body is read.

Every POST's body is read first by the CSRF check, under the form limit (MAX_CONTENT_LENGTH); a
route marked with `accepts_uploads("SETTING")` gets the larger limit in that setting instead,
from a hook that runs before the CSRF check.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import Flask, current_app, request

View = TypeVar("View", bound=Callable)
ATTRIBUTE = "upload_limit_setting"


def accepts_uploads(setting: str) -> Callable[[View], View]:
    """Mark a view as taking uploads of up to `app.config[setting]` bytes."""

    def mark(view: View) -> View:
        setattr(view, ATTRIBUTE, setting)
        return view

    return mark


def _upload_limit() -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    setting = getattr(view, ATTRIBUTE, None)
    if setting:
        request.max_content_length = current_app.config[setting]


def init_app(app: Flask) -> None:
    """Call before the CSRF protection is set up, so this hook runs first."""
    app.before_request(_upload_limit)
