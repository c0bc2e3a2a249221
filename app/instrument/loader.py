"""Load and validate a questionnaire file.

A broken file must stop the application from starting, with a message that
names the file and the key, e.g. ``splitcheck-1.yaml: signs[2].weight: must
be a number``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

import yaml

from .model import (
    CANDIDATE_ANSWERS,
    CANDIDATE_VERDICTS,
    FLAGS,
    REASONS,
    SIGN_ANSWERS,
    SIGN_IDS,
    VERDICTS,
    CandidateQuestion,
    ContextField,
    Instrument,
    Label,
    Option,
    PrematureSplitRule,
    Recommendation,
    Sign,
    Trigger,
)

CONTEXT_IDS = ("team", "engineers", "teams", "services", "deploys_per_week")
OPTION_GROUPS = {"sign": SIGN_ANSWERS, **CANDIDATE_ANSWERS, "reasons": REASONS}


class InstrumentError(ValueError):
    """A questionnaire file is invalid; the message names file and key."""


class _Reader:
    """Walks the parsed YAML, remembering where it is for error messages."""

    def __init__(self, source: str):
        self.source = source

    def fail(self, path: str, message: str) -> NoReturn:
        raise InstrumentError(f"{self.source}: {path}: {message}")

    def get(self, data: Any, path: str, key: str, kind: type | tuple, required: bool = True):
        if not isinstance(data, dict):
            self.fail(path, "must be a mapping")
        where = f"{path}.{key}" if path else key
        if key not in data:
            if required:
                self.fail(where, "is missing")
            return None
        value = data[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
            names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            self.fail(where, f"must be {_article(names)}")
        if isinstance(value, str) and not value.strip():
            self.fail(where, "must not be empty")
        return value

    def ids(self, items: list, path: str, expected: tuple[str, ...]) -> None:
        found = tuple(item.get("id") if isinstance(item, dict) else None for item in items)
        if sorted(map(str, found)) != sorted(expected):
            self.fail(path, f"ids must be exactly {', '.join(expected)} (found {', '.join(map(str, found))})")


def _article(name: str) -> str:
    return {"str": "a text", "float": "a number", "int": "a whole number", "dict": "a mapping", "list": "a list"}.get(
        name, name
    )


def load(path: Path) -> Instrument:
    source = path.name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InstrumentError(f"{source}: cannot be read: {exc}") from exc
    r = _Reader(source)
    if not isinstance(data, dict):
        r.fail("(top)", "must be a mapping")
    options = _options(r, r.get(data, "", "answers", dict))
    verdicts_data = r.get(data, "", "verdicts", dict)
    flags_data = r.get(data, "", "flags", dict)
    premature = r.get(flags_data, "flags", "premature_split", dict)
    instrument = Instrument(
        id=r.get(data, "", "id", str),
        title=r.get(data, "", "title", str),
        source=source,
        options=options,
        context=_context(r, r.get(data, "", "context", list)),
        signs=_signs(r, r.get(data, "", "signs", list)),
        candidate_questions=_candidate_questions(r, r.get(data, "", "candidate_questions", list)),
        distributed_monolith_min_yes=r.get(verdicts_data, "verdicts", "distributed_monolith_min_yes", int),
        inconclusive_min_unsure=r.get(verdicts_data, "verdicts", "inconclusive_min_unsure", int),
        verdicts=_labels(r, r.get(verdicts_data, "verdicts", "texts", dict), "verdicts.texts", VERDICTS, True),
        candidate_verdicts=_labels(
            r, r.get(data, "", "candidate_verdicts", dict), "candidate_verdicts", CANDIDATE_VERDICTS, False
        ),
        flags=_labels(r, flags_data, "flags", FLAGS, False),
        premature_split=PrematureSplitRule(
            r.get(premature, "flags.premature_split", "max_services_per_engineer", float),
            r.get(premature, "flags.premature_split", "max_services_per_team", float),
        ),
        unsure_note=r.get(r.get(data, "", "scoring", dict), "scoring", "unsure_note", str).strip(),
        recommendations=_recommendations(r, r.get(data, "", "recommendations", list)),
    )
    return instrument


def _options(r: _Reader, data: dict) -> dict[str, tuple[Option, ...]]:
    options = {}
    for group, expected in OPTION_GROUPS.items():
        items = r.get(data, "answers", group, list)
        r.ids(items, f"answers.{group}", expected)
        parsed = []
        for i, item in enumerate(items):
            where = f"answers.{group}[{i}]"
            points = r.get(item, where, "points", float, required=group == "sign")
            if points is not None and not 0 <= points <= 1:
                r.fail(f"{where}.points", "must be between 0 and 1")
            parsed.append(
                Option(
                    str(item["id"]),
                    r.get(item, where, "label", str),
                    points,
                    r.get(item, where, "note", str, required=False),
                )
            )
        options[group] = tuple(parsed)
    points = {o.id: o.points for o in options["sign"]}
    if not points["no"] < points["partly"] < points["yes"]:
        r.fail("answers.sign", "points must rise from no to partly to yes, or the score would not be monotonic")
    return options


def _context(r: _Reader, items: list) -> tuple[ContextField, ...]:
    r.ids(items, "context", CONTEXT_IDS)
    fields = []
    for i, item in enumerate(items):
        where = f"context[{i}]"
        kind = r.get(item, where, "kind", str)
        if kind not in ("text", "integer", "number"):
            r.fail(f"{where}.kind", "must be text, integer or number")
        fields.append(
            ContextField(
                id=item["id"],
                label=r.get(item, where, "label", str),
                help=r.get(item, where, "help", str),
                kind=kind,
                required=r.get(item, where, "required", bool, required=False) is not False,
                min=r.get(item, where, "min", float, required=False),
                max=r.get(item, where, "max", float, required=False),
                max_length=r.get(item, where, "max_length", int, required=False),
            )
        )
    return tuple(fields)


def _signs(r: _Reader, items: list) -> tuple[Sign, ...]:
    r.ids(items, "signs", SIGN_IDS)
    signs = []
    for i, item in enumerate(items):
        where = f"signs[{i}]"
        meaning = r.get(item, where, "meaning", dict)
        for answer in SIGN_ANSWERS:
            r.get(meaning, f"{where}.meaning", answer, str)
        weight = r.get(item, where, "weight", float)
        if weight <= 0:
            r.fail(f"{where}.weight", "must be greater than 0")
        signs.append(
            Sign(
                id=item["id"],
                title=r.get(item, where, "title", str),
                statement=r.get(item, where, "statement", str),
                explanation=r.get(item, where, "explanation", str),
                example=r.get(item, where, "example", str),
                weight=weight,
                meaning={a: meaning[a] for a in SIGN_ANSWERS},
            )
        )
    return tuple(signs)


def _candidate_questions(r: _Reader, items: list) -> tuple[CandidateQuestion, ...]:
    r.ids(items, "candidate_questions", (*CANDIDATE_ANSWERS, "reasons"))
    return tuple(
        CandidateQuestion(
            item["id"],
            r.get(item, f"candidate_questions[{i}]", "question", str),
            r.get(item, f"candidate_questions[{i}]", "help", str),
        )
        for i, item in enumerate(items)
    )


def _labels(r: _Reader, data: dict, path: str, ids: tuple[str, ...], headline: bool) -> dict[str, Label]:
    labels = {}
    for label_id in ids:
        item = r.get(data, path, label_id, dict)
        where = f"{path}.{label_id}"
        labels[label_id] = Label(
            r.get(item, where, "label", str),
            r.get(item, where, "summary", str),
            r.get(item, where, "headline", str) if headline else None,
        )
    return labels


def _recommendations(r: _Reader, items: list) -> tuple[Recommendation, ...]:
    if len(items) < 12:
        r.fail("recommendations", f"needs at least 12 recommendations (found {len(items)})")
    recs, seen = [], set()
    for i, item in enumerate(items):
        where = f"recommendations[{i}]"
        rec_id = r.get(item, where, "id", str)
        if rec_id in seen:
            r.fail(f"{where}.id", f"{rec_id!r} is used twice")
        seen.add(rec_id)
        steps = r.get(item, where, "steps", list)
        if not steps or not all(isinstance(s, str) and s.strip() for s in steps):
            r.fail(f"{where}.steps", "must be a list of one or more texts")
        recs.append(
            Recommendation(
                id=rec_id,
                priority=r.get(item, where, "priority", int),
                title=r.get(item, where, "title", str),
                why=r.get(item, where, "why", str),
                steps=tuple(steps),
                when=_trigger(r, r.get(item, where, "when", dict), f"{where}.when"),
            )
        )
    return tuple(recs)


def _trigger(r: _Reader, data: dict, where: str) -> Trigger:
    def choices(key: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
        values = r.get(data, where, key, list)
        for value in values:
            if value not in allowed:
                r.fail(f"{where}.{key}", f"{value!r} is not one of {', '.join(allowed)}")
        return tuple(values)

    kinds = [k for k in ("signs", "verdict", "flags", "candidates", "all_signs") if k in data]
    if not kinds and "answers" in data:
        return Trigger("signs", SIGN_IDS, choices("answers", SIGN_ANSWERS))
    if len(kinds) != 1:
        r.fail(where, "must have exactly one of signs, answers, verdict, flags, candidates, all_signs")
    kind = kinds[0]
    if kind == "signs":
        return Trigger("signs", choices("signs", SIGN_IDS), choices("answers", SIGN_ANSWERS))
    if kind == "verdict":
        return Trigger("verdict", verdicts=choices("verdict", VERDICTS))
    if kind == "flags":
        return Trigger("flags", flags=choices("flags", FLAGS))
    if kind == "all_signs":
        return Trigger("all_signs", answers=choices("all_signs", SIGN_ANSWERS))
    return _candidate_trigger(r, r.get(data, where, "candidates", dict), where)


def _candidate_trigger(r: _Reader, questions: dict, where: str) -> Trigger:
    """A candidates trigger: questions and the answers that fire it, and an optional `verdict`
    (the candidate verdicts it applies to), which narrows the candidates but fires nothing."""
    candidate: dict[str, tuple[str, ...]] = {}
    verdicts: tuple[str, ...] = ()
    if "verdict" in questions:
        verdicts = _choices_of(r, questions["verdict"], CANDIDATE_VERDICTS, f"{where}.candidates.verdict")
    if not any(question != "verdict" for question in questions):
        r.fail(
            f"{where}.candidates",
            "must name at least one candidate question"
            + (" besides verdict (verdict only narrows which candidates the questions apply to)" if verdicts else ""),
        )
    for question, values in questions.items():
        if question == "verdict":
            continue
        allowed = ("none",) if question == "reasons" else CANDIDATE_ANSWERS.get(question)
        if allowed is None:
            r.fail(f"{where}.candidates", f"{question!r} is not a candidate question")
        candidate[question] = _choices_of(r, values, allowed, f"{where}.candidates.{question}")
    return Trigger("candidates", candidate=candidate, candidate_verdicts=verdicts)


def _choices_of(r: _Reader, values: Any, allowed: tuple[str, ...], where: str) -> tuple[str, ...]:
    if not isinstance(values, list) or not values:
        r.fail(where, "must be a non-empty list")
    for value in values:
        if value not in allowed:
            r.fail(where, f"{value!r} is not one of {', '.join(allowed)}")
    return tuple(values)
