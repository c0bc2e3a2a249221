"""What a posted step asks for, read once, and saving it: one path for the page and the background save.

A step's page posts its answers with the button pressed (`action`): `next`, `back`, `save`, `add`
(a candidate), `remove-N` (candidate N), `accept-SIGN` or `override-SIGN` (the evidence's
suggestion for a sign), `evidence` (save the signs as they stand, then import evidence).
`Action.posted` reads that once; `save` validates, checks the version the page was based on,
applies the action to the draft and stores it, and says what happened.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm.exc import StaleDataError

from app import instrument as instruments
from app import translation
from app.evidence_import import decisions
from app.extensions import db

from . import services
from .forms import posted_version
from .models import Assessment
from .steps import ORDER, STEPS

MAX_CANDIDATES = 50


@dataclass(frozen=True, slots=True)
class Action:
    name: str  # next, back, save, add, remove, accept, override or evidence
    argument: str = ""  # the candidate's position (remove) or the sign's id (accept, override)

    @classmethod
    def posted(cls, value: Any, step_id: str) -> Action:
        """The action a posted `action` value asks for on this step; `next` for anything else."""
        name, dash, argument = value.partition("-") if isinstance(value, str) else ("next", "", "")
        if name == "add" and not dash:
            return cls("add") if step_id == "candidates" else cls("save")
        if name == "remove" and dash and step_id == "candidates":
            return cls("remove", argument)
        if name in ("accept", "override") and dash and step_id == "signs":
            return cls(name, argument)
        if name == "evidence" and not dash and step_id == "signs":
            return cls("evidence")
        if name in ("next", "back", "save") and not dash:
            return cls(name)
        return cls("next")

    @property
    def value(self) -> str:
        return f"{self.name}-{self.argument}" if self.name in ("remove", "accept", "override") else self.name


@dataclass(slots=True)
class Outcome:
    """What became of a save: `saved`, `invalid` (the form carries the messages), `version_missing`
    or `conflict` (saved since by someone else: nothing was saved)."""

    status: str
    form: Any
    draft: dict[str, Any] | None = None


def save(assessment: Assessment, step_id: str, action: Action, posted: Any) -> Outcome:
    """Validate the posted step, apply the action and store the draft whole, or say why not."""
    step = STEPS[step_id]
    form = step.form_class(instruments.get(assessment.instrument))(formdata=posted)
    valid = form.validate()
    if valid and action.name == "next":
        valid = step.require(form)
    if not valid:
        return Outcome("invalid", form)
    draft = step.from_form(form, assessment.draft)
    based_on = posted_version(posted.get("version"))
    if based_on is None:  # every page says; without it a save can't be told from one made on a stale page
        return Outcome("version_missing", form)
    if based_on != assessment.version and draft != assessment.draft:
        return Outcome("conflict", form)
    if step_id == "signs":
        draft["evidence"] = copy.deepcopy(draft.get("evidence") or {})
        if action.name in ("accept", "override") and (problem := decisions.decide(draft, action.value)):
            form[action.argument].errors = [problem]
            return Outcome("invalid", form)
        decisions.reconcile(draft)
    if action.name == "add" and len(draft["candidates"]) < MAX_CANDIDATES:
        draft["candidates"].append({"name": ""})
    elif action.name == "remove":
        _remove_candidate(draft, action.argument)
    index = ORDER.index(step_id)
    reached = ORDER[index + 1] if action.name == "next" and index + 1 < len(ORDER) else None
    try:
        services.save_draft(assessment, draft, reached, language=translation.current())
    except StaleDataError:  # another request saved between our read and our write
        db.session.rollback()
        return Outcome("conflict", form)
    return Outcome("saved", form, draft)


def _remove_candidate(draft: dict[str, Any], position: str) -> None:
    if position.isascii() and position.isdigit() and int(position) < len(draft["candidates"]):
        del draft["candidates"][int(position)]
    # otherwise a stale page removing what is already gone: nothing to do
