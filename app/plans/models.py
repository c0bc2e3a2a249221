"""A team's plan: its targets, its items and what happened to them.

A plan belongs to the team, not to one assessment, so it carries over when the team assesses
again; each item remembers the assessment it was added with, and each event the assessment it
was noted on.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.assessments.models import new_public_id
from app.extensions import Model
from app.language import _l
from app.scoring.sayings import word
from app.timestamps import UTCDateTime, utcnow

STATUSES = ("not_started", "in_progress", "done", "wont_do")
STATUS_LABELS = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "done": "Done",
    "wont_do": "Won't do",
}
# STATUS_LABELS are the JSON documents' English (`status_label`, the history); people read these.
STATUS_SHOWN = {
    "not_started": _l("Not started"),
    "in_progress": _l("In progress"),
    "done": _l("Done"),
    "wont_do": _l("Won't do"),
}
TITLE_MAX = 200
OWNER_MAX = 200
NOTE_MAX = 5_000
REASON_MAX = 1_000


class PlanItem(Model):
    """One thing to do: from a recommendation (`recommendation_id`) or the team's own."""

    __tablename__ = "plan_items"
    __table_args__ = (Index("ix_plan_items_team_id", "team_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    recommendation_id: Mapped[str | None] = mapped_column(String(64))
    # The sign the item is tied to: the first sign among its recommendation's causes, or the one
    # the team chose for its own item.
    sign_id: Mapped[str | None] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    owner: Mapped[str | None] = mapped_column(String(OWNER_MAX))
    due: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="not_started", server_default="not_started")
    reason: Mapped[str | None] = mapped_column(Text)  # why the team won't do it
    note: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # What the latest finished assessment proves (app.scoring.plan.prove): its state, its words in
    # English (the plan's JSON documents give them), and what it says, for the pages (`proof_shown`).
    proof: Mapped[str | None] = mapped_column(String(32))
    proof_message: Mapped[str | None] = mapped_column(Text)
    proof_saying: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    created_with_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    # Optimistic locking: every change to the item bumps it; an edit based on an older one is refused.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    events: Mapped[list[PlanEvent]] = relationship(
        back_populates="item", order_by="PlanEvent.id", cascade="all, delete-orphan", passive_deletes=True
    )
    __mapper_args__ = {"version_id_col": version}

    @property
    def status_label(self) -> str:
        return str(STATUS_SHOWN.get(self.status, self.status))

    @property
    def proof_shown(self) -> str | None:
        """What the latest assessment proved, in the reader's language."""
        return said(self.proof_saying, self.proof_message)

    @property
    def own(self) -> bool:
        return self.recommendation_id is None


class PlanTarget(Model):
    """Where the team wants one answer to be: a sign (`sign_id`), or one blocker question of a
    candidate service (`candidate`, `question`), and by which quarter ("2027-Q2")."""

    __tablename__ = "plan_targets"
    __table_args__ = (Index("ix_plan_targets_team_id", "team_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    sign_id: Mapped[str | None] = mapped_column(String(32))
    candidate: Mapped[str | None] = mapped_column(String(200))
    question: Mapped[str | None] = mapped_column(String(32))
    answer: Mapped[str] = mapped_column(String(16))
    by: Mapped[str | None] = mapped_column(String(7))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class PlanEvent(Model):
    """What happened to an item: added, changed by the team, or proven by an assessment."""

    __tablename__ = "plan_events"
    __table_args__ = (Index("ix_plan_events_item_id", "item_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("plan_items.id", ondelete="CASCADE"))
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id", ondelete="SET NULL"))
    # added, added_by_team, changed, status_changed, moved, resolved_by_answers, done_not_improved,
    # done, open (the answers call for it again)
    event: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str | None] = mapped_column(Text)
    saying: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))  # a proof's, as on PlanItem
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    item: Mapped[PlanItem] = relationship(back_populates="events")


def said(saying: dict[str, Any] | None, words: str | None) -> str | None:
    """What a proof says, in the reader's language: worded from what it says (stored as
    ``{"instrument": id, "saying": ...}``), else the words it was stored with (proofs made before
    they were kept as sayings, in the language they were proven in)."""
    if saying is None:
        return words
    return word(saying["saying"], saying["instrument"])
