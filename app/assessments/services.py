"""Creating, saving and submitting assessments."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import select

from app import instrument as instruments
from app.extensions import db
from app.language import DEFAULT_LANGUAGE, known
from app.scoring import Answers, AnswersInvalid, parse_answers, score_answers
from app.timestamps import utcnow

from .access import new_team
from .models import Assessment, empty_draft
from .steps import ORDER

# Called when an assessment is finished, or its answers change while it is or was finished (a
# client's aggregate follows its respondents this way), inside the same transaction: a hook
# changes what it must and never commits. It is given the draft as it was before, when the
# assessment was already finished then (None when it is finished for the first time).
after_submit: list[Callable[[Assessment, dict[str, Any] | None], None]] = []


def _notify(assessment: Assessment, before: dict[str, Any] | None) -> None:
    for hook in after_submit:
        hook(assessment, before)


def start(language: str = DEFAULT_LANGUAGE) -> tuple[Assessment, str]:
    """A new team with its first, empty assessment, answered in `language`; returns it and the
    team's token."""
    team, token = new_team()
    assessment = Assessment(team=team, instrument=instruments.CURRENT, draft=empty_draft(), language=language)
    db.session.add_all([team, assessment])
    db.session.commit()
    return assessment, token


def save_draft(
    assessment: Assessment, draft: dict[str, Any], reached: str | None = None, language: str | None = None
) -> None:
    """Replace the draft whole, in one transaction with everything that follows from it; with
    `language`, the assessment is answered in it from now on. Saving the same answers again in the
    same language changes nothing."""
    moves_on = reached is not None and ORDER.index(reached) > assessment.furthest_step_index()
    language = known(language) or assessment.language
    if draft == assessment.draft and not moves_on and language == assessment.language:
        return
    was_submitted = assessment.submitted
    before = assessment.draft
    assessment.draft = draft
    assessment.language = language
    assessment.team_name = draft.get("context", {}).get("team")
    if reached and ORDER.index(reached) > assessment.furthest_step_index():
        assessment.step = reached
    if assessment.submitted:
        # The answers changed: the stored verdict must follow them, and an
        # assessment made incomplete again is a draft until finished again.
        try:
            _record_result(assessment)
        except AnswersInvalid:
            unfinish(assessment)
    if was_submitted:
        _notify(assessment, before)
    db.session.commit()


def answers_document(assessment: Assessment) -> dict[str, Any]:
    """The draft as a CONTRACT.md answers document (may still be invalid)."""
    return document_of(assessment.draft, assessment.instrument)


def document_of(draft: dict[str, Any], instrument: str) -> dict[str, Any]:
    """A draft (an assessment's, or a snapshot of one) as a CONTRACT.md answers document."""
    context = dict(draft.get("context", {}))
    team = context.pop("team", None)
    doc: dict[str, Any] = {"instrument": instrument}
    if team:
        doc["team"] = {"name": team}
    doc["context"] = context
    doc["signs"] = dict(draft.get("signs", {}))
    doc["candidates"] = [{k: v for k, v in c.items() if v is not None} for c in draft.get("candidates", [])]
    return doc


def finished_before(assessment: Assessment) -> Assessment | None:
    """The team's finished assessment just before this one, if any (what a trend, a plan's proof or
    a combined result's comparison looks back to)."""
    return db.session.scalar(
        select(Assessment)
        .where(
            Assessment.team_id == assessment.team_id,
            Assessment.id < assessment.id,
            Assessment.submitted_at.is_not(None),
        )
        .order_by(Assessment.id.desc())
        .limit(1)
    )


def answers_of(assessment: Assessment) -> Answers:
    return parse_answers(answers_document(assessment), instruments.find)


def answers_in(draft: dict[str, Any], instrument: str) -> Answers:
    """The answers a draft holds (an assessment's, or a snapshot of one)."""
    return parse_answers(document_of(draft, instrument), instruments.find)


def first_incomplete_step(assessment: Assessment) -> str | None:
    try:
        answers_of(assessment)
    except AnswersInvalid as exc:
        fields = [e["field"] for e in exc.errors]
        for step, prefixes in (
            ("context", ("context", "team")),
            ("signs", ("signs",)),
            ("candidates", ("candidates",)),
        ):
            if any(f.startswith(prefixes) for f in fields):
                return step
        return ORDER[0]
    return None


def _record_result(assessment: Assessment) -> None:
    result = score_answers(answers_of(assessment))
    assessment.verdict = result.verdict
    assessment.coupling_score = result.coupling_score


def record_submitted(assessment: Assessment, at: datetime | None = None) -> None:
    """Mark the assessment finished, in the caller's transaction. Raises AnswersInvalid if it isn't
    complete."""
    _record_result(assessment)
    if not assessment.submitted:
        assessment.submitted_at = at or utcnow()


def unfinish(assessment: Assessment) -> None:
    """A draft again, in the caller's transaction: not finished, and no result until it is."""
    assessment.submitted_at = None
    assessment.verdict = assessment.coupling_score = None


def submit(assessment: Assessment, at: datetime | None = None) -> None:
    """Mark the assessment finished, with what follows from it, in one transaction. Raises
    AnswersInvalid if it isn't complete."""
    before = assessment.draft if assessment.submitted else None
    record_submitted(assessment, at)
    _notify(assessment, before)
    db.session.commit()
