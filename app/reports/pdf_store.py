"""Where rendered PDFs are kept, keyed by content hash, for every web process to serve.

PDF_STORE=directory (default): files under PDF_CACHE_DIR, which all web
processes and workers must share (one machine, or a shared volume).
PDF_STORE=database: a table, for web processes and workers on several machines.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from flask import current_app
from sqlalchemy import ForeignKey, LargeBinary, String, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model, db
from app.timestamps import UTCDateTime, utcnow


class RenderedPdf(Model):
    __tablename__ = "rendered_pdfs"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    # Deleting the assessment deletes its PDFs with it.
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class DatabaseStore:
    def get(self, assessment_id: int, key: str) -> bytes | None:
        return db.session.scalar(
            select(RenderedPdf.content).where(RenderedPdf.key == key, RenderedPdf.assessment_id == assessment_id)
        )

    def open(self, assessment_id: int, key: str) -> BinaryIO | None:
        body = self.get(assessment_id, key)
        return None if body is None else io.BytesIO(body)

    def put(self, assessment_id: int, key: str, pdf: bytes) -> None:
        try:
            db.session.add(RenderedPdf(key=key, assessment_id=assessment_id, content=pdf))
            db.session.commit()
        except IntegrityError:  # another process stored the same PDF first
            db.session.rollback()

    def delete(self, assessment_id: int) -> None:
        db.session.execute(delete(RenderedPdf).where(RenderedPdf.assessment_id == assessment_id))


class DirectoryStore:
    """One folder per assessment, one file per fingerprint; writes are atomic."""

    def __init__(self, directory: str | os.PathLike):
        self.directory = Path(directory)

    def path(self, assessment_id: int, key: str) -> Path:
        return Path(self._name(assessment_id, key))

    def _name(self, assessment_id: int, key: str) -> str:
        return os.path.join(self.directory, f"a{int(assessment_id)}", f"{key}.pdf")

    def get(self, assessment_id: int, key: str) -> bytes | None:
        try:
            return self.path(assessment_id, key).read_bytes()
        except FileNotFoundError:
            return None

    def open(self, assessment_id: int, key: str) -> BinaryIO | None:
        """The stored file, open: the server can send it without reading it into memory."""
        try:
            return open(self._name(assessment_id, key), "rb")
        except FileNotFoundError:
            return None

    def put(self, assessment_id: int, key: str, pdf: bytes) -> None:
        target = self.path(assessment_id, key)
        # Folders 0700; mkstemp creates the file 0600, which os.replace keeps.
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".part")
        with os.fdopen(fd, "wb") as out:
            out.write(pdf)
        os.replace(tmp, target)

    def delete(self, assessment_id: int) -> None:
        shutil.rmtree(self.directory / f"a{int(assessment_id)}", ignore_errors=True)


def current() -> DirectoryStore | DatabaseStore:
    if current_app.config.get("PDF_STORE") == "database":
        return DatabaseStore()
    return DirectoryStore(current_app.config["PDF_CACHE_DIR"])
