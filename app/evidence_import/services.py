"""Reading uploaded files into evidence, and what the questionnaire shows of it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from app.evidence import EvidenceError, Limits, analyse
from app.evidence.aliases import merge_aliases
from app.evidence.folders import uploaded
from app.extensions import db, limiter
from app.language import DEFAULT_LANGUAGE
from app.language import gettext as _
from app.translation import speaking

from .graph import GraphUnavailable, render_svg
from .languages import analysed_in_every_language
from .models import EvidenceFile, EvidenceImport

UNPACKED_PER_UPLOAD = 4  # an archive uploaded may unpack to this many times the upload limit


def limits() -> Limits:
    """The limits of one analysis asked for over the web (the page and the API)."""
    upload = current_app.config["EVIDENCE_MAX_BYTES"]
    return Limits(
        max_bytes=upload,
        max_seconds=current_app.config["EVIDENCE_MAX_SECONDS"],
        max_unpacked_bytes=UNPACKED_PER_UPLOAD * upload,
    )


def analysis_rate() -> str:
    return current_app.config["EVIDENCE_RATE_LIMIT"]


# One limit per address for every way of asking for an analysis: the upload page and the API.
analysis_limit = limiter.shared_limit(analysis_rate, scope="evidence-analysis", methods=["POST"])


def read_uploads(uploads: list[FileStorage]) -> list[tuple[str, bytes]]:
    """The uploaded files as sent: a folder's files are named by their path (``shop/deploy/x.yml``)."""
    named = [(u.filename or f"file {i + 1}", u.read()) for i, u in enumerate(uploads) if u and u.filename]
    if not named:
        raise EvidenceError(
            "files", _("choose at least one docker-compose file, Kubernetes manifest, trace export, folder or archive")
        )
    return named


def analyse_uploads(named: list[tuple[str, bytes]]) -> dict[str, Any]:
    """The evidence document of uploaded files, folders (names with a path) and archives: the
    document of CONTRACT.md, in English whatever language the request asks for (scripts read it)."""
    with speaking(DEFAULT_LANGUAGE):
        return analyse(uploaded(named), limits=limits())


def import_for(
    assessment, inputs: list[tuple[str, bytes]], keep_files: bool, language: str = DEFAULT_LANGUAGE
) -> EvidenceImport:
    """Analyse and store, all or nothing. Raises EvidenceError naming the file.

    Kept files are the files as uploaded: an archive is kept as the one archive, a folder's files
    under their paths in it.
    """
    record = new_import(assessment, inputs, keep_files, language)
    db.session.commit()
    return record


def new_import(
    assessment, inputs: list[tuple[str, bytes]], keep_files: bool, language: str = DEFAULT_LANGUAGE
) -> EvidenceImport:
    """`import_for` without the commit, for a caller that stores more in the same transaction.

    The files are analysed in every language of the product (`languages`), first in ``language``,
    the one a refusal is worded in."""
    document, texts = analysed_in_every_language(lambda: analyse(uploaded(inputs), limits=limits()), language)
    try:
        graph = render_svg(merge_aliases(document)) if document.get("services") else None
    except GraphUnavailable:
        current_app.logger.warning("Graphviz could not draw the service graph")
        graph = None
    record = EvidenceImport(assessment_id=assessment.id, document=document, texts=texts, graph_svg=graph)
    db.session.add(record)
    db.session.flush()
    if keep_files:
        db.session.add_all(EvidenceFile(import_id=record.id, name=name[:255], content=data) for name, data in inputs)
    return record


def latest_for(assessment, made_by: datetime | None = None) -> EvidenceImport | None:
    """The assessment's latest evidence; with `made_by`, the latest imported by then."""
    query = select(EvidenceImport).where(EvidenceImport.assessment_id == assessment.id)
    if made_by is not None:
        query = query.where(EvidenceImport.created_at <= made_by)
    return db.session.scalar(query.order_by(EvidenceImport.id.desc()).limit(1))


def suggestions(record: EvidenceImport | None, language: str = DEFAULT_LANGUAGE) -> dict[str, dict[str, Any]]:
    """Per sign: the suggested answer, its findings and what the files could not show."""
    if record is None:
        return {}
    doc = record.document_in(language)
    out: dict[str, dict[str, Any]] = {}
    for sign, answer in doc.get("suggested", {}).items():
        out[sign] = {
            "answer": answer,
            "findings": [f for f in doc.get("findings", []) if f.get("sign") == sign],
            "unseen": doc.get("unseen_by_sign", {}).get(sign, []),
        }
    return out
