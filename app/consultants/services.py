"""Clients, intake rounds and their aggregate results."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import url_for
from flask_login import current_user
from sqlalchemy import func, select, update

from app import instrument as instruments
from app import links
from app.assessments import access
from app.assessments import services as assessments
from app.assessments.models import Assessment, Team, TeamKind, empty_draft
from app.extensions import db
from app.history.transfer import draft_from
from app.language import DEFAULT_LANGUAGE, _, english, known
from app.reports import pdf_store
from app.scoring.aggregate import Response, aggregate
from app.timestamps import utcnow

from . import changes
from .models import Client, IntakeLink, Respondent, Workspace

# Called with a round's aggregate assessment once `refresh_aggregate` has recomputed it, in the
# same transaction (the reports prepare its PDF ahead this way); a hook never commits.
after_refresh: list[Callable[[Assessment], None]] = []


def _locked_team(kind: TeamKind) -> tuple[Team, str]:
    """A team whose private link is never shown: reached through the workspace or an intake link."""
    return access.new_team(kind)


def create_client(
    workspace: Workspace,
    name: str,
    contact: str | None,
    instrument: str = instruments.CURRENT,
    language: str = DEFAULT_LANGUAGE,
) -> tuple[Client, str]:
    """A new client, its team and its first round of intake; `instrument`: the questionnaire its
    people answer (splitcheck/1 or one of the workspace's published lenses, checked by the form);
    `language`: the one its intake link opens in and its combined report is written in."""
    team, _ = _locked_team(TeamKind.CLIENT)
    client = Client(
        workspace_id=workspace.id,
        team=team,
        name=name,
        name_key=name.casefold()[:200],
        contact=contact,
        instrument=instrument,
        language=known(language) or DEFAULT_LANGUAGE,
    )
    db.session.add_all([team, client])
    db.session.flush()
    token = open_round(client, workspace.welcome_text)
    return client, token


def open_round(client: Client, welcome_text: str | None) -> str:
    """A new round of intake: a new aggregate assessment and a new link to send."""
    aggregate_assessment = Assessment(
        team=client.team,
        instrument=client.instrument,
        draft=empty_draft(),
        team_name=client.name,
        step="candidates",
        language=client.language,
    )
    token, digest = links.new_link()
    link = IntakeLink(client_id=client.id, token_hash=digest, welcome_text=welcome_text)
    link.assessment = aggregate_assessment
    db.session.add_all([aggregate_assessment, link])
    client.status = "invited"
    client.respondents = 0
    client.updated_at = utcnow()
    db.session.commit()
    return token


def set_language(client: Client, language: str) -> None:
    """The client's questionnaire and report are in `language` from now on: the intake link opens
    in it, and every combined result (every round's) is reported in it. Each respondent's own
    answers stay in the language they gave them in. In the caller's transaction."""
    client.language = language
    db.session.execute(update(Assessment).where(Assessment.team_id == client.team_id).values(language=language))


def new_link_for_round(link: IntakeLink) -> str:
    """A new link for the same round, for a consultant who lost the one they had: whoever already
    started keeps their answers and their own private link; the old intake link stops working at once."""
    token = links.renew(link)
    db.session.commit()
    return token


def current_round(client: Client) -> IntakeLink:
    """The client's latest round; every client has one from the start (`open_round`)."""
    return db.session.execute(
        select(IntakeLink).where(IntakeLink.client_id == client.id).order_by(IntakeLink.id.desc()).limit(1)
    ).scalar_one()


def respondents_of(link: IntakeLink) -> list[Respondent]:
    return list(
        db.session.scalars(select(Respondent).where(Respondent.intake_link_id == link.id).order_by(Respondent.id))
    )


def submitted_responses(link: IntakeLink) -> list[tuple[Respondent, Assessment]]:
    pairs = []
    for respondent in respondents_of(link):
        latest = respondent.team.latest
        if latest.submitted:
            pairs.append((respondent, latest))
    return pairs


def start_respondent(
    link: IntakeLink,
    name: str,
    role: str,
    email: str | None,
    help_wanted: str | None,
    timeline: str,
    name_in_report: bool = False,
    language: str | None = None,
) -> tuple[Assessment, str]:
    """A respondent and their answers, to be given in `language` (by default their client's)."""
    team, token = _locked_team(TeamKind.RESPONDENT)
    draft = empty_draft()
    draft["context"]["team"] = link.client.name
    assessment = Assessment(
        team=team,
        instrument=link.client.instrument,
        draft=draft,
        team_name=link.client.name,
        language=known(language) or link.client.language,
    )
    respondent = Respondent(
        intake_link_id=link.id,
        team=team,
        name=name,
        role=role,
        email=email,
        help_wanted=help_wanted,
        timeline=timeline,
        name_in_report=name_in_report,
    )
    db.session.add_all([team, assessment, respondent])
    link.client.respondents += 1
    if link.client.status == "invited":
        link.client.status = "in_progress"
    link.client.updated_at = utcnow()
    db.session.commit()
    return assessment, token


def refresh_aggregate(link: IntakeLink) -> None:
    """Recompute the round's aggregate from its finished responses as they are now, and the
    client's figures, in the caller's transaction (it commits). With no finished response left,
    the round has no combined result. Stored PDFs made from the old answers are removed: their
    fingerprints no longer match, and they may name people whose answers are gone."""
    pairs = submitted_responses(link)
    client, target = link.client, link.assessment
    if pairs:
        combined = aggregate([Response(r.name, r.role, assessments.answers_of(a)) for r, a in pairs], client.name)
        target.draft = draft_from(combined.answers, {})
        target.team_name = client.name
        assessments.record_submitted(target)
    else:
        target.draft = empty_draft()
        assessments.unfinish(target)
    _drop_pdfs_from(target)
    summarise(client)
    for hook in after_refresh:
        hook(target)


def _drop_pdfs_from(target: Assessment) -> None:
    """This round's PDFs and later rounds' (their trend shows this round's score)."""
    store = pdf_store.current()
    for assessment_id in db.session.scalars(
        select(Assessment.id).where(Assessment.team_id == target.team_id, Assessment.id >= target.id)
    ):
        store.delete(assessment_id)


def summarise(client: Client) -> None:
    """The figures the dashboard shows, from the client's rounds as they are now: this round's
    respondents and status, the latest combined result and the one before it."""
    link = current_round(client)
    client.respondents = db.session.execute(
        select(func.count()).select_from(Respondent).where(Respondent.intake_link_id == link.id)
    ).scalar_one()
    if link.assessment.submitted:
        client.status = "submitted"
    else:
        client.status = "in_progress" if client.respondents else "invited"
    results = db.session.execute(
        select(Assessment.verdict, Assessment.coupling_score)
        .where(Assessment.team_id == client.team_id, Assessment.submitted_at.is_not(None))
        .order_by(Assessment.id.desc())
        .limit(2)
    ).all()
    latest = results[0] if results else None
    client.latest_verdict = latest.verdict if latest else None
    client.latest_score = latest.coupling_score if latest else None
    client.sort_score = latest.coupling_score if latest else -1
    client.previous_score = results[1].coupling_score if len(results) > 1 else None
    client.updated_at = utcnow()


def respondent_of(team: Team) -> Respondent | None:
    """The person whose answers a respondent's team holds; None for any other team."""
    if team.kind is not TeamKind.RESPONDENT:
        return None
    return db.session.scalar(select(Respondent).where(Respondent.team_id == team.id))


def reading_of(team: Team) -> access.Reading | None:
    """A respondent's answers as their consultant reads them: whose they are, and back to the client."""
    respondent = respondent_of(team)
    if respondent is None:
        return None
    client = respondent.intake_link.client
    return access.Reading(
        title=_("%(name)s (%(role)s)'s answers — read-only", name=respondent.name, role=respondent.role),
        back_url=url_for("consultants.client", public_id=client.public_id),
        back_label=_("Back to %(name)s", name=client.name),
    )


def on_submitted(assessment: Assessment, before: dict[str, Any] | None) -> None:
    """A respondent finished, or changed finished answers: note it, and update their client's
    aggregate."""
    respondent = respondent_of(assessment.team)
    if respondent is None:
        return
    previous = before if before is not None else changes.last_answers(respondent)  # reopened, then finished
    with english():  # kept in one language; the client page words it in the reader's (changes.worded)
        detail = None if previous is None else changes.differences(assessment.instrument, previous, assessment.draft)
    if before is None:
        changes.record(respondent, "finished", detail, answers=assessment.draft)
    elif detail is not None:
        changes.record(respondent, "changed", detail, answers=assessment.draft)
    refresh_aggregate(respondent.intake_link)


def reopen(respondent: Respondent, by_consultant: str) -> bool:
    """A consultant gives a finished response back to its respondent: it leaves the combined result
    until they finish again. False if it was not finished."""
    answers = respondent.team.latest
    if not answers.submitted:
        return False
    assessments.unfinish(answers)
    changes.record(respondent, "reopened", by_consultant=by_consultant)
    refresh_aggregate(respondent.intake_link)
    return True


def consultant_may_open(team: Team) -> bool:
    """Access policy: a signed-in consultant reaches their own workspace's clients."""
    if team.kind is TeamKind.TEAM or not current_user.is_authenticated:
        return False
    if team.kind is TeamKind.CLIENT:
        workspace_id = db.session.scalar(select(Client.workspace_id).where(Client.team_id == team.id))
    else:
        workspace_id = db.session.scalar(
            select(Client.workspace_id)
            .join(IntakeLink, IntakeLink.client_id == Client.id)
            .join(Respondent, Respondent.intake_link_id == IntakeLink.id)
            .where(Respondent.team_id == team.id)
        )
    return workspace_id is not None and workspace_id == current_user.workspace_id
