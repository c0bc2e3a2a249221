"""Questionnaire pages. Each step is saved whole when the person moves on."""
from __future__ import annotations

import copy

from flask import abort, flash, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict
from flask_wtf.csrf import CSRFError

from app import instrument as instruments
from app import security
from app.scoring import AnswersInvalid

from sqlalchemy.orm.exc import StaleDataError

from app.evidence_import import decisions
from app.extensions import db
from app.links import guessing_limit
from app.evidence_import.services import latest_for

from . import access, bp, services
from .conflict import conflict_page
from .forms import posted_version
from .models import Assessment
from .steps import ORDER, STEPS

NAV_ACTIONS = ("next", "back", "add", "save")
MAX_CANDIDATES = 50
VERSION_MISSING = "The page did not say which version of the answers it was based on, so nothing was saved."


def _render(assessment: Assessment, token: str, step_id: str, form, status: int = 200,
            expired: bool = False, values: dict | None = None):
    """The step's page. `values`: the saved answers, when the page shows them as saved (a GET);
    None when it shows what was posted, with its messages."""
    step = STEPS[step_id]
    instrument = instruments.get(assessment.instrument)
    evidence = latest_for(assessment) if step_id == "signs" and assessment.draft.get("evidence") else None
    return render_template(
        f"assessments/{step_id}.html", assessment=assessment, step=step, form=form, steps=STEPS, evidence=evidence,
        order=ORDER, index=ORDER.index(step_id), instrument=instrument, token=token, expired=expired,
        resume_url=url_for("assessments.resume", token=token, _external=True) if token else None, values=values,
    ), status


@bp.post("/start")
def start():
    assessment, token = services.start()
    access.remember(assessment.team, token)
    return redirect(url_for("assessments.step", public_id=assessment.public_id, step_id=ORDER[0]))


@bp.get("/r/<token>")
@guessing_limit
def resume(token: str):
    team = access.team_by_token(token)
    if team is None:
        abort(404)
    access.remember(team, token)
    assessment = team.latest
    if assessment.submitted:
        return redirect(url_for("reports.result", public_id=assessment.public_id))
    return redirect(url_for("assessments.step", public_id=assessment.public_id, step_id=assessment.step))


@bp.route("/assessments/<public_id>/<step_id>", methods=["GET", "POST"])
def step(public_id: str, step_id: str):
    if step_id not in STEPS:
        abort(404)
    if request.method != "POST":  # GET, or HEAD: never a save
        return _show(public_id, step_id)
    assessment, token = access.owned_or_404(public_id, request.form.get("resume_token"))
    if not assessment.team.kind.answers_itself:
        abort(404)  # a client's result is worked out from its respondents, never typed in
    access.require_holder(token)
    step = STEPS[step_id]
    form_class = step.form_class(instruments.get(assessment.instrument))

    form = form_class(formdata=_well_formed(request.form))
    action = request.form.get("action", "next")
    removing = action.startswith("remove-") and step_id == "candidates"
    if action == "add" and step_id != "candidates":
        action = "save"
    deciding = action.startswith(("accept-", "override-")) and step_id == "signs"
    if action not in NAV_ACTIONS and not removing and not deciding:
        action = "next"
    valid = form.validate()
    if valid and action == "next":
        valid = step.require(form)
    background = action == "save" and request.headers.get("X-Requested-With") == "fetch"
    if not valid:
        if background:
            return {"saved": False}, 422
        return _render(assessment, token, step_id, form, status=422)

    draft = step.from_form(form, assessment.draft)
    based_on = posted_version(request.form.get("version"))
    if based_on is None:  # every page says; without it a save can't be told from one made on a stale page
        if background:
            return {"saved": False, "conflict": True, "problem": VERSION_MISSING}, 409
        return conflict_page(assessment, step, instruments.get(assessment.instrument), form, token,
                             version_missing=True)
    if based_on != assessment.version and draft != assessment.draft:
        if background:
            return {"saved": False, "conflict": True}, 409
        return conflict_page(assessment, step, instruments.get(assessment.instrument), form, token)
    if step_id == "signs":
        draft["evidence"] = copy.deepcopy(draft.get("evidence") or {})
        if deciding and (problem := decisions.decide(draft, action)):
            form[action.partition("-")[2]].errors = [problem]
            return _render(assessment, token, step_id, form, status=422)
        decisions.reconcile(draft)
    index = ORDER.index(step_id)
    if action == "add" and len(draft["candidates"]) < MAX_CANDIDATES:
        draft["candidates"].append({"name": ""})
    elif removing:
        _remove_candidate(draft, action)
    reached = ORDER[index + 1] if action == "next" and index + 1 < len(ORDER) else None
    try:
        services.save_draft(assessment, draft, reached)
    except StaleDataError:  # another request saved between our read and our write
        db.session.rollback()
        if background:
            return {"saved": False, "conflict": True}, 409
        return conflict_page(assessment, step, instruments.get(assessment.instrument), form, token)
    if background:
        return {"saved": True, "version": assessment.version}
    return _after_save(assessment, step_id, action, index, len(draft.get("candidates", [])))


def _show(public_id: str, step_id: str):
    """A step as saved."""
    assessment, token = access.owned_or_404(public_id)
    if not assessment.team.kind.answers_itself:
        abort(404)
    step = STEPS[step_id]
    form_class = step.form_class(instruments.get(assessment.instrument))
    saved = step.to_form(assessment.draft)
    return _render(assessment, token, step_id, form_class(data=saved), values=saved)


def _well_formed(posted) -> MultiDict:
    """The posted fields, less names no form field could have (e.g. "candidates-²-name")."""
    def plain(key) -> bool:
        return isinstance(key, str) and (not key.startswith("candidates-") or key.split("-")[1].isascii()
                                         and key.split("-")[1].isdigit() and len(key.split("-")[1]) <= 3)
    return MultiDict([(k, v) for k, v in posted.items(multi=True) if plain(k)])


def _remove_candidate(draft: dict, action: str) -> None:
    position = action.removeprefix("remove-")
    if position.isascii() and position.isdigit() and int(position) < len(draft["candidates"]):
        del draft["candidates"][int(position)]
    # otherwise a stale page removing what is already gone: nothing to do


def _after_save(assessment: Assessment, step_id: str, action: str, index: int, candidates: int):
    here = url_for("assessments.step", public_id=assessment.public_id, step_id=step_id)
    if action.startswith(("accept-", "override-")):
        return redirect(f"{here}#{action.partition('-')[2]}")
    if action == "add":
        return redirect(f"{here}#candidate-{candidates}")
    if action.startswith("remove-"):
        flash("Candidate removed.", "success")
        return redirect(f"{here}#candidates")
    if action == "save":
        return redirect(here)
    if action == "back":
        return redirect(url_for("assessments.step", public_id=assessment.public_id,
                                step_id=ORDER[max(index - 1, 0)]))
    if index + 1 < len(ORDER):
        return redirect(url_for("assessments.step", public_id=assessment.public_id, step_id=ORDER[index + 1]))
    missing = services.first_incomplete_step(assessment)
    if missing:
        flash("A few answers are still missing on this step.", "error")
        return redirect(url_for("assessments.step", public_id=assessment.public_id, step_id=missing))
    try:
        services.submit(assessment)
    except AnswersInvalid:  # pragma: no cover - first_incomplete_step covers every field
        abort(422)
    return redirect(url_for("reports.result", public_id=assessment.public_id))


@bp.errorhandler(CSRFError)
def expired_form(error: CSRFError):
    """An expired session or token: show the page again with what was posted. A form sent from
    another site is refused with the session left as it was (`security.refuse`)."""
    public_id = (request.view_args or {}).get("public_id")
    step_id = (request.view_args or {}).get("step_id")
    if security.refuse() or request.endpoint != "assessments.step" or step_id not in STEPS:
        return render_template("errors/expired.html"), 400
    assessment, token = access.owned_or_404(public_id, request.form.get("resume_token"))
    form = STEPS[step_id].form_class(instruments.get(assessment.instrument))(formdata=request.form)
    return _render(assessment, token, step_id, form, status=400, expired=True)
