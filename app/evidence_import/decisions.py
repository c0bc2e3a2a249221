"""What the team did with each suggestion: used it, or kept its own answer.

A suggestion never replaces an answer by itself: only "Use this answer"
sets one. Every decision is kept on the draft with the evidence behind it,
so the report can show it.
"""

from __future__ import annotations

from typing import Any

from app.assessments import services as assessments
from app.language import DEFAULT_LANGUAGE, LANGUAGES
from app.language import gettext as _

from .models import EvidenceImport
from .services import suggestions

ACCEPTED, OVERRIDDEN = "accepted", "overridden"


def offer(assessment, record: EvidenceImport) -> None:
    """Put a new import's suggestions on the draft. An earlier decision gives way to the new
    evidence, unless it suggests the same answer again (a pipeline sends the same files often)."""
    draft = dict(assessment.draft)
    earlier = draft.get("evidence") or {}
    said = {code: _sentences(record, code) for code in LANGUAGES}
    draft["evidence"] = {
        sign: {
            "suggested": s["answer"],
            "import": record.id,
            "decision": (earlier.get(sign) or {}).get("decision")
            if (earlier.get(sign) or {}).get("suggested") == s["answer"]
            else None,
            **said[DEFAULT_LANGUAGE][sign],
            # The same sentences in the product's other languages (`said_in`).
            "said": {code: by_sign[sign] for code, by_sign in said.items() if code != DEFAULT_LANGUAGE},
        }
        for sign, s in suggestions(record).items()
    }
    assessments.save_draft(assessment, draft)


def _sentences(record: EvidenceImport, language: str) -> dict[str, dict[str, list[str]]]:
    """Per sign, the findings and what the files could not show, in ``language``."""
    general = record.document_in(language).get("unseen", [])[:1]
    return {
        sign: {
            "findings": [f["summary"] for f in s["findings"]],
            # Without a note of its own, an unsure sign is explained by what the files hid overall.
            "unseen": s["unseen"] or (general if s["answer"] == "unsure" and not s["findings"] else []),
        }
        for sign, s in suggestions(record, language).items()
    }


def said_in(entry: dict[str, Any], language: str) -> dict[str, list[str]]:
    """A suggestion's findings and unseen notes in ``language`` (English if not kept in it)."""
    return (entry.get("said") or {}).get(language) or {
        "findings": entry.get("findings", []),
        "unseen": entry.get("unseen", []),
    }


def decide(draft: dict[str, Any], action: str) -> str | None:
    """Apply "accept-SIGN" or "override-SIGN"; returns a message for the person, if any."""
    verb, _dash, sign = action.partition("-")
    entry = (draft.get("evidence") or {}).get(sign)
    if entry is None:  # only signs the files made a suggestion for
        return None
    if verb == "accept":
        draft["signs"][sign] = entry["suggested"]
        entry["decision"] = ACCEPTED
        return None
    if not draft["signs"].get(sign):
        return _("Choose your own answer first, then keep it.")
    entry["decision"] = OVERRIDDEN
    return None


def reconcile(draft: dict[str, Any]) -> None:
    """An accepted suggestion whose answer was later changed is an override."""
    for sign, entry in (draft.get("evidence") or {}).items():
        if entry.get("decision") == ACCEPTED and draft["signs"].get(sign) != entry["suggested"]:
            entry["decision"] = OVERRIDDEN


def decisions_for_report(draft: dict[str, Any], language: str = DEFAULT_LANGUAGE) -> list[dict[str, Any]]:
    signs = draft.get("signs", {})
    return [
        {
            "sign": sign,
            "suggested": entry["suggested"],
            "answer": signs.get(sign),
            "decision": entry["decision"],
            "findings": said_in(entry, language)["findings"],
            "unseen": said_in(entry, language)["unseen"][:1],
        }
        for sign, entry in (draft.get("evidence") or {}).items()
        if entry.get("decision")
    ]
