"""The plan taken where the work happens: CSV for Jira's or GitHub's issue importers, JSON, and
the API's GET of an assessment's plan (authenticated by the team's private link as a Bearer
token, no session).

CSV columns (docs/api.md says where they come from):
- Jira's CSV importer (the default, `?for=jira`): Summary, Description, Assignee, Due date,
  Status and one Labels column per label (Jira takes several values of a field as repeated
  columns).
- GitHub (`?for=github`): title, body, labels (comma-separated), assignee, state, the columns
  the github-csv-tools importer reads.
Every cell that a spreadsheet program would run as a formula is neutralised as in every CSV the app
writes (`app.spreadsheets.safe_cell`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from flask import Response, abort, jsonify, request
from flask.typing import ResponseReturnValue

from app import instrument as instruments
from app.assessments import access
from app.assessments.models import Assessment
from app.bearer import bearer_token, conditional, token_limit, unauthorised
from app.extensions import db
from app.language import _
from app.links import guessing_limit
from app.scoring import Result
from app.scoring.plan import signs_of
from app.spreadsheets import safe_cell

from . import bp, services
from .models import STATUS_LABELS, PlanItem
from .views import _plan_of

JIRA_STATUS = {"not_started": "To Do", "in_progress": "In Progress", "done": "Done", "wont_do": "Won't Do"}
GITHUB_STATE = {"not_started": "open", "in_progress": "open", "done": "closed", "wont_do": "closed"}


def _recommendations(result: Result) -> dict[str, Any]:
    return {rec.id: rec for rec in result.recommendations}


def labels_of(item: PlanItem, result: Result) -> list[str]:
    """ "splitcheck" and one label per sign the item is about ("sign-shared_database")."""
    rec = _recommendations(result).get(item.recommendation_id or "")
    signs = list(signs_of(rec)) if rec is not None else []
    if item.sign_id and item.sign_id not in signs:
        signs.insert(0, item.sign_id)
    return ["splitcheck", *(f"sign-{sign}" for sign in signs)]


def description_of(item: PlanItem, assessment: Assessment) -> str:
    """Why the item matters and its first steps (from the recommendation), then the team's words."""
    parts = []
    instrument = instruments.get(assessment.instrument)
    rec = next((r for r in instrument.recommendations if r.id == item.recommendation_id), None)
    if rec is not None:
        parts.append(_("Why: %(why)s", why=rec.why))
        steps = "\n".join(f"{n}. {step}" for n, step in enumerate(rec.steps, start=1))
        parts.append(_("First steps:") + "\n" + steps)
    if item.note:
        parts.append(_("Note: %(note)s", note=item.note))
    if item.status == "wont_do" and item.reason:
        parts.append(_("Won't do, because: %(reason)s", reason=item.reason))
    if item.proof_message:
        parts.append(_("What the latest assessment shows: %(proof)s", proof=item.proof_shown))
    return "\n\n".join(parts)


def plan_document(assessment: Assessment) -> dict[str, Any]:
    """The plan as JSON: the plan page's content, for the JSON download and the API."""
    result = services.result_of(assessment)
    targets = services.saved_targets(assessment.team_id)
    planned = services.planned_of(assessment, targets)
    items = services.items_of(assessment.team_id)
    events = services.events_of(items)
    recommendations = _recommendations(result)
    return {
        "assessment": assessment.public_id,
        "team": assessment.team_name,
        "coupling_score": result.coupling_score,
        "verdict": result.verdict,
        "verdict_label": result.verdict_label,
        "planned": None
        if planned is None
        else {
            "coupling_score": planned.coupling_score,
            "verdict": planned.verdict,
            "verdict_label": planned.verdict_label,
        },
        "targets": [
            {
                **({"sign": first} if kind == "sign" else {"candidate": first, "question": second}),
                "answer": value.answer,
                "by": value.by,
            }
            for (kind, first, second), value in targets.items()
        ],
        "items": [
            {
                "id": item.public_id,
                "position": position,
                "title": item.title,
                "recommendation": item.recommendation_id,
                "recommended_now": item.recommendation_id in recommendations,
                "sign": item.sign_id,
                "labels": labels_of(item, result),
                "owner": item.owner,
                "due": item.due.isoformat() if item.due else None,
                "status": item.status,
                "status_label": STATUS_LABELS[item.status],
                "reason": item.reason,
                "note": item.note,
                "proof": item.proof,
                "proof_message": item.proof_message,
                "version": item.version,
                "history": [
                    {
                        "event": e.event,
                        "detail": e.detail,
                        "at": e.at.isoformat(),
                        "assessment": _public(e.assessment_id),
                    }
                    for e in events.get(item.id, [])
                ],
            }
            for position, item in enumerate(items, start=1)
        ],
    }


def _public(assessment_id: int | None) -> str | None:
    if assessment_id is None:
        return None
    found = db.session.get(Assessment, assessment_id)
    return found.public_id if found is not None else None


def _finished_plan(public_id: str) -> Assessment:
    assessment, _ = _plan_of(public_id)
    if not assessment.submitted:
        abort(404)
    return assessment


@bp.get("/assessments/<public_id>/plan.csv")
def plan_csv(public_id: str):
    assessment = _finished_plan(public_id)
    target = request.args.get("for", "jira")
    if target not in ("jira", "github"):
        abort(404)
    result = services.result_of(assessment)
    items = services.items_of(assessment.team_id)
    out = io.StringIO()
    writer = csv.writer(out)
    if target == "jira":
        labels = [labels_of(item, result) for item in items]
        width = max((len(found) for found in labels), default=1)
        headers = [_("Summary"), _("Description"), _("Assignee"), _("Due date"), _("Status")]
        writer.writerow([*headers, *([_("Labels")] * width)])
        for item, found in zip(items, labels, strict=True):
            row = [
                item.title,
                description_of(item, assessment),
                item.owner or "",
                item.due.isoformat() if item.due else "",
                JIRA_STATUS[item.status],
                *found,
                *([""] * (width - len(found))),
            ]
            writer.writerow([safe_cell(cell) for cell in row])
    else:
        writer.writerow(["title", "body", "labels", "assignee", "state"])
        for item in items:
            body = description_of(item, assessment)
            if item.due:
                body = _("Due: %(day)s", day=item.due.isoformat()) + f"\n\n{body}"
            row = [item.title, body, ",".join(labels_of(item, result)), item.owner or "", GITHUB_STATE[item.status]]
            writer.writerow([safe_cell(cell) for cell in row])
    name = f"splitcheck-plan-{assessment.public_id}-{target}.csv"
    return Response(
        out.getvalue(), mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@bp.get("/assessments/<public_id>/plan.json")
def plan_json(public_id: str):
    assessment = _finished_plan(public_id)
    name = f"splitcheck-plan-{assessment.public_id}.json"
    return Response(
        json.dumps(plan_document(assessment), indent=2, ensure_ascii=False),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


# Other bearers of a plan, registered by the API: (token, public_id) -> None when the token is not
# of their kind; otherwise the assessment it may read (a workspace's API token: its clients'
# combined results) or the response that refuses it (401, 403, 404).
bearers: list[Callable[[str, str], Assessment | ResponseReturnValue | None]] = []


@bp.get("/api/v1/assessments/<public_id>/plan")
@guessing_limit
@token_limit
def api_plan(public_id: str):
    """The plan of an assessment, for whoever holds its team's private link, or a token of
    another kind (`bearers`). No session: the token comes in the Authorization header. Without
    one it is a 404, as every page of an assessment is to whoever does not hold the link, and so
    is a wrong private link token; 401 says an Authorization header that is not a Bearer token
    can't work."""
    if "Authorization" not in request.headers:
        abort(404)  # as every address of an assessment is to whoever does not hold its link
    token = bearer_token()
    if token is None:
        return unauthorised("send the team's private link token as `Authorization: Bearer <token>`")
    assessment = db.session.scalar(db.select(Assessment).where(Assessment.public_id == public_id[:32]))
    if assessment is None or not access.holds(assessment.team, token):
        assessment = None
        for bearer in bearers:
            if (found := bearer(token, public_id)) is not None:
                if not isinstance(found, Assessment):
                    return found
                assessment = found
                break
    if assessment is None or not assessment.team.kind.tracks_progress or not assessment.submitted:
        abort(404)
    return conditional(jsonify(plan_document(assessment)))
