"""A workspace's clients for its scripts (docs/api.md, "With a workspace token"): the dashboard's
list with its filters and pages, a new client with its intake link, one client with its rounds,
its latest combined result and its history. Every query is scoped to the token's workspace."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from sqlalchemy import select

from app import instrument as instruments
from app.assessments import services as assessments
from app.assessments.models import Assessment
from app.bearer import conditional
from app.consultants import lenses, services
from app.consultants.dashboard import PER_PAGE_MAX, PLAN_FILTERS, SORTS, Filters, Page, clients_page
from app.consultants.models import STATUS_LABELS, STATUSES, ApiToken, Client, IntakeLink, Workspace
from app.extensions import db
from app.plans.services import Progress, progress_of
from app.routing import external_url
from app.scoring import clean_name, result_document

from . import bp
from .access import not_found, workspace_token
from .views import json_body

NAME_MAX = 200
NEW_CLIENT_FIELDS = ("name", "contact", "instrument")


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def client_document(client: Client, plan: Progress) -> dict[str, Any]:
    return {
        "id": client.public_id,
        "name": client.name,
        "contact": client.contact,
        "instrument": client.instrument,
        "status": client.status,
        "status_label": STATUS_LABELS[client.status],
        "respondents": client.respondents,
        "verdict": client.latest_verdict,
        "coupling_score": client.latest_score,
        "previous_score": client.previous_score,
        "plan": None if plan.empty else {"items": plan.items, "done": plan.done, "overdue": plan.overdue},
        "created_at": _iso(client.created_at),
        "updated_at": _iso(client.updated_at),
        "url": external_url("api.client", public_id=client.public_id),
    }


def client_or_404(api_token: ApiToken, public_id: str) -> Client | None:
    return db.session.scalar(
        select(Client).where(Client.public_id == public_id, Client.workspace_id == api_token.workspace_id)
    )


NO_CLIENT = ("id", "this workspace has no client with this id")


def _filter_problems(verdicts: tuple[str, ...]) -> list[dict[str, str]]:
    """What the list's query string asks that it can't give: named, never ignored."""
    allowed = {"verdict": verdicts, "status": STATUSES, "plan": tuple(PLAN_FILTERS), "sort": tuple(SORTS)}
    problems = [
        {"field": name, "message": f"must be one of: {', '.join(choices)}"}
        for name, choices in allowed.items()
        if request.args.get(name, choices[0]) not in choices
    ]
    for name, high in (("page", 99_999), ("per_page", PER_PAGE_MAX)):
        value = request.args.get(name, "1")
        if not (value.isascii() and value.isdigit() and 0 < int(value) <= high):
            problems.append({"field": name, "message": f"must be a whole number from 1 to {high:,}"})
    return problems


def _link_header(page: Page) -> str:
    filters, last = page.filters, page.pages
    wanted = {"first": 1, "last": last}
    if filters.page > 1:
        wanted["prev"] = min(filters.page - 1, last)
    if filters.page < last:
        wanted["next"] = filters.page + 1
    return ", ".join(
        f'<{external_url("api.list_clients", **filters.args(page=number))}>; rel="{rel}"'
        for rel, number in wanted.items()
    )


@bp.get("/clients")
@workspace_token("read:results")
def list_clients(api_token: ApiToken):
    verdicts = tuple(instruments.get().verdicts)
    if problems := _filter_problems(verdicts):
        return jsonify(errors=problems), 422
    page = clients_page(api_token.workspace_id, Filters.from_args(request.args, verdicts))
    response = jsonify(
        clients=[client_document(c, page.plan_of(c)) for c in page.clients],
        total=page.total,
        page=page.filters.page,
        per_page=page.filters.per_page,
        pages=page.pages,
    )
    response.headers["Link"] = _link_header(page)
    response.headers["X-Total-Count"] = str(page.total)
    return response


def _text(data: dict, name: str, required: bool, problems: list[dict[str, str]]) -> str | None:
    value = data.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not clean_name(value):
        message = "is required: the client's company name" if required else "must be text, or null"
        problems.append({"field": name, "message": message})
        return None
    text = clean_name(value)
    if len(text) > NAME_MAX:
        problems.append({"field": name, "message": f"is {len(text):,} characters; the limit is {NAME_MAX}"})
    return text or None


@bp.post("/clients")
@workspace_token("write:assessments")
def create_client(api_token: ApiToken):
    data = json_body()
    if not isinstance(data, dict):
        message = "send a JSON object with `name`, and optionally `contact` and `instrument`"
        return jsonify(errors=[{"field": "(document)", "message": message}]), 422
    problems = [
        {"field": key, "message": f"is not a field of a new client ({', '.join(NEW_CLIENT_FIELDS)})"}
        for key in data
        if key not in NEW_CLIENT_FIELDS
    ]
    name = _text(data, "name", True, problems)
    contact = _text(data, "contact", False, problems)
    offered = dict(lenses.choices(api_token.workspace_id))
    chosen = data.get("instrument", instruments.CURRENT)
    if chosen not in offered:
        message = f"must be one of this workspace's questionnaires: {', '.join(offered)}"
        problems.append({"field": "instrument", "message": message})
    if problems:
        return jsonify(errors=problems), 422
    workspace = db.session.get_one(Workspace, api_token.workspace_id)
    client, token = services.create_client(workspace, name or "", contact, chosen)
    document = client_document(client, Progress())
    document["intake_url"] = external_url("consultants.intake", token=token)
    response = jsonify(document)
    response.status_code = 201
    response.headers["Location"] = document["url"]
    return response


def _rounds(client: Client) -> list[dict[str, Any]]:
    rounds = db.session.scalars(select(IntakeLink).where(IntakeLink.client_id == client.id).order_by(IntakeLink.id))
    found = []
    for number, link in enumerate(rounds, start=1):
        combined = link.assessment
        found.append(
            {
                "round": number,
                "assessment": combined.public_id,
                "opened_at": _iso(link.created_at),
                "closed_at": _iso(link.closed_at),
                "open": link.is_open,
                "respondents": len(services.respondents_of(link)),
                "finished": len(services.submitted_responses(link)),
                "date": _iso(combined.submitted_at),
                "verdict": combined.verdict if combined.submitted else None,
                "coupling_score": combined.coupling_score if combined.submitted else None,
            }
        )
    return found


@bp.get("/clients/<public_id>")
@workspace_token("read:results")
def client(api_token: ApiToken, public_id: str):
    found = client_or_404(api_token, public_id)
    if found is None:
        return not_found(*NO_CLIENT)
    document = client_document(found, progress_of([found.team_id]).get(found.team_id, Progress()))
    document["rounds"] = _rounds(found)
    return conditional(jsonify(document))


def latest_result(client: Client) -> Assessment | None:
    """The client's latest combined result (the latest round with one)."""
    return db.session.scalar(
        select(Assessment)
        .where(Assessment.team_id == client.team_id, Assessment.submitted_at.is_not(None))
        .order_by(Assessment.id.desc())
        .limit(1)
    )


def result_response(assessment: Assessment):
    """CONTRACT.md's result document of a finished combined result, with its ETag."""
    response = jsonify(result_document(assessments.answers_of(assessment)))
    response.headers["Content-Location"] = external_url("api.assessment_result", public_id=assessment.public_id)
    return conditional(response)


@bp.get("/clients/<public_id>/result")
@workspace_token("read:results")
def client_result(api_token: ApiToken, public_id: str):
    found = client_or_404(api_token, public_id)
    if found is None:
        return not_found(*NO_CLIENT)
    latest = latest_result(found)
    if latest is None:
        return not_found("result", "no combined result yet: nobody at this client has finished answering")
    return result_response(latest)


@bp.get("/clients/<public_id>/history")
@workspace_token("read:results")
def client_history(api_token: ApiToken, public_id: str):
    found = client_or_404(api_token, public_id)
    if found is None:
        return not_found(*NO_CLIENT)
    rounds = [
        {key: item[key] for key in ("round", "assessment", "date", "verdict", "coupling_score")}
        | {"respondents": item["finished"]}
        for item in _rounds(found)
        if item["date"] is not None
    ]
    return conditional(jsonify(client=found.public_id, rounds=rounds))
