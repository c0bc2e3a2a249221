"""PDFs prepared ahead: when an assessment is finished or its report's inputs change, its PDF is
made before anyone asks, so that the first "Download PDF" is normally a stored file.

With Redis the worker renders it: a job with the id a download would use (the PDF's
fingerprint), so a download meanwhile waits for that job rather than starting another. Without
Redis the web process renders it after the response has been sent (`call_on_close`), so the
request that finished the assessment does not wait for WeasyPrint.

Both run after the request's transaction has committed, in an app context of their own, and
read the assessment again by id: what is rendered is what a download will look up. A
preparation that fails is logged and forgotten; the download then renders as it would anyway.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, after_this_request, current_app, g, has_request_context, request

from app.assessments.models import Assessment
from app.extensions import db

from . import document, pdf_store, queue
from .services import fingerprint, report_for, source_of

log = logging.getLogger("splitcheck.pdf")


def enabled() -> bool:
    return bool(current_app.config.get("PDF_PREPARE_AHEAD", True))


def prepare_after_request(assessment: Assessment) -> None:
    """Prepare this assessment's PDF once the current request is answered; outside a request
    (the CLI, say) nothing is prepared and the first download renders it."""
    if not enabled() or not has_request_context():
        return
    pending: list[int] | None = g.get("_pdfs_to_prepare")
    if pending is None:
        pending = g._pdfs_to_prepare = []
        _after_response(current_app._get_current_object(), pending, request.host_url)  # type: ignore[attr-defined]
    if assessment.id is not None and assessment.id not in pending:
        pending.append(assessment.id)


def on_submitted(assessment: Assessment, before: dict[str, Any] | None) -> None:
    """`assessments.services.after_submit` hook."""
    prepare_after_request(assessment)


def _after_response(app: Flask, pending: list[int], base_url: str) -> None:
    @after_this_request
    def attach(response: Response) -> Response:
        if response.status_code < 400:  # a refused or failed request committed nothing to prepare
            ids = list(pending)
            response.call_on_close(lambda: prepare_now(app, ids, base_url))
        return response


def prepare_now(app: Flask, assessment_ids: list[int], base_url: str) -> None:
    """Store (without Redis) or enqueue (with Redis) each assessment's PDF, as asked at
    `base_url`: the report links there, so that is part of its fingerprint."""
    for assessment_id in assessment_ids:
        try:
            with app.app_context(), app.test_request_context("/", base_url=base_url):
                prepare(assessment_id, base_url)
        except Exception:  # never the submit's problem: the download renders it instead
            log.exception("Preparing the PDF of assessment %s failed", assessment_id)


def prepare(assessment_id: int, base_url: str) -> str:
    """In an app and request context: "stored" if the PDF is there already, "rendered",
    "queued" or "failed" (a job for it failed and waits for a retry from the page), or "gone"."""
    try:
        assessment = db.session.get(Assessment, assessment_id)
        if assessment is None or not assessment.submitted:
            return "gone"
        key = fingerprint(source_of(assessment))
        store = pdf_store.current()
        if (stored := store.open(assessment_id, key)) is not None:
            stored.close()
            return "stored"
        if queue.enabled():
            return queue.request_render(key, assessment_id, base_url)
        store.put(assessment_id, key, document.render_pdf(report_for(assessment)))
        return "rendered"
    finally:
        db.session.remove()
