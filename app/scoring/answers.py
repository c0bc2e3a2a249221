"""The answers document (CONTRACT.md): parse and validate, listing every problem.

Nothing is half-scored: either every field is valid and an `Answers` comes
back, or `AnswersInvalid` lists each problem with the path of its field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.instrument import CANDIDATE_ANSWERS, REASONS, SIGN_ANSWERS, SIGN_IDS, known

MAX_NAME = 200
CONTEXT_LIMITS = {"engineers": 100_000, "teams": 10_000, "services": 100_000, "deploys_per_week": 100_000}
TOP_KEYS = ("instrument", "team", "context", "signs", "candidates")
CANDIDATE_KEYS = ("name", *CANDIDATE_ANSWERS, "reasons")


@dataclass(frozen=True)
class Context:
    engineers: int
    teams: int
    services: int
    deploys_per_week: float | None = None


@dataclass(frozen=True)
class Candidate:
    name: str
    domain_split: str
    owns_data: str
    deploy_alone: str
    survives_outages: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Answers:
    instrument: str
    team_name: str | None
    context: Context
    signs: dict[str, str]
    candidates: tuple[Candidate, ...] = ()

    def to_document(self) -> dict[str, Any]:
        """The answers document again, in CONTRACT.md's shape."""
        context: dict[str, Any] = {
            "engineers": self.context.engineers,
            "teams": self.context.teams,
            "services": self.context.services,
        }
        if self.context.deploys_per_week is not None:
            context["deploys_per_week"] = self.context.deploys_per_week
        doc: dict[str, Any] = {"instrument": self.instrument}
        if self.team_name is not None:
            doc["team"] = {"name": self.team_name}
        doc["context"] = context
        doc["signs"] = {sign: self.signs[sign] for sign in SIGN_IDS}
        doc["candidates"] = [
            {
                "name": c.name,
                "domain_split": c.domain_split,
                "owns_data": c.owns_data,
                "deploy_alone": c.deploy_alone,
                "survives_outages": c.survives_outages,
                "reasons": list(c.reasons),
            }
            for c in self.candidates
        ]
        return doc


@dataclass
class AnswersInvalid(ValueError):
    errors: list[dict[str, str]] = field(default_factory=list)

    def __str__(self) -> str:
        return "; ".join(f"{e['field']}: {e['message']}" for e in self.errors)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return (
        (_is_int(value) or isinstance(value, float)) and value == value and value not in (float("inf"), float("-inf"))
    )


def clean_name(value: str) -> str:
    """Names keep any script, but lose control characters and outer spaces."""
    return "".join(ch for ch in value if ch in "\t" or ch.isprintable()).strip()


class _Collector:
    def __init__(self) -> None:
        self.errors: list[dict[str, str]] = []

    def add(self, path: str, message: str) -> None:
        self.errors.append({"field": path, "message": message})

    def unknown_keys(self, data: dict, allowed: tuple[str, ...], path: str) -> None:
        for key in data:
            if key not in allowed:
                self.add(f"{path}.{key}" if path else str(key), "is not a known field")

    def choice(self, data: dict, key: str, allowed: tuple[str, ...], path: str) -> str | None:
        where = f"{path}.{key}"
        if key not in data:
            self.add(where, "is missing")
            return None
        value = data[key]
        if not isinstance(value, str) or value not in allowed:
            self.add(where, f"must be one of {', '.join(allowed)}")
            return None
        return value

    def name(self, value: Any, where: str, required: bool) -> str | None:
        if value is None and not required:
            return None
        if not isinstance(value, str):
            self.add(where, "must be a text")
            return None
        cleaned = clean_name(value)
        if not cleaned:
            if required:
                self.add(where, "must not be empty")
            return None
        if len(cleaned) > MAX_NAME:
            self.add(where, f"must be at most {MAX_NAME} characters")
            return None
        return cleaned


def parse_answers(data: Any) -> Answers:
    """Validate an answers document; raise AnswersInvalid listing every problem."""
    c = _Collector()
    if not isinstance(data, dict):
        raise AnswersInvalid([{"field": "(document)", "message": "must be a JSON object"}])
    c.unknown_keys(data, TOP_KEYS, "")
    instrument = data.get("instrument")
    if instrument not in known():
        c.add("instrument", f"must be one of {', '.join(known())}")
    team_name = _team(c, data.get("team"))
    context = _context(c, data.get("context"))
    signs = _signs(c, data.get("signs"))
    candidates = _candidates(c, data.get("candidates", []))
    if c.errors:
        raise AnswersInvalid(c.errors)
    assert instrument is not None and context is not None, "a missing instrument or context is an error"
    return Answers(instrument, team_name, context, signs, candidates)


def _team(c: _Collector, team: Any) -> str | None:
    if team is None:
        return None
    if not isinstance(team, dict):
        c.add("team", "must be an object with a name")
        return None
    c.unknown_keys(team, ("name",), "team")
    return c.name(team.get("name"), "team.name", required=False)


def _context(c: _Collector, context: Any) -> Context | None:
    if not isinstance(context, dict):
        c.add("context", "is missing" if context is None else "must be an object")
        return None
    c.unknown_keys(context, tuple(CONTEXT_LIMITS), "context")
    values: dict[str, Any] = {}
    for key, limit in CONTEXT_LIMITS.items():
        where = f"context.{key}"
        value = context.get(key)
        if key == "deploys_per_week":
            if value is None:
                continue
            if not _is_number(value) or not 0 <= value <= limit:
                c.add(where, f"must be a number from 0 to {limit:,}")
                continue
        elif value is None:
            c.add(where, "is missing")
            continue
        elif not _is_int(value) or not 1 <= value <= limit:
            c.add(where, f"must be a whole number from 1 to {limit:,}")
            continue
        values[key] = value
    if len(values) < 3 or any(k not in values for k in ("engineers", "teams", "services")):
        return None
    return Context(**values)


def _signs(c: _Collector, signs: Any) -> dict[str, str]:
    if not isinstance(signs, dict):
        c.add("signs", "is missing" if signs is None else "must be an object")
        return {}
    c.unknown_keys(signs, SIGN_IDS, "signs")
    for sign in SIGN_IDS:
        if sign in signs:
            if signs[sign] not in SIGN_ANSWERS:
                c.add(f"signs.{sign}", f"must be one of {', '.join(SIGN_ANSWERS)}")
        else:
            c.add(f"signs.{sign}", "is missing")
    return {sign: signs[sign] for sign in SIGN_IDS if sign in signs}


def _candidates(c: _Collector, items: Any) -> tuple[Candidate, ...]:
    if not isinstance(items, list):
        c.add("candidates", "must be a list")
        return ()
    parsed, names = [], set()
    for i, item in enumerate(items):
        path = f"candidates[{i}]"
        if not isinstance(item, dict):
            c.add(path, "must be an object")
            continue
        c.unknown_keys(item, CANDIDATE_KEYS, path)
        name = c.name(item.get("name"), f"{path}.name", required=True)
        if name is not None:
            if name.casefold() in names:
                c.add(f"{path}.name", "is the same as another candidate's name")
            names.add(name.casefold())
        chosen = {q: c.choice(item, q, allowed, path) for q, allowed in CANDIDATE_ANSWERS.items()}
        answers = {q: answer for q, answer in chosen.items() if answer is not None}
        reasons = item.get("reasons")
        if not isinstance(reasons, list) or any(r not in REASONS for r in reasons):
            c.add(f"{path}.reasons", f"must be a list of any of {', '.join(REASONS)} (empty for none)")
            reasons = []
        elif len(set(reasons)) != len(reasons):
            c.add(f"{path}.reasons", "lists a reason twice")
        if name is None or len(answers) < len(chosen):
            continue  # its problems are in c.errors, so no candidate is returned
        parsed.append(Candidate(name, **answers, reasons=tuple(r for r in REASONS if r in reasons)))
    return tuple(parsed)
