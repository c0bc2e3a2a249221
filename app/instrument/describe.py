"""Recommendation triggers in words, for the "How the score works" page."""

from __future__ import annotations

from app.language import _, _l

from .model import NO_REASON, Instrument, Trigger


def _answers(instrument: Instrument, group: str, ids: tuple[str, ...]) -> str:
    labels = [_("“%(label)s”", label=instrument.option_label(group, a)) for a in ids]
    if len(labels) == 1:
        return labels[0]
    return _("%(some)s or %(last)s", some=", ".join(labels[:-1]), last=labels[-1])


def _either(texts: list[str]) -> str:
    """Alternatives: "a or b or c"."""
    return texts[0] if len(texts) == 1 else _("%(some)s or %(last)s", some=_either(texts[:-1]), last=texts[-1])


def trigger_text(trigger: Trigger, instrument: Instrument) -> str:
    if trigger.kind == "signs":
        answers = _answers(instrument, "sign", trigger.answers)
        if len(trigger.signs) == len(instrument.signs):
            return _("any sign answered %(answers)s.", answers=answers)
        signs = _either([_("“%(label)s”", label=instrument.sign(s).title) for s in trigger.signs])
        return _("%(signs)s answered %(answers)s.", signs=signs, answers=answers)
    if trigger.kind == "verdict":
        verdicts = _either([_("“%(label)s”", label=instrument.verdicts[v].label) for v in trigger.verdicts])
        return _("the verdict is %(verdicts)s.", verdicts=verdicts)
    if trigger.kind == "flags":
        return _either([_("“%(flag)s” is shown", flag=instrument.flags[f].label) for f in trigger.flags]) + "."
    if trigger.kind == "all_signs":
        return _("every sign answered %(answers)s.", answers=_answers(instrument, "sign", trigger.answers))
    parts = []
    for question, values in trigger.candidate.items():
        q = instrument.candidate_question(question)
        ticked = tuple(v for v in values if v != NO_REASON) if q.kind == "multiple" else ()
        if ticked:
            parts.append(_service_ticks(trigger, instrument, _answers(instrument, question, ticked), q.question))
        if q.kind == "multiple" and NO_REASON in values:
            parts.append(_service_has_none(trigger, instrument, q.problem, q.question))
        elif q.kind != "multiple":
            parts.append(_service_answers(trigger, instrument, q.question, _answers(instrument, question, values)))
    flags = [_("“%(flag)s” is shown", flag=instrument.flags[f].label) for f in trigger.while_flags]
    if not flags:
        return _either(parts) + "."
    return _(
        "%(causes)s, while %(flags)s.",
        causes=_either(parts),
        flags=_("%(some)s and %(last)s", some=", ".join(flags[:-1]), last=flags[-1]) if len(flags) > 1 else flags[0],
    )


def _service(trigger: Trigger, instrument: Instrument) -> str:
    """The candidate a trigger is about: "a candidate service", narrowed by its verdicts."""
    if not trigger.candidate_verdicts:
        return _("a candidate service")
    clauses = [_verdict_clause(v, instrument) for v in trigger.candidate_verdicts]
    return _("a candidate service %(which)s", which=_either(clauses))


def _service_ticks(trigger: Trigger, instrument: Instrument, answers: str, question: str) -> str:
    return _(
        "%(service)s ticks %(answers)s for “%(question)s”",
        service=_service(trigger, instrument),
        answers=answers,
        question=question,
    )


def _service_has_none(trigger: Trigger, instrument: Instrument, problem: str | None, question: str) -> str:
    service = _service(trigger, instrument)
    if problem:
        return _("%(service)s %(problem)s", service=service, problem=problem)
    return _("%(service)s has nothing ticked for “%(question)s”", service=service, question=question)


def _service_answers(trigger: Trigger, instrument: Instrument, question: str, answers: str) -> str:
    return _(
        "%(service)s answers “%(question)s” with %(answers)s",
        service=_service(trigger, instrument),
        question=question,
        answers=answers,
    )


# Which candidates a recommendation is for, by their verdict (engine.candidate_verdict).
_VERDICT_CLAUSES = {
    "split": _l("that is ready to be split out"),
    "fix_first": _l("that could be split once its blockers are fixed"),
    "keep_module": _l("that is better kept as a module"),
}


def _verdict_clause(verdict: str, instrument: Instrument) -> str:
    if verdict in _VERDICT_CLAUSES:
        return str(_VERDICT_CLAUSES[verdict])
    return _("judged “%(verdict)s”", verdict=instrument.candidate_verdicts[verdict].label)
