"""Sign ``local_testing``: needing the whole fleet to test one feature.

For each application service, the parts it needs running: everything it
reaches through ``depends_on``, the services, datastores and brokers named in
its settings, and the services and datastores its traced synchronous calls
reach, followed transitively.

* **strong**: at least three services, and at least half of all services,
  each need at least half of the rest of the system.
* **weak**: some service needs at least half of the rest (and at least three
  other parts).

Tooling and platform parts (telemetry, feature flags, discovery and config servers,
admin dashboards) are not counted: a service never "needs" more parts than there are.

Suggestion: strong -> ``yes``; weak -> ``partly``; ``no`` when every application
shows its wiring (settings, depends_on or traces naming parts that count), none reads
configuration the files do not show (mounted config files, a config or discovery
server), and none needs more than a third of the rest; otherwise ``unsure``.
"""

from __future__ import annotations

from app.language import _, ngettext

from .coverage import hidden_note, wiring
from .finding import (
    NO,
    STRONG,
    UNSURE,
    WEAK,
    Evidence,
    Finding,
    SignReport,
    cited,
    files_of,
    suggestion_from,
    system_parts,
)
from .reach import reach_counts

SIGN = "local_testing"


def needs(evidence: Evidence) -> dict[str, int]:
    """Application service -> how many parts it needs to run."""
    nodes = evidence.inventory.nodes
    edges = [
        e
        for e in evidence.counted_edges()
        if e.kind in ("depends_on", "call", "database") or (e.kind == "async" and nodes[e.target].role == "broker")
    ]
    return reach_counts(edges, (node.name for node in evidence.inventory.applications()))


def assess(evidence: Evidence) -> SignReport:
    report = SignReport()
    needed = needs(evidence)
    others = len(system_parts(evidence)) - 1
    heavy = {name: count for name, count in needed.items() if count >= 3 and count * 2 >= others}
    if heavy:
        names = sorted(heavy, key=lambda n: (-heavy[n], n))
        strong = len(heavy) >= 3 and len(heavy) * 2 >= len(needed)
        used = [e for e in evidence.edges if e.source_node in heavy]
        files = files_of(used, evidence.config_files + evidence.trace_files)
        worst = names[0]
        rest = "".join(f", {name} {heavy[name]}" for name in names[1:5])
        more = _(" and %(more)s more", more=len(names) - 5) if len(names) > 5 else ""
        report.findings.append(
            Finding(
                SIGN,
                STRONG if strong else WEAK,
                ngettext(
                    "%(num)s of %(all)s services needs at least half of the system running to work: "
                    "%(worst)s needs %(count)s of the %(others)s other parts%(rest)s%(files)s.",
                    "%(num)s of %(all)s services need at least half of the system running to work: "
                    "%(worst)s needs %(count)s of the %(others)s other parts%(rest)s%(files)s.",
                    len(heavy),
                    all=len(needed),
                    worst=worst,
                    count=heavy[worst],
                    others=others,
                    rest=rest + more,
                    files=cited(files),
                ),
                files,
                {"services": names, "needs": {n: heavy[n] for n in names}, "others": others},
            )
        )
    seen = wiring(evidence)
    report.suggestion = suggestion_from(report.findings) or _absence(evidence, seen, needed, others)
    report.unseen.extend(hidden_note(seen, _("what each one needs running")))
    return report


def _absence(evidence: Evidence, seen, needed: dict[str, int], others: int) -> str:
    if not evidence.has_config or not seen.complete:
        return UNSURE
    if all(needed.get(n, 0) * 3 <= others for n in seen.applications):
        return NO
    return UNSURE
