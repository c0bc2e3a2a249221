"""What a client's aggregate report adds: respondents, disagreements, chosen notes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app import instrument as instruments
from app.assessments import services as assessments
from app.assessments.models import AnswersSnapshot, Assessment, TeamKind
from app.extensions import db
from app.reports.services import ReportSource
from app.scoring.aggregate import Response, aggregate

from .models import ClientNote, IntakeLink, Respondent
from .services import submitted_responses


def disagreements_of(link: IntakeLink) -> tuple[int, tuple[Any, ...]]:
    pairs = submitted_responses(link)
    if not pairs:
        return 0, ()
    combined = aggregate([Response(r.name, r.role, assessments.answers_of(a)) for r, a in pairs])
    instrument = instruments.get(link.assessment.instrument)
    readable = tuple(
        (
            instrument.sign(d.sign).title,
            instrument.sign(d.sign).statement,
            tuple((instrument.option_label("sign", answer), who) for answer, who in d.by_answer.items()),
        )
        for d in combined.disagreements
    )
    return combined.respondents, readable


def client_report_fields(assessment: Assessment, snapshot: AnswersSnapshot | None = None) -> dict[str, Any]:
    """`reports.services.extras`: who answered and where they disagree, and the notes chosen for the
    report. A client's share links follow its combined answers, so there is never a snapshot here."""
    if assessment.team.kind is not TeamKind.CLIENT:
        return {}
    link = db.session.scalar(select(IntakeLink).where(IntakeLink.assessment_id == assessment.id))
    if link is None:
        return {}
    respondents, disagreements = disagreements_of(link)
    notes = tuple(
        db.session.scalars(
            select(ClientNote.text)
            .where(ClientNote.client_id == link.client_id, ClientNote.in_report.is_(True))
            .order_by(ClientNote.id)
        )
    )
    return {"respondents": respondents, "disagreements": disagreements, "consultant_notes": notes}


def client_fingerprint(source: ReportSource) -> tuple | None:
    """What a client report shows besides the aggregate: respondents' answers and the chosen notes."""
    if source.team_kind is not TeamKind.CLIENT:
        return None
    link = db.session.scalar(select(IntakeLink).where(IntakeLink.assessment_id == source.id))
    if link is None:
        return None
    answers = db.session.execute(
        select(Assessment.id, Assessment.version)
        .join(Respondent, Respondent.team_id == Assessment.team_id)
        .where(Respondent.intake_link_id == link.id)
        .order_by(Assessment.id)
    ).all()
    notes = db.session.execute(
        select(ClientNote.id, ClientNote.in_report)
        .where(ClientNote.client_id == link.client_id)
        .order_by(ClientNote.id)
    ).all()
    return tuple(map(tuple, answers)), tuple(map(tuple, notes))
