"""Sending a report's PDF: from the store, rendered now, or prepared by the worker."""
from __future__ import annotations

from flask import Response, render_template, request

from . import document, pdf, pdf_store, queue


def pdf_response(report: document.Report, assessment_id: int) -> Response | tuple[str, int]:
    store = pdf_store.current()
    key = pdf.cache_key(report.cache_material())
    body = store.get(key)
    if body is None and not queue.enabled():
        body = document.render_pdf(report, store)
    if body is not None:
        return Response(body, mimetype="application/pdf", headers={
            "Content-Disposition": f'attachment; filename="{document.filename(report)}"',
            "Cache-Control": "private, no-store"})
    state = queue.request_render(key, assessment_id, retry=request.args.get("retry") == "1")
    return render_template("reports/preparing.html", state=state, report=report), 202 if state == "queued" else 503
