"""The result page and its PDF, for the person who holds the assessment."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for

from app import instrument as instruments
from app import translation
from app.assessments import access, services
from app.assessments.models import Assessment
from app.language import _

from . import bp
from .delivery import other_pdfs, pdf_response
from .services import page_report_for, submitted_history


def _unfinished(assessment: Assessment):
    if not assessment.submitted:
        step = services.first_incomplete_step(assessment) or "candidates"
        flash(_("Finish the questionnaire to see your result."), "error")
        return redirect(url_for("assessments.step", public_id=assessment.public_id, step_id=step))
    return None


@bp.get("/assessments/<public_id>/result")
def result(public_id: str):
    assessment, token = access.owned_or_404(public_id)
    if (redirect_to := _unfinished(assessment)) is not None:
        return redirect_to
    team_history = submitted_history(assessment.team.latest)
    return render_template(
        "reports/result.html",
        report=page_report_for(assessment),
        assessment=assessment,
        history=team_history,
        verdict_labels={k: v.label for k, v in instruments.get().verdicts.items()},
        other_pdfs=other_pdfs("reports.report_pdf", public_id=assessment.public_id),
        resume_url=url_for("assessments.resume", token=token, _external=True) if token else None,
        reading=access.reading(assessment.team, token),
    )


@bp.get("/assessments/<public_id>/report.pdf")
@translation.download
def report_pdf(public_id: str):
    """The PDF in the language asked for (?lang=), else the page's."""
    assessment, _token = access.owned_or_404(public_id)
    if (redirect_to := _unfinished(assessment)) is not None:
        return redirect_to
    return pdf_response(assessment, language=translation.current())
