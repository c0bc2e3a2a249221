"""Deleting data: an assessment, a team, a client, and abandoned drafts.

Rows that hang off an assessment (share links, evidence and its kept files,
PDFs in the database) go by ON DELETE CASCADE; PDFs kept on disk are removed
here. A team, client or respondent left with nothing is removed too. A
deleted response leaves its client's combined result in the same transaction.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select

from app.assessments.models import Assessment, Team, TeamKind
from app.consultants import changes
from app.consultants import services as consultants
from app.consultants.models import Client, IntakeLink, Respondent
from app.extensions import db
from app.reports import pdf_store
from app.timestamps import utcnow


def _drop_assessments(ids: list[int]) -> None:
    store = pdf_store.current()
    for assessment_id in ids:
        store.delete(assessment_id)
    if ids:
        db.session.execute(delete(Assessment).where(Assessment.id.in_(ids)))


def delete_team(team: Team) -> None:
    ids = list(db.session.scalars(select(Assessment.id).where(Assessment.team_id == team.id)))
    db.session.execute(delete(Respondent).where(Respondent.team_id == team.id))
    _drop_assessments(ids)
    db.session.execute(delete(Team).where(Team.id == team.id))


def delete_assessment(assessment: Assessment) -> None:
    """One assessment of a team; the team goes too when it was its last. A respondent's answers
    leave the combined result of their round, which is worked out again before anything commits."""
    team = assessment.team
    respondent = consultants.respondent_of(team)
    round_ = respondent.intake_link if respondent is not None else None  # read before the row goes
    if respondent is not None:
        changes.forget(respondent)
    others = db.session.scalar(select(Assessment.id).where(Assessment.team_id == team.id,
                                                           Assessment.id != assessment.id).limit(1))
    if others is None:
        delete_team(team)
    else:
        _drop_assessments([assessment.id])
    if round_ is not None:
        consultants.refresh_aggregate(round_)
    db.session.commit()


def delete_client(client: Client) -> None:
    """The client, every round of intake, every respondent's answers, notes and PDFs."""
    link_ids = list(db.session.scalars(select(IntakeLink.id).where(IntakeLink.client_id == client.id)))
    respondent_teams = list(db.session.scalars(
        select(Team).join(Respondent, Respondent.team_id == Team.id).where(Respondent.intake_link_id.in_(link_ids))))
    for team in respondent_teams:
        delete_team(team)
    team = client.team
    db.session.execute(delete(Client).where(Client.id == client.id))
    delete_team(team)
    db.session.commit()


def purge_abandoned_drafts(days: int) -> int:
    """Remove drafts nobody finished or touched for `days` days; returns how many."""
    cutoff = utcnow() - timedelta(days=days)
    stale = list(db.session.scalars(select(Assessment).join(Team).where(
        Assessment.submitted_at.is_(None), Assessment.updated_at < cutoff, Team.kind != TeamKind.CLIENT)))
    for assessment in stale:
        delete_assessment(assessment)
    return len(stale)
