"""POST /api/v1/score: answers document in, result document out."""
from __future__ import annotations

from flask import abort, jsonify, request

from app.scoring import AnswersInvalid, score_document

from . import bp


def json_body():
    """The request's JSON, or 415 when the body is not JSON."""
    data = request.get_json(force=True, silent=True)
    if data is None and request.get_data(cache=True).strip() != b"null":
        abort(415)
    return data


@bp.post("/score")
def score():
    try:
        return jsonify(score_document(json_body()))
    except AnswersInvalid as exc:
        return jsonify(errors=exc.errors), 422
