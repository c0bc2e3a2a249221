"""The plan page: targets with the planned score beside today's, and the plan's items.

Every change is a POST to the page with an `action` (`targets`, `add`, `save`, `status`, `up`,
`down`) and, for an item, its public id (`item`) and the version the page showed. The page is
reached as every page of an assessment is (`access.owned_or_404`), so another team's
assessment, or another team's item, is a 404. A team's plan changes through its own link, a
client's combined plan by its consultant (`may_change`). An edit based on a version saved over
since shows both (409), and saves nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from app import instrument as instruments
from app import security
from app.assessments import access
from app.assessments import services as assessments
from app.assessments.forms import posted_version
from app.assessments.models import Assessment, TeamKind
from app.extensions import db
from app.language import _, _l

from . import bp, event_words, quarters, services
from .forms import ItemForm, StatusForm, read_targets, target_rows
from .models import STATUS_SHOWN, PlanItem

ITEM_ACTIONS = ("save", "status", "up", "down")


def _plan_of(public_id: str, fallback_token: str | None = None) -> tuple[Assessment, str]:
    assessment, token = access.owned_or_404(public_id, fallback_token)
    if not assessment.team.kind.tracks_progress:
        abort(404)  # a respondent's answers go into their client's result; the plan is the client's
    return assessment, token


def may_change(assessment: Assessment, token: str) -> bool:
    """Who changes a plan. A team's plan: whoever holds its private link (`token`), never someone
    let in by a policy. A client's combined plan: the consultant a policy let in (nobody holds a
    client's link, and respondents reach only their own answers, which have no plan)."""
    return bool(token) or assessment.team.kind is TeamKind.CLIENT


def _signs(assessment: Assessment) -> list[tuple[str, str]]:
    return [(s.id, s.title) for s in instruments.get(assessment.instrument).signs]


def item_form(assessment: Assessment, item: PlanItem, formdata=None) -> ItemForm:
    data = services.values_of(item)
    data["due"] = item.due.isoformat() if item.due else ""
    data["sign_id"] = item.sign_id or ""
    return ItemForm(
        formdata=formdata,
        data={**data, "version": str(item.version)},
        prefix=f"{item.public_id}-",
        signs=_signs(assessment),
        saved_due=item.due,
        own=item.own,
        meta={"csrf": False},
    )


def new_item_form(assessment: Assessment, formdata=None) -> ItemForm:
    return ItemForm(formdata=formdata, prefix="new", signs=_signs(assessment), own=True, meta={"csrf": False})


def _render(
    assessment: Assessment,
    token: str,
    status: int = 200,
    posted_item: tuple[str, ItemForm] | None = None,
    new_form: ItemForm | None = None,
    targets_posted: Any = None,
    target_problems: dict[str, str] | None = None,
):
    instrument = instruments.get(assessment.instrument)
    answers = assessments.answers_of(assessment)
    today_result = services.result_of(assessment)
    saved = services.saved_targets(assessment.team_id)
    items = services.items_of(assessment.team_id)
    forms = {item.public_id: item_form(assessment, item) for item in items}
    if posted_item is not None:
        forms[posted_item[0]] = posted_item[1]
    rows = target_rows(answers, instrument)
    chosen = {}
    for row in rows:
        value = saved.get(row["key"])
        if targets_posted is not None:
            chosen[row["field"]] = (targets_posted.get(row["field"], ""), targets_posted.get(row["field"] + "-by", ""))
        else:
            chosen[row["field"]] = (value.answer, value.by or "") if value else ("", "")
    upcoming = quarters.upcoming(date.today())
    offered = list(upcoming)
    for value in saved.values():
        if value.by and value.by not in offered and quarters.parse(value.by):
            offered.insert(0, value.by)
    latest = services.latest_submitted(assessment.team_id)
    return render_template(
        "plans/plan.html",
        assessment=assessment,
        token=token,
        result=today_result,
        planned=services.planned_of(assessment, saved),
        rows=rows,
        chosen=chosen,
        quarters=offered,
        quarter_label=quarters.label,
        targets_version=services.targets_version(saved),
        target_problems=target_problems or {},
        items=items,
        forms=forms,
        status_forms={item.public_id: _status_form(item) for item in items},
        events=services.events_of(items),
        event_shown=event_words.shown,
        new_form=new_form or new_item_form(assessment),
        sign_titles=dict(_signs(assessment)),
        today=date.today(),
        latest=latest,
        can_change=may_change(assessment, token),
    ), status


def _status_form(item: PlanItem) -> StatusForm:
    return StatusForm(
        formdata=None, data={"version": str(item.version)}, prefix=f"{item.public_id}-", meta={"csrf": False}
    )


@bp.get("/assessments/<public_id>/plan")
def plan(public_id: str):
    assessment, token = _plan_of(public_id)
    if not assessment.submitted:
        flash(_("Finish the questionnaire to make a plan."), "error")
        step = assessments.first_incomplete_step(assessment) or "candidates"
        return redirect(url_for("assessments.step", public_id=assessment.public_id, step_id=step))
    return _render(assessment, token)


@bp.post("/assessments/<public_id>/plan")
def change(public_id: str):
    assessment, token = _plan_of(public_id, request.form.get("resume_token"))
    if not may_change(assessment, token):
        abort(403)  # a team's plan changes only through its own link
    if not assessment.submitted:
        abort(404)
    action = request.form.get("action")
    if action == "targets":
        return _save_targets(assessment, token)
    if action == "add":
        return _add(assessment, token)
    if action in ITEM_ACTIONS:
        item = services.item_of(assessment.team_id, request.form.get("item"))
        if item is None:
            abort(404)  # no such item in this team's plan
        if action in ("up", "down"):
            services.move(item, action)
            db.session.commit()
            return _back(assessment, item)
        return _save_item(assessment, token, item, action)
    abort(400)


def _back(assessment: Assessment, item: PlanItem | None = None, anchor: str | None = None) -> Response:
    here = url_for("plans.plan", public_id=assessment.public_id)
    return redirect(f"{here}#{anchor or (f'item-{item.public_id}' if item else 'items')}")


def _save_targets(assessment: Assessment, token: str):
    instrument = instruments.get(assessment.instrument)
    rows = target_rows(assessments.answers_of(assessment), instrument)
    saved = services.saved_targets(assessment.team_id)
    targets, problems = read_targets(request.form, rows, saved, date.today())
    if problems:
        return _render(assessment, token, 422, targets_posted=request.form, target_problems=problems)
    based_on = request.form.get("targets_version")
    if not based_on or based_on != services.targets_version(saved) and targets != saved:
        return _targets_conflict(assessment, token, rows, saved, targets, version_missing=not based_on)
    services.save_targets(assessment.team_id, targets)
    db.session.commit()
    flash(_("Targets saved."), "success")
    return _back(assessment, anchor="targets")


def _add(assessment: Assessment, token: str):
    form = new_item_form(assessment, request.form)
    if not form.validate():
        return _render(assessment, token, 422, new_form=form)
    item = services.add_own(assessment, form.values())
    db.session.commit()
    flash(_("Item added to the plan."), "success")
    return _back(assessment, item)


def _save_item(assessment: Assessment, token: str, item: PlanItem, action: str):
    if action == "status":
        status_form = StatusForm(formdata=request.form, prefix=f"{item.public_id}-", meta={"csrf": False})
        if not status_form.validate():
            abort(422)
        values: dict[str, Any] = {"status": status_form.status.data}
        based_on = posted_version(request.form.get(f"{item.public_id}-version"))
    else:
        form = item_form(assessment, item, request.form)
        if not form.validate():
            return _render(assessment, token, 422, posted_item=(item.public_id, form))
        values = form.values()
        based_on = posted_version(request.form.get(f"{item.public_id}-version"))
    saved = services.values_of(item)
    differs = any(saved.get(k) != v for k, v in _effective(item, values).items())
    if based_on is None or based_on != item.version and differs:
        return _item_conflict(assessment, token, item, values, version_missing=based_on is None)
    try:
        if services.change_item(item, values, assessment):
            db.session.commit()
            flash(_("Saved."), "success")
    except StaleDataError:  # saved by another request between our read and our write
        db.session.rollback()
        item = db.session.get(PlanItem, item.id) or abort(404)
        return _item_conflict(assessment, token, item, values)
    return _back(assessment, item)


def _effective(item: PlanItem, values: dict[str, Any]) -> dict[str, Any]:
    """The values a save would store (a recommendation's item keeps its title and sign)."""
    if item.recommendation_id is not None:
        values = {k: v for k, v in values.items() if k not in ("title", "sign_id")}
    if "status" in values and values["status"] != "wont_do":
        values = {**values, "reason": None}
    return values


FIELD_LABELS = {
    "title": _l("What to do"),
    "sign_id": _l("Sign"),
    "owner": _l("Owner"),
    "due": _l("Due date"),
    "status": _l("Status"),
    "reason": _l("Why the team won't do it"),
    "note": _l("Note"),
}


def _shown(name: str, value: Any, signs: dict[str, str]) -> str:
    if value in (None, ""):
        return _("(empty)")
    if name == "status":
        return str(STATUS_SHOWN.get(value, value))
    if name == "sign_id":
        return signs.get(value, str(value))
    if name == "due":
        return value.isoformat()
    return str(value)


def _item_conflict(
    assessment: Assessment, token: str, item: PlanItem, values: dict[str, Any], version_missing: bool = False
):
    signs = dict(_signs(assessment))
    saved = services.values_of(item)
    mine = {**saved, **_effective(item, values)}
    rows = [
        (
            str(FIELD_LABELS[name]),
            _shown(name, saved[name], signs),
            _shown(name, mine[name], signs),
            saved[name] != mine[name],
        )
        for name in services.EDITABLE
        if not (item.recommendation_id and name in ("title", "sign_id"))
    ]
    return render_template(
        "plans/conflict.html",
        assessment=assessment,
        token=token,
        explanation=_(
            "Your page did not say which version of the plan item “%(title)s” it started from, so it may be older "
            "than what is saved now. Nothing was saved and nothing was overwritten. Compare the two and choose "
            "which to keep.",
            title=item.title,
        )
        if version_missing
        else _(
            "Since you opened the page, the plan item “%(title)s” was saved from another tab or by someone else "
            "with your private link. Nothing was overwritten. Compare the two and choose which to keep.",
            title=item.title,
        ),
        rows=rows,
        version_field=f"{item.public_id}-version",
        version=item.version,
        version_missing=version_missing,
    ), 409


def _targets_conflict(assessment, token, rows, saved, targets, version_missing: bool = False):
    labels = {row["key"]: dict(row["choices"]) for row in rows}

    def described(key, value) -> str:
        if value is None:
            return _("(no target)")
        answer = labels.get(key, {}).get(value.answer, value.answer)
        return _("%(answer)s by %(months)s", answer=answer, months=quarters.label(value.by)) if value.by else answer

    table = [
        (row["label"], described(row["key"], saved.get(row["key"])), described(row["key"], targets.get(row["key"])))
        for row in rows
    ]
    return render_template(
        "plans/conflict.html",
        assessment=assessment,
        token=token,
        explanation=_(
            "Your page did not say which version of the targets it started from, so it may be older than what is "
            "saved now. Nothing was saved and nothing was overwritten. Compare the two and choose which to keep."
        )
        if version_missing
        else _(
            "Since you opened the page, the targets were saved from another tab or by someone else with your "
            "private link. Nothing was overwritten. Compare the two and choose which to keep."
        ),
        rows=[(label, before, after, before != after) for label, before, after in table],
        version_field="targets_version",
        version=services.targets_version(saved),
        version_missing=version_missing,
    ), 409


@bp.errorhandler(CSRFError)
def expired_form(error: CSRFError):
    """An expired session or form token: what was posted comes back on a page that saves it with a
    fresh token. A form sent from another site is refused, the session left alone."""
    if security.refuse() or request.endpoint != "plans.change":
        return render_template("errors/expired.html"), 400
    public_id = (request.view_args or {}).get("public_id") or ""
    assessment, token = _plan_of(public_id, request.form.get("resume_token"))
    return render_template("plans/expired.html", assessment=assessment, token=token), 400
