"""Sending a report's PDF: from the store, rendered now, or prepared by the worker."""
from __future__ import annotations

import io
import os
from datetime import datetime
from typing import BinaryIO

from flask import Response, current_app, render_template, request
from sqlalchemy import bindparam, select
from werkzeug.wsgi import wrap_file

from app.assessments import access
from app.assessments.models import Assessment, Team, history_versions
from app.extensions import db

from . import document, pdf_store, queue
from .services import ReportSource, fingerprint, parse_history, report_for, source_of

# Everything a stored PDF's download needs, in one query: who may have it, its fingerprint's
# material, its file name.
_STORED_LOOKUP = (
    select(Assessment.id, Assessment.instrument, Assessment.team_name, Assessment.submitted_at,
           Team.public_id.label("team_public_id"), Team.resume_token_hash, Team.kind.label("team_kind"),
           history_versions().label("history"))
    .join(Team, Team.id == Assessment.team_id)
    .where(Assessment.public_id == bindparam("public_id")))


def _send(body: BinaryIO, team_name: str | None, submitted_at: datetime | None) -> Response:
    """The PDF as a download; a stored file goes out through the server's file wrapper (sendfile).

    What `send_file` would do, less what a PDF never needs (type guessing, name encoding: the
    name is ASCII, conditional requests: the response is never cached), plus its length.
    """
    size = body.getbuffer().nbytes if isinstance(body, io.BytesIO) else os.fstat(body.fileno()).st_size
    response = current_app.response_class(wrap_file(request.environ, body), mimetype="application/pdf",
                                          direct_passthrough=True)
    response.content_length = size
    response.headers["Content-Disposition"] = \
        f"attachment; filename={document.filename(team_name or 'Your system', submitted_at)}"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def stored_for_link_holder(public_id: str) -> Response | None:
    """The stored PDF of a finished assessment, for whoever holds its team's private link.

    One query finds who may have it and its fingerprint, without loading the answers. None
    when anything else has to be decided (a consultant's access, an unfinished assessment, a
    PDF not rendered yet): the caller then takes the whole way, `pdf_response`.
    """
    with db.engine.connect() as connection:  # a read outside the ORM session: nothing to track
        row = connection.execute(_STORED_LOOKUP, {"public_id": public_id}).one_or_none()
    if row is None or row.submitted_at is None or row.history is None:
        return None
    if not access.holds_link(row.team_public_id, row.resume_token_hash):
        return None
    source = ReportSource(row.id, row.instrument, row.team_kind, parse_history(row.history))
    stored = pdf_store.current().open(row.id, fingerprint(source))
    return None if stored is None else _send(stored, row.team_name, row.submitted_at)


def pdf_response(assessment: Assessment) -> Response | tuple[str, int]:
    """A stored PDF costs one lookup; otherwise render it now, or let the worker do it."""
    store = pdf_store.current()
    key = fingerprint(source_of(assessment))
    if (stored := store.open(assessment.id, key)) is not None:
        return _send(stored, assessment.team_name, assessment.submitted_at)
    if not queue.enabled():
        body = document.render_pdf(report_for(assessment))
        store.put(assessment.id, key, body)
        return _send(io.BytesIO(body), assessment.team_name, assessment.submitted_at)
    state = queue.request_render(key, assessment.id, request.host_url, retry=request.args.get("retry") == "1")
    return render_template("reports/preparing.html", state=state, title=assessment.team_name or "Your system"), \
        202 if state == "queued" else 503
