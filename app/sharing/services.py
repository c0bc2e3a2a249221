"""Creating, opening and revoking share links."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from app import links
from app.assessments.models import Assessment
from app.extensions import db
from app.timestamps import utcnow

from .models import ShareLink

EXPIRY_DAYS = {"7": 7, "30": 30, "90": 90, "never": None}


class LinkGone(Exception):
    """The link existed but was revoked or has expired."""


def create(assessment: Assessment, label: str | None, expiry: str) -> tuple[ShareLink, str]:
    token, digest = links.new_link()
    days = EXPIRY_DAYS[expiry]
    now = utcnow()
    link = ShareLink(
        assessment=assessment,
        token_hash=digest,
        label=label or None,
        created_at=now,
        expires_at=now + timedelta(days=days) if days else None,
    )
    db.session.add(link)
    db.session.commit()
    return link, token


def links_of(assessment: Assessment) -> list[ShareLink]:
    return list(
        db.session.scalars(
            select(ShareLink).where(ShareLink.assessment_id == assessment.id).order_by(ShareLink.id.desc())
        )
    )


def open_link(token: str, count_view: bool = True) -> ShareLink | None:
    """The link for this token; None if unknown; LinkGone if no longer valid. Counts page views."""
    link = links.find_by_token(ShareLink.token_hash, token)
    if link is None:
        return None
    now = utcnow()
    if not link.usable_at(now):
        raise LinkGone()
    if count_view:
        count_view_of(link)
    return link


def count_view_of(link: ShareLink) -> None:
    db.session.execute(
        update(ShareLink).where(ShareLink.id == link.id).values(views=ShareLink.views + 1, last_viewed_at=utcnow())
    )
    db.session.commit()


def link_of(assessment: Assessment, link_id: int) -> ShareLink | None:
    """One of this assessment's links; None for a link of any other assessment."""
    return db.session.scalar(select(ShareLink).where(ShareLink.id == link_id, ShareLink.assessment_id == assessment.id))


def renew(link: ShareLink) -> str:
    """A new address for a link that keeps its label, expiry and views: the old one stops working at once."""
    token = links.renew(link)
    db.session.commit()
    return token


def revoke(assessment: Assessment, link_id: int) -> bool:
    link = link_of(assessment, link_id)
    if link is None:
        return False
    if link.revoked_at is None:
        link.revoked_at = utcnow()
        db.session.commit()
    return True
