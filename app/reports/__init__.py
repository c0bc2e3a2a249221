"""Reports: the result page, the PDF, and the charts both share."""

from flask import Blueprint

from .pdf import template_version

bp = Blueprint("reports", __name__)


@bp.record_once
def _remember_template_version(state) -> None:
    state.app.extensions["report_template_version"] = template_version(state.app.jinja_env)


from . import views  # noqa: E402,F401
