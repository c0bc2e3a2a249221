"""What the PDF worker runs. Each job renders one assessment's report into the store."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from app.assessments.models import AnswersSnapshot, Assessment
from app.extensions import db

from . import pdf_store
from .services import fingerprint, pdf_of, source_of


def render_assessment_pdf(
    assessment_id: int, base_url: str | None = None, snapshot_id: int | None = None, language: str | None = None
) -> str:
    """Render as if asked at `base_url` (the address the web process was asked at), so the
    report's links and so its fingerprint are the ones the web process looks for. With
    `snapshot_id`, the report is made of that snapshot of the answers (a shared report). In
    `language` (as asked; by default the assessment's)."""
    base_url = base_url or current_app.config.get("PUBLIC_URL") or "http://localhost"
    with current_app.test_request_context("/", base_url=base_url):
        assessment = db.session.get(Assessment, assessment_id)
        snapshot = None
        if snapshot_id is not None:
            snapshot = db.session.scalar(
                select(AnswersSnapshot).where(
                    AnswersSnapshot.id == snapshot_id, AnswersSnapshot.assessment_id == assessment_id
                )
            )
        if assessment is None or (snapshot is None and (snapshot_id is not None or not assessment.submitted)):
            return "gone"  # deleted or reopened since: nothing to render
        key = fingerprint(source_of(assessment, snapshot, language))
        store = pdf_store.current()
        if (stored := store.open(assessment.id, key)) is not None:  # a job for answers changed back, say
            stored.close()
            db.session.remove()
            return "stored"
        store.put(assessment.id, key, pdf_of(assessment, snapshot, language))
        db.session.remove()
    return "rendered"
