"""Creating, opening and revoking share links."""
from __future__ import annotations

import hmac
from datetime import timedelta

from sqlalchemy import select, update

from app.assessments.access import new_token, token_hash
from app.assessments.models import Assessment
from app.extensions import db
from app.timestamps import utcnow

from .models import ShareLink

EXPIRY_DAYS = {"7": 7, "30": 30, "90": 90, "never": None}
TOKEN_MAX = 100


class LinkGone(Exception):
    """The link existed but was revoked or has expired."""


def create(assessment: Assessment, label: str | None, expiry: str) -> tuple[ShareLink, str]:
    token = new_token()
    days = EXPIRY_DAYS[expiry]
    now = utcnow()
    link = ShareLink(assessment=assessment, token_hash=token_hash(token), label=label or None, created_at=now,
                     expires_at=now + timedelta(days=days) if days else None)
    db.session.add(link)
    db.session.commit()
    return link, token


def links_of(assessment: Assessment) -> list[ShareLink]:
    return list(db.session.scalars(
        select(ShareLink).where(ShareLink.assessment_id == assessment.id).order_by(ShareLink.id.desc())))


def open_link(token: str, count_view: bool = True) -> ShareLink | None:
    """The link for this token; None if unknown; LinkGone if no longer valid. Counts page views."""
    if not token or len(token) > TOKEN_MAX:
        return None
    digest = token_hash(token)
    link = db.session.scalar(select(ShareLink).where(ShareLink.token_hash == digest))
    if link is None or not hmac.compare_digest(link.token_hash, digest):
        return None
    now = utcnow()
    if not link.usable_at(now):
        raise LinkGone()
    if count_view:
        count_view_of(link)
    return link


def count_view_of(link: ShareLink) -> None:
    db.session.execute(update(ShareLink).where(ShareLink.id == link.id)
                       .values(views=ShareLink.views + 1, last_viewed_at=utcnow()))
    db.session.commit()


def revoke(assessment: Assessment, link_id: int) -> bool:
    link = db.session.scalar(select(ShareLink).where(ShareLink.id == link_id,
                                                     ShareLink.assessment_id == assessment.id))
    if link is None:
        return False
    if link.revoked_at is None:
        link.revoked_at = utcnow()
        db.session.commit()
    return True
