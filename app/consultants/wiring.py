"""How the consultants' part plugs into the questionnaire and the reports."""

from __future__ import annotations

from typing import TypeVar

from app import instrument as instruments
from app.assessments import access, lifecycle
from app.assessments import services as assessments
from app.plans import services as plans
from app.reports import services as reports
from app.reports.preparation import prepare_after_request

from .deletion import forget_respondent_team, on_assessment_deleted
from .lenses import how_url, published_instrument
from .report_extras import client_fingerprint, client_page_fields, client_report_fields
from .services import after_refresh, consultant_may_open, on_submitted, reading_of

Hook = TypeVar("Hook")


def connect() -> None:
    """Register once per process, however many apps are created (tests make many)."""
    _register(access.policies, consultant_may_open)
    _register(access.readings, reading_of)
    _register(instruments.resolvers, published_instrument)
    _register(reports.how_urls, how_url)
    _register(assessments.after_submit, on_submitted)
    _register(reports.extras, client_report_fields)
    _register(reports.page_extras, client_page_fields)
    _register(reports.fingerprint_parts, client_fingerprint)
    _register(lifecycle.before_team_deleted, forget_respondent_team)
    _register(lifecycle.on_assessment_deleted, on_assessment_deleted)
    # A client's recomputed combined result: its one plan kept in step like a team's, its PDF
    # prepared ahead.
    _register(after_refresh, plans.on_refreshed)
    _register(after_refresh, prepare_after_request)


def _register(registry: list[Hook], hook: Hook) -> None:
    if hook not in registry:
        registry.append(hook)
