"""A workspace's combined results by their assessment id, for its scripts: the result document
and the PDF report. Only its clients' combined results (never one person's answers) are reached."""

from __future__ import annotations

from flask import Response, jsonify, request
from sqlalchemy import select

from app.assessments.models import Assessment
from app.consultants.models import ApiToken, Client
from app.extensions import db
from app.links import API_TOKEN_PREFIX
from app.reports.delivery import stored_or_rendered
from app.reports.services import fingerprint, source_of

from . import bp
from .access import check, not_found, workspace_token
from .clients import result_response

PREPARING_SECONDS = 5


def combined_result(api_token: ApiToken, public_id: str) -> Assessment | tuple[Response, int]:
    """A finished combined result of the token's workspace, or the 404 to answer."""
    found = db.session.scalar(
        select(Assessment)
        .join(Client, Client.team_id == Assessment.team_id)
        .where(Assessment.public_id == public_id, Client.workspace_id == api_token.workspace_id)
    )
    if found is None:
        return not_found("id", "this workspace has no client's assessment with this id")
    if not found.submitted:
        return not_found("result", "no combined result yet: nobody in this round has finished answering")
    return found


@bp.get("/assessments/<public_id>/result")
@workspace_token("read:results")
def assessment_result(api_token: ApiToken, public_id: str):
    found = combined_result(api_token, public_id)
    return result_response(found) if isinstance(found, Assessment) else found


@bp.get("/assessments/<public_id>/report.pdf")
@workspace_token("read:results")
def assessment_pdf(api_token: ApiToken, public_id: str):
    """The same PDF as the result page's, its ETag the fingerprint it is stored under. 202 with
    Retry-After while the worker prepares it."""
    found = combined_result(api_token, public_id)
    if not isinstance(found, Assessment):
        return found
    etag = fingerprint(source_of(found))
    if request.if_none_match.contains(etag):
        unchanged = Response(status=304)
        unchanged.set_etag(etag)
        return unchanged
    sent = stored_or_rendered(found, retry=request.args.get("retry") == "1")
    if isinstance(sent, Response):
        sent.set_etag(etag)
        sent.headers["Cache-Control"] = "private, no-cache"
        return sent
    if sent == "queued":
        response = jsonify(status="preparing", message="The PDF is being prepared: ask again in a few seconds.")
        response.status_code = 202
    else:
        message = "the PDF could not be prepared; ask again with `?retry=1` to try once more"
        response = jsonify(errors=[{"field": "(request)", "message": message}])
        response.status_code = 503
    response.headers["Retry-After"] = str(PREPARING_SECONDS)
    return response


def plan_bearer(token: str, public_id: str) -> Assessment | Response | tuple[Response, int] | None:
    """`plans.export.bearers`: a workspace API token reads the plan of its clients' combined results
    (with `read:results`); any other token is not this function's to judge."""
    if not token.startswith(API_TOKEN_PREFIX):
        return None
    found = check("read:results")
    if isinstance(found, Response):
        return found
    return combined_result(found, public_id)
