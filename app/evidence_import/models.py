"""Evidence a team imported for an assessment: the parsed document, not the files."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.evidence.aliases import merge_aliases
from app.extensions import Model
from app.timestamps import UTCDateTime, utcnow


class EvidenceImport(Model):
    __tablename__ = "evidence_imports"
    __table_args__ = (Index("ix_evidence_imports_assessment_id", "assessment_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    # The service graph drawn by Graphviz, cleaned SVG markup.
    graph_svg: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @property
    def shown(self) -> dict[str, Any]:
        """The document as pages show it: one part under two spellings is one (``merged_names``)."""
        return merge_aliases(self.document)


class EvidenceFile(Model):
    """An uploaded file, kept only when the team asks for it."""

    __tablename__ = "evidence_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("evidence_imports.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
