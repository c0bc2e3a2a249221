"""Pages about the product: the landing page and how the score works."""

from flask import Blueprint

bp = Blueprint("site", __name__)

from . import views  # noqa: E402,F401
