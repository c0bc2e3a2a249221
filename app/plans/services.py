"""The plan kept in step with the team's assessments, and the changes the team makes to it.

When an assessment is finished (or its finished answers change), `on_submitted` proves every
item against the previous assessment (`app.scoring.plan.prove`), notes what changed in the
item's history and adds an item for each new recommendation, in the same transaction.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    SQLColumnExpression,
    Table,
    and_,
    case,
    delete,
    exists,
    func,
    not_,
    or_,
    select,
    update,
)
from sqlalchemy.orm.attributes import set_committed_value

from app import instrument as instruments
from app.assessments import services as assessments
from app.assessments.models import Assessment, Team
from app.extensions import db
from app.language import english
from app.scoring import AnswersInvalid, Result, score_answers
from app.scoring.answers import Answers
from app.scoring.plan import Targets, planned_result, prove, signs_of
from app.timestamps import utcnow

from . import quarters
from .models import STATUS_LABELS, PlanEvent, PlanItem, PlanTarget

# The items' table, for changes that are no edit by the team (they leave the version alone).
ITEMS = cast(Table, PlanItem.__table__)

# A target's key: ("sign", sign id, "") or ("candidate", candidate name, blocker question).
TargetKey = tuple[str, str, str]


@dataclass(frozen=True)
class TargetValue:
    answer: str
    by: str | None = None


# -- reading -------------------------------------------------------------------------------------


def items_of(team_id: int) -> list[PlanItem]:
    return list(
        db.session.scalars(select(PlanItem).where(PlanItem.team_id == team_id).order_by(PlanItem.position, PlanItem.id))
    )


def item_of(team_id: int, public_id: str | None) -> PlanItem | None:
    """The team's item with this public id; None for anyone else's, or none."""
    if not public_id or len(public_id) > 32:
        return None
    return db.session.scalar(select(PlanItem).where(PlanItem.public_id == public_id, PlanItem.team_id == team_id))


def events_of(items: list[PlanItem]) -> dict[int, list[PlanEvent]]:
    if not items:
        return {}
    events: dict[int, list[PlanEvent]] = {item.id: [] for item in items}
    for event in db.session.scalars(
        select(PlanEvent).where(PlanEvent.item_id.in_(list(events))).order_by(PlanEvent.id)
    ):
        events[event.item_id].append(event)
    return events


def saved_targets(team_id: int) -> dict[TargetKey, TargetValue]:
    rows = db.session.scalars(select(PlanTarget).where(PlanTarget.team_id == team_id).order_by(PlanTarget.id))
    return {_key(row): TargetValue(row.answer, row.by) for row in rows}


def _key(row: PlanTarget) -> TargetKey:
    if row.sign_id is not None:
        return ("sign", row.sign_id, "")
    return ("candidate", row.candidate or "", row.question or "")


def targets_version(targets: dict[TargetKey, TargetValue]) -> str:
    """Stands for the saved targets, as an item's version does for the item: a page posts it
    back, and a save based on other targets than the saved ones is a conflict."""
    shown = sorted([list(key), value.answer, value.by or ""] for key, value in targets.items())
    return hashlib.sha256(json.dumps(shown).encode()).hexdigest()[:16]


def scoring_targets(targets: dict[TargetKey, TargetValue], answers: Answers) -> Targets:
    """The targets `planned` takes, less those about candidates the answers no longer name."""
    names = {c.name.casefold() for c in answers.candidates}
    return Targets(
        signs={sign: value.answer for (kind, sign, _), value in targets.items() if kind == "sign"},
        candidates={
            (name, question): value.answer
            for (kind, name, question), value in targets.items()
            if kind == "candidate" and name.casefold() in names
        },
    )


def result_of(assessment: Assessment) -> Result:
    return score_answers(assessments.answers_of(assessment))


def planned_of(assessment: Assessment, targets: dict[TargetKey, TargetValue]) -> Result | None:
    """The result the targets would give, scored like today's; None without targets."""
    if not targets:
        return None
    answers = assessments.answers_of(assessment)
    return planned_result(answers, scoring_targets(targets, answers), instruments.get(assessment.instrument))


def latest_submitted(team_id: int) -> Assessment | None:
    return db.session.scalar(
        select(Assessment)
        .where(Assessment.team_id == team_id, Assessment.submitted_at.is_not(None))
        .order_by(Assessment.id.desc())
        .limit(1)
    )


# What the team itself did to its plan: an item added, edited or given a status.
TEAM_EVENTS = ("added_by_team", "changed", "status_changed")


def worked_on(team_id: int) -> bool:
    """Whether the team has made the plan its own: set a target, or added, edited or marked an
    item. Until then the plan is only the recommendations copied over, and the report shows no
    Roadmap: a list of unowned, undated items would read to leadership as a commitment nobody
    made. Reordering alone does not count."""
    targets = exists().where(PlanTarget.team_id == team_id)
    edits = exists().where(
        PlanEvent.item_id == PlanItem.id, PlanItem.team_id == team_id, PlanEvent.event.in_(TEAM_EVENTS)
    )
    return bool(db.session.scalar(select(or_(targets, edits))))


def plan_summary(team: Team) -> dict[str, Any]:
    """The plan in figures, for the PDF and the consultants' dashboard:
    {"items": int, "done": int, "overdue": int, "target_score": int | None, "by": str | None}.
    `done` counts items marked done; `overdue` those due before today and neither done nor
    won't do; `target_score` is the planned coupling score of the team's latest finished
    assessment with its targets (None without targets or a finished assessment); `by` the latest
    quarter a target is set by ("2027-Q2"), or None."""
    items = items_of(team.id)
    today = date.today()
    targets = saved_targets(team.id)
    latest = latest_submitted(team.id)
    planned = planned_of(latest, targets) if latest is not None else None
    quarters_set = [value.by for value in targets.values() if value.by and quarters.parse(value.by)]
    return {
        "items": len(items),
        "done": sum(1 for item in items if item.status == "done"),
        "overdue": sum(1 for item in items if item.due and item.due < today and item.status not in ("done", "wont_do")),
        "target_score": planned.coupling_score if planned is not None else None,
        "by": max(quarters_set, key=lambda q: quarters.parse(q) or (0, 0)) if quarters_set else None,
    }


# -- keeping the plan in step with the assessments --------------------------------------------


def on_submitted(assessment: Assessment, before: dict[str, Any] | None) -> None:
    """`assessments.services.after_submit`: the team's latest finished assessment updates its plan."""
    if not assessment.team.kind.tracks_progress or not assessment.submitted:
        return
    latest = latest_submitted(assessment.team_id)
    if latest is None or latest.id != assessment.id:
        return  # an older assessment's answers changed: the plan follows the latest one
    sync(assessment, before)


def on_refreshed(assessment: Assessment) -> None:
    """`consultants.services.after_refresh`: a client's combined result is its plan's latest
    assessment too (the consultant changes that plan; nobody holds the client's link)."""
    on_submitted(assessment, None)


def sync(assessment: Assessment, before: dict[str, Any] | None = None) -> None:
    """Prove every item against the previous result, and add the new recommendations as items."""
    current = result_of(assessment)
    previous = _previous_result(assessment, before) or current
    items = items_of(assessment.team_id)
    for item in items:
        _prove(item, assessment, previous, current)
    known = {item.recommendation_id for item in items if item.recommendation_id}
    instrument = instruments.get(assessment.instrument)
    position = max((item.position for item in items), default=0)
    for rec in current.recommendations:
        if any(instrument.same_goal(rec.id, k) for k in known):
            continue  # an item already carries this advice (perhaps under its other title)
        position += 1
        signs = signs_of(rec)
        item = PlanItem(
            team_id=assessment.team_id,
            recommendation_id=rec.id,
            sign_id=signs[0] if signs else None,
            title=rec.title,
            position=position,
            created_with_id=assessment.id,
        )
        item.events.append(PlanEvent(assessment_id=assessment.id, event="added", detail="Recommended by the answers."))
        db.session.add(item)


def _previous_result(assessment: Assessment, before: dict[str, Any] | None) -> Result | None:
    """The team's finished assessment before this one; else this one's answers before they changed."""
    previous = assessments.finished_before(assessment)
    if previous is not None:
        return result_of(previous)
    if before is None:
        return None
    try:
        return score_answers(assessments.answers_in(before, assessment.instrument))
    except AnswersInvalid:
        return None


def _prove(item: PlanItem, assessment: Assessment, previous: Result, current: Result) -> None:
    with english():  # the JSON documents' words; pages word what it says in their own language
        proof = prove(item.recommendation_id, item.sign_id, item.status, previous, current)
    saying = {"instrument": proof.instrument, "saying": proof.saying} if proof.saying is not None else None
    if proof.state == item.proof and proof.message == item.proof_message and saying == item.proof_saying:
        return
    if proof.state != item.proof and (item.proof is not None or proof.state != "open"):
        event = PlanEvent(assessment_id=assessment.id, event=proof.state, detail=proof.message, saying=saying)
        item.events.append(event)
    # What the answers prove is no edit by the team: it leaves the item's version alone, so a page
    # open in another tab can still save.
    values = {"proof": proof.state, "proof_message": proof.message, "proof_saying": saying}
    db.session.execute(update(ITEMS).where(ITEMS.c.id == item.id).values(**values))
    for name, value in values.items():
        set_committed_value(item, name, value)


# -- the team's changes -------------------------------------------------------------------------


EDITABLE = ("title", "sign_id", "owner", "due", "status", "reason", "note")


def values_of(item: PlanItem) -> dict[str, Any]:
    return {name: getattr(item, name) for name in EDITABLE}


def change_item(item: PlanItem, values: dict[str, Any], assessment: Assessment) -> bool:
    """Apply the values the team gave (in the caller's transaction); whether anything changed."""
    if item.recommendation_id is not None:  # its title and sign come from the recommendation
        values = {k: v for k, v in values.items() if k not in ("title", "sign_id")}
    if values.get("status") != "wont_do" and "status" in values:
        values = {**values, "reason": None}
    changed = [name for name, value in values.items() if getattr(item, name) != value]
    if not changed:
        return False
    if "status" in changed:
        detail = f"{STATUS_LABELS[item.status]} → {STATUS_LABELS[values['status']]}"
        if values["status"] == "wont_do" and values.get("reason"):
            detail += f": {values['reason']}"
        item.events.append(PlanEvent(assessment_id=assessment.id, event="status_changed", detail=detail))
    others = [name for name in changed if name not in ("status", "reason")]
    if others:
        item.events.append(PlanEvent(assessment_id=assessment.id, event="changed", detail=_changed_words(others)))
    for name in changed:
        setattr(item, name, values[name])
    item.updated_at = utcnow()
    return True


FIELD_WORDS = {
    "title": "title",
    "sign_id": "sign",
    "owner": "owner",
    "due": "due date",
    "reason": "reason",
    "note": "note",
}


def _changed_words(names: list[str]) -> str:
    words = [FIELD_WORDS[name] for name in names if name in FIELD_WORDS]
    return "Changed the " + (words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]) + "."


def add_own(assessment: Assessment, values: dict[str, Any]) -> PlanItem:
    """The team's own item, at the end of the plan (in the caller's transaction)."""
    last = db.session.scalar(select(func.max(PlanItem.position)).where(PlanItem.team_id == assessment.team_id))
    item = PlanItem(
        team_id=assessment.team_id,
        position=(last or 0) + 1,
        created_with_id=assessment.id,
        **{name: values.get(name) for name in EDITABLE if name != "status"},
        status=values.get("status") or "not_started",
    )
    item.events.append(PlanEvent(assessment_id=assessment.id, event="added_by_team", detail="Added by the team."))
    db.session.add(item)
    return item


def move(item: PlanItem, direction: str) -> bool:
    """Swap the item with the one above ("up") or below ("down"); whether it moved. Positions are
    no edit of either item: their versions stay."""
    items = items_of(item.team_id)
    index = next(i for i, other in enumerate(items) if other.id == item.id)
    neighbour = index - 1 if direction == "up" else index + 1
    if not 0 <= neighbour < len(items):
        return False
    order = [other.id for other in items]
    order[index], order[neighbour] = order[neighbour], order[index]
    for position, item_id in enumerate(order, start=1):
        db.session.execute(update(ITEMS).where(ITEMS.c.id == item_id).values(position=position))
    for other in items:
        set_committed_value(other, "position", order.index(other.id) + 1)
    return True


def save_targets(team_id: int, targets: dict[TargetKey, TargetValue]) -> None:
    """Replace the team's targets whole (in the caller's transaction)."""
    db.session.execute(delete(PlanTarget).where(PlanTarget.team_id == team_id))
    for (kind, first, second), value in targets.items():
        db.session.add(
            PlanTarget(
                team_id=team_id,
                sign_id=first if kind == "sign" else None,
                candidate=first if kind == "candidate" else None,
                question=second if kind == "candidate" else None,
                answer=value.answer,
                by=value.by,
            )
        )


# -- many teams' plans in figures, for the consultants' dashboard --------------------------------


@dataclass(frozen=True)
class Progress:
    """plan_summary's counts for one team (`targets`: whether it set any)."""

    items: int = 0
    done: int = 0
    overdue: int = 0
    targets: bool = False

    @property
    def empty(self) -> bool:
        return not self.items and not self.targets


def _overdue(today: date) -> ColumnElement[bool]:
    """An item is overdue as plan_summary counts it: due before today, neither done nor won't do."""
    return and_(PlanItem.due < today, PlanItem.status.not_in(("done", "wont_do")))


def progress_of(team_ids: Iterable[int], today: date | None = None) -> dict[int, Progress]:
    """The plans of these teams in figures, in two queries however many teams; a team without a
    plan is left out."""
    ids = list(team_ids)
    if not ids:
        return {}
    overdue = _overdue(today or date.today())
    counts = db.session.execute(
        select(
            PlanItem.team_id,
            func.count(),
            func.sum(case((PlanItem.status == "done", 1), else_=0)),
            func.sum(case((overdue, 1), else_=0)),
        )
        .where(PlanItem.team_id.in_(ids))
        .group_by(PlanItem.team_id)
    ).all()
    with_targets = set(db.session.scalars(select(PlanTarget.team_id).where(PlanTarget.team_id.in_(ids)).distinct()))
    found = {
        team_id: Progress(items, done or 0, late or 0, team_id in with_targets) for team_id, items, done, late in counts
    }
    for team_id in with_targets - found.keys():
        found[team_id] = Progress(targets=True)
    return found


def has_overdue(team_id: SQLColumnExpression[int], today: date | None = None) -> ColumnElement[bool]:
    """A condition on a query of teams (or rows naming one): the team's plan has an overdue item."""
    return exists().where(PlanItem.team_id == team_id, _overdue(today or date.today()))


def has_no_plan(team_id: SQLColumnExpression[int]) -> ColumnElement[bool]:
    """A condition on a query of teams: no items and no targets."""
    return and_(not_(exists().where(PlanItem.team_id == team_id)), not_(exists().where(PlanTarget.team_id == team_id)))
