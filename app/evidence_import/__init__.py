"""Evidence import in the product: upload files, see suggestions, use them in the report."""

from flask import Blueprint

bp = Blueprint("evidence_import", __name__)

from . import views  # noqa: E402,F401
