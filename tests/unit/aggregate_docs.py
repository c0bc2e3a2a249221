"""Answers documents and respondents for the aggregate tests."""

from __future__ import annotations

import copy

from app.scoring import parse_answers
from app.scoring.aggregate import Aggregate, Response, aggregate
from tests.contract_ids import SIGN_IDS

BASE = {
    "instrument": "splitcheck/1",
    "context": {"engineers": 8, "teams": 1, "services": 12},
    "signs": {sign: "no" for sign in SIGN_IDS},
    "candidates": [],
}
PEOPLE = [
    ("Maya", "Engineering lead"),
    ("Tom", "Backend engineer"),
    ("Ana", "SRE"),
    ("Lee", "Frontend engineer"),
    ("Sam", "CTO"),
    ("Kim", "QA"),
    ("Bo", "Intern"),
]


def doc(signs: dict | None = None, team: str | None = None, candidates: list | None = None, **context) -> dict:
    d = copy.deepcopy(BASE)
    d["signs"].update(signs or {})
    d["context"].update(context)
    if team is not None:
        d["team"] = {"name": team}
    d["candidates"] = candidates or []
    return d


def cand(
    name: str,
    domain_split="domain",
    owns_data="yes",
    deploy_alone="yes",
    survives_outages="yes",
    reasons=("independent_scaling",),
) -> dict:
    return {
        "name": name,
        "domain_split": domain_split,
        "owns_data": owns_data,
        "deploy_alone": deploy_alone,
        "survives_outages": survives_outages,
        "reasons": list(reasons),
    }


def responses(*docs: dict) -> list[Response]:
    return [Response(name, role, parse_answers(d)) for (name, role), d in zip(PEOPLE, docs, strict=False)]


def on_sign(*answers: str, sign: str = "call_chains") -> Aggregate:
    return aggregate(responses(*(doc({sign: a}) for a in answers)))


def assert_round_trips(agg: Aggregate) -> None:
    assert parse_answers(agg.answers.to_document()) == agg.answers
