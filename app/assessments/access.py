"""Who may open an assessment: whoever holds its team's private link.

The token is random (192 bits), shown as the resume link and kept in the
person's signed session; the database stores only its SHA-256.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import abort, session
from sqlalchemy import bindparam, select
from sqlalchemy.orm import contains_eager

from app import links, translation
from app.extensions import db

from .models import Assessment, Team, TeamKind

SESSION_KEY = "teams"
# Other ways in, registered by other blueprints (a consultant for their clients).
policies: list[Callable[[Team], bool]] = []


@dataclass(frozen=True)
class Reading:
    """How a page names answers read by someone who came in through a policy, and the way back."""

    title: str  # "Maya (Engineering lead)'s answers — read-only"
    back_url: str
    back_label: str  # "Back to Acme Retail"


# Registered alongside a policy: the Reading for a team that policy opens, else None.
readings: list[Callable[[Team], Reading | None]] = []
MAX_REMEMBERED = 20


def new_team(kind: TeamKind = TeamKind.TEAM) -> tuple[Team, str]:
    """A team with a new private link; returns it and the link's token (never stored)."""
    token, digest = links.new_link()
    return Team(resume_token_hash=digest, kind=kind), token


def remember(team: Team, token: str) -> None:
    teams = dict(session.get(SESSION_KEY, {}))
    teams.pop(team.public_id, None)
    teams[team.public_id] = token
    session[SESSION_KEY] = dict(list(teams.items())[-MAX_REMEMBERED:])
    session.permanent = True


def remembered_token(team: Team) -> str | None:
    return session.get(SESSION_KEY, {}).get(team.public_id)


def team_by_token(token: str | None) -> Team | None:
    return links.find_by_token(Team.resume_token_hash, token)


def holds(team: Team, token: str | None) -> bool:
    return links.matches(team.resume_token_hash, token)


# Built once: every page of an assessment starts with this lookup.
# Every assessment has a team: an inner join, read into `assessment.team`.
_BY_PUBLIC_ID = (
    select(Assessment)
    .join(Assessment.team)
    .options(contains_eager(Assessment.team))
    .where(Assessment.public_id == bindparam("public_id"))
)


def owned_or_404(public_id: str, fallback_token: str | None = None) -> tuple[Assessment, str]:
    """The assessment and its team's token, if this person holds it; else 404.

    `fallback_token` comes from a submitted form, so a person whose session
    expired while answering still gets to save what they typed. For the link's holder the page is
    in the language the assessment is answered in, unless they chose another.
    """
    assessment = db.session.scalar(_BY_PUBLIC_ID, {"public_id": public_id})
    if assessment is not None:
        remembered = remembered_token(assessment.team)
        if remembered is not None and holds(assessment.team, remembered):
            translation.show_in(assessment.language)
            return assessment, remembered
        if fallback_token is not None and holds(assessment.team, fallback_token):
            remember(assessment.team, fallback_token)
            translation.show_in(assessment.language)
            return assessment, fallback_token
        if any(policy(assessment.team) for policy in policies):
            return assessment, ""
    abort(404)


def require_holder(token: str) -> None:
    """A change to the answers is for whoever holds the team's link. Anyone who reaches the
    assessment another way (`policies`: a consultant reading a respondent's answers) may look at
    it, never change it."""
    if not token:
        abort(403)


def reading(team: Team, token: str) -> Reading | None:
    """How to show this team's answers to someone without its link (`owned_or_404` gave no token);
    None for the link's holder, or when no part of the app knows the team."""
    if token:
        return None
    return next((found for describe in readings if (found := describe(team)) is not None), None)


def remembered_teams() -> list[Team]:
    """The teams this browser holds links for, most recent first."""
    held = session.get(SESSION_KEY, {})
    if not held:
        return []
    teams = db.session.scalars(select(Team).where(Team.public_id.in_(held))).all()
    valid = {t.public_id: t for t in teams if holds(t, held[t.public_id])}
    return [valid[p] for p in reversed(held) if p in valid]
