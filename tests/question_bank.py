"""A question bank made from a copy of splitcheck/1 with one more sign and one more question
about a candidate service: what the app must take in without a change to its code."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

from app import instrument
from tests.conftest import ANSWERS

SOURCE = Path(instrument.__file__).with_name("splitcheck-1.yaml")
LENS_ID = "platform-lens/1"
NEW_SIGN = "no_tracing"
NEW_QUESTION = "has_owner"
NEW_SIGN_TITLE = "Nobody can follow a request"
NEW_QUESTION_TEXT = "Will one team own it, and be called when it fails?"


def lens_data() -> dict:
    data = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    data["id"] = LENS_ID
    data["title"] = "Platform lens — splitcheck/1 with tracing and ownership"
    data["signs"].append(
        {
            "id": NEW_SIGN,
            "title": NEW_SIGN_TITLE,
            "statement": "When a request fails, nobody can see which services it went through.",
            "explanation": "Without tracing, every incident across services starts with guessing.",
            "example": "A checkout error takes a day to pin on the pricing service.",
            "weight": 1,
            "meaning": {
                "yes": "Requests cannot be followed across services; incidents start with guessing.",
                "partly": "Some requests can be followed, others get lost between services.",
                "no": "Every request can be followed from service to service.",
                "unsure": "Nobody knows whether requests can be followed. Try it on the next incident.",
            },
        }
    )
    data["answers"][NEW_QUESTION] = [
        {"id": "yes", "label": "Yes, one team owns it"},
        {"id": "no", "label": "No team would own it alone"},
        {"id": "unsure", "label": "Not sure", "means": "unknown"},
    ]
    reasons = next(i for i, q in enumerate(data["candidate_questions"]) if q["id"] == "reasons")
    data["candidate_questions"].insert(
        reasons,
        {
            "id": NEW_QUESTION,
            "question": NEW_QUESTION_TEXT,
            "help": "A service nobody owns is a service nobody fixes.",
            "ready": "yes",
            "problem": "has no team that owns it",
            "fixed": "has a team that owns it",
        },
    )
    data["recommendations"] += [
        {
            "id": "trace-requests",
            "phase": "keep",
            "priority": 3,
            "title": "Trace requests across services",
            "why": "You cannot fix what you cannot follow.",
            "steps": ["Add a trace id at the edge and pass it on every call."],
            "when": {"signs": [NEW_SIGN], "answers": ["yes", "partly"]},
        },
        {
            "id": "name-an-owner",
            "phase": "candidates",
            "priority": 4,
            "title": "Give the candidate one owning team",
            "why": "A split-out service without an owner decays.",
            "steps": ["Name the team that will be called when it fails."],
            "when": {"candidates": {"verdict": ["fix_first"], NEW_QUESTION: ["no", "unsure"]}},
        },
    ]
    return data


def write_lens(folder: Path) -> Path:
    path = folder / "platform-lens-1.yaml"
    path.write_text(yaml.safe_dump(lens_data(), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def lens_answers(new_sign: str = "yes", owner: str = "no") -> dict:
    """CONTRACT.md's example answers, for the lens: the new sign and the new question answered."""
    doc = copy.deepcopy(ANSWERS)
    doc["instrument"] = LENS_ID
    doc["signs"][NEW_SIGN] = new_sign
    for candidate in doc["candidates"]:
        candidate[NEW_QUESTION] = owner
    return doc
