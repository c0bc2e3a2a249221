"""A team, and its assessments: answers to one version of the questionnaire.

The assessments of one team form its history ("assess again" adds one).
"""
from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.timestamps import UTCDateTime, utcnow

STEPS = ("context", "signs", "candidates")


def new_public_id() -> str:
    return secrets.token_urlsafe(12)


def empty_draft() -> dict[str, Any]:
    return {"context": {}, "signs": {}, "notes": {}, "candidates": []}


class Team(db.Model):
    """Whoever holds the team's private link may see and change its assessments."""

    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    # SHA-256 of the private resume token; the token itself is never stored.
    resume_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # "team": answers on its own; "respondent": one person answering a client's
    # intake link; "client": a consultant's client, whose assessments are aggregates.
    kind: Mapped[str] = mapped_column(String(16), default="team", server_default="team")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    assessments: Mapped[list[Assessment]] = relationship(
        back_populates="team", order_by="Assessment.id", cascade="all, delete-orphan", passive_deletes=True)

    @property
    def latest(self) -> Assessment:
        return self.assessments[-1]


class Assessment(db.Model):
    __tablename__ = "assessments"
    __table_args__ = (Index("ix_assessments_team_id", "team_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    instrument: Mapped[str] = mapped_column(String(32))
    team_name: Mapped[str | None] = mapped_column(String(200))
    # The draft: {"context": {...}, "signs": {...}, "notes": {...}, "candidates": [...]}.
    # Replaced whole on every save, so a step is saved entirely or not at all.
    draft: Mapped[dict[str, Any]] = mapped_column(JSON, default=empty_draft)
    step: Mapped[str] = mapped_column(String(16), default=STEPS[0])
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    verdict: Mapped[str | None] = mapped_column(String(32))
    coupling_score: Mapped[int | None] = mapped_column(Integer)
    # Optimistic locking: every save bumps it; a save based on an older one is refused.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    team: Mapped[Team] = relationship(back_populates="assessments")
    __mapper_args__ = {"version_id_col": version}

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None

    def furthest_step_index(self) -> int:
        return furthest_step_index(self.step)


def furthest_step_index(step: str) -> int:
    """How far the questionnaire got: the index of the step reached, len(STEPS) once past them all."""
    return STEPS.index(step) if step in STEPS else len(STEPS)
