"""What the product promises, written out again independently of app/.

CONTRACT.md's answers document (which problems are reported, on which field)
and its result rules; the questionnaire's cleaning of names and notes; and the
draft <-> answers document mapping the questionnaire uses. The property tests
compare the app with these.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from typing import Any

from tests.contract_ids import CANDIDATE_ANSWERS, REASONS, SIGN_ANSWERS, SIGN_IDS

INSTRUMENTS = ("splitcheck/1",)
TOP_KEYS = ("instrument", "team", "context", "signs", "candidates")
CANDIDATE_KEYS = ("name", *CANDIDATE_ANSWERS, "reasons")
CONTEXT_LIMITS = {"engineers": 100_000, "teams": 10_000, "services": 100_000}
DEPLOYS_MAX = 100_000
NAME_MAX = 200
POINTS = {"yes": 1.0, "partly": 0.5, "unsure": 0.5, "no": 0.0}
VERDICTS = ("distributed_monolith", "at_risk", "independent", "inconclusive")
RESULT_KEYS = {
    "instrument",
    "verdict",
    "signs_present",
    "coupling_score",
    "signs",
    "flags",
    "candidates",
    "recommendations",
}
BLOCKING = ("owns_data", "deploy_alone", "survives_outages")


def clean_name(value: str) -> str:
    """Names and labels: control and other unprintable characters go, then outer spaces."""
    return "".join(ch for ch in value if ch == "\t" or ch.isprintable()).strip()


def clean_note(value: str) -> str:
    """Notes keep line breaks and tabs too."""
    return "".join(ch for ch in value if ch in "\n\t" or ch.isprintable()).strip()


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _number(value: Any) -> bool:
    return (_whole(value) or isinstance(value, float)) and math.isfinite(value)


def contract_error_fields(doc: Any) -> Counter:
    """The fields CONTRACT.md says an answers document is wrong in: one entry per problem."""
    errors: Counter = Counter()
    if not isinstance(doc, dict):
        errors["(document)"] += 1
        return errors
    _unknown(errors, doc, TOP_KEYS, "")
    if not any(doc.get("instrument") == known for known in INSTRUMENTS):
        errors["instrument"] += 1
    _team_errors(errors, doc.get("team"))
    _context_errors(errors, doc.get("context"))
    _signs_errors(errors, doc.get("signs"))
    _candidates_errors(errors, doc.get("candidates", []))
    return errors


def _unknown(errors: Counter, data: dict, allowed: tuple, path: str) -> None:
    for key in data:
        if key not in allowed:
            errors[f"{path}.{key}" if path else key] += 1


def _team_errors(errors: Counter, team: Any) -> None:
    if team is None:
        return
    if not isinstance(team, dict):
        errors["team"] += 1
        return
    _unknown(errors, team, ("name",), "team")
    name = team.get("name")
    if name is not None and (not isinstance(name, str) or len(clean_name(name)) > NAME_MAX):
        errors["team.name"] += 1


def _context_errors(errors: Counter, context: Any) -> None:
    if not isinstance(context, dict):
        errors["context"] += 1
        return
    _unknown(errors, context, (*CONTEXT_LIMITS, "deploys_per_week"), "context")
    for key, limit in CONTEXT_LIMITS.items():
        value = context.get(key)
        if not _whole(value) or not 1 <= value <= limit:
            errors[f"context.{key}"] += 1
    deploys = context.get("deploys_per_week")
    if deploys is not None and (not _number(deploys) or not 0 <= deploys <= DEPLOYS_MAX):
        errors["context.deploys_per_week"] += 1


def _signs_errors(errors: Counter, signs: Any) -> None:
    if not isinstance(signs, dict):
        errors["signs"] += 1
        return
    _unknown(errors, signs, SIGN_IDS, "signs")
    for sign in SIGN_IDS:
        if sign not in signs or not any(signs[sign] == answer for answer in SIGN_ANSWERS):
            errors[f"signs.{sign}"] += 1


def _candidates_errors(errors: Counter, candidates: Any) -> None:
    if not isinstance(candidates, list):
        errors["candidates"] += 1
        return
    seen: set[str] = set()
    for i, item in enumerate(candidates):
        path = f"candidates[{i}]"
        if not isinstance(item, dict):
            errors[path] += 1
            continue
        _candidate_errors(errors, item, path, seen)


def _candidate_errors(errors: Counter, item: dict, path: str, seen: set[str]) -> None:
    """One candidate's problems; `seen` holds the names of the candidates before it."""
    _unknown(errors, item, CANDIDATE_KEYS, path)
    name = item.get("name")
    if not isinstance(name, str) or not clean_name(name) or len(clean_name(name)) > NAME_MAX:
        errors[f"{path}.name"] += 1
    else:
        key = clean_name(name).casefold()
        if key in seen:
            errors[f"{path}.name"] += 1
        seen.add(key)
    for question, allowed in CANDIDATE_ANSWERS.items():
        value = item.get(question)
        if not isinstance(value, str) or value not in allowed:
            errors[f"{path}.{question}"] += 1
    reasons = item.get("reasons")
    if (
        not isinstance(reasons, list)
        or not all(isinstance(r, str) and r in REASONS for r in reasons)
        or len(set(reasons)) != len(reasons)
    ):
        errors[f"{path}.reasons"] += 1


def is_valid(doc: Any) -> bool:
    return not contract_error_fields(doc)


def verdict(signs: dict[str, str]) -> str:
    yes = sum(1 for s in SIGN_IDS if signs[s] == "yes")
    unsure = sum(1 for s in SIGN_IDS if signs[s] == "unsure")
    if yes >= 3:
        return "distributed_monolith"
    if unsure >= 3:
        return "inconclusive"
    if any(signs[s] in ("yes", "partly") for s in SIGN_IDS):
        return "at_risk"
    return "independent"


def coupling_score(signs: dict[str, str]) -> int:
    return int(round(100 * sum(POINTS[signs[s]] for s in SIGN_IDS) / len(SIGN_IDS)))


def candidate_verdict(candidate: dict) -> tuple[str, list[str]]:
    blockers = [q for q in BLOCKING if candidate[q] != "yes"]
    if not candidate["reasons"] or candidate["domain_split"] == "layer":
        return "keep_module", blockers
    if blockers:
        return "fix_first", blockers
    return "split", []


def flags(doc: dict) -> list[str]:
    ctx, out = doc["context"], []
    if ctx["services"] > ctx["engineers"] * 0.5 and ctx["services"] > ctx["teams"] * 3:
        out.append("premature_split")
    if any(doc["signs"][s] == "unsure" for s in SIGN_IDS):
        out.append("blind_spots")
    return out


# ---- the questionnaire's draft -------------------------------------------------------------


def answers_document(draft: dict) -> dict:
    """The answers document a draft stands for (as the result page and the submit check see it)."""
    context = dict(draft.get("context", {}))
    team = context.pop("team", None)
    doc: dict[str, Any] = {"instrument": "splitcheck/1"}
    if team:
        doc["team"] = {"name": team}
    doc["context"] = context
    doc["signs"] = dict(draft.get("signs", {}))
    doc["candidates"] = [{k: v for k, v in c.items() if v is not None} for c in draft.get("candidates", [])]
    return doc


def first_incomplete_step(draft: dict) -> str | None:
    fields = contract_error_fields(answers_document(draft))
    if not fields:
        return None
    for step, prefixes in (("context", ("context", "team")), ("signs", ("signs",)), ("candidates", ("candidates",))):
        if any(f.startswith(prefixes) for f in fields):
            return step
    return "context"


def draft_of_document(doc: dict, notes: dict) -> dict:
    """The draft an imported, valid answers document becomes."""
    context = {k: v for k, v in doc["context"].items() if v is not None}
    team = clean_name(doc["team"]["name"]) if isinstance(doc.get("team"), dict) and doc["team"].get("name") else ""
    if team:
        context["team"] = team
    candidates = [
        {
            "name": clean_name(c["name"]),
            **{q: c[q] for q in CANDIDATE_ANSWERS},
            "reasons": [r for r in REASONS if r in c["reasons"]],
        }
        for c in doc.get("candidates", [])
    ]
    return {
        "context": context,
        "signs": {s: doc["signs"][s] for s in SIGN_IDS},
        "notes": dict(notes),
        "candidates": candidates,
    }


def json_roundtrip(value: Any) -> Any:
    """A value as it comes back from a JSON column."""
    return json.loads(json.dumps(value))
