"""Two tabs, or two people, editing the same step: show both versions, overwrite nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask import render_template

from app.instrument import Instrument
from app.language import _

HIDDEN = {"csrf_token", "resume_token", "version"}


def _values(form) -> Iterator[tuple[str, str, Any]]:
    for field in form:
        if field.name in HIDDEN:
            continue
        if field.type == "FieldList":
            for number, entry in enumerate(field, start=1):
                for sub in entry.form:
                    yield f"{sub.name}", _("Candidate %(number)s: %(name)s", number=number, name=sub.label.text), sub
        else:
            yield field.name, field.label.text, field


def _shown(field) -> str:
    data = field.data
    if data in (None, "", []):
        return _("(no answer)")
    if field.type in ("RadioField", "ReasonsField"):
        labels = {c.value: c.label for c in field.choices}
        items = data if isinstance(data, list) else [data]
        return "; ".join(str(labels.get(v, v)) for v in items)
    if isinstance(data, float):
        return f"{data:g}"
    return str(data)


def differences(saved_form, yours) -> list[tuple[str, str, str]]:
    saved = {name: field for name, _, field in _values(saved_form)}
    rows = []
    for name, label, field in _values(yours):
        before = _shown(saved[name]) if name in saved else _("(no answer)")
        after = _shown(field)
        if before != after:
            rows.append((label, before, after))
    for name, label, field in _values(saved_form):
        if name not in {n for n, _, _ in _values(yours)}:
            rows.append((label, _shown(field), _("(not on your page)")))
    return rows


def conflict_page(assessment, step, instrument: Instrument, yours, token: str, version_missing: bool = False):
    """Both versions side by side. `version_missing`: the page said nothing of the version it was
    based on (a page from before versions, or a post not made by a browser), so it may be stale."""
    saved_form = step.form_class(instrument)(formdata=None, data=step.to_form(assessment.draft), meta={"csrf": False})
    return render_template(
        "assessments/conflict.html",
        assessment=assessment,
        step=step,
        title=step.title(instrument),
        token=token,
        rows=differences(saved_form, yours),
        yours=yours,
        version_missing=version_missing,
    ), 409
