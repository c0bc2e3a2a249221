"""Who may open a draft: whoever holds its private resume token.

The token is random (192 bits), shown once as the resume link and kept in
the person's signed session; the database stores only its SHA-256.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import abort, session
from sqlalchemy import select

from app.extensions import db

from .models import Assessment

SESSION_KEY = "drafts"
MAX_REMEMBERED = 20


def new_token() -> str:
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def remember(assessment: Assessment, token: str) -> None:
    drafts = dict(session.get(SESSION_KEY, {}))
    drafts.pop(assessment.public_id, None)
    drafts[assessment.public_id] = token
    session[SESSION_KEY] = dict(list(drafts.items())[-MAX_REMEMBERED:])
    session.permanent = True


def remembered_token(public_id: str) -> str | None:
    return session.get(SESSION_KEY, {}).get(public_id)


def by_token(token: str) -> Assessment | None:
    if not token or len(token) > 100:
        return None
    digest = token_hash(token)
    found = db.session.scalar(select(Assessment).where(Assessment.resume_token_hash == digest))
    if found is None or not hmac.compare_digest(found.resume_token_hash, digest):
        return None
    return found


def owned_or_404(public_id: str, fallback_token: str | None = None) -> tuple[Assessment, str]:
    """The assessment and its token, if this person holds the token; else 404.

    `fallback_token` comes from a submitted form, so a person whose session
    expired while answering still gets to save what they typed.
    """
    for token in (remembered_token(public_id), fallback_token):
        if token and (found := by_token(token)) is not None and found.public_id == public_id:
            if token != remembered_token(public_id):
                remember(found, token)
            return found, token
    abort(404)


def latest_remembered() -> list[str]:
    return list(reversed(session.get(SESSION_KEY, {}).keys()))
