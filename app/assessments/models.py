"""An assessment: one team's answers to one version of the questionnaire."""
from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.timestamps import UTCDateTime, utcnow

STEPS = ("context", "signs", "candidates")


def new_public_id() -> str:
    return secrets.token_urlsafe(12)


def empty_draft() -> dict[str, Any]:
    return {"context": {}, "signs": {}, "notes": {}, "candidates": []}


class Assessment(db.Model):
    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    resume_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
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

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None

    def furthest_step_index(self) -> int:
        return STEPS.index(self.step) if self.step in STEPS else len(STEPS)
