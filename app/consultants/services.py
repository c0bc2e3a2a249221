"""Clients, intake rounds and their aggregate results."""
from __future__ import annotations

from flask_login import current_user
from sqlalchemy import select

from app import instrument as instruments
from app.assessments import access, services as assessments
from app.assessments.models import Assessment, Team, empty_draft
from app.extensions import db
from app.history.transfer import draft_from
from app.scoring.aggregate import Response, aggregate
from app.timestamps import utcnow

from .models import Client, IntakeLink, Respondent, Workspace


def _locked_team(kind: str) -> tuple[Team, str]:
    """A team whose private link is never shown: reached through the workspace or an intake link."""
    token = access.new_token()
    return Team(resume_token_hash=access.token_hash(token), kind=kind), token


def create_client(workspace: Workspace, name: str, contact: str | None) -> tuple[Client, str]:
    team, _ = _locked_team("client")
    client = Client(workspace_id=workspace.id, team=team, name=name, name_key=name.casefold()[:200], contact=contact)
    db.session.add_all([team, client])
    db.session.flush()
    token = open_round(client, workspace.welcome_text)
    return client, token


def open_round(client: Client, welcome_text: str | None) -> str:
    """A new round of intake: a new aggregate assessment and a new link to send."""
    aggregate_assessment = Assessment(team=client.team, instrument=instruments.CURRENT, draft=empty_draft(),
                                      team_name=client.name, step="candidates")
    token = access.new_token()
    link = IntakeLink(client_id=client.id, token_hash=access.token_hash(token), welcome_text=welcome_text)
    link.assessment = aggregate_assessment
    db.session.add_all([aggregate_assessment, link])
    client.status = "invited"
    client.respondents = 0
    client.updated_at = utcnow()
    db.session.commit()
    return token


def current_round(client: Client) -> IntakeLink:
    return db.session.scalar(select(IntakeLink).where(IntakeLink.client_id == client.id)
                             .order_by(IntakeLink.id.desc()).limit(1))


def respondents_of(link: IntakeLink) -> list[Respondent]:
    return list(db.session.scalars(select(Respondent).where(Respondent.intake_link_id == link.id)
                                   .order_by(Respondent.id)))


def submitted_responses(link: IntakeLink) -> list[tuple[Respondent, Assessment]]:
    pairs = []
    for respondent in respondents_of(link):
        latest = respondent.team.latest
        if latest.submitted:
            pairs.append((respondent, latest))
    return pairs


def start_respondent(link: IntakeLink, name: str, role: str, email: str | None, help_wanted: str | None,
                     timeline: str) -> tuple[Assessment, str]:
    team, token = _locked_team("respondent")
    draft = empty_draft()
    draft["context"]["team"] = link.client.name
    assessment = Assessment(team=team, instrument=instruments.CURRENT, draft=draft, team_name=link.client.name)
    respondent = Respondent(intake_link_id=link.id, team=team, name=name, role=role, email=email,
                            help_wanted=help_wanted, timeline=timeline)
    db.session.add_all([team, assessment, respondent])
    link.client.respondents += 1
    if link.client.status == "invited":
        link.client.status = "in_progress"
    link.client.updated_at = utcnow()
    db.session.commit()
    return assessment, token


def refresh_aggregate(link: IntakeLink) -> None:
    """Recompute the round's aggregate from every finished response, in one transaction."""
    pairs = submitted_responses(link)
    client, target = link.client, link.assessment
    if not pairs:
        return
    combined = aggregate([Response(r.name, r.role, assessments.answers_of(a)) for r, a in pairs], client.name)
    target.draft = draft_from(combined.answers, {})
    target.team_name = client.name
    assessments.submit(target)  # records verdict and score, commits
    previous = db.session.scalar(
        select(Assessment.coupling_score).where(Assessment.team_id == client.team_id, Assessment.id < target.id,
                                                Assessment.submitted_at.is_not(None))
        .order_by(Assessment.id.desc()).limit(1))
    client.status = "submitted"
    client.latest_verdict, client.latest_score = target.verdict, target.coupling_score
    client.sort_score = target.coupling_score
    client.previous_score = previous
    client.updated_at = utcnow()
    db.session.commit()


def on_submitted(assessment: Assessment) -> None:
    """An assessment was finished: if a respondent's, update their client's aggregate."""
    if assessment.team.kind != "respondent":
        return
    respondent = db.session.scalar(select(Respondent).where(Respondent.team_id == assessment.team_id))
    if respondent is not None:
        refresh_aggregate(respondent.intake_link)


def consultant_may_open(team: Team) -> bool:
    """Access policy: a signed-in consultant reaches their own workspace's clients."""
    if team.kind not in ("client", "respondent") or not current_user.is_authenticated:
        return False
    if team.kind == "client":
        workspace_id = db.session.scalar(select(Client.workspace_id).where(Client.team_id == team.id))
    else:
        workspace_id = db.session.scalar(
            select(Client.workspace_id).join(IntakeLink, IntakeLink.client_id == Client.id)
            .join(Respondent, Respondent.intake_link_id == IntakeLink.id).where(Respondent.team_id == team.id))
    return workspace_id is not None and workspace_id == current_user.workspace_id
