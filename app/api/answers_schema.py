"""The answers document as JSON Schema (2020-12), made from a questionnaire: its signs, context
numbers and candidate questions with their answers and limits, as `app.scoring.parse_answers`
checks them. The questions are the questionnaire file's to name; nothing here knows them."""

from __future__ import annotations

import re
from typing import Any

from app.instrument import Instrument
from app.instrument.model import ContextField
from app.scoring.answers import MAX_NAME

NAME = {"type": "string", "minLength": 1, "maxLength": MAX_NAME}
TEAM = {
    "type": ["object", "null"],
    "description": "What was assessed (optional).",
    "additionalProperties": False,
    "properties": {"name": {"type": ["string", "null"], "maxLength": MAX_NAME}},
}


def schema_name(instrument_id: str) -> str:
    """The component's name for a questionnaire's answers: "Answers-splitcheck-1"."""
    return "Answers-" + re.sub(r"[^A-Za-z0-9]+", "-", instrument_id).strip("-")


def _number(field: ContextField) -> dict[str, Any]:
    return {
        "type": "integer" if field.kind == "integer" else "number",
        "minimum": field.min,
        "maximum": field.max,
        "description": field.label,
    }


def _question(instrument: Instrument, question_id: str, kind: str, text: str) -> dict[str, Any]:
    answers = list(instrument.answers_to(question_id))
    if kind == "choice":
        return {"enum": answers, "description": text}
    return {
        "type": "array",
        "items": {"enum": answers},
        "uniqueItems": True,
        "description": f"{text} Any of the answers; an empty list for none.",
    }


def answers_schema(instrument: Instrument) -> dict[str, Any]:
    """The answers document for this questionnaire: every sign, the context's numbers, and any
    number of candidates with distinct names. Unknown fields are refused."""
    numbers = instrument.numbers
    questions = instrument.candidate_questions
    return {
        "title": f"Answers for {instrument.id}",
        "description": f"Answers to the questionnaire {instrument.title} ({instrument.id}).",
        "type": "object",
        "required": ["instrument", "context", "signs"],
        "additionalProperties": False,
        "properties": {
            "instrument": {"const": instrument.id},
            "team": TEAM,
            "context": {
                "type": "object",
                "required": [f.id for f in numbers if f.required],
                "additionalProperties": False,
                "properties": {f.id: _number(f) for f in numbers},
            },
            "signs": {
                "type": "object",
                "description": "Every sign, each with one of the answers.",
                "required": list(instrument.sign_ids),
                "additionalProperties": False,
                "properties": {
                    s.id: {"enum": list(instrument.sign_answers), "description": s.title} for s in instrument.signs
                },
            },
            "candidates": {
                "type": "array",
                "description": "Services the team is thinking of splitting out; names are distinct.",
                "items": {
                    "type": "object",
                    "required": ["name", *(q.id for q in questions)],
                    "additionalProperties": False,
                    "properties": {
                        "name": NAME,
                        **{q.id: _question(instrument, q.id, q.kind, q.question) for q in questions},
                    },
                },
            },
        },
    }


def other_answers_schema(known: tuple[str, ...]) -> dict[str, Any]:
    """Answers for a questionnaire installed on this server but not listed here: its own signs,
    numbers and candidate questions, checked against it the same way when they arrive."""
    return {
        "title": "Answers for another installed questionnaire",
        "description": "The same shape, with that questionnaire's signs, context numbers and questions.",
        "type": "object",
        "required": ["instrument", "context", "signs"],
        "additionalProperties": False,
        "properties": {
            "instrument": {"type": "string", "not": {"enum": list(known)}},
            "team": TEAM,
            "context": {"type": "object", "additionalProperties": {"type": "number"}},
            "signs": {"type": "object", "additionalProperties": {"type": "string"}},
            "candidates": {
                "type": "array",
                "items": {"type": "object", "required": ["name"], "properties": {"name": NAME}},
            },
        },
    }
