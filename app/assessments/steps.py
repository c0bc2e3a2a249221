"""The questionnaire's steps: how each reads from and writes to a draft."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_wtf import FlaskForm

from app.instrument import Instrument
from app.language import _

from . import forms


@dataclass(frozen=True)
class Step:
    id: str
    title: Callable[[Instrument], str]  # the step's heading, for the assessment's instrument
    form_class: Callable[[Instrument], type[FlaskForm]]
    to_form: Callable[[dict], dict]
    from_form: Callable[[FlaskForm, dict], dict]
    require: Callable[[FlaskForm], bool]


def _context_to_form(draft: dict) -> dict:
    return dict(draft.get("context", {}))


def _context_from_form(form: FlaskForm, draft: dict) -> dict:
    values = {f.name: f.data for f in form if f.name != "csrf_token" and f.data not in (None, "")}
    return {**draft, "context": values}


def _context_require(form: FlaskForm) -> bool:
    fields = [form[f.id] for f in form.instrument.numbers if f.required]
    return forms.require(fields, _("Enter a number."))


def _signs_to_form(draft: dict) -> dict:
    data = dict(draft.get("signs", {}))
    data.update({f"{sign}_note": note for sign, note in draft.get("notes", {}).items()})
    return data


def _signs_from_form(form: FlaskForm, draft: dict) -> dict:
    ids = form.instrument.sign_ids
    signs = {s: form[s].data for s in ids if form[s].data}
    notes = {s: form[f"{s}_note"].data for s in ids if form[f"{s}_note"].data}
    return {**draft, "signs": signs, "notes": notes}


def _signs_require(form: FlaskForm) -> bool:
    return forms.require([form[s] for s in form.instrument.sign_ids], _("Choose an answer."))


def _candidates_to_form(draft: dict) -> dict:
    entries = []
    for candidate in draft.get("candidates", []):
        # A multiple-choice question answered with nothing ticked shows "None of these" ticked.
        entry = {key: [forms.NONE_REASON] if value == [] else value for key, value in candidate.items()}
        entries.append(entry)
    return {"candidates": entries}


def _candidate_from_entry(entry: FlaskForm) -> dict:
    candidate: dict[str, Any] = {"name": entry["name"].data or ""}
    for q in entry.instrument.candidate_questions:
        if q.kind == "choice":
            if entry[q.id].data:
                candidate[q.id] = entry[q.id].data
            continue
        ticked = entry[q.id].data or []
        candidate[q.id] = [] if ticked == [forms.NONE_REASON] else (ticked or None)
    return candidate


def _candidates_from_form(form: FlaskForm, draft: dict) -> dict:
    return {**draft, "candidates": [_candidate_from_entry(e.form) for e in form["candidates"]]}


def _candidates_require(form: FlaskForm) -> bool:
    complete = True
    for entry in form["candidates"]:
        f = entry.form
        complete &= forms.require([f["name"]], _("Give the service a name, or remove it."))
        questions = f.instrument.candidate_questions
        complete &= forms.require([f[q.id] for q in questions if q.kind == "choice"], _("Choose an answer."))
        complete &= forms.require(
            [f[q.id] for q in questions if q.kind == "multiple"], _('Tick the answers that apply, or "None of these".')
        )
    names = [e.form["name"].data.casefold() for e in form["candidates"] if e.form["name"].data]
    for entry in form["candidates"]:
        name = entry.form["name"].data
        if name and names.count(name.casefold()) > 1:
            entry.form["name"].errors = [*entry.form["name"].errors, _("Two candidates have this name.")]
            complete = False
    return complete


STEPS = {
    "context": Step(
        "context",
        lambda instrument: _("Your system"),
        forms.context_form_class,
        _context_to_form,
        _context_from_form,
        _context_require,
    ),
    "signs": Step(
        "signs",
        lambda instrument: instrument.signs_title,
        forms.signs_form_class,
        _signs_to_form,
        _signs_from_form,
        _signs_require,
    ),
    "candidates": Step(
        "candidates",
        lambda instrument: _("Services you might split out"),
        forms.candidates_form_class,
        _candidates_to_form,
        _candidates_from_form,
        _candidates_require,
    ),
}
ORDER = tuple(STEPS)
