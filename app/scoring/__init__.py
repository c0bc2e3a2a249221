"""Scoring: answers document -> result document. Pure: no Flask, no database.

The web pages, the API, the CLI and the PDF all call `score_document` (or
`score` on already-parsed answers); none computes a score of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app import instrument as instruments
from app.instrument import Instrument
from app.language import english

from .answers import Answers, AnswersInvalid, Candidate, Context, clean_name, parse_answers
from .engine import Result, candidate_verdict, coupling_score, score


def score_answers(answers: Answers) -> Result:
    return score(answers, instruments.get(answers.instrument))


def result_document(answers: Answers) -> dict[str, Any]:
    """The result document of CONTRACT.md: a machine interface, so its texts are the English
    ones whatever the language of the page or request asking for it."""
    with english():  # the sentences scoring makes (the figures sentence) too
        return score(answers, instruments.english(instruments.get(answers.instrument))).to_document()


def score_document(data: Any, find: Callable[[object], Instrument | None] = instruments.installed) -> dict[str, Any]:
    """Validate an answers document and return the result document (`find`: see parse_answers).

    Raises AnswersInvalid listing every problem; never scores half a document.
    """
    return result_document(parse_answers(data, find))


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
    "result_document",
    "score",
    "score_answers",
    "score_document",
]
