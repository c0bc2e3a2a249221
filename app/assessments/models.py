"""A team, and its assessments: answers to one version of the questionnaire.

The assessments of one team form its history ("assess again" adds one).
"""

from __future__ import annotations

import secrets
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, TypeDecorator
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.language import DEFAULT_LANGUAGE
from app.timestamps import UTCDateTime, utcnow

STEPS = ("context", "signs", "candidates")


def new_public_id() -> str:
    return secrets.token_urlsafe(12)


def empty_draft() -> dict[str, Any]:
    return {"context": {}, "signs": {}, "notes": {}, "candidates": []}


class TeamKind(StrEnum):
    """What a team is, and what that lets it do."""

    TEAM = "team"  # answers on its own
    RESPONDENT = "respondent"  # one person answering a client's intake link
    CLIENT = "client"  # a consultant's client: its results are combined from its respondents

    @property
    def answers_itself(self) -> bool:
        """Its answers are typed in (and can be changed or deleted), not worked out."""
        return self is not TeamKind.CLIENT

    @property
    def shares(self) -> bool:
        """Its results can be shared with leadership; a respondent's go to their consultant."""
        return self is not TeamKind.RESPONDENT

    @property
    def tracks_progress(self) -> bool:
        """It is assessed again over time (a team by itself, a client in rounds of intake)."""
        return self is not TeamKind.RESPONDENT

    @property
    def assesses_again(self) -> bool:
        """It starts its next assessment from its last answers (a client starts a new round)."""
        return self is TeamKind.TEAM


class _Kind(TypeDecorator):
    """A TeamKind, stored as its value."""

    impl = String(16)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else TeamKind(value).value

    def process_result_value(self, value, dialect):
        return None if value is None else TeamKind(value)


class Team(Model):
    """Whoever holds the team's private link may see and change its assessments."""

    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    # SHA-256 of the private resume token; the token itself is never stored.
    resume_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[TeamKind] = mapped_column(_Kind(), default=TeamKind.TEAM, server_default="team")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    assessments: Mapped[list[Assessment]] = relationship(
        back_populates="team", order_by="Assessment.id", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def latest(self) -> Assessment:
        return self.assessments[-1]


class Assessment(Model):
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
    # The language it was answered in ("en", "de"): its pages open in it for whoever holds its
    # link, and its report and PDF are in it unless someone asks for the other.
    language: Mapped[str] = mapped_column(String(8), default=DEFAULT_LANGUAGE, server_default=DEFAULT_LANGUAGE)

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


class AnswersSnapshot(Model):
    """A finished assessment's answers as they stood at one moment, kept unchanged: what a share
    link shows, however the team changes its answers afterwards."""

    __tablename__ = "answers_snapshots"
    __table_args__ = (Index("ix_answers_snapshots_assessment_id", "assessment_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    # A copy of the assessment's draft (answers, notes, what the team did with evidence).
    draft: Mapped[dict[str, Any]] = mapped_column(JSON)
    # When these answers were submitted: finished, or last changed while finished.
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
