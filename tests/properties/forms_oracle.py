"""What each questionnaire step does with a posted form, written out as a model.

Given what the server reads (``FormRequest.form()`` / ``formdata()``) and the
assessment as stored before, ``expect_step`` says the status, where the
redirect goes, and the assessment's draft, step, submitted state and verdict
afterwards. The rules come from the questionnaire's design: every field checks
its value (numbers within the instrument's limits, answers among the options,
names at most 200 characters and notes at most 500 once cleaned); "Save and
continue" also needs the step complete; a post that doesn't say which version
of the answers its page held (none, or anything no page holds) is refused like
a stale one, whatever it changes; a stale version shows the conflict page
when the answers differ; nothing is written unless everything is valid; saving the same answers
changes nothing; a finished assessment whose answers change is scored again,
or is a draft again when they are no longer complete.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from app.assessments.views import VERSION_MISSING as VERSION_PROBLEM
from tests.contract_ids import CANDIDATE_ANSWERS, SIGN_ANSWERS, SIGN_IDS

from . import oracle
from .form_requests import REFUSED, FormData, FormRequest

ORDER = ("context", "signs", "candidates")
NAV = ("next", "back", "add", "save")
INTEGERS = {"engineers": (1, 100_000), "teams": (1, 10_000), "services": (1, 100_000)}
DEPLOYS = (0, 100_000)
NOTE_MAX = 500
NONE_REASON = "none"
INVALID = object()


class _Listed:
    """A background save's refusal lists the problems; which words they are is the pages' tests' to check."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, list) and all(isinstance(p, str) for p in other)

    def __repr__(self) -> str:
        return "<the problems listed>"


PROBLEMS_LISTED = _Listed()


@dataclass
class Expect:
    status: int
    location: str | None = None  # the redirect's path (before any #fragment)
    fragment: str | None = None
    draft: dict | None = None
    step: str | None = None
    submitted: bool | None = None
    changed: bool = False
    team_name: Any = None
    json: dict | None = None  # a background save's answer
    notes: list[str] = field(default_factory=list)


def _first(data: FormData | None, key: str) -> Any:
    return data.first(key) if data is not None else None


def text_value(raw: Any, limit: int, clean=oracle.clean_name) -> Any:
    """A text field: its cleaned value (None when not sent), INVALID when too long or not text
    (a file, a JSON number: B9, B10)."""
    if raw is None:
        return None
    if not isinstance(raw, str):
        return INVALID
    cleaned = clean(raw)
    return INVALID if len(cleaned) > limit else cleaned


def whole_number(raw: Any, low: int, high: int) -> Any:
    if raw is None or isinstance(raw, str) and not raw.strip():
        return None
    if not isinstance(raw, str):
        return INVALID
    try:
        value = int(raw)
    except ValueError:
        return INVALID
    return value if low <= value <= high else INVALID


def number(raw: Any, low: float, high: float) -> Any:
    if raw is None or isinstance(raw, str) and not raw.strip():
        return None
    if not isinstance(raw, str):
        return INVALID
    try:
        value = float(raw)
    except ValueError:
        return INVALID
    return value if low <= value <= high else INVALID  # NaN fails both comparisons


def choice(raw: Any, allowed: tuple[str, ...]) -> Any:
    """A radio answer: None when not given or empty; INVALID when not one of the options."""
    if raw is None or raw == "":
        return None
    if not isinstance(raw, str) or raw not in allowed:
        return INVALID
    return raw


# ---- each step: (valid?, the draft's new part, complete?) -----------------------------------


def parse_context(data: FormData | None) -> tuple[bool, dict, bool]:
    values: dict[str, Any] = {}
    team = text_value(_first(data, "team"), 200)
    parsed = {"team": team}
    for key, (low, high) in INTEGERS.items():
        parsed[key] = whole_number(_first(data, key), low, high)
    parsed["deploys_per_week"] = number(_first(data, "deploys_per_week"), *DEPLOYS)
    valid = all(v is not INVALID for v in parsed.values())
    values = {k: v for k, v in parsed.items() if v not in (None, "")}
    complete = all(parsed[k] not in (None, INVALID) for k in INTEGERS)
    return valid, {"context": values}, complete


def parse_signs(data: FormData | None) -> tuple[bool, dict, bool]:
    signs, notes, valid = {}, {}, True
    for sign in SIGN_IDS:
        answer = choice(_first(data, sign), SIGN_ANSWERS)
        note = text_value(_first(data, f"{sign}_note"), NOTE_MAX, oracle.clean_note)
        valid &= answer is not INVALID and note is not INVALID
        if answer not in (None, INVALID):
            signs[sign] = answer
        if note not in (None, INVALID, ""):
            notes[sign] = note
    return valid, {"signs": signs, "notes": notes}, len(signs) == len(SIGN_IDS)


def candidate_indices(data: FormData | None) -> list[int]:
    """As WTForms' FieldList finds entries: keys `candidates-N...`, the first 50 indices."""
    if data is None:
        return []
    found = set()
    for key in data:
        if key.startswith("candidates"):
            head = key[len("candidates") + 1 :].split("-", 1)[0]
            if head.isdigit():
                found.add(int(head))
    return sorted(found)[:50]


def parse_candidates(data: FormData | None) -> tuple[bool, dict, bool]:
    entries, valid, complete = [], True, True
    for index in candidate_indices(data):
        prefix = f"candidates-{index}-"
        name = text_value(_first(data, prefix + "name"), 200)
        answers = {q: choice(_first(data, prefix + q), allowed) for q, allowed in CANDIDATE_ANSWERS.items()}
        reasons = data.getlist(prefix + "reasons")
        valid &= all(isinstance(r, str) and r in (*oracle.REASONS, NONE_REASON) for r in reasons)  # B6
        valid &= name is not INVALID and INVALID not in answers.values()
        valid &= not (NONE_REASON in reasons and len(reasons) > 1)
        complete &= (
            bool(name)
            and name is not INVALID
            and all(a not in (None, INVALID) for a in answers.values())
            and bool(reasons)
        )
        candidate: dict[str, Any] = {"name": name if isinstance(name, str) else ""}
        candidate.update({q: a for q, a in answers.items() if a not in (None, INVALID)})
        candidate["reasons"] = [] if reasons == [NONE_REASON] else (reasons or None)
        entries.append(candidate)
    names = [c["name"].casefold() for c in entries if c["name"]]
    complete &= len(names) == len(set(names))
    return valid, {"candidates": entries}, complete


PARSERS = {"context": parse_context, "signs": parse_signs, "candidates": parse_candidates}


def resolve_action(form, step: str, add_elsewhere: str = "save") -> tuple[str, bool, bool]:
    """The button pressed. "add" outside the candidates step (no such button there) counts as
    `add_elsewhere`, "save" or "next": it never adds a candidate (B8)."""
    action = form.get("action", "next")
    if action == "add" and step != "candidates":
        action = add_elsewhere
    removing = action.startswith("remove-") and step == "candidates"
    deciding = action.startswith(("accept-", "override-")) and step == "signs"
    importing = action == "evidence" and step == "signs"  # save as it stands, then the import page
    if action not in NAV and not removing and not deciding and not importing:
        action = "next"
    return action, removing, deciding


VERSION_MISSING = object()


def version_reading(version: str | None, current: int) -> object:
    """Whether the page was based on an older version: True or False; VERSION_MISSING when the
    post holds no version a page could hold. A page writes its version as a whole number from 1
    to 2**31 - 1 in ASCII digits, without sign, spaces or leading zero; anything else ("", "01",
    " 1", "1.0", "-1", "²", "٣", twelve digits, 5,000 nines: B2) is no version."""
    if not isinstance(version, str) or not re.fullmatch(r"[1-9][0-9]{0,9}", version) or int(version) >= 2**31:
        return VERSION_MISSING
    return int(version) != current


def positions(action: str) -> set[int | None]:
    """remove-N: plain digits are a position; " 1", "+1", "٣" may be read by int() or ignored;
    a negative N is no position (B7)."""
    text = action.removeprefix("remove-")
    readings: set[int | None] = set()
    for read in (lambda t: int(t) if t.isascii() and t.isdigit() else None, int):
        try:
            position = read(text)
        except ValueError:  # not a number, or more than 4,300 digits: nothing to remove
            position = None
        readings.add(position if position is None or position >= 0 else None)
    return readings


def possible_outcomes(step: str, request: FormRequest, before) -> list[Expect]:
    """Every outcome a correct app may give: see FormRequest.interpretations and positions for the
    readings left open."""
    form = request.form()
    action = resolve_action(form, step)[0]
    outcomes = []
    for data in request.interpretations():
        for position in positions(action) if action.startswith("remove-") else {None}:
            for add_elsewhere in ("save", "next"):
                expect = expect_step(step, request, before, data=data, position=position, add_elsewhere=add_elsewhere)
                if expect not in outcomes:
                    outcomes.append(expect)
    return outcomes


def expect_step(
    step: str,
    request: FormRequest,
    before,
    *,
    data: Any = INVALID,
    position: int | None = None,
    add_elsewhere: str = "save",
) -> Expect:
    """`before`: the assessment row as stored before the request; `data`: what the form reads."""
    if request.oversize:
        return Expect(413)
    form = request.form()
    data = request.formdata() if data is INVALID else data
    stale = version_reading(form.get("version"), before.version)
    action, removing, deciding = resolve_action(form, step, add_elsewhere)
    background = request.fetch  # the background save: the step saved as it stands, whatever the action
    if background:
        action, removing, deciding = "save", False, False
    if data is REFUSED:
        return Expect(422)
    valid, part, complete = PARSERS[step](data)
    if valid and action == "next":
        valid = complete
    if not valid:
        return Expect(422, json={"saved": False, "problems": PROBLEMS_LISTED} if background else None)

    old = before.draft
    draft = {**old, **part}
    if stale is VERSION_MISSING:
        return Expect(409, json={"saved": False, "conflict": True, "problem": VERSION_PROBLEM} if background else None)
    if stale and draft != old:
        return Expect(409, json={"saved": False, "conflict": True} if background else None)
    _apply_action(draft, step, action, removing, position)

    index = ORDER.index(step)
    reached = ORDER[index + 1] if action == "next" and index + 1 < len(ORDER) else None
    furthest = ORDER.index(before.step) if before.step in ORDER else len(ORDER)
    moves_on = reached is not None and ORDER.index(reached) > furthest
    changed = draft != old or moves_on
    submitted = before.submitted_at is not None
    new_step = reached if moves_on else before.step
    if changed and submitted:
        submitted = oracle.first_incomplete_step(draft) is None

    location, fragment, submits = _redirect(before.public_id, step, action, removing, deciding, draft)
    submitted = submitted or submits
    team_name = draft.get("context", {}).get("team") if changed else before.team_name
    if background:
        return Expect(
            200,
            draft=draft,
            step=new_step,
            submitted=submitted,
            changed=changed,
            team_name=team_name,
            json={"saved": True},
        )
    return Expect(
        302,
        location=location,
        fragment=fragment,
        draft=draft,
        step=new_step,
        submitted=submitted,
        changed=changed,
        team_name=team_name,
    )


def _apply_action(draft: dict[str, Any], step: str, action: str, removing: bool, position: int | None) -> None:
    """The draft as the button pressed leaves it: a candidate added or removed."""
    if step == "signs":
        draft["evidence"] = copy.deepcopy(draft.get("evidence") or {})
    if action == "add":
        draft["candidates"] = [*draft["candidates"], {"name": ""}]
    elif removing and position is not None:
        draft["candidates"] = [c for i, c in enumerate(draft["candidates"]) if i != position]


def _redirect(
    public_id: str, step: str, action: str, removing: bool, deciding: bool, draft: dict[str, Any]
) -> tuple[str, str | None, bool]:
    """Where the page goes after the save (location and fragment), and whether it submits: "next"
    on the last step with every step complete."""
    index = ORDER.index(step)
    location, fragment = f"/assessments/{public_id}/{step}", None
    if deciding:
        fragment = action.partition("-")[2]
    elif action == "add":
        fragment = f"candidate-{len(draft['candidates'])}"
    elif removing:
        fragment = "candidates"
    elif action == "back":
        location = f"/assessments/{public_id}/{ORDER[max(index - 1, 0)]}"
    elif action == "evidence":
        location = f"/assessments/{public_id}/evidence"
    elif action == "next":
        if index + 1 < len(ORDER):
            location = f"/assessments/{public_id}/{ORDER[index + 1]}"
        else:
            missing = oracle.first_incomplete_step(draft)
            if missing is None:
                return f"/assessments/{public_id}/result", fragment, True
            location = f"/assessments/{public_id}/{missing}"
    return location, fragment, False
