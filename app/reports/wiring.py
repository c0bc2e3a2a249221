"""How the reports plug into the questionnaire: PDFs prepared ahead. (`app.consultants.wiring`
registers `preparation.prepare_after_request` for a client's recomputed combined result.)"""

from __future__ import annotations

from flask import current_app

from app import observability
from app.assessments import lifecycle
from app.assessments import services as assessments

from . import pdf_store, queue
from .preparation import on_submitted


def forget_pdfs(assessment_ids: list[int]) -> None:
    """The PDFs kept on disk for assessments that are being deleted (those in the database go
    with their rows)."""
    store = pdf_store.current()
    for assessment_id in assessment_ids:
        store.delete(assessment_id)


def measure_queue() -> None:
    """The number of PDFs waiting for the worker, when there is one; metrics answer even when
    Redis does not."""
    if not current_app.config.get("REDIS_URL"):
        return
    try:
        observability.QUEUE_DEPTH.set(queue.depth())
    except Exception:  # noqa: BLE001 - any failure of Redis leaves the last figure
        pass


def connect() -> None:
    """Register once per process, however many apps are created (tests make many)."""
    if on_submitted not in assessments.after_submit:
        assessments.after_submit.append(on_submitted)
    if forget_pdfs not in lifecycle.before_assessments_deleted:
        lifecycle.before_assessments_deleted.append(forget_pdfs)
    if measure_queue not in observability.before_metrics:
        observability.before_metrics.append(measure_queue)
