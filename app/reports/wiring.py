"""How the reports plug into the questionnaire and the consultants' rounds: PDFs prepared ahead."""
from __future__ import annotations

from app.assessments import services as assessments
from app.consultants import services as consultants

from .preparation import on_submitted, prepare_after_request


def connect() -> None:
    """Register once per process, however many apps are created (tests make many)."""
    if on_submitted not in assessments.after_submit:
        assessments.after_submit.append(on_submitted)
    if prepare_after_request not in consultants.after_refresh:
        consultants.after_refresh.append(prepare_after_request)
