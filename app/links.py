"""Private links: how they are made, replaced, found and guessed at, for every kind of link.

A link's token is 192 random bits; the database keeps only its SHA-256 and compares in constant
time. A workspace's API token is made the same way, with a prefix (`sc_`) that logs and secret
scanners recognise. One limit on guessing is shared by every route that takes a token: a wrong
guess at any kind of link (resume, share, intake, its logo, invitation, password reset) or API
token counts against the same allowance per address, so trying each kind in turn buys no more
guesses. A link that is not found (404) or no longer valid (410) counts, and so does a Bearer
token that is refused (401 with `error="invalid_token"`, RFC 6750); one that opens does not, nor a
request that sends no token at all.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any, TypeVar

from flask import Response
from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute

from app.extensions import db, limiter

GUESSES = "20 per minute;200 per day"
API_TOKEN_PREFIX = "sc_"
TOKEN_MAX = 100  # far longer than any token made here: anything longer is not looked up

Row = TypeVar("Row")


def new_link() -> tuple[str, str]:
    """A new token, and the hash to store for it."""
    token = secrets.token_urlsafe(24)
    return token, token_hash(token)


def new_api_token() -> tuple[str, str]:
    """A new workspace API token ("sc_" and 192 random bits), and the hash to store for it."""
    token = API_TOKEN_PREFIX + secrets.token_urlsafe(24)
    return token, token_hash(token)


def renew(link: Any) -> str:
    """A new token for a link that otherwise stays as it is (an intake round, a share link's label
    and expiry); returns it. Only the new token's hash is kept, so the old token stops working at once."""
    token, link.token_hash = new_link()
    return token


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def matches(stored_hash: str, token: str | None) -> bool:
    """Whether `token` is the one whose hash is stored, compared in constant time."""
    return bool(token and len(token) <= TOKEN_MAX and hmac.compare_digest(stored_hash, token_hash(token)))


def find_by_token(column: InstrumentedAttribute[str], token: str | None) -> Any:
    """The row whose hash `column` holds this token's; None for no token, a token too long to be
    one, or no such row."""
    if not token or len(token) > TOKEN_MAX:
        return None
    digest = token_hash(token)
    found = db.session.scalar(select(column.class_).where(column == digest))
    if found is None or not hmac.compare_digest(getattr(found, column.key), digest):
        return None
    return found


def _failed_lookup(response: Response) -> bool:
    if response.status_code == 401:
        return 'error="invalid_token"' in response.headers.get("WWW-Authenticate", "")
    return response.status_code in (404, 410)


guessing_limit = limiter.shared_limit(GUESSES, scope="private-links", deduct_when=_failed_lookup)
