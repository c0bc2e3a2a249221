"""Evidence from a pipeline (docs/ci.md): `POST /api/v1/assessments/<id>/evidence` with files and a
label, and the history of posts with what changed between them.

Who may: a team, with its private link token as `Authorization: Bearer <token>` (as for its plan);
a consultancy's script, with a workspace API token, for its clients' combined results (posting
needs `write:evidence`, reading the history `read:results`). Without an Authorization header the
address is a 404, as every address of an assessment is to whoever does not hold its link; a wrong
token counts against the guessing limit of every private link.
"""

from __future__ import annotations

from typing import Any

from flask import Response, abort, current_app, jsonify, request
from sqlalchemy import select

from app.assessments import access
from app.assessments.models import Assessment, TeamKind
from app.bearer import bearer_token, conditional, token_limit, unauthorised
from app.consultants.models import Client
from app.evidence import EvidenceError
from app.evidence.errors import TooLarge
from app.evidence_import import posts
from app.evidence_import.models import EvidencePost
from app.evidence_import.services import analysis_limit
from app.extensions import db
from app.links import API_TOKEN_PREFIX, guessing_limit
from app.routing import external_url

from . import bp
from .access import check, not_found

ASK = "send the team's private link token, or a workspace API token, as `Authorization: Bearer <token>`"


def _assessment_for(scope: str, public_id: str) -> Assessment | Response | tuple[Response, int]:
    """The assessment this request's token may send evidence to or read the posts of, or the
    response that refuses it."""
    if "Authorization" not in request.headers:
        abort(404)
    token = bearer_token()
    if token is None:
        return unauthorised(ASK)
    if token.startswith(API_TOKEN_PREFIX):
        api_token = check(scope)
        if isinstance(api_token, Response):
            return api_token
        found = db.session.scalar(
            select(Assessment)
            .join(Client, Client.team_id == Assessment.team_id)
            .where(Assessment.public_id == public_id, Client.workspace_id == api_token.workspace_id)
        )
        return found if found is not None else not_found("id", "this workspace has no client's assessment with this id")
    found = db.session.scalar(select(Assessment).where(Assessment.public_id == public_id[:32]))
    if found is None or found.team.kind is not TeamKind.TEAM or not access.holds(found.team, token):
        abort(404)  # as a wrong private link is everywhere
    return found


def post_document(assessment: Assessment, post: EvidencePost) -> dict[str, Any]:
    return {
        "id": post.public_id,
        "label": post.label,
        "received_at": post.created_at.isoformat(),
        "summary": post.counts,
        "changes": post.changes,
        "url": external_url("api.evidence_post", public_id=assessment.public_id, post_id=post.public_id),
    }


def _problems(label: str | None, named: list[tuple[str, bytes]]) -> list[dict[str, str]]:
    problems = []
    if (problem := posts.label_problem(label)) is not None:
        problems.append({"field": "label", "message": problem})
    if not named:
        message = "send one or more files (or an archive of the deployment folder) in the multipart field `files`"
        problems.append({"field": "files", "message": message})
    return problems


@bp.post("/assessments/<public_id>/evidence")
@guessing_limit
@token_limit
@analysis_limit
def post_evidence(public_id: str):
    """201 with the post (its summary and what changed) and its Location; 413 and 422 as for
    `POST /api/v1/evidence`, and 422 for a missing or malformed label. Nothing is kept then."""
    found = _assessment_for("write:evidence", public_id)
    if not isinstance(found, Assessment):
        return found
    request.max_content_length = current_app.config["EVIDENCE_MAX_BYTES"]
    uploads = request.files.getlist("files")  # over the limit: 413 from here
    named = [(u.filename or f"files[{i}]", u.read()) for i, u in enumerate(uploads)]
    label = request.form.get("label", "").strip()
    if problems := _problems(label, named):
        return jsonify(errors=problems), 422
    try:
        post = posts.receive(found, named, label)
    except EvidenceError as exc:
        db.session.rollback()
        status = 413 if isinstance(exc, TooLarge) else 422
        return jsonify(errors=[{"field": exc.file or "files", "message": exc.message}]), status
    document = post_document(found, post) | {"suggested": posts.suggested_by(post)}
    response = jsonify(document)
    response.status_code = 201
    response.headers["Location"] = document["url"]
    return response


@bp.get("/assessments/<public_id>/evidence")
@guessing_limit
@token_limit
def evidence_history(public_id: str):
    """The posts, newest first, each with what changed since the one before."""
    found = _assessment_for("read:results", public_id)
    if not isinstance(found, Assessment):
        return found
    documents = [post_document(found, post) for post in posts.history(found)]
    return conditional(jsonify(assessment=found.public_id, kept=posts.KEPT, posts=documents))


@bp.get("/assessments/<public_id>/evidence/<post_id>")
@guessing_limit
@token_limit
def evidence_post(public_id: str, post_id: str):
    """One post, with the suggestions its files made."""
    found = _assessment_for("read:results", public_id)
    if not isinstance(found, Assessment):
        return found
    post = posts.find(found, post_id)
    if post is None:
        return not_found(
            "post_id", f"this assessment has no evidence post with this id (the last {posts.KEPT} are kept)"
        )
    return conditional(jsonify(post_document(found, post) | {"suggested": posts.suggested_by(post)}))
