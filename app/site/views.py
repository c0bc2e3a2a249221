"""Landing page, "How the score works", the API's reference, the accessibility statement, and the health
check."""

from __future__ import annotations

from flask import current_app, jsonify, render_template
from redis.exceptions import RedisError
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app import instrument as instruments
from app.api.openapi import document
from app.api.reference import page_of
from app.assessments import access
from app.extensions import db
from app.reports import queue

from . import bp


@bp.get("/")
def landing():
    drafts = [team.latest for team in access.remembered_teams()]
    return render_template("site/landing.html", drafts=drafts, instrument=instruments.get())


@bp.get("/how-the-score-works")
def how_scoring_works():
    return render_template("site/how_scoring_works.html", instrument=instruments.get())


@bp.get("/api")
def api_reference():
    """The API, read from its OpenAPI document (/api/v1/openapi.json)."""
    doc = document()
    return render_template("site/api.html", api=page_of(doc), api_schema_names=set(doc["components"]["schemas"]))


@bp.get("/accessibility")
def accessibility():
    return render_template("site/accessibility.html")


@bp.get("/healthz")
def healthz():
    """The process is alive."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    """Ready for traffic: the database answers, and Redis too when configured."""
    checks = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except SQLAlchemyError:
        db.session.rollback()
        checks["database"] = "unreachable"
    if current_app.config.get("REDIS_URL"):
        try:
            queue.connection().ping()
            checks["redis"] = "ok"
        except RedisError:
            checks["redis"] = "unreachable"
    ready = all(v == "ok" for v in checks.values())
    return jsonify(status="ready" if ready else "not ready", **checks), 200 if ready else 503
