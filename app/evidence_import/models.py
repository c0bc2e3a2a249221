"""Evidence imported for an assessment: the parsed document, not the files; and the posts a
pipeline sent, each with its label and what changed since the one before."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.assessments.models import new_public_id
from app.evidence.aliases import merge_aliases
from app.extensions import Model
from app.timestamps import UTCDateTime, utcnow
from app.translation import current

from .languages import in_language


class EvidenceImport(Model):
    __tablename__ = "evidence_imports"
    __table_args__ = (Index("ix_evidence_imports_assessment_id", "assessment_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    # The evidence document of CONTRACT.md, in English.
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Its sentences in the product's other languages, by language code (`languages.texts_of`).
    texts: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # The service graph drawn by Graphviz, cleaned SVG markup.
    graph_svg: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def document_in(self, code: str) -> dict[str, Any]:
        """The document with its sentences in ``code`` (English where none were kept)."""
        return in_language(self.document, self.texts, code)

    def shown_in(self, code: str) -> dict[str, Any]:
        """The document as pages show it: one part under two spellings is one (``merged_names``)."""
        return merge_aliases(self.document_in(code))

    @property
    def shown(self) -> dict[str, Any]:
        """The document as this page shows it, in the reader's language."""
        return self.shown_in(current())


class EvidenceFile(Model):
    """An uploaded file, kept only when the team asks for it."""

    __tablename__ = "evidence_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("evidence_imports.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)


class EvidencePost(Model):
    """Evidence a pipeline sent (`POST /api/v1/assessments/<id>/evidence`): its label (the commit
    or release), when, its summary counts and what changed since the post before it, worked out
    when it arrived (`app.evidence.drift`), so the history outlives the evidence of older posts.
    The last `posts.KEPT` posts of an assessment are kept; an older one goes with its evidence."""

    __tablename__ = "evidence_posts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("evidence_imports.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(100))
    counts: Mapped[dict[str, int]] = mapped_column(JSON)
    changes: Mapped[list[str]] = mapped_column(JSON)
    # The same sentences in the product's other languages, by language code.
    changes_in: Mapped[dict[str, list[str]] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def changes_said_in(self, code: str) -> list[str]:
        """What changed, in ``code`` where it was said in it, else in English."""
        return (self.changes_in or {}).get(code) or self.changes
