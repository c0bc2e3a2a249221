"""A team's history: assess again, compare, export and import."""

from flask import Blueprint

bp = Blueprint("history", __name__)

from . import views  # noqa: E402,F401
