"""Read-only links to one assessment's report, for leadership."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.assessments.models import AnswersSnapshot, Assessment
from app.extensions import Model
from app.timestamps import UTCDateTime, utcnow


class ShareLink(Model):
    __tablename__ = "share_links"
    __table_args__ = (Index("ix_share_links_assessment_id", "assessment_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    # SHA-256 of the link's token; the token itself is shown once and never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    views: Mapped[int] = mapped_column(Integer, default=0)
    last_viewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The answers the link shows: a snapshot taken when it was made or last published to. None
    # only for a link made before snapshots whose assessment was not finished then.
    snapshot_id: Mapped[int | None] = mapped_column(ForeignKey("answers_snapshots.id", ondelete="SET NULL"))

    assessment: Mapped[Assessment] = relationship()
    snapshot: Mapped[AnswersSnapshot | None] = relationship()

    def usable_at(self, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or now < self.expires_at)

    def status(self, now: datetime) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and now >= self.expires_at:
            return "expired"
        return "active"
