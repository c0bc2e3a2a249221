"""What every sign's assessment reads and returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.language import _

from ..contracts import ContractEvidence
from ..history_coupling import CoChange
from ..inventory import Inventory
from ..model import Edge
from ..trace_stats import TraceStats

STRONG, WEAK = "strong", "weak"
YES, PARTLY, NO, UNSURE = "yes", "partly", "no", "unsure"


@dataclass(slots=True)
class Evidence:
    """Everything the importer learnt, as the signs see it."""

    inventory: Inventory
    edges: list[Edge]
    stats: TraceStats | None = None
    config_files: list[str] = field(default_factory=list)
    trace_files: list[str] = field(default_factory=list)
    contracts: ContractEvidence | None = None  # API contracts, their versions compared
    history: CoChange | None = None  # what the version-control histories showed changing together

    @property
    def has_config(self) -> bool:
        return bool(self.config_files)

    @property
    def has_traces(self) -> bool:
        return self.stats is not None and self.stats.traces > 0

    @property
    def measured(self) -> TraceStats:
        """What the traces showed; ask only when :attr:`has_traces`."""
        if self.stats is None:
            raise LookupError("no traces were read")
        return self.stats

    def configured_edges(self, *kinds: str) -> list[Edge]:
        """Edges read from settings (not traces, not depends_on) between parts that count.

        Edges to tooling and platform parts (telemetry, feature flags, discovery, admin)
        are left out.
        """
        return [e for e in self.edges if e.kind in kinds and e.counts and e.source not in ("trace", "depends_on")]

    def counted_edges(self, *kinds: str) -> list[Edge]:
        """Edges of these kinds (all kinds when none given) between parts that count."""
        return [e for e in self.edges if e.counts and (not kinds or e.kind in kinds)]

    def services_with_visible_wiring(self) -> set[str]:
        """Application services whose settings name at least one other part."""
        apps = {n.name for n in self.inventory.applications()}
        return {e.source_node for e in self.configured_edges("database", "call", "async") if e.source_node in apps}

    def declared_applications(self) -> list[str]:
        return [n.name for n in self.inventory.applications() if n.declared]


@dataclass(slots=True)
class Finding:
    sign: str
    strength: str
    summary: str
    files: list[str]
    details: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "sign": self.sign,
            "strength": self.strength,
            "summary": self.summary,
            **self.details,
            "files": self.files,
        }


@dataclass(slots=True)
class SignReport:
    findings: list[Finding] = field(default_factory=list)
    suggestion: str = UNSURE
    unseen: list[str] = field(default_factory=list)


def files_of(edges: list[Edge], fallback: list[str] | None = None) -> list[str]:
    files = sorted({e.file for e in edges if e.file})
    return files or sorted(set(fallback or ()))


def suggestion_from(findings: list[Finding]) -> str | None:
    """yes for a strong finding, partly for a weak one, None when there is none."""
    if any(f.strength == STRONG for f in findings):
        return YES
    if findings:
        return PARTLY
    return None


def listing(names: list[str], limit: int = 4) -> str:
    """'a, b and c' or 'a, b, c, d and 3 more'."""
    names = list(names)
    if len(names) > limit:
        return _("%(names)s and %(more)s more", names=", ".join(names[:limit]), more=len(names) - limit)
    if len(names) <= 1:
        return "".join(names)
    return _("%(names)s and %(last)s", names=", ".join(names[:-1]), last=names[-1])


def counted(number: int, noun: str, nouns: str | None = None) -> str:
    """'1 trace', '3 traces', '1 entry operation'; ``nouns`` for an irregular plural."""
    return f"{number} {noun if number == 1 else nouns or noun + 's'}"


def cited(files: list[str]) -> str:
    return f" ({', '.join(files)})" if files else ""


def system_parts(evidence: Evidence) -> list[str]:
    """Every part one would have to start: applications, stores, brokers (not tooling or platform)."""
    return sorted(n.name for n in evidence.inventory.nodes.values() if n.counts_for_coupling)
