"""How addresses are read: nothing in a URL reaches the database unless it can be a real id.

Every route gets these converters, so a new route is covered without thinking of it:

* a plain segment (``<public_id>``, ``<token>``) never holds a control character: no id or token
  of ours does, and PostgreSQL refuses a NUL in text outright;
* ``<int:...>`` is bounded by the database's integer range (PostgreSQL's INTEGER, 2**31 - 1), so
  ``/share/99999999999999999999/revoke`` is a 404 rather than an overflow in the driver.

Either way, an address that cannot name anything is "not found", before any query runs.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import Flask, current_app, has_request_context, url_for
from werkzeug.routing import BaseConverter, IntegerConverter

MAX_ROW_ID = 2**31 - 1
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class PlainSegment(BaseConverter):
    """One path segment, without control characters."""

    regex = r"[^/\x00-\x1f\x7f]+"
    part_isolating = True  # a single segment: the "/" above only excludes it


class RowId(IntegerConverter):
    """A positive integer the database can hold; anything larger names nothing."""

    def __init__(
        self, map, fixed_digits: int = 0, min: int | None = 1, max: int | None = MAX_ROW_ID, signed: bool = False
    ) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def query_text(value: str | None, limit: int = 200) -> str:
    """A query-string value fit for a lookup: control characters dropped, at most `limit` long."""
    return _CONTROL.sub("", value or "").strip()[:limit]


def external_url(endpoint: str, **values) -> str:
    """An absolute link: under PUBLIC_URL when it is set (so no Host header a request brings can
    change it), else at the address of the request being answered, else the local server."""
    if has_request_context() and not current_app.config.get("PUBLIC_URL"):
        return url_for(endpoint, _external=True, **values)
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    base = current_app.config.get("PUBLIC_URL") or "http://127.0.0.1:8000"
    return base.rstrip("/") + path


def init_app(app: Flask) -> None:
    """Called before any blueprint adds its rules (a rule binds its converters when added)."""
    app.url_map.converters.update(default=PlainSegment, string=PlainSegment, int=RowId)


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: no scheme, no host, no protocol-relative tricks."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(c) < 32 for c in target):
        return None
    return target
