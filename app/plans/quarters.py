"""Quarters ("2027-Q2"), the unit a target is set by. Pure."""

from __future__ import annotations

import re
from datetime import date

from app.language import _

QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
AHEAD = 12  # three years of quarters to choose from


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def parse(value: str) -> tuple[int, int] | None:
    """(year, quarter) of "2027-Q2"; None for anything else."""
    found = QUARTER.match(value)
    return (int(found[1]), int(found[2])) if found else None


def upcoming(today: date, count: int = AHEAD) -> list[str]:
    """This quarter and the ones after it."""
    year, quarter = today.year, (today.month - 1) // 3 + 1
    shown = []
    for _step in range(count):
        shown.append(f"{year}-Q{quarter}")
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return shown


def label(value: str) -> str:
    """ "2027-Q2" as a manager reads it: "April to June 2027"."""
    parsed = parse(value)
    if parsed is None:
        return value
    year, quarter = parsed
    if quarter == 1:
        return _("January to March %(year)s", year=year)
    if quarter == 2:
        return _("April to June %(year)s", year=year)
    if quarter == 3:
        return _("July to September %(year)s", year=year)
    return _("October to December %(year)s", year=year)
