"""The report's Evidence section: findings, the service graph, and what the team did with suggestions."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

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


def evidence_fields(assessment) -> dict[str, Any]:
    record = latest_for(assessment)
    if record is None:
        return {}
    doc = record.document
    return {"evidence": EvidenceSection(
        files=tuple(i["file"] for i in doc.get("inputs", [])),
        counts={k: len(doc.get(k, [])) for k in ("services", "datastores", "brokers", "edges")},
        findings=tuple(doc.get("findings", [])),
        unseen=tuple(doc.get("unseen", [])),
        decisions=tuple(decisions_for_report(assessment.draft)),
        # Graphviz output, cleaned of links and scripts when it was stored.
        graph=Markup(record.graph_svg) if record.graph_svg else None,
    )}

