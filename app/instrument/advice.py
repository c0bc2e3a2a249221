"""Reading the advice of a questionnaire file: the phases of the plan, and the recommendations
with the answers that trigger them (checked against the questions the file has)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from app.language import _

from .model import CANDIDATE_VERDICTS, FLAGS, NO_REASON, VERDICTS, Instrument, Phase, Recommendation, Trigger
from .reader import Reader

MAX_RECOMMENDATIONS = 200
MAX_PHASES = 6
MAX_STEPS = 12


_PHASE_KEYS = ("id", "title", "intro", "then_title", "then_intro")


def phases(r: Reader, items: list) -> tuple[Phase, ...]:
    if not items:
        r.fail("phases", _("needs at least one phase"))

    def read(item: Any, where: str) -> Phase:
        r.mapping(item, where, _PHASE_KEYS)
        title, intro = r.get(item, where, "title", str), r.get(item, where, "intro", str)
        then_title = r.get(item, where, "then_title", str, required=False) or title
        then_intro = r.get(item, where, "then_intro", str, required=False) or intro
        return Phase(r.ident(item, where), title, intro, then_title, then_intro)

    phases = r.each(items, "phases", read, MAX_PHASES)
    r.unique(items, "phases")
    return tuple(phases)


def recommendations(r: Reader, items: list, instrument: Instrument) -> tuple[Recommendation, ...]:
    if not items:
        r.fail("recommendations", _("needs at least one recommendation"))
    recs = r.each(
        items, "recommendations", lambda item, at: _recommendation(r, item, at, instrument), MAX_RECOMMENDATIONS
    )
    r.unique(items, "recommendations")
    ids = {rec.id for rec in recs}
    for i, rec in enumerate(recs):
        for other in rec.continues:
            if other not in ids or other == rec.id:
                r.note(
                    f"recommendations[{i}].continues",
                    _("%(id)s is not another recommendation of this file", id=repr(other)),
                )
    return tuple(recs)


def _recommendation(r: Reader, item: Any, where: str, instrument: Instrument) -> Recommendation:
    r.mapping(item, where, ("id", "priority", "phase", "title", "why", "steps", "when", "continues"))
    steps = r.get(item, where, "steps", list)
    if not steps or len(steps) > MAX_STEPS or not all(isinstance(s, str) and s.strip() for s in steps):
        r.fail(f"{where}.steps", _("must be a list of 1 to %(limit)s texts", limit=MAX_STEPS))
    phases = tuple(p.id for p in instrument.phases)
    phase = r.get(item, where, "phase", str)
    if phase not in phases:
        r.fail(f"{where}.phase", _not_a_phase(phase, phases))
    continues = item.get("continues")
    if continues is not None and (not isinstance(continues, list) or not all(isinstance(c, str) for c in continues)):
        r.fail(f"{where}.continues", _("must be a list of recommendation ids"))
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


def _trigger(r: Reader, data: dict, where: str, instrument: Instrument) -> Trigger:
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
            _(
                "must have exactly one of signs, answers, verdict, flags, candidates, all_signs "
                "(or candidates with flags)"
            ),
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


def _candidate_trigger(r: Reader, questions: dict, where: str, instrument: Instrument) -> Trigger:
    """A candidates trigger: questions and the answers that fire it, and an optional `verdict`
    (the candidate verdicts it applies to), which narrows the candidates but fires nothing."""
    candidate: dict[str, tuple[str, ...]] = {}
    verdicts: tuple[str, ...] = ()
    if "verdict" in questions:
        verdicts = r.choices(questions["verdict"], CANDIDATE_VERDICTS, f"{where}.candidates.verdict")
    if not any(question != "verdict" for question in questions):
        r.fail(
            f"{where}.candidates",
            _(
                "must name at least one candidate question besides verdict "
                "(verdict only narrows which candidates the questions apply to)"
            )
            if verdicts
            else _("must name at least one candidate question"),
        )
    kinds = {q.id: q.kind for q in instrument.candidate_questions}
    for question, values in questions.items():
        if question == "verdict":
            continue
        if question not in kinds:
            r.fail(f"{where}.candidates", _("%(id)s is not a candidate question", id=repr(question)))
        allowed = instrument.answers_to(question)
        if kinds[question] == "multiple":  # any of these ticked, or "none": nothing ticked
            allowed = (*allowed, NO_REASON)
        candidate[question] = r.choices(values, allowed, f"{where}.candidates.{question}")
    return Trigger("candidates", candidate=candidate, candidate_verdicts=verdicts)


def _not_a_phase(phase: str, phases: tuple[str, ...]) -> str:
    if not phases:
        return _("%(id)s is not one of the phases: (none)", id=repr(phase))
    return _("%(id)s is not one of the phases: %(phases)s", id=repr(phase), phases=", ".join(phases))
