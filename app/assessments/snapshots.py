"""Snapshots of a finished assessment's answers, for readers who must never see an edit in progress.

Changing the answers of a finished assessment changes its result at once, and an answer cleared
on the way makes it a draft again. A snapshot keeps the answers as they were when they were
submitted, so whatever is made from it (a shared report) stays as it was until its owner
chooses to show newer answers.
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

from sqlalchemy import select

from app.extensions import db

from .models import AnswersSnapshot, Assessment

# What the answers are: a change to anything else in the draft (say, a new evidence suggestion)
# is not a newer version of them.
ANSWER_KEYS = ("context", "signs", "notes", "candidates")


def answered(draft: dict[str, Any]) -> dict[str, Any]:
    return {key: draft.get(key) or ({} if key != "candidates" else []) for key in ANSWER_KEYS}


def submitted_on(assessment: Assessment) -> datetime:
    """When the finished assessment's current answers were submitted: when it was finished, or
    when it last changed since."""
    if assessment.submitted_at is None:
        raise ValueError(f"assessment {assessment.id} is not finished")
    return max(assessment.submitted_at, assessment.updated_at or assessment.submitted_at)


def holds_current_answers(snapshot: AnswersSnapshot, assessment: Assessment) -> bool:
    """Whether the snapshot holds the answers the assessment has now (a draft has none to hold)."""
    return assessment.submitted and answered(snapshot.draft) == answered(assessment.draft)


def take(assessment: Assessment) -> AnswersSnapshot:
    """A snapshot of the finished assessment's answers as they are now: its newest snapshot when
    that holds them already, otherwise a new one, in the caller's transaction."""
    newest = db.session.scalar(
        select(AnswersSnapshot)
        .where(AnswersSnapshot.assessment_id == assessment.id)
        .order_by(AnswersSnapshot.id.desc())
        .limit(1)
    )
    if newest is not None and holds_current_answers(newest, assessment):
        return newest
    snapshot = AnswersSnapshot(
        assessment_id=assessment.id,
        draft=copy.deepcopy(assessment.draft),
        submitted_at=submitted_on(assessment),
    )
    db.session.add(snapshot)
    return snapshot
