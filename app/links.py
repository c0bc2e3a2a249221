"""Private links: one limit on guessing them, shared by every route that takes a token.

A wrong guess at any kind of link (resume, share, intake, its logo, invitation, password reset)
counts against the same allowance per address, so trying each kind in turn buys no more guesses.
A link that is not found (404) or no longer valid (410) counts; one that opens does not.
"""
from __future__ import annotations

from flask import Response

from app.extensions import limiter

GUESSES = "20 per minute;200 per day"


def _failed_lookup(response: Response) -> bool:
    return response.status_code in (404, 410)


guessing_limit = limiter.shared_limit(GUESSES, scope="private-links", deduct_when=_failed_lookup)
