"""Recommendation triggers in words, for the "How the score works" page."""

from __future__ import annotations

from .model import Instrument, Trigger


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
    parts = []
    for question, values in trigger.candidate.items():
        if question == "reasons":
            parts.append("a candidate service has no real reason to be split out")
        else:
            q = next(c for c in instrument.candidate_questions if c.id == question)
            parts.append(f"a candidate service answers “{q.question}” with {_answers(instrument, question, values)}")
    return " or ".join(parts) + "."
