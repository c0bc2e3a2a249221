"""Consultants: accounts, workspaces, clients, intake links and the dashboard."""

from flask import Blueprint

from .models import STATUS_SHOWN

bp = Blueprint("consultants", __name__)


@bp.context_processor
def labels() -> dict:
    return {"status_labels": STATUS_SHOWN}


from . import accounts, api_tokens, clients, exports, intake, lenses, workspace  # noqa: E402,F401
