"""How the plan plugs into the app: its blueprint, the questionnaire's after_submit hook and the
report's Roadmap (an extra and its part of the PDF's fingerprint).

The plan knows nothing of consultants: `app.consultants.wiring` registers `on_refreshed` for a
client's combined result, as the consultants' dashboard reads the plans' figures."""

from __future__ import annotations

from flask import Flask

from app.assessments import services as assessments
from app.reports import services as reports

from . import bp, export  # noqa: F401  (the export and API routes register on import)
from .report import plan_fields, plan_fingerprint
from .services import on_submitted


def connect() -> None:
    """Register once per process, however many apps are created (tests make many)."""
    if on_submitted not in assessments.after_submit:
        assessments.after_submit.append(on_submitted)
    if plan_fields not in reports.extras:
        reports.extras.append(plan_fields)
    if plan_fingerprint not in reports.fingerprint_parts:
        reports.fingerprint_parts.append(plan_fingerprint)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    connect()
