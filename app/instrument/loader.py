"""Load and validate a questionnaire file.

Every problem in a file is listed, each as ``file: key: problem``, e.g.
``splitcheck-1.yaml: signs[2].weight: must be a number`` (the problem in the
language being spoken, see reader.py); a broken built-in file stops the
application from starting with that list.

Which questions exist is the file's to say; what the loader checks is that the
file holds together: ids are unique, every answer a rule or a recommendation
names exists, points keep the score monotonic, limits are in range, and no key
is unknown (a misspelt key would otherwise be silently ignored).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

import yaml

from app.language import _

from . import advice, translations
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
    PrematureSplitRule,
    Recommendation,
    Sign,
)
from .reader import InstrumentError, Reader

# Limits that keep a questionnaire a questionnaire (and a file from anyone a small one).
MAX_FILE_BYTES = 256 * 1024
MAX_SIGNS = 40
MAX_CANDIDATE_QUESTIONS = 20
MAX_OPTIONS = 12
MAX_CONTEXT = 12

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
    "translations",
)


def load(path: Path, complete: bool = False) -> Instrument:
    """The instrument in the file at `path`; InstrumentError listing every problem (`complete`:
    see `loads`)."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise InstrumentError(f"{path.name}: " + _("is larger than %(size)s KB", size=MAX_FILE_BYTES // 1024))
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InstrumentError(f"{path.name}: " + _("cannot be read: %(reason)s", reason=str(exc))) from exc
    return loads(text, path.name, complete)


def loads(text: str, source: str, complete: bool = False) -> Instrument:
    """The instrument in `text` (YAML), named `source` in messages; InstrumentError listing every
    problem. `complete`: every text must be translated into every language of the product (a
    built-in questionnaire; a workspace's lens may leave texts in English)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InstrumentError(f"{source}: " + _("cannot be read: %(reason)s", reason=str(exc))) from exc
    offsets: dict[str, int] = {}
    if isinstance(data, dict) and "extends" in data:
        data, offsets, problem = _extended(data)
        if problem:
            raise InstrumentError(f"{source}: extends: {problem}")
    given = data.pop("translations", None) if isinstance(data, dict) else None
    r = Reader(source, offsets)
    instrument = r.part(lambda: _instrument(r, data, source), None)
    found = translations.check(r, given, data, complete) if isinstance(data, dict) else {}
    if r.problems or instrument is None:
        raise InstrumentError(r.problems)
    return _with_languages(instrument, data, found, Reader(source, offsets))


def _with_languages(english: Instrument, data: dict, found: dict[str, dict], r: Reader) -> Instrument:
    """The English instrument, knowing its copies in the languages it has translations for."""
    versions: dict[str, Instrument] = {}
    total = len(translations.texts(data))
    untranslated = {code: total - len(found.get(code, {})) for code in translations.OTHER_LANGUAGES}
    versions["en"] = replace(english, versions=versions, untranslated=untranslated)
    for code, texts in found.items():
        given = translations.translated(data, texts)
        copy: Instrument | None = r.part(partial(_instrument, r, given, english.source), None)
        if r.problems or copy is None:  # a translated text the checks of its own kind refuse
            raise InstrumentError(
                [_("%(problem)s (in the translation %(language)s)", problem=p, language=code) for p in r.problems]
            )
        versions[code] = replace(copy, language=code, versions=versions, untranslated=untranslated)
    return versions["en"]


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
        return (
            data,
            {},
            _("must be one of %(allowed)s (found %(value)s)", allowed=", ".join(BUILT_IN), value=repr(base_id)),
        )
    base = yaml.safe_load((Path(__file__).parent / BUILT_IN[base_id]).read_text(encoding="utf-8"))
    merged = {key: value for key, value in base.items() if key not in ("id", "title", "translations")}
    offsets = {key: len(base.get(key, [])) for key in LISTS}
    for key, value in data.items():
        if key in ("extends", "translations"):
            continue
        if key in LISTS and isinstance(value, list):
            merged[key] = [*base.get(key, []), *value]
        elif key in MAPPINGS and isinstance(value, dict):
            merged[key] = {**base.get(key, {}), **value}
        else:
            merged[key] = value
    merged["translations"] = translations.merge(translations.inherited(base, merged), data.get("translations"))
    return merged, offsets, None


def _instrument(r: Reader, data: Any, source: str) -> Instrument:
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
            r.note(f"answers.{group}", _("answers no candidate question (its id must be a candidate question's)"))
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
        phases=r.part(lambda: advice.phases(r, r.get(data, "", "phases", list)), ()),
    )
    recommendations: tuple[Recommendation, ...] = r.part(
        lambda: advice.recommendations(r, r.get(data, "", "recommendations", list), instrument), ()
    )
    return replace(instrument, recommendations=recommendations)


_VERDICT_KEYS = ("distributed_monolith_min_yes", "inconclusive_min_unsure", "texts")
_FLAG_KEYS = ("label", "summary", "count", "at_most_per")


def _instrument_id(r: Reader, data: dict) -> str:
    value = r.get(data, "", "id", str)
    if len(value) > MAX_INSTRUMENT_ID:
        r.fail(
            "id", _("must be at most %(limit)s characters (found %(count)s)", limit=MAX_INSTRUMENT_ID, count=len(value))
        )
    name, _slash, version = value.partition("/")
    if not name or not version.isdigit() or not all(ch.isascii() and (ch.isalnum() or ch in "_-") for ch in name):
        r.fail(
            "id", _("must be a name and a version number, like acme-platform/2 (found %(value)s)", value=repr(value))
        )
    return value


def _options(r: Reader, data: dict) -> dict[str, tuple[Option, ...]]:
    options: dict[str, tuple[Option, ...]] = {}
    for group, items in data.items():
        where = f"answers.{group}"
        if not isinstance(items, list) or not items:
            r.note(where, _("must be a non-empty list"))
            continue
        parsed = r.each(items, where, _option_reader(r, group), MAX_OPTIONS)
        r.unique(items, where)
        options[group] = tuple(parsed)
    if "sign" not in data:
        r.fail("answers.sign", _("is missing"))
    _check_sign_answers(r, options.get("sign", ()))
    for group, given in options.items():
        if group != "sign" and sum(o.means == "unknown" for o in given) > 1:
            r.note(f"answers.{group}", _("has more than one answer with means: unknown"))
    return options


def _option_reader(r: Reader, group: str) -> Callable[[Any, str], Option]:
    return lambda item, where: _option(r, item, where, group)


def _option(r: Reader, item: Any, where: str, group: str) -> Option:
    r.mapping(item, where, ("id", "label", "points", "note", "means"))
    points = r.get(item, where, "points", float, required=group == "sign")
    if points is not None and not 0 <= points <= 1:
        r.fail(f"{where}.points", _("must be between 0 and 1"))
    means = r.get(item, where, "means", str, required=group == "sign")
    allowed = MEANINGS if group == "sign" else ("unknown",)
    if means is not None and means not in allowed:
        r.fail(f"{where}.means", _("must be one of %(allowed)s", allowed=", ".join(allowed)))
    return Option(
        r.ident(item, where),
        r.get(item, where, "label", str),
        points,
        r.get(item, where, "note", str, required=False),
        means,
    )


def _check_sign_answers(r: Reader, options: tuple[Option, ...]) -> None:
    meanings = [o.means for o in options]
    for means in MEANINGS:
        if meanings.count(means) != 1:
            r.fail(
                "answers.sign",
                _(
                    "needs exactly one answer with means: %(means)s (found %(count)s)",
                    means=means,
                    count=meanings.count(means),
                ),
            )
    points = {o.means: o.points for o in options}
    if not points["absent"] < points["partly"] < points["present"]:  # type: ignore[operator]
        r.fail(
            "answers.sign", _("points must rise from absent to partly to present, or the score would not be monotonic")
        )


def _context(r: Reader, items: list) -> tuple[ContextField, ...]:
    fields = r.each(items, "context", lambda item, at: _context_field(r, item, at), MAX_CONTEXT)
    r.unique(items, "context")
    for i, f in enumerate(fields):
        if (f.kind == "text") != (f.id == "team"):
            r.note(f"context[{i}]", _("the one text field is `team`, the name of what is assessed (team.name)"))
    return tuple(fields)


def _context_field(r: Reader, item: Any, where: str) -> ContextField:
    r.mapping(item, where, ("id", "label", "help", "kind", "required", "min", "max", "max_length", "one", "many"))
    kind = r.get(item, where, "kind", str)
    if kind not in ("text", "integer", "number"):
        r.fail(f"{where}.kind", _("must be text, integer or number"))
    low = r.get(item, where, "min", float, required=kind != "text")
    high = r.get(item, where, "max", float, required=kind != "text")
    if low is not None and high is not None and not 0 <= low <= high:
        r.fail(f"{where}.max", _("must be at least min, and min at least 0"))
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


def _signs(r: Reader, items: list, answers: tuple[str, ...]) -> tuple[Sign, ...]:
    if not items:
        r.fail("signs", _("needs at least one sign"))
    signs = r.each(items, "signs", lambda item, at: _sign(r, item, at, answers), MAX_SIGNS)
    r.unique(items, "signs")
    return tuple(signs)


def _sign(r: Reader, item: Any, where: str, answers: tuple[str, ...]) -> Sign:
    r.mapping(item, where, ("id", "title", "statement", "explanation", "example", "weight", "meaning", "section"))
    meaning = r.mapping(r.get(item, where, "meaning", dict), f"{where}.meaning", answers)
    for answer in answers:
        r.get(meaning, f"{where}.meaning", answer, str)
    weight = r.get(item, where, "weight", float)
    if not 0 < weight <= 100:
        r.fail(f"{where}.weight", _("must be greater than 0 and at most 100"))
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


def _candidate_questions(r: Reader, items: list, options: dict) -> tuple[CandidateQuestion, ...]:
    questions = r.each(
        items,
        "candidate_questions",
        lambda item, at: _candidate_question(r, item, at, options),
        MAX_CANDIDATE_QUESTIONS,
    )
    r.unique(items, "candidate_questions")
    if any(q.id == "name" for q in questions):
        r.note("candidate_questions", _("'name' is the candidate's name, not a question id"))
    return tuple(questions)


def _candidate_question(r: Reader, item: Any, where: str, options: dict) -> CandidateQuestion:
    r.mapping(item, where, _QUESTION_KEYS)
    question_id = r.ident(item, where)
    kind = r.get(item, where, "kind", str, required=False) or "choice"
    if kind not in ("choice", "multiple"):
        r.fail(f"{where}.kind", _("must be choice or multiple"))
    if question_id not in options:
        r.fail(where, _("has no answers: add answers.%(id)s", id=question_id))
    answers = tuple(o.id for o in options[question_id])
    allowed = (NO_REASON,) if kind == "multiple" else answers
    keeps = item.get("keeps_module")
    ready = r.get(item, where, "ready", str, required=False)
    if ready is not None and (kind != "choice" or ready not in answers):
        r.fail(f"{where}.ready", _("must be one of %(allowed)s (on a choice question)", allowed=", ".join(answers)))
    if kind == "multiple" and NO_REASON in answers:
        r.fail(
            f"answers.{question_id}",
            _("%(id)s stands for nothing ticked and cannot be an answer's id", id=repr(NO_REASON)),
        )
    if kind == "multiple" and any(o.means for o in options[question_id]):
        r.fail(f"answers.{question_id}", _("the answers of a multiple-choice question have no means"))
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


def _threshold(r: Reader, data: dict, key: str, signs: tuple[Sign, ...]) -> int:
    value = r.get(data, "verdicts", key, int)
    if signs and not 1 <= value <= len(signs):
        r.fail(f"verdicts.{key}", _("must be from 1 to the number of signs (%(count)s)", count=len(signs)))
    return value


def _labels(
    r: Reader, data: dict, path: str, ids: tuple[str, ...], headline: bool, extra: tuple[str, ...] = ()
) -> dict[str, Label]:
    """Verdict texts (with a headline, and a wording per flag under `flagged`), candidate
    verdict texts (with `flagged`) or flag texts (`extra`: the flag's own keys)."""
    r.mapping(data, path, ids)
    labels = {}
    for label_id in ids:
        where = f"{path}.{label_id}"
        if not isinstance(data.get(label_id), dict):
            r.note(where, _("is missing") if label_id not in data else _("must be a mapping"))
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


def _flagged(r: Reader, data: dict, where: str, plain: Label) -> dict[str, Label]:
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


def _premature(r: Reader, data: dict, context: tuple[ContextField, ...]) -> PrematureSplitRule:
    numbers = tuple(f.id for f in context if f.kind != "text")
    where = "flags.premature_split"
    count = r.get(data, where, "count", str)
    if count not in numbers:
        r.fail(f"{where}.count", _("must be one of the context's numbers: %(allowed)s", allowed=", ".join(numbers)))
    per = r.get(data, where, "at_most_per", dict)
    if not per:
        r.fail(f"{where}.at_most_per", _("must name at least one context number and its limit"))
    limits = []
    for field_id, limit in per.items():
        if field_id not in numbers or field_id == count:
            r.fail(
                f"{where}.at_most_per.{field_id}",
                _("must be another of the context's numbers: %(allowed)s", allowed=", ".join(numbers)),
            )
        if isinstance(limit, bool) or not isinstance(limit, int | float) or limit <= 0:
            r.fail(f"{where}.at_most_per.{field_id}", _("must be a number greater than 0"))
        limits.append((field_id, float(limit)))
    required = {f.id for f in context if f.required}
    for field_id in (count, *per):
        if field_id not in required:
            r.fail(f"{where}", _("uses %(id)s, which must be a required context number", id=repr(field_id)))
    return PrematureSplitRule(count, tuple(limits))
