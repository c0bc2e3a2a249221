"""Creating, opening and revoking share links."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from app import links
from app.assessments import snapshots
from app.assessments.models import AnswersSnapshot, Assessment
from app.extensions import db
from app.timestamps import utcnow

from .models import ShareLink

EXPIRY_DAYS = {"7": 7, "30": 30, "90": 90, "never": None}


class LinkGone(Exception):
    """The link existed but was revoked or has expired."""


def create(assessment: Assessment, label: str | None, expiry: str) -> tuple[ShareLink, str]:
    """A link to the finished assessment's report, showing its answers as they are now (a team's:
    kept as a snapshot; a client's combined answers: followed, see `snapshot_of`)."""
    token, digest = links.new_link()
    days = EXPIRY_DAYS[expiry]
    now = utcnow()
    link = ShareLink(
        assessment=assessment,
        token_hash=digest,
        label=label or None,
        created_at=now,
        expires_at=now + timedelta(days=days) if days else None,
        snapshot=snapshots.take(assessment) if keeps_snapshots(assessment) else None,
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


def keeps_snapshots(assessment: Assessment) -> bool:
    """Whether its links show a snapshot of its answers: those of a team, typed in and changed at
    will. A client's combined answers are worked out from finished answers only, never half
    changed, and must forget a respondent who deletes theirs: its links follow them."""
    return assessment.team.kind.answers_itself


def snapshot_of(link: ShareLink) -> AnswersSnapshot | None:
    """The answers the link shows; None when it follows its assessment's (a client's). A team's
    link made before links kept snapshots gets one of the finished answers when first opened."""
    if link.snapshot is None and keeps_snapshots(link.assessment) and link.assessment.submitted:
        link.snapshot = snapshots.take(link.assessment)
        db.session.commit()
    return link.snapshot


def behind(assessment: Assessment, shown: list[ShareLink]) -> set[int]:
    """The ids of the links whose answers are older than the assessment's finished answers now."""
    return {
        link.id
        for link in shown
        if link.snapshot is not None
        and assessment.submitted
        and not snapshots.holds_current_answers(link.snapshot, assessment)
    }


def publish(assessment: Assessment, link_id: int) -> str:
    """Show the assessment's finished answers as they are now on one of its links: "published",
    "not_found", "gone" (withdrawn or expired) or "not_finished" (its answers are being changed)."""
    link = db.session.scalar(select(ShareLink).where(ShareLink.id == link_id, ShareLink.assessment_id == assessment.id))
    if link is None:
        return "not_found"
    if not link.usable_at(utcnow()):
        return "gone"
    if not assessment.submitted:
        return "not_finished"
    before = link.snapshot
    link.snapshot = snapshots.take(assessment)
    db.session.flush()
    if before is not None and before is not link.snapshot and not _still_shown(before):
        db.session.delete(before)
    db.session.commit()
    return "published"


def _still_shown(snapshot: AnswersSnapshot) -> bool:
    return db.session.scalar(select(ShareLink.id).where(ShareLink.snapshot_id == snapshot.id).limit(1)) is not None
