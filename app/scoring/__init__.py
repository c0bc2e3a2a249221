"""Scoring: answers document -> result document. Pure: no Flask, no database.

The web pages, the API, the CLI and the PDF all call `score_document` (or
`score` on already-parsed answers); none computes a score of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app import instrument as instruments
from app.instrument import Instrument

from .answers import Answers, AnswersInvalid, Candidate, Context, clean_name, parse_answers
from .engine import Result, candidate_verdict, coupling_score, score


def score_answers(answers: Answers) -> Result:
    return score(answers, instruments.get(answers.instrument))


def score_document(data: Any, find: Callable[[object], Instrument | None] = instruments.installed) -> dict[str, Any]:
    """Validate an answers document and return the result document (`find`: see parse_answers).

    Raises AnswersInvalid listing every problem; never scores half a document.
    """
    return score_answers(parse_answers(data, find)).to_document()


__all__ = [
    "Answers",
    "AnswersInvalid",
    "Candidate",
    "Context",
    "Result",
    "candidate_verdict",
    "clean_name",
    "coupling_score",
    "parse_answers",
    "score",
    "score_answers",
    "score_document",
]
