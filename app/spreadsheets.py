"""CSV cells that spreadsheet programs show as text: used by every CSV export (the consultants'
client list, the team's plan for Jira and GitHub)."""

from __future__ import annotations

from typing import Any

# What makes a spreadsheet program read a cell as a formula, in any locale: the ASCII starters,
# their full-width forms, a semicolon (a separator some locales read first) and control characters.
FORMULA_STARTERS = frozenset("=+-@;|\t\r\n＝＋－＠；")


def safe_cell(value: Any) -> Any:
    """A cell a spreadsheet program shows as text, never runs as a formula (even after spaces)."""
    if isinstance(value, str) and value.lstrip(" ")[:1] in FORMULA_STARTERS and value.strip(" "):
        return "'" + value
    return value
