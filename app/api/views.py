"""POST /api/v1/score and /api/v1/evidence, as CONTRACT.md describes them."""

from __future__ import annotations

from flask import abort, current_app, jsonify, request

from app.evidence import EvidenceError
from app.evidence.errors import TooLarge
from app.evidence_import.services import analyse_uploads, analysis_limit
from app.scoring import AnswersInvalid, score_document

from . import bp


def json_body():
    """The request's JSON, or 415 when the body is not JSON."""
    try:
        data = request.get_json(force=True, silent=True)
    except RecursionError:  # nested too deep to be an answers document
        abort(415)
    if data is None and request.get_data(cache=True).strip() != b"null":
        abort(415)
    return data


@bp.post("/score")
def score():
    try:
        return jsonify(score_document(json_body()))
    except (AnswersInvalid, ValueError) as exc:
        if not isinstance(exc, AnswersInvalid):  # e.g. an integer of thousands of digits
            return jsonify(errors=[{"field": "(document)", "message": "has a number too large to read"}]), 422
        return jsonify(errors=exc.errors), 422


@bp.post("/evidence")
@analysis_limit
def evidence():
    """Multipart `files` in, the evidence document out (CONTRACT.md).

    A file may be an archive; files whose names carry a path are a folder's. 413 when an archive
    unpacks to more than its limit, 422 for anything else that cannot be read.
    """
    request.max_content_length = current_app.config["EVIDENCE_MAX_BYTES"]
    uploads = request.files.getlist("files")  # over the limit: 413 from here
    named = [(u.filename or f"files[{i}]", u.read()) for i, u in enumerate(uploads)]
    if not named:
        message = "send one or more files in the multipart field `files`"
        return jsonify(errors=[{"field": "files", "message": message}]), 422
    try:
        return jsonify(analyse_uploads(named))
    except EvidenceError as exc:
        status = 413 if isinstance(exc, TooLarge) else 422
        return jsonify(errors=[{"field": exc.file or "files", "message": exc.message}]), status
