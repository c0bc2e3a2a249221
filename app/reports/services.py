"""Reports for stored assessments, with the team's history when it has one."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any, NamedTuple

from flask import current_app
from sqlalchemy import bindparam, select

from app import instrument as instruments
from app.assessments import services as assessments
from app.assessments.models import Assessment, TeamKind
from app.extensions import db
from app.routing import external_url
from app.scoring import score_answers
from app.scoring.trend import compare

from . import document

# Extra report fields for some assessments (a client's disagreements, say),
# registered by other blueprints: assessment -> {field: value}.
extras: list[Callable[[Assessment], dict[str, Any]]] = []


class ReportSource(NamedTuple):
    """What a report's fingerprint is made from: found without loading any answers.

    Every change to answers, notes or imported evidence (its suggestions are
    written on the draft) bumps an assessment's version, so the versions of
    this assessment and of the team's finished ones before it (the trend)
    stand for their content.
    """

    id: int
    instrument: str
    team_kind: TeamKind
    history: tuple[tuple[int, int], ...]  # (id, version), oldest first


# What else a report is made of, for its fingerprint: source -> anything repr-able.
fingerprint_parts: list[Callable[[ReportSource], Any]] = []

_HISTORY_VERSIONS = (
    select(Assessment.id, Assessment.version)
    .where(
        Assessment.team_id == bindparam("team_id"),
        Assessment.id <= bindparam("upto"),
        Assessment.submitted_at.is_not(None),
    )
    .order_by(Assessment.id)
)


def source_of(assessment: Assessment) -> ReportSource:
    history = tuple(
        (row[0], row[1])
        for row in db.session.execute(_HISTORY_VERSIONS, {"team_id": assessment.team_id, "upto": assessment.id})
    )
    return ReportSource(assessment.id, assessment.instrument, assessment.team.kind, history)


def fingerprint(source: ReportSource) -> str:
    """A hash of everything the report is made from, found without building it;
    other blueprints add what else they put in the report."""
    material = [
        current_app.extensions["report_template_version"],
        source.instrument,
        external_url("site.how_scoring_works"),
        list(source.history),
        [part(source) for part in fingerprint_parts],
    ]
    return hashlib.sha256(repr(material).encode()).hexdigest()


def finished(assessment: Assessment) -> tuple[datetime, int]:
    """When a finished assessment was finished, and its score: a report is only made of one."""
    if assessment.submitted_at is None or assessment.coupling_score is None:
        raise ValueError(f"assessment {assessment.id} is not finished: it has no report")
    return assessment.submitted_at, assessment.coupling_score


def submitted_history(assessment: Assessment) -> list[Assessment]:
    """The team's finished assessments up to and including this one, oldest first."""
    return list(
        db.session.scalars(
            select(Assessment)
            .where(
                Assessment.team_id == assessment.team_id,
                Assessment.id <= assessment.id,
                Assessment.submitted_at.is_not(None),
            )
            .order_by(Assessment.id)
        )
    )


def report_for(assessment: Assessment) -> document.Report:
    answers = assessments.answers_of(assessment)
    history = submitted_history(assessment)
    earlier = [a for a in history if a.id != assessment.id]
    trend = None
    if earlier:
        previous = earlier[-1]
        trend = compare(
            score_answers(assessments.answers_of(previous)),
            finished(previous)[0],
            score_answers(answers),
            instruments.get(assessment.instrument),
        )
    points = tuple((at.strftime("%-d %b %Y"), score) for at, score in map(finished, history))
    report = document.build(
        answers,
        finished(assessment)[0],
        assessment.draft.get("notes", {}),
        external_url("site.how_scoring_works"),
        trend,
        points,
    )
    for extra in extras:
        if fields := extra(assessment):
            report = replace(report, **fields)
    return report
