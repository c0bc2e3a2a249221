"""An assessment as a JSON file, and back: export and import.

The file holds CONTRACT.md's answers document, the notes, the result and the
dates. Importing recomputes the result from the answers (the stored result is
for readers of the file), so a file can't smuggle in a verdict.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.language import _
from app.scoring import Answers, AnswersInvalid, parse_answers, result_document

FORMAT = "splitcheck-assessment/1"
KEYS = ("format", "answers", "notes", "result", "created_at", "submitted_at")
NOTE_MAX = 500


class ImportInvalid(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Imported:
    answers: Answers
    notes: dict[str, str]
    created_at: datetime
    submitted_at: datetime


def export_document(
    answers: Answers, notes: dict[str, str], created_at: datetime, submitted_at: datetime
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "answers": answers.to_document(),
        "notes": dict(sorted(notes.items())),
        "result": result_document(answers),
        "created_at": created_at.astimezone(UTC).isoformat(),
        "submitted_at": submitted_at.astimezone(UTC).isoformat(),
    }


def _date(value: Any, key: str, problems: list[str]) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value)
        parsed.astimezone(UTC)
    except (TypeError, ValueError, OverflowError):
        problems.append(_("%(field)s: must be a date and time like 2026-11-25T10:00:00+00:00", field=key))
        return None
    if parsed.tzinfo is None:
        problems.append(_("%(field)s: must include a time zone", field=key))
        return None
    return parsed.astimezone(UTC)


def parse_export(raw: bytes) -> Imported:
    """Read an exported file; ImportInvalid lists every problem found."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # ValueError: also numbers of 4,300+ digits
        raise ImportInvalid([_('The file is not JSON. Choose a file downloaded with "Download as JSON".')]) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportInvalid(
            [_('The file is not a Splitcheck assessment export (expected "format": "%(format)s").', format=FORMAT)]
        )
    problems = [_("%(field)s: is not a known field", field=key) for key in data if key not in KEYS]
    answers = None
    try:
        answers = parse_answers(data.get("answers"))
    except AnswersInvalid as exc:
        problems += [f"answers.{e['field']}: {e['message']}" for e in exc.errors]
    notes = data.get("notes", {})
    if not isinstance(notes, dict) or not all(
        k in (answers.signs if answers else {}) and isinstance(v, str) and len(v) <= NOTE_MAX for k, v in notes.items()
    ):
        problems.append(
            _("%(field)s: must map sign ids to texts of at most %(max)s characters", field="notes", max=NOTE_MAX)
        )
    created = _date(data.get("created_at"), "created_at", problems)
    submitted = _date(data.get("submitted_at"), "submitted_at", problems)
    if problems or answers is None or created is None or submitted is None:
        raise ImportInvalid(problems)
    return Imported(answers, dict(notes), created, submitted)


def draft_from(answers: Answers, notes: dict[str, str]) -> dict[str, Any]:
    """The questionnaire's draft for a complete answers document."""
    doc = answers.to_document()
    context = dict(doc["context"])
    if answers.team_name:
        context["team"] = answers.team_name
    return {"context": context, "signs": doc["signs"], "notes": dict(notes), "candidates": doc["candidates"]}
