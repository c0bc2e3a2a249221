"""Questionnaire pages. Each step is saved whole when the person moves on."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.datastructures import MultiDict

from app import instrument as instruments
from app import security, translation
from app.evidence_import.services import latest_for
from app.language import _
from app.links import guessing_limit
from app.scoring import AnswersInvalid

from . import access, actions, bp, forms, services
from .actions import Action
from .conflict import conflict_page
from .models import Assessment
from .steps import ORDER, STEPS

VERSION_MISSING = "The page did not say which version of the answers it was based on, so nothing was saved."


def _render(
    assessment: Assessment,
    token: str,
    step_id: str,
    form,
    status: int = 200,
    expired: bool = False,
    values: dict | None = None,
):
    """The step's page. `values`: the saved answers, when the page shows them as saved (a GET);
    None when it shows what was posted, with its messages."""
    step = STEPS[step_id]
    instrument = instruments.get(assessment.instrument)
    evidence = latest_for(assessment) if step_id == "signs" and assessment.draft.get("evidence") else None
    return render_template(
        f"assessments/{step_id}.html",
        assessment=assessment,
        step=step,
        form=form,
        steps=STEPS,
        evidence=evidence,
        order=ORDER,
        index=ORDER.index(step_id),
        instrument=instrument,
        token=token,
        expired=expired,
        resume_url=url_for("assessments.resume", token=token, _external=True) if token else None,
        reading=access.reading(assessment.team, token),
        values=values,
    ), status


@bp.post("/start")
def start():
    assessment, token = services.start(translation.current())
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
    assessment, token = _answerable(public_id)
    action = Action.posted(request.form.get("action"), step_id)
    outcome = actions.save(assessment, step_id, action, _well_formed(request.form))
    if outcome.status == "invalid":
        return _render(assessment, token, step_id, outcome.form, status=422)
    if outcome.status in ("version_missing", "conflict"):
        return conflict_page(
            assessment,
            STEPS[step_id],
            instruments.get(assessment.instrument),
            outcome.form,
            token,
            version_missing=outcome.status == "version_missing",
        )
    assert outcome.draft is not None, "a saved outcome carries the draft it saved"
    return _after_save(assessment, step_id, action, len(outcome.draft.get("candidates", [])))


@bp.post("/assessments/<public_id>/<step_id>/save")
def background_save(public_id: str, step_id: str):
    """The page's background save, as JSON: the step saved as it stands, moving nowhere."""
    if step_id not in STEPS:
        abort(404)
    assessment, _ = _answerable(public_id)
    outcome = actions.save(assessment, step_id, Action("save"), _well_formed(request.form))
    if outcome.status == "saved":
        return {"saved": True, "version": assessment.version}
    if outcome.status == "invalid":
        return {"saved": False, "problems": forms.problems(outcome.form)}, 422
    problem = {"problem": VERSION_MISSING} if outcome.status == "version_missing" else {}
    return {"saved": False, "conflict": True, **problem}, 409


def _answerable(public_id: str) -> tuple[Assessment, str]:
    """The assessment, for a change to its answers by whoever holds its link."""
    assessment, token = access.owned_or_404(public_id, request.form.get("resume_token"))
    if not assessment.team.kind.answers_itself:
        abort(404)  # a client's result is worked out from its respondents, never typed in
    access.require_holder(token)
    return assessment, token


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
        return isinstance(key, str) and (
            not key.startswith("candidates-")
            or key.split("-")[1].isascii()
            and key.split("-")[1].isdigit()
            and len(key.split("-")[1]) <= 3
        )

    return MultiDict([(k, v) for k, v in posted.items(multi=True) if plain(k)])


def _after_save(assessment: Assessment, step_id: str, action: Action, candidates: int):
    here = url_for("assessments.step", public_id=assessment.public_id, step_id=step_id)
    index = ORDER.index(step_id)
    if action.name in ("accept", "override"):
        return redirect(f"{here}#{action.argument}")
    if action.name == "add":
        return redirect(f"{here}#candidate-{candidates}")
    if action.name == "remove":
        flash(_("Candidate removed."), "success")
        return redirect(f"{here}#candidates")
    if action.name == "save":
        return redirect(here)
    if action.name == "evidence":
        return redirect(url_for("evidence_import.upload", public_id=assessment.public_id))
    if action.name == "back":
        return redirect(url_for("assessments.step", public_id=assessment.public_id, step_id=ORDER[max(index - 1, 0)]))
    if index + 1 < len(ORDER):
        return redirect(url_for("assessments.step", public_id=assessment.public_id, step_id=ORDER[index + 1]))
    missing = services.first_incomplete_step(assessment)
    if missing:
        flash(_("A few answers are still missing on this step."), "error")
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
    refused = security.refuse()
    if request.endpoint == "assessments.background_save":
        return {"saved": False, "expired": not refused}, 400
    if refused or request.endpoint != "assessments.step" or public_id is None or step_id not in STEPS:
        return render_template("errors/expired.html"), 400
    assessment, token = access.owned_or_404(public_id, request.form.get("resume_token"))
    form = STEPS[step_id].form_class(instruments.get(assessment.instrument))(formdata=request.form)
    return _render(assessment, token, step_id, form, status=400, expired=True)
