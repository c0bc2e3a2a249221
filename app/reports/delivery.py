"""Sending a report's PDF: from the store, rendered now, or prepared by the worker."""

from __future__ import annotations

import io
import os
from datetime import datetime
from typing import Any, BinaryIO

from flask import Response, current_app, render_template, request, url_for
from werkzeug.wsgi import wrap_file

from app.assessments.models import AnswersSnapshot, Assessment
from app.language import LANGUAGES, _, known
from app.translation import PARAMETER, current, speaking

from . import document, pdf_store, queue
from .services import fingerprint, finished, report_for, source_of

# "Download the PDF report" gives the PDF in the page's language; next to it, a link to each other
# language's, named in that language (as the language switch names them).
PDF_IN = {"en": "PDF in English", "de": "PDF auf Deutsch"}


def other_pdfs(endpoint: str, **values: Any) -> list[tuple[str, str, str]]:
    """(language, link text, address) of the report's PDF in each language but the page's."""
    return [
        (code, PDF_IN[code], url_for(endpoint, **{**values, PARAMETER: code}))
        for code in LANGUAGES
        if code != current()
    ]


def _send(body: BinaryIO, team_name: str | None, submitted_at: datetime) -> Response:
    """The PDF as a download; a stored file goes out through the server's file wrapper (sendfile).

    What `send_file` would do, less what a PDF never needs (type guessing, name encoding: the
    name is ASCII, conditional requests: the response is never cached), plus its length.
    """
    size = body.getbuffer().nbytes if isinstance(body, io.BytesIO) else os.fstat(body.fileno()).st_size
    response = current_app.response_class(
        wrap_file(request.environ, body), mimetype="application/pdf", direct_passthrough=True
    )
    response.content_length = size
    response.headers["Content-Disposition"] = (
        f"attachment; filename={document.filename(team_name or 'Your system', submitted_at)}"
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


def stored_or_rendered(
    assessment: Assessment, snapshot: AnswersSnapshot | None = None, retry: bool = False, language: str | None = None
) -> Response | str:
    """The PDF: a stored one costs one lookup; otherwise it is rendered now, or the worker is asked
    for it and this returns "queued" (or "failed", until `retry`). Made of a snapshot of the
    answers when given one (a shared report); in `language`, by default the assessment's."""
    store = pdf_store.current()
    language = known(language) or assessment.language
    submitted_at = finished(assessment)[0] if snapshot is None else snapshot.submitted_at
    team_name = assessment.team_name if snapshot is None else snapshot.draft.get("context", {}).get("team")
    key = fingerprint(source_of(assessment, snapshot, language))
    if (stored := store.open(assessment.id, key)) is not None:
        return _send(stored, team_name, submitted_at)
    if not queue.enabled():
        with speaking(language):  # as `services.pdf_of`, built here so a stored PDF builds nothing
            body = document.render_pdf(report_for(assessment, snapshot))
        store.put(assessment.id, key, body)
        return _send(io.BytesIO(body), team_name, submitted_at)
    return queue.request_render(
        key,
        assessment.id,
        request.host_url,
        retry=retry,
        snapshot_id=None if snapshot is None else snapshot.id,
        language=language,
    )


def pdf_response(
    assessment: Assessment, snapshot: AnswersSnapshot | None = None, language: str | None = None
) -> Response | tuple[str, int]:
    """The PDF as a download, or a page that says it is being prepared (and checks again)."""
    found = stored_or_rendered(assessment, snapshot, retry=request.args.get("retry") == "1", language=language)
    if isinstance(found, Response):
        return found
    team_name = assessment.team_name if snapshot is None else snapshot.draft.get("context", {}).get("team")
    return render_template(
        "reports/preparing.html", state=found, title=team_name or _("Your system")
    ), 202 if found == "queued" else 503
