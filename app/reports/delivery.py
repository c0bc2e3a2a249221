"""Sending a report's PDF: from the store, rendered now, or prepared by the worker."""
from __future__ import annotations

from flask import Response, render_template, request

from app.assessments.models import Assessment

from . import document, pdf_store, queue
from .services import fingerprint, report_for


def _send(body: bytes, assessment: Assessment) -> Response:
    name = document.filename(assessment.team_name or "Your system", assessment.submitted_at)
    return Response(body, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "private, no-store"})


def pdf_response(assessment: Assessment) -> Response | tuple[str, int]:
    """A stored PDF costs one lookup; otherwise render it now, or let the worker do it."""
    store = pdf_store.current()
    key = fingerprint(assessment)
    if (body := store.get(assessment.id, key)) is not None:
        return _send(body, assessment)
    if not queue.enabled():
        body = document.render_pdf(report_for(assessment))
        store.put(assessment.id, key, body)
        return _send(body, assessment)
    state = queue.request_render(key, assessment.id, retry=request.args.get("retry") == "1")
    return render_template("reports/preparing.html", state=state, title=assessment.team_name or "Your system"), \
        202 if state == "queued" else 503
