"""The team's improvement plan: targets, plan items from the recommendations, and what each
reassessment proves about them (issue 15)."""

from flask import Blueprint

bp = Blueprint("plans", __name__)

from . import views  # noqa: E402,F401  (routes register on import)
