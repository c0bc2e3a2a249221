"""The client's side: the intake link, where each person starts their own answers."""

from __future__ import annotations

from flask import Response, abort, redirect, render_template, url_for

from app import translation
from app.assessments import access
from app.extensions import db, limiter
from app.links import find_by_token, guessing_limit

from . import bp, services
from .forms import IntakeForm
from .models import IntakeLink, Workspace


def _link(token: str) -> IntakeLink:
    link = find_by_token(IntakeLink.token_hash, token)
    if link is None:
        abort(404)
    return link


@bp.route("/i/<token>", methods=["GET", "POST"])
@guessing_limit
@limiter.limit("30 per minute", methods=["POST"])
def intake(token: str):
    link = _link(token)
    translation.show_in(link.client.language)  # unless the person chose another
    workspace = db.session.get_one(Workspace, link.client.workspace_id)
    if not link.is_open:
        return render_template("consultants/intake_closed.html", workspace=workspace), 410
    form = IntakeForm()
    if form.validate_on_submit():
        assessment, respondent_token = services.start_respondent(
            link,
            form.name.data,
            form.role.data,
            form.email.data or None,
            form.help_wanted.data or None,
            form.timeline.data,
            form.name_in_report.data,
            language=translation.current(),
        )
        access.remember(assessment.team, respondent_token)
        return redirect(url_for("assessments.step", public_id=assessment.public_id, step_id="context"))
    return render_template(
        "consultants/intake.html", form=form, link=link, workspace=workspace, token=token
    ), 422 if form.errors else 200


@bp.get("/i/<token>/logo")
@guessing_limit
def intake_logo(token: str):
    link = _link(token)
    workspace = db.session.get_one(Workspace, link.client.workspace_id)
    if not workspace.logo:
        abort(404)
    return Response(
        workspace.logo,
        mimetype=workspace.logo_type,
        headers={"Cache-Control": "private, max-age=3600", "X-Content-Type-Options": "nosniff"},
    )
