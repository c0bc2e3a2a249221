"""Sending a report's PDF: from the store, rendered now, or prepared by the worker."""
from __future__ import annotations

import io
from typing import BinaryIO

from flask import Response, render_template, request, send_file

from app.assessments.models import Assessment

from . import document, pdf_store, queue
from .services import fingerprint, report_for


def _send(body: BinaryIO, assessment: Assessment) -> Response:
    """The PDF as a download; a stored file goes out through the server's file wrapper (sendfile)."""
    name = document.filename(assessment.team_name or "Your system", assessment.submitted_at)
    response = send_file(body, mimetype="application/pdf", as_attachment=True, download_name=name,
                         etag=False, conditional=False, max_age=None)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def pdf_response(assessment: Assessment) -> Response | tuple[str, int]:
    """A stored PDF costs one lookup; otherwise render it now, or let the worker do it."""
    store = pdf_store.current()
    key = fingerprint(assessment)
    if (stored := store.open(assessment.id, key)) is not None:
        return _send(stored, assessment)
    if not queue.enabled():
        body = document.render_pdf(report_for(assessment))
        store.put(assessment.id, key, body)
        return _send(io.BytesIO(body), assessment)
    state = queue.request_render(key, assessment.id, request.host_url, retry=request.args.get("retry") == "1")
    return render_template("reports/preparing.html", state=state, title=assessment.team_name or "Your system"), \
        202 if state == "queued" else 503
