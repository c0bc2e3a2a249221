"""Read-only share links for leadership."""

from flask import Blueprint

bp = Blueprint("sharing", __name__)

from . import views  # noqa: E402,F401
