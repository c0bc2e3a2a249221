"""The report's Roadmap (issue 15): where the team wants to be, the planned score, the plan's
items by quarter and what the last reassessment proved, plus one line for page 1.

The plan belongs to the team and follows its latest finished assessment, so only the report of
that assessment shows it; an older report's fingerprint drops the plan once a newer one is
finished, and its PDF is drawn again without it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from app import instrument as instruments
from app.assessments import services as assessments
from app.assessments.models import AnswersSnapshot, Assessment
from app.extensions import db
from app.language import _, ngettext
from app.reports.services import ReportSource

from . import quarters
from .models import PlanItem, PlanTarget
from .services import (
    TargetKey,
    TargetValue,
    items_of,
    latest_submitted,
    plan_summary,
    planned_of,
    result_of,
    saved_targets,
    worked_on,
)

NO_DATE = "No date yet"  # the group of items without a date, last (shown in the reader's language)
PROVEN = ("resolved_by_answers", "done_not_improved")
REASON_SHOWN = 160  # characters of a won't-do reason the one-page roadmap has room for


@dataclass(frozen=True)
class TargetLine:
    label: str  # the sign's title, or "candidate: question"
    now: str  # today's answer, in words
    target: str  # the target answer, in words
    by: str | None  # "2027-Q2", or None
    reached: bool = False  # today's answer is already the target, or better


@dataclass(frozen=True)
class RoadmapItem:
    title: str
    owner: str | None
    due: date | None
    status: str  # not_started, in_progress, done, wont_do
    status_label: str
    overdue: bool
    reason: str | None  # why the team won't do it (shortened)


@dataclass(frozen=True)
class QuarterGroup:
    quarter: str  # "2027-Q2", or NO_DATE
    months: str | None  # "April to June 2027"
    items: tuple[RoadmapItem, ...]


@dataclass(frozen=True)
class ProvenItem:
    title: str
    state: str  # resolved_by_answers or done_not_improved
    message: str


@dataclass(frozen=True)
class PlanSection:
    targets: tuple[TargetLine, ...]
    score: int
    verdict_label: str
    planned_score: int | None
    planned_verdict_label: str | None
    by: str | None  # the latest quarter a target is set by
    quarters: tuple[QuarterGroup, ...]
    # Whether this assessment is a reassessment (the team has an earlier finished one).
    reassessed: bool
    proven: tuple[ProvenItem, ...]
    items: int
    done: int
    summary: str  # page 1's line: "Plan: 7 items, 3 done, target score 35 by 2027-Q2"


def summary_line(items: int, done: int, target_score: int | None, by: str | None) -> str:
    if target_score is None:
        return ngettext("Plan: %(num)s item, %(done)s done", "Plan: %(num)s items, %(done)s done", items, done=done)
    if not by:
        return ngettext(
            "Plan: %(num)s item, %(done)s done, target score %(score)s",
            "Plan: %(num)s items, %(done)s done, target score %(score)s",
            items,
            done=done,
            score=target_score,
        )
    return ngettext(
        "Plan: %(num)s item, %(done)s done, target score %(score)s by %(quarter)s",
        "Plan: %(num)s items, %(done)s done, target score %(score)s by %(quarter)s",
        items,
        done=done,
        score=target_score,
        quarter=by,
    )


def _is_latest(assessment: Assessment) -> bool:
    latest = latest_submitted(assessment.team_id)
    return latest is not None and latest.id == assessment.id


def _target_lines(assessment: Assessment, targets: dict[TargetKey, TargetValue]) -> tuple[TargetLine, ...]:
    instrument = instruments.get(assessment.instrument)
    answers = assessments.answers_of(assessment)
    lines = []
    for sign in instrument.signs:
        value = targets.get(("sign", sign.id, ""))
        if value is not None:
            lines.append(
                TargetLine(
                    sign.title,
                    instrument.option_label("sign", answers.signs[sign.id]),
                    instrument.option_label("sign", value.answer),
                    value.by,
                    instrument.severity(answers.signs[sign.id]) <= instrument.severity(value.answer),
                )
            )
    questions = {q.id: q.question for q in instrument.candidate_questions}
    for candidate in answers.candidates:
        for (kind, name, question), value in targets.items():
            if kind != "candidate" or name.casefold() != candidate.name.casefold():
                continue
            lines.append(
                TargetLine(
                    f"{candidate.name}: {questions.get(question, question)}",
                    instrument.option_label(question, candidate.choice(question)),
                    instrument.option_label(question, value.answer),
                    value.by,
                    candidate.answers[question] in (value.answer, instrument.candidate_question(question).ready),
                )
            )
    return tuple(lines)


def _overdue(item: PlanItem, today: date) -> bool:
    return item.due is not None and item.due < today and item.status not in ("done", "wont_do")


def _reason(item: PlanItem) -> str | None:
    if item.status != "wont_do" or not item.reason:
        return None
    reason = " ".join(item.reason.split())
    return reason if len(reason) <= REASON_SHOWN else reason[: REASON_SHOWN - 1].rstrip() + "…"


def _by_quarter(items: list[PlanItem], today: date) -> tuple[QuarterGroup, ...]:
    groups: dict[str, list[PlanItem]] = {}
    for item in items:
        groups.setdefault(quarters.quarter_of(item.due) if item.due else NO_DATE, []).append(item)
    order = sorted((q for q in groups if q != NO_DATE), key=lambda q: quarters.parse(q) or (0, 0))
    if NO_DATE in groups:
        order.append(NO_DATE)
    return tuple(
        QuarterGroup(
            quarter if quarter != NO_DATE else _("No date yet"),
            quarters.label(quarter) if quarter != NO_DATE else None,
            tuple(
                RoadmapItem(
                    item.title,
                    item.owner or None,
                    item.due,
                    item.status,
                    item.status_label,
                    _overdue(item, today),
                    _reason(item),
                )
                # Within a quarter by date, then in the plan's own order (the list is in that order).
                for item in sorted(groups[quarter], key=lambda i: i.due or date.max)
            ),
        )
        for quarter in order
    )


def _reassessed(assessment: Assessment) -> bool:
    return assessments.finished_before(assessment) is not None


def plan_fields(assessment: Assessment, snapshot: AnswersSnapshot | None = None) -> dict[str, Any]:
    """`reports.services.extras`: the Roadmap, for the team's latest finished assessment once the
    team has worked on its plan (services.worked_on).

    Not in a report made of a snapshot of the answers (a shared one): the plan follows the team's
    answers as they are now, which may be half changed, so it would contradict the snapshot."""
    if snapshot is not None or not _is_latest(assessment):
        return {}
    if not worked_on(assessment.team_id):
        return {}
    items = items_of(assessment.team_id)
    targets = saved_targets(assessment.team_id)
    today_result = result_of(assessment)
    planned = planned_of(assessment, targets)
    figures = plan_summary(assessment.team)
    return {
        "plan": PlanSection(
            targets=_target_lines(assessment, targets),
            score=today_result.coupling_score,
            verdict_label=today_result.verdict_label,
            planned_score=planned.coupling_score if planned is not None else None,
            planned_verdict_label=planned.verdict_label if planned is not None else None,
            by=figures["by"],
            quarters=_by_quarter(items, date.today()),
            reassessed=_reassessed(assessment),
            proven=tuple(
                ProvenItem(item.title, item.proof, item.proof_shown or "") for item in items if item.proof in PROVEN
            ),
            items=figures["items"],
            done=figures["done"],
            summary=summary_line(figures["items"], figures["done"], figures["target_score"], figures["by"]),
        )
    }


def plan_fingerprint(source: ReportSource) -> tuple | None:
    """`reports.services.fingerprint_parts`: what the Roadmap is made of, found without building it.

    An item's version moves with every edit by the team; its place, what the answers prove and
    whether it is overdue today change without one, so they are in too."""
    if source.snapshot is not None:
        return None
    team_id = db.session.scalar(select(Assessment.team_id).where(Assessment.id == source.id))
    if team_id is None:
        return None
    latest = latest_submitted(team_id)
    if latest is None or latest.id != source.id or not worked_on(team_id):
        return None
    today = date.today()
    items = tuple(
        (
            item.id,
            item.version,
            item.status,
            item.due,
            item.position,
            item.proof,
            item.proof_message,
            _overdue(item, today),
        )
        for item in items_of(team_id)
    )
    targets = tuple(
        tuple(row)
        for row in db.session.execute(
            select(PlanTarget.sign_id, PlanTarget.candidate, PlanTarget.question, PlanTarget.answer, PlanTarget.by)
            .where(PlanTarget.team_id == team_id)
            .order_by(PlanTarget.id)
        )
    )
    return items, targets
