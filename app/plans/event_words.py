"""A plan item's history as the reader's language says it.

The history is stored in English, as the plan's JSON documents give it (`history[].detail`); the
plan page shows what the team did in the language of the page. A detail this module does not
recognise (an entry written differently long ago) is shown as stored; what an assessment proved is
worded from what it says (`models.said`).
"""

from __future__ import annotations

import re

from app.language import _, _l

from .models import STATUS_LABELS, STATUS_SHOWN, PlanEvent, said

ADDED = {"added": _l("Recommended by the answers."), "added_by_team": _l("Added by the team.")}
# The words `services.FIELD_WORDS` stores, as the reader reads them.
FIELD_WORDS = {
    "title": _l("title"),
    "sign": _l("sign"),
    "owner": _l("owner"),
    "due date": _l("due date"),
    "reason": _l("reason"),
    "note": _l("note"),
}
STATUS_CHANGE = re.compile(r"^(?P<before>[^→]+) → (?P<after>[^:]+)(?::(?P<why> .*))?$", re.DOTALL)
CHANGED = re.compile(r"^Changed the (?P<words>.+)\.$", re.DOTALL)


def shown(event: PlanEvent) -> str:
    """What happened, for the plan page's history."""
    detail = event.detail or event.event
    if event.event in ADDED:
        return str(ADDED[event.event])
    if event.event == "status_changed":
        return _status_change(detail) or detail
    if event.event == "changed":
        return _changed(detail) or detail
    return said(event.saying, detail) or detail


def _status_change(detail: str) -> str | None:
    found = STATUS_CHANGE.match(detail)
    statuses = {english: STATUS_SHOWN[status] for status, english in STATUS_LABELS.items()}
    if found is None or found["before"] not in statuses or found["after"] not in statuses:
        return None
    why = f":{found['why']}" if found["why"] else ""
    return f"{statuses[found['before']]} → {statuses[found['after']]}{why}"


def _changed(detail: str) -> str | None:
    found = CHANGED.match(detail)
    if found is None:
        return None
    words = re.split(r", | and ", found["words"])
    if not all(word in FIELD_WORDS for word in words):
        return None
    shown_words = [str(FIELD_WORDS[word]) for word in words]
    if len(shown_words) == 1:
        return _("Changed the %(field)s.", field=shown_words[0])
    return _("Changed the %(fields)s and %(last)s.", fields=", ".join(shown_words[:-1]), last=shown_words[-1])
