"""Uploading evidence for an assessment."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from werkzeug.exceptions import RequestEntityTooLarge

from app.assessments import access
from app.evidence import EvidenceError
from app.evidence.errors import TooLarge
from app.evidence.history_log import COMMAND as HISTORY_COMMAND
from app.language import gettext as _
from app.translation import current
from app.translation import number as format_number
from app.uploads import accepts_uploads

from . import bp, services
from .decisions import offer


def _page(assessment, error: str | None = None, status: int = 200):
    limit_mb = current_app.config["EVIDENCE_MAX_BYTES"] // (1024 * 1024)
    return render_template(
        "evidence_import/upload.html",
        assessment=assessment,
        error=error,
        limit_mb=limit_mb,
        unpacked_mb=services.UNPACKED_PER_UPLOAD * limit_mb,
        max_parts=current_app.config["MAX_FORM_PARTS"],
        history_command=HISTORY_COMMAND,
    ), status


@bp.route("/assessments/<public_id>/evidence", methods=["GET", "POST"])
@services.analysis_limit
@accepts_uploads("EVIDENCE_MAX_BYTES")
def upload(public_id: str):
    assessment, token = access.owned_or_404(public_id)
    if assessment.team.kind == "client":
        abort(404)
    access.require_holder(token)
    if request.method != "POST":  # GET, or HEAD: never a change
        return _page(assessment)
    try:
        inputs = services.read_uploads(request.files.getlist("files"))
        record = services.import_for(
            assessment, inputs, keep_files=request.form.get("keep_files") == "y", language=current()
        )
    except EvidenceError as exc:  # an archive too large once unpacked is a 413, as an upload too large is
        return _page(assessment, exc.message, 413 if isinstance(exc, TooLarge) else 422)
    offer(assessment, record)
    flash(
        _("Evidence read. Its suggestions are shown next to each sign: use them or keep your own answers."), "success"
    )
    return redirect(url_for("assessments.step", public_id=public_id, step_id="signs") + "#evidence")


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge):
    """Over the upload limit, found before anything was read: the page again, saying the limit
    (the size of the upload, or the number of files a folder upload sends at once)."""
    assessment, _token = access.owned_or_404((request.view_args or {}).get("public_id", ""))
    limit_mb = current_app.config["EVIDENCE_MAX_BYTES"] // (1024 * 1024)
    if request.content_length is not None and request.content_length <= current_app.config["EVIDENCE_MAX_BYTES"]:
        parts = current_app.config["MAX_FORM_PARTS"]
        return _page(
            assessment,
            _(
                "More than %(parts)s files were sent at once. Upload the folder as a zip archive instead, "
                "or choose the folder with the deployment files.",
                parts=format_number(parts),
            ),
            413,
        )
    return _page(
        assessment,
        _(
            "The files are larger than %(limit)s MB together. Upload fewer or smaller files, or a zip archive of them.",
            limit=limit_mb,
        ),
        413,
    )
