"""Exports: every client's latest result as CSV, one client as JSON."""

from __future__ import annotations

import csv
import io
import json

from flask import Response
from flask_login import current_user, login_required
from sqlalchemy import func, select

from app import instrument as instruments
from app.assessments import services as assessments
from app.assessments.models import Assessment
from app.extensions import db
from app.history.transfer import export_document
from app.language import _l
from app.plans import services as plans
from app.spreadsheets import safe_cell

from . import bp, services
from .clients import client_or_404
from .models import Client, ClientNote, IntakeLink

CLIENT_FIELDS = ("client", "contact", "status", "respondents", "verdict", "coupling_score", "signs_present", "updated")
# The client's plan: its items, how many are done, how many overdue (blank without a plan).
PLAN_FIELDS = ("plan_items", "plan_done", "plan_overdue")
# The header a person reads in their spreadsheet, in their language (English: the field names).
HEADERS = {
    "client": _l("client"),
    "contact": _l("contact"),
    "status": _l("status"),
    "respondents": _l("respondents"),
    "verdict": _l("verdict"),
    "coupling_score": _l("coupling_score"),
    "signs_present": _l("signs_present"),
    "updated": _l("updated"),
    "plan_items": _l("plan_items"),
    "plan_done": _l("plan_done"),
    "plan_overdue": _l("plan_overdue"),
}


def sign_columns(instrument_ids: list[str]) -> list[str]:
    """A column per sign of the clients' questionnaires: the current one's first, then any other's
    signs not seen yet, in their own order."""
    columns: dict[str, None] = {}
    for instrument_id in [instruments.CURRENT, *instrument_ids]:
        columns.update(dict.fromkeys(instruments.get(instrument_id).sign_ids))
    return list(columns)


@bp.get("/clients/export.csv")
@login_required
def export_csv():
    latest = (
        select(Assessment.team_id, func.max(Assessment.id).label("id"))
        .where(Assessment.submitted_at.is_not(None))
        .group_by(Assessment.team_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Client, Assessment)
        .outerjoin(latest, latest.c.team_id == Client.team_id)
        .outerjoin(Assessment, Assessment.id == latest.c.id)
        .where(Client.workspace_id == current_user.workspace_id)
        .order_by(Client.name_key, Client.id)
    ).all()
    progress = plans.progress_of(client.team_id for client, _ in rows)
    out = io.StringIO()
    writer = csv.writer(out)
    signs_shown = sign_columns([assessment.instrument for _, assessment in rows if assessment])
    writer.writerow([*(str(HEADERS[f]) for f in CLIENT_FIELDS), *signs_shown, *(str(HEADERS[f]) for f in PLAN_FIELDS)])
    for client, assessment in rows:
        signs = assessment.draft.get("signs", {}) if assessment else {}
        instrument = instruments.get(assessment.instrument) if assessment else None
        plan = progress.get(client.team_id)
        writer.writerow(
            [
                safe_cell(v)
                for v in (
                    client.name,
                    client.contact or "",
                    client.status,
                    client.respondents,
                    client.latest_verdict or "",
                    "" if client.latest_score is None else client.latest_score,
                    sum(1 for a in signs.values() if instrument.means(a) == "present") if instrument else "",
                    client.updated_at.date().isoformat(),
                    *(signs.get(s, "") for s in signs_shown),
                    *((plan.items, plan.done, plan.overdue) if plan else ("", "", "")),
                )
            ]
        )
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="splitcheck-clients.csv"'},
    )


@bp.get("/clients/<public_id>/export.json")
@login_required
def export_client(public_id: str):
    client = client_or_404(public_id)
    rounds = []
    for link in db.session.scalars(select(IntakeLink).where(IntakeLink.client_id == client.id).order_by(IntakeLink.id)):
        aggregate = link.assessment
        rounds.append(
            {
                "opened_at": link.created_at.isoformat(),
                "closed_at": link.closed_at.isoformat() if link.closed_at else None,
                "aggregate": export_document(
                    assessments.answers_of(aggregate), {}, aggregate.created_at, aggregate.submitted_at
                )
                if aggregate.submitted_at is not None
                else None,
                "respondents": [
                    {
                        "name": r.name,
                        "role": r.role,
                        "email": r.email,
                        "help_wanted": r.help_wanted,
                        "timeline": r.timeline,
                        "answers": assessments.answers_document(a),
                        "submitted": a.submitted,
                    }
                    for r in services.respondents_of(link)
                    for a in (r.team.latest,)
                ],
            }
        )
    notes = db.session.scalars(select(ClientNote).where(ClientNote.client_id == client.id).order_by(ClientNote.id))
    doc = {
        "client": {
            "name": client.name,
            "contact": client.contact,
            "status": client.status,
            "created_at": client.created_at.isoformat(),
        },
        "notes": [{"text": n.text, "in_report": n.in_report, "created_at": n.created_at.isoformat()} for n in notes],
        "rounds": rounds,
    }
    name = f"splitcheck-client-{client.public_id}.json"
    return Response(
        json.dumps(doc, indent=2, ensure_ascii=False),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
