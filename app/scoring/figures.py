"""The team's own figures, in a sentence: what the size-related advice is based on. Pure."""

from __future__ import annotations

from collections.abc import Mapping

from babel.numbers import get_decimal_symbol

from app.instrument import Instrument
from app.instrument.model import ContextField
from app.language import LOCALES, _, current


def decimal(value: float, spec: str = "g") -> str:
    """A number written with the decimal mark of the language spoken now: 1.5, or 1,5 in German."""
    return format(value, spec).replace(".", get_decimal_symbol(LOCALES[current()]))


def counted(value: float, field: ContextField) -> str:
    """A context number with its unit: "12 deployable services", "1 team" (the label when the
    instrument gives the number no unit)."""
    if field.one and field.many:
        return f"{decimal(value)} {field.one if value == 1 else field.many}"
    return f"{field.label}: {decimal(value)}"


def ratio(count: float, per: float) -> str:
    """`count` for each `per`, as a person reads it: 1.5, 12, 0.04."""
    share = count / per
    return decimal(round(share, 1)) if share >= 0.1 else decimal(share, ".1g")


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
    units = [f.one or f.label.lower() for f, _v, _l in pers]
    shares = [_each(ratio(count, value), unit) for (_f, value, _l), unit in zip(pers, units, strict=True)]
    limits = [_each(decimal(limit), unit) for (_f, _v, limit), unit in zip(pers, units, strict=True)]
    figures = _(
        "Your figures: %(count)s for %(per)s.",
        count=counted(count, fields[rule.count]),
        per=joined([counted(v, f) for f, v, _l in pers]),
    )
    limit = _(
        "That is %(shares)s, where this check expects at most %(limits)s.",
        shares=joined(shares),
        limits=joined(limits, either=True),
    )
    return f"{figures} {limit}"


def _each(number: str, unit: str) -> str:
    return _("%(number)s for each %(unit)s", number=number, unit=unit)


def joined(items: list[str], either: bool = False) -> str:
    """Items in a sentence: "a", "a and b", "a, b and c" ("a, b or c" when `either`)."""
    if len(items) == 1:
        return items[0]
    values = {"items": ", ".join(items[:-1]), "last": items[-1]}
    return _("%(items)s or %(last)s", **values) if either else _("%(items)s and %(last)s", **values)
