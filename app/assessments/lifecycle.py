"""Deleting assessments and teams, and abandoned drafts.

Rows that hang off an assessment (share links, evidence and its kept files, PDFs in the
database) go by ON DELETE CASCADE. What other parts keep about a team or an assessment they
remove themselves, through the hooks below, in the same transaction: the reports their PDFs
on disk, the consultants a respondent and their round's combined result. A team left with no
assessment goes too.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import delete, select

from app.extensions import db
from app.timestamps import utcnow

from .models import Assessment, Team, TeamKind

# Told that these assessments are about to go (their ids).
before_assessments_deleted: list[Callable[[list[int]], None]] = []
# Told that a team is about to go, after its assessments.
before_team_deleted: list[Callable[[Team], None]] = []
# Told that an assessment is about to go, by itself or with its team; may return what to do
# once it has gone (a combined result worked out again without it).
on_assessment_deleted: list[Callable[[Assessment], Callable[[], None] | None]] = []


def _drop_assessments(ids: list[int]) -> None:
    if not ids:
        return
    for hook in before_assessments_deleted:
        hook(ids)
    db.session.execute(delete(Assessment).where(Assessment.id.in_(ids)))


def delete_team(team: Team) -> None:
    """The team with every assessment it holds (nothing is committed)."""
    _drop_assessments(list(db.session.scalars(select(Assessment.id).where(Assessment.team_id == team.id))))
    for hook in before_team_deleted:
        hook(team)
    db.session.execute(delete(Team).where(Team.id == team.id))


def delete_assessment(assessment: Assessment) -> None:
    """One assessment of a team; the team goes too when it was its last. What the hooks do
    afterwards (a respondent's round worked out again) happens before anything commits."""
    team = assessment.team
    afterwards = [then for hook in on_assessment_deleted if (then := hook(assessment)) is not None]
    others = db.session.scalar(
        select(Assessment.id).where(Assessment.team_id == team.id, Assessment.id != assessment.id).limit(1)
    )
    if others is None:
        delete_team(team)
    else:
        _drop_assessments([assessment.id])
    for then in afterwards:
        then()
    db.session.commit()


def purge_abandoned_drafts(days: int) -> int:
    """Remove drafts nobody finished or touched for `days` days; returns how many."""
    cutoff = utcnow() - timedelta(days=days)
    stale = list(
        db.session.scalars(
            select(Assessment)
            .join(Team)
            .where(Assessment.submitted_at.is_(None), Assessment.updated_at < cutoff, Team.kind != TeamKind.CLIENT)
        )
    )
    for assessment in stale:
        delete_assessment(assessment)
    return len(stale)
