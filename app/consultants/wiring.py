"""How the consultants' part plugs into the questionnaire and the reports."""
from __future__ import annotations

from app.assessments import access
from app.assessments import services as assessments
from app.reports import services as reports

from .report_extras import client_fingerprint, client_report_fields
from .services import consultant_may_open, on_submitted


def connect() -> None:
    """Register once per process, however many apps are created (tests make many)."""
    for registry, hook in ((access.policies, consultant_may_open), (assessments.after_submit, on_submitted),
                           (reports.extras, client_report_fields),
                           (reports.fingerprint_parts, client_fingerprint)):
        if hook not in registry:
            registry.append(hook)
