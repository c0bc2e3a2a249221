"""The report's Evidence section: findings, the service graph, what the team did with suggestions,
how much of the system the files could show for each sign, and what changed in the files a
pipeline sent."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup
from sqlalchemy import select

from app.assessments.models import AnswersSnapshot
from app.evidence.drift import counts
from app.extensions import db
from app.reports.services import ReportSource
from app.translation import current

from .decisions import decisions_for_report
from .graph import translated_label
from .models import EvidenceImport
from .posts import history
from .services import latest_for

SHOWN_POSTS = 5  # the latest posts whose changes the report lists
SHOWN_PAIRS = 6  # pairs of services that change together, strongest first


@dataclass(frozen=True)
class EvidenceSection:
    files: tuple[str, ...]
    counts: dict[str, int]
    findings: tuple[dict[str, Any], ...]
    unseen: tuple[str, ...]
    decisions: tuple[dict[str, Any], ...]
    graph: Markup | None
    # Per sign, how much of the system the files let the importer see (in the reader's language).
    coverage: dict[str, str] = field(default_factory=dict)
    # Parts shown under one name that the files spell in more than one way: {"name", "also"}.
    merged: tuple[dict[str, Any], ...] = ()
    # What changed in the files a pipeline sent, latest post first: {"label", "at", "changes"}.
    changes: tuple[dict[str, Any], ...] = ()
    # What the version-control history showed changing together (the document's "history"), its
    # strongest pairs first, and the folders read as services: {"folder", "service", "by"}.
    history: dict[str, Any] = field(default_factory=dict)
    mapping: tuple[dict[str, Any], ...] = ()


def evidence_fields(assessment, snapshot: AnswersSnapshot | None = None) -> dict[str, Any]:
    """`reports.services.extras`: the evidence, and what the team did with its suggestions; for a
    snapshot of the answers, both as they were when it was taken."""
    made_by = None if snapshot is None else snapshot.created_at
    record = latest_for(assessment, made_by=made_by)
    if record is None:
        return {}
    draft = assessment.draft if snapshot is None else snapshot.draft
    language = current()
    doc = record.shown_in(language)
    return {
        "evidence": EvidenceSection(
            files=tuple(i["file"] for i in doc.get("inputs", []) if "skipped" not in i),  # the files read
            counts=counts(doc),
            findings=tuple(doc.get("findings", [])),
            unseen=tuple(doc.get("unseen", [])),
            decisions=tuple(decisions_for_report(draft, language)),
            # Graphviz output, cleaned of links and scripts when it was stored; its label in the
            # reader's language.
            graph=Markup(translated_label(record.graph_svg)) if record.graph_svg else None,
            coverage=dict(doc.get("coverage") or {}),
            merged=tuple(doc["merged_names"]),
            changes=tuple(
                {"label": post.label, "at": post.created_at, "changes": post.changes_said_in(language)}
                for post in history(assessment, made_by=made_by, limit=SHOWN_POSTS)
            ),
            history=shown_history(doc),
            mapping=tuple(m for i in doc.get("inputs", []) for m in i.get("mapping", [])),
        )
    }


def shown_history(doc: dict[str, Any]) -> dict[str, Any]:
    """The history's figures with the pairs a manager should see: those strong enough to be a
    finding, or else the few that changed together most."""
    found = doc.get("history")
    if not found:
        return {}
    pairs = found.get("pairs", [])
    coupled = [p for p in pairs if p.get("strength")]
    return {**found, "shown_pairs": (coupled or pairs[:3])[:SHOWN_PAIRS]}


def evidence_fingerprint(source: ReportSource) -> int | None:
    """`reports.services.fingerprint_parts`: the latest evidence the report shows. A team's new
    evidence also changes its draft (the suggestions), a client's combined result's does not."""
    return db.session.scalar(
        select(EvidenceImport.id)
        .where(EvidenceImport.assessment_id == source.id)
        .order_by(EvidenceImport.id.desc())
        .limit(1)
    )
