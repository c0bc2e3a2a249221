"""JSON API v1 (CONTRACT.md). No session, no CSRF: a plain HTTP interface. Scoring and evidence
are open to anyone; a workspace's clients and results take its API token (`access.py`)."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from . import assessments, clients, evidence_posts, openapi, views  # noqa: E402,F401
