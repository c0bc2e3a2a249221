"""Reports: the result page, the PDF, and the charts both share."""

from flask import Blueprint

bp = Blueprint("reports", __name__)


@bp.record_once
def _remember_template_version(state) -> None:
    from .pdf import template_version

    state.app.extensions["report_template_version"] = template_version(state.app.jinja_env)


from . import views  # noqa: E402,F401
