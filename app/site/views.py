"""Landing page, "How the score works", and the health check."""
from __future__ import annotations

from flask import jsonify, render_template

from app import instrument as instruments
from app.assessments import access
from app.assessments.models import Assessment
from app.extensions import db
from sqlalchemy import select

from . import bp


@bp.get("/")
def landing():
    remembered = access.latest_remembered()
    drafts = []
    if remembered:
        found = db.session.scalars(select(Assessment).where(Assessment.public_id.in_(remembered))).all()
        by_id = {a.public_id: a for a in found}
        drafts = [by_id[p] for p in remembered if p in by_id]
    return render_template("site/landing.html", drafts=drafts, instrument=instruments.get())


@bp.get("/how-the-score-works")
def how_scoring_works():
    return render_template("site/how_scoring_works.html", instrument=instruments.get())


@bp.get("/healthz")
def healthz():
    return jsonify(status="ok")
