"""The team's own figures, in a sentence: what the size-related advice is based on. Pure."""

from __future__ import annotations

from collections.abc import Mapping

from app.instrument import Instrument
from app.instrument.model import ContextField


def counted(value: float, field: ContextField) -> str:
    """A context number with its unit: "12 deployable services", "1 team" (the label when the
    instrument gives the number no unit)."""
    if field.one and field.many:
        return f"{value:g} {field.one if value == 1 else field.many}"
    return f"{field.label}: {value:g}"


def ratio(count: float, per: float) -> str:
    """`count` for each `per`, as a person reads it: 1.5, 12, 0.04."""
    share = count / per
    return f"{round(share, 1):g}" if share >= 0.1 else f"{share:.1g}"


def size_figures(context: Mapping[str, float], instrument: Instrument) -> str:
    """The numbers the premature-split rule compares, and its limits: "Your figures: 12
    deployable services for 8 engineers and 1 team. That is 1.5 for each engineer and 12 for
    each team, where this check expects at most 0.5 for each engineer or 3 for each team."
    Empty when a number is missing."""
    rule = instrument.premature_split
    fields = {f.id: f for f in instrument.numbers}
    if not rule.per or any(not context.get(f) for f in rule.fields):
        return ""
    count = context[rule.count]
    pers = [(fields[f], context[f], limit) for f, limit in rule.per]
    each = [f"for each {f.one or f.label.lower()}" for f, _, _ in pers]
    shares = [f"{ratio(count, value)} {w}" for (_, value, _), w in zip(pers, each, strict=True)]
    limits = [f"{limit:g} {w}" for (_, _, limit), w in zip(pers, each, strict=True)]
    return (
        f"Your figures: {counted(count, fields[rule.count])} for {_join([counted(v, f) for f, v, _ in pers], 'and')}. "
        f"That is {_join(shares, 'and')}, where this check expects at most {_join(limits, 'or')}."
    )


def _join(items: list[str], word: str) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]
