"""Recommendation triggers in words, for the "How the score works" page."""

from __future__ import annotations

from .model import NO_REASON, Instrument, Trigger


def _answers(instrument: Instrument, group: str, ids: tuple[str, ...]) -> str:
    labels = [f"“{instrument.option_label(group, a)}”" for a in ids]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]


def trigger_text(trigger: Trigger, instrument: Instrument) -> str:
    if trigger.kind == "signs":
        if len(trigger.signs) == len(instrument.signs):
            return f"any sign answered {_answers(instrument, 'sign', trigger.answers)}."
        signs = " or ".join(f"“{instrument.sign(s).title}”" for s in trigger.signs)
        return f"{signs} answered {_answers(instrument, 'sign', trigger.answers)}."
    if trigger.kind == "verdict":
        verdicts = " or ".join(f"“{instrument.verdicts[v].label}”" for v in trigger.verdicts)
        return f"the verdict is {verdicts}."
    if trigger.kind == "flags":
        return " or ".join(f"“{instrument.flags[f].label}” is shown" for f in trigger.flags) + "."
    if trigger.kind == "all_signs":
        return f"every sign answered {_answers(instrument, 'sign', trigger.answers)}."
    service = "a candidate service" + _verdict_clause(trigger.candidate_verdicts, instrument)
    parts = []
    for question, values in trigger.candidate.items():
        q = instrument.candidate_question(question)
        ticked = tuple(v for v in values if v != NO_REASON) if q.kind == "multiple" else ()
        if ticked:
            parts.append(f"{service} ticks {_answers(instrument, question, ticked)} for “{q.question}”")
        if q.kind == "multiple" and NO_REASON in values:
            parts.append(f"{service} {q.problem}" if q.problem else f"{service} has nothing ticked for “{q.question}”")
        elif q.kind != "multiple":
            parts.append(f"{service} answers “{q.question}” with {_answers(instrument, question, values)}")
    flags = " and ".join(f"“{instrument.flags[f].label}” is shown" for f in trigger.while_flags)
    return " or ".join(parts) + (f", while {flags}." if flags else ".")


# Which candidates a recommendation is for, by their verdict (engine.candidate_verdict).
_VERDICT_CLAUSES = {
    "split": "that is ready to be split out",
    "fix_first": "that could be split once its blockers are fixed",
    "keep_module": "that is better kept as a module",
}


def _verdict_clause(verdicts: tuple[str, ...], instrument: Instrument) -> str:
    if not verdicts:
        return ""
    clauses = [_VERDICT_CLAUSES.get(v, f"judged “{instrument.candidate_verdicts[v].label}”") for v in verdicts]
    return " " + " or ".join(clauses)
