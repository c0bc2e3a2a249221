"""What a client's aggregate report adds: respondents, disputed signs, disagreements, what changed
in who answered, chosen notes, and (on the consultant's result page only) the respondents' own notes.

Names stay with the consultant: the report (its page, its PDF, share links) names a respondent
only if they agreed to it when they started, and shows their role otherwise. The consultant's
client page names everyone (`disagreements_of`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app import instrument as instruments
from app.assessments import services as assessments
from app.assessments.models import AnswersSnapshot, Assessment, TeamKind
from app.extensions import db
from app.language import _, ngettext
from app.reports.services import ReportSource
from app.scoring.aggregate import ANONYMOUS, Aggregate, Response, aggregate, person_label
from app.scoring.trend import who_answered_changed

from .models import ClientNote, IntakeLink, Respondent
from .services import submitted_responses


def _responses(pairs: list[tuple[Respondent, Assessment]], named: bool) -> list[Response]:
    """Each finished response, with its person's name only where `named` or they agreed to it
    (a Response without a name is labelled by its role)."""
    return [Response(r.name if named or r.name_in_report else "", r.role, assessments.answers_of(a)) for r, a in pairs]


def shown_label(label: str) -> str:
    """A person's label as the page shows it: someone with neither name nor role is anonymous in
    the reader's language."""
    return _("Anonymous") if label == ANONYMOUS else label


def grouped(labels: tuple[str, ...]) -> tuple[str, ...]:
    """Labels in first-seen order, the same one given by several people counted once:
    ("SRE", "Maya (Lead)", "SRE") -> ("SRE (2 people)", "Maya (Lead)")."""
    counts: dict[str, int] = {}
    for label in labels:
        label = shown_label(label)
        counts[label] = counts.get(label, 0) + 1
    return tuple(
        label if n == 1 else ngettext("%(label)s (%(num)s person)", "%(label)s (%(num)s people)", n, label=label)
        for label, n in counts.items()
    )


def _readable(combined: Aggregate) -> tuple[Any, ...]:
    """(sign title, statement, ((answer label, how many, who), ...)) for each disagreement."""
    instrument = instruments.get(combined.answers.instrument)
    return tuple(
        (
            instrument.sign(d.sign).title,
            instrument.sign(d.sign).statement,
            tuple(
                (instrument.option_label("sign", answer), len(who), grouped(who)) for answer, who in d.by_answer.items()
            ),
        )
        for d in combined.disagreements
    )


def disagreements_of(link: IntakeLink) -> tuple[int, tuple[Any, ...]]:
    """How many finished, and where they disagree, everyone named: for the consultant's client page."""
    pairs = submitted_responses(link)
    if not pairs:
        return 0, ()
    combined = aggregate(_responses(pairs, named=True))
    return combined.respondents, _readable(combined)


def _disputed(combined: Aggregate, scored: dict[str, str]) -> dict[str, str]:
    """Sign id -> what was said ("1 Yes, 1 No"), for the disputed signs the scored answers count
    as unknown (a combined result stored before that rule keeps its answers until it is redone)."""
    instrument = instruments.get(combined.answers.instrument)
    return {
        sign: ", ".join(f"{n} {instrument.option_label('sign', answer)}" for answer, n in spread.counts.items() if n)
        for sign, spread in combined.spreads.items()
        if spread.disputed and instrument.means(scored.get(sign, "")) == "unknown"
    }


def _previous_round(assessment: Assessment) -> IntakeLink | None:
    """The round whose combined result this one's trend compares with."""
    previous = assessments.finished_before(assessment)
    if previous is None:
        return None
    return db.session.scalar(select(IntakeLink).where(IntakeLink.assessment_id == previous.id))


def _people(pairs: list[tuple[Respondent, Assessment]]) -> list[str]:
    return [r.name.strip().casefold() for r, _ in pairs]


def client_report_fields(assessment: Assessment, snapshot: AnswersSnapshot | None = None) -> dict[str, Any]:
    """`reports.services.extras`: who answered, the disputed signs and where people disagree, a
    caveat on the trend when different people answered, and the notes chosen for the report. A
    client's share links follow its combined answers, so there is never a snapshot here."""
    if assessment.team.kind is not TeamKind.CLIENT:
        return {}
    link = db.session.scalar(select(IntakeLink).where(IntakeLink.assessment_id == assessment.id))
    if link is None:
        return {}
    notes = tuple(
        db.session.scalars(
            select(ClientNote.text)
            .where(ClientNote.client_id == link.client_id, ClientNote.in_report.is_(True))
            .order_by(ClientNote.id)
        )
    )
    fields: dict[str, Any] = {"consultant_notes": notes}
    pairs = submitted_responses(link)
    if not pairs:
        return fields
    combined = aggregate(_responses(pairs, named=False))
    fields.update(
        respondents=combined.respondents,
        disagreements=_readable(combined),
        disputed=_disputed(combined, assessments.answers_of(assessment).signs),
    )
    if (previous := _previous_round(assessment)) is not None:
        fields["trend_caveat"] = who_answered_changed(_people(submitted_responses(previous)), _people(pairs))
    return fields


def client_page_fields(assessment: Assessment) -> dict[str, Any]:
    """`reports.services.page_extras`: the respondents' own notes on the signs, for the
    consultant's result page only (never the PDF or a share link); by role unless they agreed to
    be named."""
    if assessment.team.kind is not TeamKind.CLIENT:
        return {}
    link = db.session.scalar(select(IntakeLink).where(IntakeLink.assessment_id == assessment.id))
    if link is None:
        return {}
    noted: dict[str, list[tuple[str, str]]] = {}
    for respondent, answers in submitted_responses(link):
        who = shown_label(person_label(respondent.name if respondent.name_in_report else "", respondent.role))
        for sign, text in (answers.draft.get("notes") or {}).items():
            if isinstance(text, str) and text.strip():
                noted.setdefault(sign, []).append((who, text))
    return {"respondent_notes": {sign: tuple(said) for sign, said in noted.items()}} if noted else {}


def client_fingerprint(source: ReportSource) -> tuple | None:
    """What a client report shows besides the aggregate: respondents' answers (this round's and the
    earlier ones', for the trend's caveat), who agreed to be named, and the chosen notes."""
    if source.team_kind is not TeamKind.CLIENT:
        return None
    link = db.session.scalar(select(IntakeLink).where(IntakeLink.assessment_id == source.id))
    if link is None:
        return None
    answers = db.session.execute(
        select(Assessment.id, Assessment.version, Respondent.name_in_report)
        .join(Respondent, Respondent.team_id == Assessment.team_id)
        .join(IntakeLink, IntakeLink.id == Respondent.intake_link_id)
        .where(IntakeLink.client_id == link.client_id, IntakeLink.id <= link.id)
        .order_by(Assessment.id)
    ).all()
    notes = db.session.execute(
        select(ClientNote.id, ClientNote.in_report)
        .where(ClientNote.client_id == link.client_id)
        .order_by(ClientNote.id)
    ).all()
    return tuple(map(tuple, answers)), tuple(map(tuple, notes))
