"""Load and validate a questionnaire file.

Every problem in a file is listed, each as ``file: key: problem``, e.g.
``splitcheck-1.yaml: signs[2].weight: must be a number``; a broken built-in
file stops the application from starting with that list.

Which questions exist is the file's to say; what the loader checks is that the
file holds together: ids are unique, every answer a rule or a recommendation
names exists, points keep the score monotonic, limits are in range, and no key
is unknown (a misspelt key would otherwise be silently ignored).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import yaml

from .model import (
    CANDIDATE_VERDICTS,
    FLAGS,
    MEANINGS,
    NO_REASON,
    VERDICTS,
    CandidateQuestion,
    ContextField,
    Instrument,
    Label,
    Option,
    Phase,
    PrematureSplitRule,
    Recommendation,
    Sign,
    Trigger,
)

T = TypeVar("T")

# Limits that keep a questionnaire a questionnaire (and a file from anyone a small one).
MAX_FILE_BYTES = 256 * 1024
MAX_SIGNS = 40
MAX_CANDIDATE_QUESTIONS = 20
MAX_OPTIONS = 12
MAX_CONTEXT = 12
MAX_RECOMMENDATIONS = 200
MAX_PHASES = 6
MAX_STEPS = 12
MAX_TEXT = 2_000
MAX_ID = 40

# The instruments that come with the product, by id; a file may extend one of them.
BUILT_IN = {"splitcheck/1": "splitcheck-1.yaml"}
MAX_INSTRUMENT_ID = 32

TOP_KEYS = (
    "id",
    "extends",
    "title",
    "answers",
    "context",
    "signs",
    "candidate_questions",
    "verdicts",
    "candidate_verdicts",
    "flags",
    "scoring",
    "phases",
    "recommendations",
)


class InstrumentError(ValueError):
    """A questionnaire file is invalid; `problems` lists each as ``file: key: problem``."""

    def __init__(self, problems: str | Iterable[str]):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


class _Skip(Exception):
    """The part being read is broken (its problem is noted); go on with the next one."""


class _Reader:
    """Walks the parsed YAML, noting every problem with the key it was found at.

    For a file that extends a built-in instrument, `offsets` holds how many items each list of
    the built-in one has, so a problem in the file's own third sign is named signs[2]."""

    def __init__(self, source: str, offsets: dict[str, int] | None = None):
        self.source = source
        self.offsets = offsets or {}
        self.problems: list[str] = []
        # The sign ids the file names, read or not: a trigger naming a sign whose own entry has a
        # problem is not a second problem.
        self.sign_ids: tuple[str, ...] = ()

    def note(self, path: str, message: str) -> None:
        section, bracket, rest = path.partition("[")
        if bracket and section in self.offsets:
            index, _, tail = rest.partition("]")
            if index.isdigit() and int(index) >= self.offsets[section]:
                path = f"{section}[{int(index) - self.offsets[section]}]{tail}"
        self.problems.append(f"{self.source}: {path}: {message}")

    def fail(self, path: str, message: str) -> NoReturn:
        self.note(path, message)
        raise _Skip

    def part(self, read: Callable[[], T], default: T) -> T:
        """`read()`, or `default` when the part is broken (its problems are noted)."""
        try:
            return read()
        except _Skip:
            return default

    def each(self, items: list, path: str, read: Callable[[Any, str], T], limit: int) -> list[T]:
        """Every item that reads well, each broken one noted; at most `limit` items."""
        if len(items) > limit:
            self.note(path, f"has {len(items)} entries; at most {limit} are allowed")
        found = []
        for i, item in enumerate(items[:limit]):
            try:
                found.append(read(item, f"{path}[{i}]"))
            except _Skip:
                pass
        return found

    def mapping(self, data: Any, path: str, allowed: tuple[str, ...]) -> dict:
        if not isinstance(data, dict):
            self.fail(path or "(top)", "must be a mapping")
        for key in data:
            if key not in allowed:
                self.note(f"{path}.{key}" if path else str(key), "is not a known key")
        return data

    def get(self, data: Any, path: str, key: str, kind: type | tuple, required: bool = True) -> Any:
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
        if isinstance(value, str):
            if not value.strip():
                self.fail(where, "must not be empty")
            if len(value) > MAX_TEXT:
                self.fail(where, f"must be at most {MAX_TEXT:,} characters")
        return value

    def ident(self, data: Any, path: str, key: str = "id") -> str:
        value = self.get(data, path, key, str)
        if len(value) > MAX_ID or not all(ch.isascii() and (ch.isalnum() or ch in "_-") for ch in value):
            self.fail(f"{path}.{key}", f"must be at most {MAX_ID} letters, digits, - or _ (found {value!r})")
        return value

    def unique(self, items: list, path: str) -> None:
        """Each item's id once: positions as in the file, whatever else is wrong with an item."""
        seen: set[str] = set()
        for i, item in enumerate(items):
            value = item.get("id") if isinstance(item, dict) else None
            if not isinstance(value, str):
                continue
            if value in seen:
                self.note(f"{path}[{i}].id", f"{value!r} is used twice")
            seen.add(value)

    def choices(self, values: Any, allowed: Iterable[str], where: str) -> tuple[str, ...]:
        allowed = tuple(allowed)
        if not isinstance(values, list) or not values:
            self.fail(where, "must be a non-empty list")
        for value in values:
            if value not in allowed:
                self.fail(where, f"{value!r} is not one of {', '.join(allowed) or '(none)'}")
        return tuple(values)


def _article(name: str) -> str:
    return {"str": "a text", "float": "a number", "int": "a whole number", "dict": "a mapping", "list": "a list"}.get(
        name, name
    )


def load(path: Path) -> Instrument:
    """The instrument in the file at `path`; InstrumentError listing every problem."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise InstrumentError(f"{path.name}: is larger than {MAX_FILE_BYTES // 1024} KB")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InstrumentError(f"{path.name}: cannot be read: {exc}") from exc
    return loads(text, path.name)


def loads(text: str, source: str) -> Instrument:
    """The instrument in `text` (YAML), named `source` in messages; InstrumentError listing every problem."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InstrumentError(f"{source}: cannot be read: {exc}") from exc
    offsets: dict[str, int] = {}
    if isinstance(data, dict) and "extends" in data:
        data, offsets, problem = _extended(data)
        if problem:
            raise InstrumentError(f"{source}: extends: {problem}")
    r = _Reader(source, offsets)
    instrument = r.part(lambda: _instrument(r, data, source), None)
    if r.problems or instrument is None:
        raise InstrumentError(r.problems)
    return instrument


LISTS = ("context", "signs", "candidate_questions", "recommendations", "phases")
MAPPINGS = ("answers", "verdicts", "candidate_verdicts", "flags", "scoring")


def _extended(data: dict) -> tuple[dict, dict[str, int], str | None]:
    """A file that `extends` a built-in instrument, merged onto it: its context fields, signs,
    candidate questions and recommendations come after the built-in ones (an id used by both is
    a problem the checks name); its answers, verdict texts, flags and scoring keys are added to
    the built-in ones or replace them. Returns the merged data, the built-in lists' lengths and a
    problem, if any."""
    base_id = data["extends"]
    if base_id not in BUILT_IN:
        return data, {}, f"must be one of {', '.join(BUILT_IN)} (found {base_id!r})"
    base = yaml.safe_load((Path(__file__).parent / BUILT_IN[base_id]).read_text(encoding="utf-8"))
    merged = {key: value for key, value in base.items() if key not in ("id", "title")}
    offsets = {key: len(base.get(key, [])) for key in LISTS}
    for key, value in data.items():
        if key == "extends":
            continue
        if key in LISTS and isinstance(value, list):
            merged[key] = [*base.get(key, []), *value]
        elif key in MAPPINGS and isinstance(value, dict):
            merged[key] = {**base.get(key, {}), **value}
        else:
            merged[key] = value
    return merged, offsets, None


def _instrument(r: _Reader, data: Any, source: str) -> Instrument:
    r.mapping(data, "", TOP_KEYS)
    signs_given = data.get("signs") if isinstance(data.get("signs"), list) else []
    r.sign_ids = tuple(item["id"] for item in signs_given if isinstance(item, dict) and isinstance(item.get("id"), str))
    answers: dict = r.part(lambda: r.mapping(r.get(data, "", "answers", dict), "answers", tuple(data["answers"])), {})
    options: dict[str, tuple[Option, ...]] = r.part(lambda: _options(r, answers), {})
    sign_answers = tuple(o.id for o in options.get("sign", ()))
    context: tuple[ContextField, ...] = r.part(lambda: _context(r, r.get(data, "", "context", list)), ())
    signs: tuple[Sign, ...] = r.part(lambda: _signs(r, r.get(data, "", "signs", list), sign_answers), ())
    questions: tuple[CandidateQuestion, ...] = r.part(
        lambda: _candidate_questions(r, r.get(data, "", "candidate_questions", list), options), ()
    )
    for group in options:
        if group != "sign" and group not in {q.id for q in questions}:
            r.note(f"answers.{group}", "answers no candidate question (its id must be a candidate question's)")
    verdicts_data: dict = r.part(lambda: r.mapping(r.get(data, "", "verdicts", dict), "verdicts", _VERDICT_KEYS), {})
    flags_data: dict = r.part(lambda: r.mapping(r.get(data, "", "flags", dict), "flags", FLAGS), {})
    scoring: dict = r.part(lambda: r.mapping(r.get(data, "", "scoring", dict), "scoring", ("unsure_note",)), {})
    instrument = Instrument(
        id=r.part(lambda: _instrument_id(r, data), ""),
        title=r.part(lambda: r.get(data, "", "title", str), ""),
        source=source,
        options=options,
        context=context,
        signs=signs,
        candidate_questions=questions,
        distributed_monolith_min_yes=r.part(
            lambda: _threshold(r, verdicts_data, "distributed_monolith_min_yes", signs), 0
        ),
        inconclusive_min_unsure=r.part(lambda: _threshold(r, verdicts_data, "inconclusive_min_unsure", signs), 0),
        verdicts=r.part(
            lambda: _labels(r, r.get(verdicts_data, "verdicts", "texts", dict), "verdicts.texts", VERDICTS, True), {}
        ),
        candidate_verdicts=r.part(
            lambda: _labels(
                r, r.get(data, "", "candidate_verdicts", dict), "candidate_verdicts", CANDIDATE_VERDICTS, False
            ),
            {},
        ),
        flags=r.part(lambda: _labels(r, flags_data, "flags", FLAGS, False, _FLAG_KEYS), {}),
        premature_split=r.part(
            lambda: _premature(r, r.get(flags_data, "flags", "premature_split", dict), context),
            PrematureSplitRule("", ()),
        ),
        unsure_note=r.part(lambda: r.get(scoring, "scoring", "unsure_note", str).strip(), ""),
        recommendations=(),
        phases=r.part(lambda: _phases(r, r.get(data, "", "phases", list)), ()),
    )
    recommendations: tuple[Recommendation, ...] = r.part(
        lambda: _recommendations(r, r.get(data, "", "recommendations", list), instrument), ()
    )
    return replace(instrument, recommendations=recommendations)


_VERDICT_KEYS = ("distributed_monolith_min_yes", "inconclusive_min_unsure", "texts")
_FLAG_KEYS = ("label", "summary", "count", "at_most_per")


def _instrument_id(r: _Reader, data: dict) -> str:
    value = r.get(data, "", "id", str)
    if len(value) > MAX_INSTRUMENT_ID:
        r.fail("id", f"must be at most {MAX_INSTRUMENT_ID} characters (found {len(value)})")
    name, _, version = value.partition("/")
    if not name or not version.isdigit() or not all(ch.isascii() and (ch.isalnum() or ch in "_-") for ch in name):
        r.fail("id", f"must be a name and a version number, like acme-platform/2 (found {value!r})")
    return value


def _options(r: _Reader, data: dict) -> dict[str, tuple[Option, ...]]:
    options: dict[str, tuple[Option, ...]] = {}
    for group, items in data.items():
        where = f"answers.{group}"
        if not isinstance(items, list) or not items:
            r.note(where, "must be a non-empty list")
            continue
        parsed = r.each(items, where, _option_reader(r, group), MAX_OPTIONS)
        r.unique(items, where)
        options[group] = tuple(parsed)
    if "sign" not in data:
        r.fail("answers.sign", "is missing")
    _check_sign_answers(r, options.get("sign", ()))
    for group, given in options.items():
        if group != "sign" and sum(o.means == "unknown" for o in given) > 1:
            r.note(f"answers.{group}", "has more than one answer with means: unknown")
    return options


def _option_reader(r: _Reader, group: str) -> Callable[[Any, str], Option]:
    return lambda item, where: _option(r, item, where, group)


def _option(r: _Reader, item: Any, where: str, group: str) -> Option:
    r.mapping(item, where, ("id", "label", "points", "note", "means"))
    points = r.get(item, where, "points", float, required=group == "sign")
    if points is not None and not 0 <= points <= 1:
        r.fail(f"{where}.points", "must be between 0 and 1")
    means = r.get(item, where, "means", str, required=group == "sign")
    allowed = MEANINGS if group == "sign" else ("unknown",)
    if means is not None and means not in allowed:
        r.fail(f"{where}.means", f"must be one of {', '.join(allowed)}")
    return Option(
        r.ident(item, where),
        r.get(item, where, "label", str),
        points,
        r.get(item, where, "note", str, required=False),
        means,
    )


def _check_sign_answers(r: _Reader, options: tuple[Option, ...]) -> None:
    meanings = [o.means for o in options]
    for means in MEANINGS:
        if meanings.count(means) != 1:
            r.fail("answers.sign", f"needs exactly one answer with means: {means} (found {meanings.count(means)})")
    points = {o.means: o.points for o in options}
    if not points["absent"] < points["partly"] < points["present"]:  # type: ignore[operator]
        r.fail("answers.sign", "points must rise from absent to partly to present, or the score would not be monotonic")


def _context(r: _Reader, items: list) -> tuple[ContextField, ...]:
    fields = r.each(items, "context", lambda item, at: _context_field(r, item, at), MAX_CONTEXT)
    r.unique(items, "context")
    for i, f in enumerate(fields):
        if (f.kind == "text") != (f.id == "team"):
            r.note(f"context[{i}]", "the one text field is `team`, the name of what is assessed (team.name)")
    return tuple(fields)


def _context_field(r: _Reader, item: Any, where: str) -> ContextField:
    r.mapping(item, where, ("id", "label", "help", "kind", "required", "min", "max", "max_length", "one", "many"))
    kind = r.get(item, where, "kind", str)
    if kind not in ("text", "integer", "number"):
        r.fail(f"{where}.kind", "must be text, integer or number")
    low = r.get(item, where, "min", float, required=kind != "text")
    high = r.get(item, where, "max", float, required=kind != "text")
    if low is not None and high is not None and not 0 <= low <= high:
        r.fail(f"{where}.max", "must be at least min, and min at least 0")
    return ContextField(
        id=r.ident(item, where),
        label=r.get(item, where, "label", str),
        help=r.get(item, where, "help", str),
        kind=kind,
        required=r.get(item, where, "required", bool, required=False) is not False,
        min=low,
        max=high,
        max_length=r.get(item, where, "max_length", int, required=False),
        one=r.get(item, where, "one", str, required=False),
        many=r.get(item, where, "many", str, required=False),
    )


def _signs(r: _Reader, items: list, answers: tuple[str, ...]) -> tuple[Sign, ...]:
    if not items:
        r.fail("signs", "needs at least one sign")
    signs = r.each(items, "signs", lambda item, at: _sign(r, item, at, answers), MAX_SIGNS)
    r.unique(items, "signs")
    return tuple(signs)


def _sign(r: _Reader, item: Any, where: str, answers: tuple[str, ...]) -> Sign:
    r.mapping(item, where, ("id", "title", "statement", "explanation", "example", "weight", "meaning", "section"))
    meaning = r.mapping(r.get(item, where, "meaning", dict), f"{where}.meaning", answers)
    for answer in answers:
        r.get(meaning, f"{where}.meaning", answer, str)
    weight = r.get(item, where, "weight", float)
    if not 0 < weight <= 100:
        r.fail(f"{where}.weight", "must be greater than 0 and at most 100")
    return Sign(
        id=r.ident(item, where),
        title=r.get(item, where, "title", str),
        statement=r.get(item, where, "statement", str),
        explanation=r.get(item, where, "explanation", str),
        example=r.get(item, where, "example", str),
        weight=weight,
        meaning={a: meaning[a] for a in answers},
        section=r.get(item, where, "section", str, required=False),
    )


_QUESTION_KEYS = ("id", "question", "help", "kind", "keeps_module", "ready", "problem", "fixed", "none_label")


def _candidate_questions(r: _Reader, items: list, options: dict) -> tuple[CandidateQuestion, ...]:
    questions = r.each(
        items,
        "candidate_questions",
        lambda item, at: _candidate_question(r, item, at, options),
        MAX_CANDIDATE_QUESTIONS,
    )
    r.unique(items, "candidate_questions")
    if any(q.id == "name" for q in questions):
        r.note("candidate_questions", "'name' is the candidate's name, not a question id")
    return tuple(questions)


def _candidate_question(r: _Reader, item: Any, where: str, options: dict) -> CandidateQuestion:
    r.mapping(item, where, _QUESTION_KEYS)
    question_id = r.ident(item, where)
    kind = r.get(item, where, "kind", str, required=False) or "choice"
    if kind not in ("choice", "multiple"):
        r.fail(f"{where}.kind", "must be choice or multiple")
    if question_id not in options:
        r.fail(where, f"has no answers: add answers.{question_id}")
    answers = tuple(o.id for o in options[question_id])
    allowed = (NO_REASON,) if kind == "multiple" else answers
    keeps = item.get("keeps_module")
    ready = r.get(item, where, "ready", str, required=False)
    if ready is not None and (kind != "choice" or ready not in answers):
        r.fail(f"{where}.ready", f"must be one of {', '.join(answers)} (on a choice question)")
    if kind == "multiple" and NO_REASON in answers:
        r.fail(f"answers.{question_id}", f"{NO_REASON!r} stands for nothing ticked and cannot be an answer's id")
    if kind == "multiple" and any(o.means for o in options[question_id]):
        r.fail(f"answers.{question_id}", "the answers of a multiple-choice question have no means")
    return CandidateQuestion(
        id=question_id,
        question=r.get(item, where, "question", str),
        help=r.get(item, where, "help", str),
        kind=kind,
        keeps_module=r.choices(keeps, allowed, f"{where}.keeps_module") if keeps is not None else (),
        ready=ready,
        problem=r.get(item, where, "problem", str, required=False),
        fixed=r.get(item, where, "fixed", str, required=False),
        none_label=r.get(item, where, "none_label", str, required=kind == "multiple"),
    )


def _threshold(r: _Reader, data: dict, key: str, signs: tuple[Sign, ...]) -> int:
    value = r.get(data, "verdicts", key, int)
    if signs and not 1 <= value <= len(signs):
        r.fail(f"verdicts.{key}", f"must be from 1 to the number of signs ({len(signs)})")
    return value


def _labels(
    r: _Reader, data: dict, path: str, ids: tuple[str, ...], headline: bool, extra: tuple[str, ...] = ()
) -> dict[str, Label]:
    """Verdict texts (with a headline, and a wording per flag under `flagged`), candidate
    verdict texts (with `flagged`) or flag texts (`extra`: the flag's own keys)."""
    r.mapping(data, path, ids)
    labels = {}
    for label_id in ids:
        where = f"{path}.{label_id}"
        if not isinstance(data.get(label_id), dict):
            r.note(where, "is missing" if label_id not in data else "must be a mapping")
            continue
        item = data[label_id]
        keys = ("label", "summary", "headline", "flagged") if headline else ("label", "summary", "flagged")
        r.mapping(item, where, extra or keys)
        label = Label(
            r.get(item, where, "label", str),
            r.get(item, where, "summary", str),
            r.get(item, where, "headline", str) if headline else None,
        )
        flagged = r.get(item, where, "flagged", dict, required=False) if not extra else None
        labels[label_id] = replace(label, flagged=_flagged(r, flagged, f"{where}.flagged", label)) if flagged else label
    return labels


def _flagged(r: _Reader, data: dict, where: str, plain: Label) -> dict[str, Label]:
    """The wordings to use while a flag is raised: `summary`, and optionally `label` and
    `headline` (else the plain ones)."""
    r.mapping(data, where, FLAGS)
    keys = ("label", "summary", "headline") if plain.headline is not None else ("label", "summary")
    worded = {}
    for flag, item in data.items():
        at = f"{where}.{flag}"
        r.mapping(item, at, keys)
        worded[flag] = Label(
            r.get(item, at, "label", str, required=False) or plain.label,
            r.get(item, at, "summary", str),
            r.get(item, at, "headline", str, required=False) or plain.headline,
        )
    return worded


_PHASE_KEYS = ("id", "title", "intro", "then_title", "then_intro")


def _phases(r: _Reader, items: list) -> tuple[Phase, ...]:
    if not items:
        r.fail("phases", "needs at least one phase")

    def read(item: Any, where: str) -> Phase:
        r.mapping(item, where, _PHASE_KEYS)
        title, intro = r.get(item, where, "title", str), r.get(item, where, "intro", str)
        then_title = r.get(item, where, "then_title", str, required=False) or title
        then_intro = r.get(item, where, "then_intro", str, required=False) or intro
        return Phase(r.ident(item, where), title, intro, then_title, then_intro)

    phases = r.each(items, "phases", read, MAX_PHASES)
    r.unique(items, "phases")
    return tuple(phases)


def _premature(r: _Reader, data: dict, context: tuple[ContextField, ...]) -> PrematureSplitRule:
    numbers = tuple(f.id for f in context if f.kind != "text")
    where = "flags.premature_split"
    count = r.get(data, where, "count", str)
    if count not in numbers:
        r.fail(f"{where}.count", f"must be one of the context's numbers: {', '.join(numbers)}")
    per = r.get(data, where, "at_most_per", dict)
    if not per:
        r.fail(f"{where}.at_most_per", "must name at least one context number and its limit")
    limits = []
    for field_id, limit in per.items():
        if field_id not in numbers or field_id == count:
            r.fail(f"{where}.at_most_per.{field_id}", f"must be another of the context's numbers: {', '.join(numbers)}")
        if isinstance(limit, bool) or not isinstance(limit, int | float) or limit <= 0:
            r.fail(f"{where}.at_most_per.{field_id}", "must be a number greater than 0")
        limits.append((field_id, float(limit)))
    required = {f.id for f in context if f.required}
    for field_id in (count, *per):
        if field_id not in required:
            r.fail(f"{where}", f"uses {field_id!r}, which must be a required context number")
    return PrematureSplitRule(count, tuple(limits))


def _recommendations(r: _Reader, items: list, instrument: Instrument) -> tuple[Recommendation, ...]:
    if not items:
        r.fail("recommendations", "needs at least one recommendation")
    recs = r.each(
        items, "recommendations", lambda item, at: _recommendation(r, item, at, instrument), MAX_RECOMMENDATIONS
    )
    r.unique(items, "recommendations")
    ids = {rec.id for rec in recs}
    for i, rec in enumerate(recs):
        for other in rec.continues:
            if other not in ids or other == rec.id:
                r.note(f"recommendations[{i}].continues", f"{other!r} is not another recommendation of this file")
    return tuple(recs)


def _recommendation(r: _Reader, item: Any, where: str, instrument: Instrument) -> Recommendation:
    r.mapping(item, where, ("id", "priority", "phase", "title", "why", "steps", "when", "continues"))
    steps = r.get(item, where, "steps", list)
    if not steps or len(steps) > MAX_STEPS or not all(isinstance(s, str) and s.strip() for s in steps):
        r.fail(f"{where}.steps", f"must be a list of 1 to {MAX_STEPS} texts")
    phases = tuple(p.id for p in instrument.phases)
    phase = r.get(item, where, "phase", str)
    if phase not in phases:
        r.fail(f"{where}.phase", f"{phase!r} is not one of the phases: {', '.join(phases) or '(none)'}")
    continues = item.get("continues")
    if continues is not None and (not isinstance(continues, list) or not all(isinstance(c, str) for c in continues)):
        r.fail(f"{where}.continues", "must be a list of recommendation ids")
    return Recommendation(
        id=r.ident(item, where),
        priority=r.get(item, where, "priority", int),
        title=r.get(item, where, "title", str),
        why=r.get(item, where, "why", str),
        steps=tuple(steps),
        when=_trigger(r, r.get(item, where, "when", dict), f"{where}.when", instrument),
        phase=phase,
        continues=tuple(continues or ()),
    )


def _trigger(r: _Reader, data: dict, where: str, instrument: Instrument) -> Trigger:
    sign_answers = instrument.sign_answers if "sign" in instrument.options else ()
    kinds = [k for k in ("signs", "verdict", "flags", "candidates", "all_signs") if k in data]
    r.mapping(data, where, ("signs", "answers", "verdict", "flags", "candidates", "all_signs"))
    if not kinds and "answers" in data:
        return Trigger("signs", r.sign_ids, r.choices(data["answers"], sign_answers, f"{where}.answers"))
    if kinds == ["flags", "candidates"]:  # advice for candidates while a flag is raised
        flags = r.choices(data["flags"], FLAGS, f"{where}.flags")
        trigger = _candidate_trigger(r, r.get(data, where, "candidates", dict), where, instrument)
        return replace(trigger, while_flags=flags)
    if len(kinds) != 1:
        r.fail(
            where,
            "must have exactly one of signs, answers, verdict, flags, candidates, all_signs (or candidates with flags)",
        )
    kind = kinds[0]
    if kind == "signs":
        return Trigger(
            "signs",
            r.choices(data["signs"], r.sign_ids, f"{where}.signs"),
            r.choices(r.get(data, where, "answers", list), sign_answers, f"{where}.answers"),
        )
    if kind == "verdict":
        return Trigger("verdict", verdicts=r.choices(data["verdict"], VERDICTS, f"{where}.verdict"))
    if kind == "flags":
        return Trigger("flags", flags=r.choices(data["flags"], FLAGS, f"{where}.flags"))
    if kind == "all_signs":
        return Trigger("all_signs", answers=r.choices(data["all_signs"], sign_answers, f"{where}.all_signs"))
    return _candidate_trigger(r, r.get(data, where, "candidates", dict), where, instrument)


def _candidate_trigger(r: _Reader, questions: dict, where: str, instrument: Instrument) -> Trigger:
    """A candidates trigger: questions and the answers that fire it, and an optional `verdict`
    (the candidate verdicts it applies to), which narrows the candidates but fires nothing."""
    candidate: dict[str, tuple[str, ...]] = {}
    verdicts: tuple[str, ...] = ()
    if "verdict" in questions:
        verdicts = r.choices(questions["verdict"], CANDIDATE_VERDICTS, f"{where}.candidates.verdict")
    if not any(question != "verdict" for question in questions):
        r.fail(
            f"{where}.candidates",
            "must name at least one candidate question"
            + (" besides verdict (verdict only narrows which candidates the questions apply to)" if verdicts else ""),
        )
    kinds = {q.id: q.kind for q in instrument.candidate_questions}
    for question, values in questions.items():
        if question == "verdict":
            continue
        if question not in kinds:
            r.fail(f"{where}.candidates", f"{question!r} is not a candidate question")
        allowed = instrument.answers_to(question)
        if kinds[question] == "multiple":  # any of these ticked, or "none": nothing ticked
            allowed = (*allowed, NO_REASON)
        candidate[question] = r.choices(values, allowed, f"{where}.candidates.{question}")
    return Trigger("candidates", candidate=candidate, candidate_verdicts=verdicts)
