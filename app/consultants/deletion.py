"""Deleting a client, and what a deleted respondent's answers leave behind.

A client goes with every round of intake, every respondent's answers, notes and PDFs. When a
respondent's answers are deleted, their name leaves the changes log and their round's combined
result is worked out again without them, in the same transaction (hooks of
``app.assessments.lifecycle``).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import delete, select

from app.assessments.lifecycle import delete_team
from app.assessments.models import Assessment, Team
from app.extensions import db

from . import changes
from .models import Client, IntakeLink, Respondent
from .services import refresh_aggregate, respondent_of


def delete_client(client: Client) -> None:
    """The client, every round of intake, every respondent's answers, notes and PDFs."""
    link_ids = list(db.session.scalars(select(IntakeLink.id).where(IntakeLink.client_id == client.id)))
    respondent_teams = list(
        db.session.scalars(
            select(Team).join(Respondent, Respondent.team_id == Team.id).where(Respondent.intake_link_id.in_(link_ids))
        )
    )
    for team in respondent_teams:
        delete_team(team)
    team = client.team
    db.session.execute(delete(Client).where(Client.id == client.id))
    delete_team(team)
    db.session.commit()


def forget_respondent_team(team: Team) -> None:
    """A respondent's team goes: so does the respondent."""
    db.session.execute(delete(Respondent).where(Respondent.team_id == team.id))


def on_assessment_deleted(assessment: Assessment) -> Callable[[], None] | None:
    """A respondent's answers go: forget them in the changes log, and, once they have gone,
    work out their round's combined result again."""
    respondent = respondent_of(assessment.team)
    if respondent is None:
        return None
    round_ = respondent.intake_link  # read before the row goes
    changes.forget(respondent)
    return lambda: refresh_aggregate(round_)
