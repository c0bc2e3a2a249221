"""Reports for stored assessments, with the team's history when it has one."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any, NamedTuple

from flask import current_app
from sqlalchemy import bindparam, select

from app import instrument as instruments
from app.assessments import services as assessments
from app.assessments.models import AnswersSnapshot, Assessment, TeamKind
from app.extensions import db
from app.language import DEFAULT_LANGUAGE, known
from app.routing import external_url
from app.scoring import score_answers
from app.scoring.trend import compare
from app.translation import short_date, speaking

from . import document

# Extra report fields for some assessments (a client's disagreements, say), registered by other
# blueprints: (assessment, the snapshot the report is made of or None) -> {field: value}.
extras: list[Callable[[Assessment, AnswersSnapshot | None], dict[str, Any]]] = []
# Fields only the owner's result page shows, never the PDF or a share link (a client's
# respondents' own notes): assessment -> {field: value}.
page_extras: list[Callable[[Assessment], dict[str, Any]]] = []


class ReportSource(NamedTuple):
    """What a report's fingerprint is made from: found without loading any answers.

    Every change to answers, notes or imported evidence (its suggestions are
    written on the draft) bumps an assessment's version, so the versions of
    this assessment and of the team's finished ones before it (the trend)
    stand for their content. A report made of a snapshot of the answers (a shared one) stands
    for the snapshot's content instead of this assessment's version.
    """

    id: int
    instrument: str
    team_kind: TeamKind
    history: tuple[tuple[int, int], ...]  # (id, version), oldest first
    snapshot: str | None = None  # a hash of the snapshot's answers and date
    language: str = DEFAULT_LANGUAGE  # the language the report is written in


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


def source_of(
    assessment: Assessment, snapshot: AnswersSnapshot | None = None, language: str | None = None
) -> ReportSource:
    """The report in `language`; by default in the one the assessment was answered in."""
    history = tuple(
        (row[0], row[1])
        for row in db.session.execute(_HISTORY_VERSIONS, {"team_id": assessment.team_id, "upto": assessment.id})
        if snapshot is None or row[0] != assessment.id
    )
    held = None if snapshot is None else _snapshot_hash(snapshot)
    written_in = known(language) or assessment.language
    return ReportSource(assessment.id, assessment.instrument, assessment.team.kind, history, held, written_in)


def _snapshot_hash(snapshot: AnswersSnapshot) -> str:
    material = json.dumps([snapshot.draft, snapshot.submitted_at.isoformat()], sort_keys=True, default=str)
    return hashlib.sha256(material.encode()).hexdigest()


# Where the page explaining a questionnaire's scoring is, for one that isn't built in: the
# consultants' part answers for a workspace's published lenses.
how_urls: list[Callable[[str], str | None]] = []


def how_url(instrument_id: str) -> str:
    """The address of "How the score works" for the questionnaire the report was answered with."""
    for find in how_urls:
        if (found := find(instrument_id)) is not None:
            return found
    return external_url("site.how_scoring_works")


def fingerprint(source: ReportSource) -> str:
    """A hash of everything the report is made from, found without building it;
    other blueprints add what else they put in the report."""
    material = [
        current_app.extensions["report_template_version"],
        source.instrument,
        how_url(source.instrument),
        list(source.history),
        source.snapshot,
        source.language,
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


def report_for(assessment: Assessment, snapshot: AnswersSnapshot | None = None) -> document.Report:
    """The assessment's report; made of a snapshot of its answers when given one (a shared report),
    whatever the assessment's answers are now."""
    if snapshot is None:
        draft, date = assessment.draft, finished(assessment)[0]
    else:
        draft, date = snapshot.draft, snapshot.submitted_at
    answers = assessments.answers_in(draft, assessment.instrument)
    result = score_answers(answers)
    earlier = [a for a in submitted_history(assessment) if a.id != assessment.id]
    trend = None
    if earlier:
        previous = earlier[-1]
        trend = compare(
            score_answers(assessments.answers_of(previous)),
            finished(previous)[0],
            result,
            instruments.get(assessment.instrument),
        )
    points = tuple((short_date(at), score) for at, score in [*map(finished, earlier), (date, result.coupling_score)])
    report = document.build(
        answers,
        date,
        draft.get("notes", {}),
        how_url(assessment.instrument),
        trend,
        points,
        as_snapshot=snapshot is not None,
    )
    for extra in extras:
        if fields := extra(assessment, snapshot):
            report = replace(report, **fields)
    return report


def page_report_for(assessment: Assessment) -> document.Report:
    """The report as its owner's result page shows it: `report_for`, and what only that page shows."""
    report = report_for(assessment)
    for extra in page_extras:
        if fields := extra(assessment):
            report = replace(report, **fields)
    return report


def pdf_of(assessment: Assessment, snapshot: AnswersSnapshot | None = None, language: str | None = None) -> bytes:
    """The report's PDF in `language` (by default the assessment's), wherever it is made: the
    page's request, the worker, a preparation ahead."""
    with speaking(known(language) or assessment.language):
        return document.render_pdf(report_for(assessment, snapshot))
