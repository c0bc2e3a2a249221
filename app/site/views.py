"""Landing page, "How the score works", and the health check."""
from __future__ import annotations

from flask import jsonify, render_template

from app import instrument as instruments
from app.assessments import access

from . import bp


@bp.get("/")
def landing():
    drafts = [team.latest for team in access.remembered_teams()]
    return render_template("site/landing.html", drafts=drafts, instrument=instruments.get())


@bp.get("/how-the-score-works")
def how_scoring_works():
    return render_template("site/how_scoring_works.html", instrument=instruments.get())


@bp.get("/healthz")
def healthz():
    return jsonify(status="ok")
