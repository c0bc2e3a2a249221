"""The report's Evidence section: findings, the service graph, what the team did with suggestions,
and how much of the system the files could show for each sign."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from app.assessments.models import AnswersSnapshot

from .decisions import decisions_for_report
from .services import latest_for


@dataclass(frozen=True)
class EvidenceSection:
    files: tuple[str, ...]
    counts: dict[str, int]
    findings: tuple[dict[str, Any], ...]
    unseen: tuple[str, ...]
    decisions: tuple[dict[str, Any], ...]
    graph: Markup | None
    # Per sign, how much of the system the files let the importer see (plain English).
    coverage: dict[str, str] = field(default_factory=dict)
    # Parts shown under one name that the files spell in more than one way: {"name", "also"}.
    merged: tuple[dict[str, Any], ...] = ()


def _counts(doc: dict[str, Any]) -> dict[str, int]:
    """Parts by kind; tooling and platform parts (``role`` set) are counted apart from services."""
    services = doc.get("services", [])
    counts = {k: len(doc.get(k, [])) for k in ("datastores", "brokers", "edges")}
    counts["services"] = sum(1 for s in services if not s.get("role"))
    counts["support"] = len(services) - counts["services"]
    return counts


def evidence_fields(assessment, snapshot: AnswersSnapshot | None = None) -> dict[str, Any]:
    """`reports.services.extras`: the evidence, and what the team did with its suggestions; for a
    snapshot of the answers, both as they were when it was taken."""
    record = latest_for(assessment, made_by=None if snapshot is None else snapshot.created_at)
    if record is None:
        return {}
    draft = assessment.draft if snapshot is None else snapshot.draft
    doc = record.shown
    return {
        "evidence": EvidenceSection(
            files=tuple(i["file"] for i in doc.get("inputs", []) if "skipped" not in i),  # the files read
            counts=_counts(doc),
            findings=tuple(doc.get("findings", [])),
            unseen=tuple(doc.get("unseen", [])),
            decisions=tuple(decisions_for_report(draft)),
            # Graphviz output, cleaned of links and scripts when it was stored.
            graph=Markup(record.graph_svg) if record.graph_svg else None,
            coverage=dict(doc.get("coverage") or {}),
            merged=tuple(doc["merged_names"]),
        )
    }
