"""How the reports plug into the questionnaire: PDFs prepared ahead."""
from __future__ import annotations

from app.assessments import services as assessments

from .preparation import on_submitted


def connect() -> None:
    """Register once per process, however many apps are created (tests make many)."""
    if on_submitted not in assessments.after_submit:
        assessments.after_submit.append(on_submitted)
