"""The answers document (CONTRACT.md): parse and validate, listing every problem.

Nothing is half-scored: either every field is valid and an `Answers` comes
back, or `AnswersInvalid` lists each problem with the path of its field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.instrument import CURRENT, NO_REASON, Instrument, get, installed, known

MAX_NAME = 200
TOP_KEYS = ("instrument", "team", "context", "signs", "candidates")

# The context's numbers by field id (the answers document's `context`); optional ones may be absent.
Context = dict[str, int | float]


@dataclass(frozen=True)
class Candidate:
    """A service the team might split out: its name and its answers by question id (a text for a
    choice question, the ticked answers for a multiple-choice one)."""

    name: str
    answers: dict[str, str | tuple[str, ...]]

    def choice(self, question: str) -> str:
        value = self.answers[question]
        assert isinstance(value, str), f"{question} is not a choice question"
        return value

    def ticked(self, question: str) -> tuple[str, ...]:
        value = self.answers[question]
        assert isinstance(value, tuple), f"{question} is not a multiple-choice question"
        return value


@dataclass(frozen=True)
class Answers:
    instrument: str
    team_name: str | None
    context: Context
    signs: dict[str, str]
    candidates: tuple[Candidate, ...] = ()

    def to_document(self) -> dict[str, Any]:
        """The answers document again, in CONTRACT.md's shape (in the instrument's order, as parsed)."""
        doc: dict[str, Any] = {"instrument": self.instrument}
        if self.team_name is not None:
            doc["team"] = {"name": self.team_name}
        doc["context"] = dict(self.context)
        doc["signs"] = dict(self.signs)
        doc["candidates"] = [
            {"name": c.name, **{q: list(a) if isinstance(a, tuple) else a for q, a in c.answers.items()}}
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


def parse_answers(data: Any, find: Callable[[object], Instrument | None] = installed) -> Answers:
    """Validate an answers document against its instrument; raise AnswersInvalid listing every
    problem. A document for an unknown instrument is also checked against the current one, so
    its other problems are listed too.

    `find` looks the instrument up: by default only the built-in and installed ones, which anyone
    may use; the answers of an assessment stored with a workspace's lens are read with
    `app.instrument.find`, which also knows the published lenses."""
    c = _Collector()
    if not isinstance(data, dict):
        raise AnswersInvalid([{"field": "(document)", "message": "must be a JSON object"}])
    c.unknown_keys(data, TOP_KEYS, "")
    instrument = find(data.get("instrument"))
    if instrument is None:
        c.add("instrument", f"must be one of {', '.join(known())}")
        instrument = get(CURRENT)
    team_name = _team(c, data.get("team"))
    context = _context(c, data.get("context"), instrument)
    signs = _signs(c, data.get("signs"), instrument)
    candidates = _candidates(c, data.get("candidates", []), instrument)
    if c.errors:
        raise AnswersInvalid(c.errors)
    assert context is not None, "a missing context is an error"
    return Answers(instrument.id, team_name, context, signs, candidates)


def _team(c: _Collector, team: Any) -> str | None:
    if team is None:
        return None
    if not isinstance(team, dict):
        c.add("team", "must be an object with a name")
        return None
    c.unknown_keys(team, ("name",), "team")
    return c.name(team.get("name"), "team.name", required=False)


def _context(c: _Collector, context: Any, instrument: Instrument) -> Context | None:
    if not isinstance(context, dict):
        c.add("context", "is missing" if context is None else "must be an object")
        return None
    numbers = instrument.numbers
    c.unknown_keys(context, tuple(f.id for f in numbers), "context")
    values: Context = {}
    for f in numbers:
        where, value = f"context.{f.id}", context.get(f.id)
        assert f.min is not None and f.max is not None, "the loader requires limits on every number"
        if value is None:
            if f.required:
                c.add(where, "is missing")
            continue
        if f.kind == "integer":
            if not _is_int(value) or not f.min <= value <= f.max:
                c.add(where, f"must be a whole number from {f.min:,.0f} to {f.max:,.0f}")
                continue
        elif not _is_number(value) or not f.min <= value <= f.max:
            c.add(where, f"must be a number from {f.min:,.0f} to {f.max:,.0f}")
            continue
        values[f.id] = value
    return values


def _signs(c: _Collector, signs: Any, instrument: Instrument) -> dict[str, str]:
    if not isinstance(signs, dict):
        c.add("signs", "is missing" if signs is None else "must be an object")
        return {}
    ids, answers = instrument.sign_ids, instrument.sign_answers
    c.unknown_keys(signs, ids, "signs")
    for sign in ids:
        if sign in signs:
            if signs[sign] not in answers:
                c.add(f"signs.{sign}", f"must be one of {', '.join(answers)}")
        else:
            c.add(f"signs.{sign}", "is missing")
    return {sign: signs[sign] for sign in ids if sign in signs}


def _candidates(c: _Collector, items: Any, instrument: Instrument) -> tuple[Candidate, ...]:
    if not isinstance(items, list):
        c.add("candidates", "must be a list")
        return ()
    parsed, names = [], set()
    for i, item in enumerate(items):
        path = f"candidates[{i}]"
        if not isinstance(item, dict):
            c.add(path, "must be an object")
            continue
        c.unknown_keys(item, ("name", *instrument.candidate_ids), path)
        name = c.name(item.get("name"), f"{path}.name", required=True)
        if name is not None:
            if name.casefold() in names:
                c.add(f"{path}.name", "is the same as another candidate's name")
            names.add(name.casefold())
        answers = {
            q.id: _answer(c, item, q.id, q.kind, instrument.answers_to(q.id), path)
            for q in instrument.candidate_questions
        }
        if name is None or any(a is None for a in answers.values()):
            continue  # its problems are in c.errors, so no candidate is returned
        parsed.append(Candidate(name, {q: a for q, a in answers.items() if a is not None}))
    return tuple(parsed)


def _answer(
    c: _Collector, item: dict, question: str, kind: str, allowed: tuple[str, ...], path: str
) -> str | tuple[str, ...] | None:
    if kind == "choice":
        return c.choice(item, question, allowed, path)
    ticked = item.get(question)
    where = f"{path}.{question}"
    if not isinstance(ticked, list) or any(t not in allowed for t in ticked):
        c.add(where, f"must be a list of any of {', '.join(allowed)} (empty for {NO_REASON})")
        return None
    if len(set(ticked)) != len(ticked):
        c.add(where, "lists an answer twice")
        return None
    return tuple(a for a in allowed if a in ticked)
