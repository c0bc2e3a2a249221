"""Assess again, compare two assessments, export and import."""

from __future__ import annotations

import copy
import json

from flask import Response, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from app.assessments import access, services
from app.assessments.lifecycle import delete_assessment
from app.assessments.models import Assessment
from app.extensions import db
from app.language import _
from app.reports.services import report_for
from app.routing import query_text
from app.translation import speaking

from . import bp
from .transfer import ImportInvalid, draft_from, export_document, parse_export


@bp.post("/assessments/<public_id>/again")
def assess_again(public_id: str):
    assessment, _token = access.owned_or_404(public_id)
    if not assessment.team.kind.assesses_again:
        abort(404)  # clients start a new intake round; respondents answer once
    latest = assessment.team.latest
    if not latest.submitted:
        flash(_("This team already has an assessment in progress: here it is."), "success")
        return redirect(url_for("assessments.step", public_id=latest.public_id, step_id="context"))
    again = Assessment(
        team=assessment.team,
        instrument=latest.instrument,
        draft=copy.deepcopy(latest.draft),
        team_name=latest.team_name,
    )
    db.session.add(again)
    db.session.commit()
    flash(_("A new assessment, filled in with your last answers. Change what is different now."), "success")
    return redirect(url_for("assessments.step", public_id=again.public_id, step_id="context"))


@bp.get("/assessments/<public_id>/compare")
def compare(public_id: str):
    assessment, _token = access.owned_or_404(public_id)
    other = db.session.scalar(
        select(Assessment).where(
            Assessment.public_id == query_text(request.args.get("with"), 32),
            Assessment.team_id == assessment.team_id,
            Assessment.submitted_at.is_not(None),
        )
    )
    if other is None or not assessment.submitted:
        abort(404)
    older, newer = sorted((assessment, other), key=lambda a: a.id)
    return render_template(
        "history/compare.html",
        older=report_for(older),
        newer=report_for(newer),
        older_assessment=older,
        newer_assessment=newer,
    )


@bp.get("/assessments/<public_id>/export.json")
def export(public_id: str):
    assessment, _token = access.owned_or_404(public_id)
    if assessment.submitted_at is None:  # not submitted
        abort(404)
    with speaking("en"):  # a file for programs: CONTRACT.md's documents, in English whatever the page's language
        doc = export_document(
            services.answers_of(assessment),
            assessment.draft.get("notes", {}),
            assessment.created_at,
            assessment.submitted_at,
        )
    name = f"splitcheck-{assessment.submitted_at:%Y-%m-%d}-{assessment.public_id}.json"
    return Response(
        json.dumps(doc, indent=2, ensure_ascii=False),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.post("/import")
def import_assessment():
    upload = request.files.get("file")
    try:
        if upload is None or not upload.filename:
            raise ImportInvalid([_("Choose a file to import.")])
        imported = parse_export(upload.read())
    except ImportInvalid as exc:
        return render_template("history/import_failed.html", problems=exc.problems), 422
    team, token = access.new_team()
    assessment = Assessment(
        team=team,
        instrument=imported.answers.instrument,
        draft=draft_from(imported.answers, imported.notes),
        team_name=imported.answers.team_name,
        created_at=imported.created_at,
        step="candidates",
    )
    db.session.add_all([team, assessment])
    db.session.flush()
    services.submit(assessment, at=imported.submitted_at)
    access.remember(team, token)
    flash(_("Imported. This is a new copy with its own private link."), "success")
    return redirect(url_for("reports.result", public_id=assessment.public_id))


@bp.route("/assessments/<public_id>/delete", methods=["GET", "POST"])
def delete(public_id: str):
    assessment, token = access.owned_or_404(public_id)
    if not assessment.team.kind.answers_itself:
        abort(404)  # a client's combined result goes with the client
    access.require_holder(token)
    if request.method != "POST":  # GET, or HEAD: never a change
        return render_template("history/delete.html", assessment=assessment)
    delete_assessment(assessment)
    flash(_("The assessment was deleted, with its share links, evidence and PDFs."), "success")
    return redirect(url_for("site.landing"))
