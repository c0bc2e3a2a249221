"""Where rendered PDFs are kept, keyed by content hash, for every web process to serve.

PDF_STORE=directory (default): files under PDF_CACHE_DIR, which all web
processes and workers must share (one machine, or a shared volume).
PDF_STORE=database: a table, for web processes and workers on several machines.
"""
from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import LargeBinary, String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.timestamps import UTCDateTime, utcnow

from .pdf import PdfCache


class RenderedPdf(db.Model):
    __tablename__ = "rendered_pdfs"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class DatabaseStore:
    def get(self, key: str) -> bytes | None:
        return db.session.scalar(select(RenderedPdf.content).where(RenderedPdf.key == key))

    def put(self, key: str, pdf: bytes) -> None:
        try:
            db.session.add(RenderedPdf(key=key, content=pdf))
            db.session.commit()
        except IntegrityError:  # another process rendered the same PDF first
            db.session.rollback()


def current() -> PdfCache | DatabaseStore:
    if current_app.config.get("PDF_STORE") == "database":
        return DatabaseStore()
    return PdfCache(current_app.config["PDF_CACHE_DIR"])
