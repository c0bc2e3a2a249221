"""Single-use, time-limited links: invitations and password resets."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, update

from app import links
from app.extensions import db
from app.timestamps import utcnow

from .models import Invitation, PasswordReset, User

RESET_VALID = timedelta(hours=1)
INVITE_VALID = timedelta(days=7)


def _find(model, token: str):
    found = links.find_by_token(model.token_hash, token)
    if found is None:
        return None
    if found.used_at is not None or utcnow() >= found.expires_at:
        return None
    return found


def consume(link: Invitation | PasswordReset) -> bool:
    """Mark a single-use link used, in the caller's transaction, if nobody has used it meanwhile.

    A conditional UPDATE checked by its row count: of several requests with the same link at once,
    exactly one sees a row changed (on PostgreSQL the others wait for its row lock, then find
    `used_at` set; on SQLite writers take turns). The caller commits its change only when this is
    true, and rolls back otherwise."""
    model = type(link)
    # An UPDATE's result is a CursorResult, which has the row count; Session.execute() is typed
    # as returning the general Result.
    changed = cast(
        CursorResult[Any],
        db.session.execute(
            update(model).where(model.id == link.id, model.used_at.is_(None)).values(used_at=utcnow()),
            execution_options={"synchronize_session": False},
        ),
    )
    return changed.rowcount == 1


def create_reset(user: User) -> str:
    token, digest = links.new_link()
    db.session.add(PasswordReset(user_id=user.id, token_hash=digest, expires_at=utcnow() + RESET_VALID))
    db.session.commit()
    return token


def usable_reset(token: str) -> PasswordReset | None:
    return _find(PasswordReset, token)


def create_invitation(workspace_id: int, role: str) -> str:
    token, digest = links.new_link()
    db.session.add(
        Invitation(workspace_id=workspace_id, token_hash=digest, role=role, expires_at=utcnow() + INVITE_VALID)
    )
    db.session.commit()
    return token


def usable_invitation(token: str) -> Invitation | None:
    return _find(Invitation, token)
