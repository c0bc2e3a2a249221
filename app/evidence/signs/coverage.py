"""How much of the system the files let each sign see.

A sign is suggested ``no`` only when the files cover it: for shared databases, every
application's data connections are visible; for local testing, every application's
wiring. Wiring that lives where the importer cannot read it hides it:

* configuration files or folders mounted into a container (compose volumes and
  ``configs:``, ConfigMaps mounted as files), and ConfigMaps or Secrets referenced
  but not given;
* a config or discovery server (Spring config-server, Eureka, Consul) the
  application depends on: its settings and the services it calls come from there.

``coverage_of`` gives, per sign, one plain sentence for the document's ``coverage``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .finding import Evidence, counted, listing

MIN_FAILURE_SAMPLES = 20


@dataclass(slots=True)
class Seen:
    """Which applications a sign can see, and what hides the rest."""

    applications: list[str]
    seen: set[str] = field(default_factory=set)
    hidden: dict[str, list[str]] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return bool(self.applications) and self.seen >= set(self.applications) and not self.hidden


def applications(evidence: Evidence) -> list[str]:
    """The applications a sign has to cover: those the configuration defines, or the traced ones."""
    apps = evidence.inventory.applications()
    if evidence.has_config:
        return sorted(n.name for n in apps if n.declared)
    return sorted(n.name for n in apps)


def hidden_wiring(evidence: Evidence) -> dict[str, list[str]]:
    """Application -> where its wiring may hide (mounted config, config or discovery servers)."""
    nodes = evidence.inventory.nodes
    hidden: dict[str, list[str]] = {}
    for name in applications(evidence):
        workload = nodes[name].workload
        places = list(workload.mounted_config) if workload else []
        for edge in evidence.edges:
            target = nodes.get(edge.target)
            if edge.source_node == name and target is not None and target.platform == "discovery":
                place = f"{target.name} (a config or discovery server)"
                if place not in places:
                    places.append(place)
        if places:
            hidden[name] = places
    return hidden


def data_connections(evidence: Evidence) -> Seen:
    """Applications whose data connections are visible: settings naming other parts, traced calls."""
    apps = applications(evidence)
    traced = {e.source_node for e in evidence.counted_edges("database") if e.source == "trace"}
    visible = evidence.services_with_visible_wiring() | traced
    return Seen(apps, visible & set(apps), hidden_wiring(evidence))


def wiring(evidence: Evidence) -> Seen:
    """Applications whose needs are visible: settings, depends_on or traces naming other parts."""
    apps = applications(evidence)
    wired = evidence.services_with_visible_wiring() | {
        e.source_node for e in evidence.counted_edges("depends_on", "call", "database", "async")
    }
    return Seen(apps, wired & set(apps), hidden_wiring(evidence))


def traced(evidence: Evidence) -> Seen:
    """Applications that appear in the traces."""
    apps = applications(evidence)
    nodes = evidence.inventory.nodes
    return Seen(apps, {n for n in apps if "traces" in nodes[n].sources}, {})


def hidden_note(seen: Seen, what: str) -> list[str]:
    """An unseen note naming the applications whose wiring lives where it cannot be read."""
    if not seen.hidden:
        return []
    names = sorted(seen.hidden)
    places = list(dict.fromkeys(p for n in names for p in seen.hidden[n]))
    return [
        f"{len(names)} of {len(seen.applications)} applications read configuration these files "
        f"do not show ({listing(places, 3)}; {listing(names, 4)}), where connections may be "
        f"set, so {what} is not shown in full."
    ]


def _share(seen: Seen, what: str) -> str:
    text = f"{len(seen.seen)} of {len(seen.applications)} applications' {what} seen"
    if seen.hidden:
        text += f"; {len(seen.hidden)} also read configuration that is not in these files, so some may be missing"
    return text


HISTORY_READ = (
    "version-control history read: {commits} over {days}, {services} mapped, {share}% of the changes "
    "touched more than one service, {unmapped} changed files in no service's folder"
)


def history_read(evidence: Evidence) -> str:
    """How much history was read, as one clause of the coverage sentence."""
    history = evidence.history
    if history is None:
        return ""
    return HISTORY_READ.format(
        commits=counted(history.commits, "change"),
        days=counted(history.days, "day"),
        services=counted(len(history.services), "service"),
        share=round(100 * history.multi / history.commits) if history.commits else 0,
        unmapped=history.unmapped_files,
    )


def coverage_of(evidence: Evidence) -> dict[str, str]:
    """Per sign, a plain sentence saying how much of the system the files let it see."""
    apps = applications(evidence)
    coverage: dict[str, str] = {}
    if evidence.has_config:
        coverage["deploy_coupling"] = (
            f"How {counted(len(apps), 'application')} {'is' if len(apps) == 1 else 'are'} built and started "
            "is seen; release habits are not in files"
        )
    else:
        coverage["deploy_coupling"] = "No configuration was given: how services are built is not seen"
    if evidence.history is not None:
        coverage["deploy_coupling"] += "; " + history_read(evidence)
    if evidence.has_traces:
        on_trace = traced(evidence)
        samples = sum(e.downstream_errors for e in evidence.measured.entries.values())
        coverage["cascading_failure"] = (
            f"{counted(samples, 'traced request')} had a failed downstream call (at least "
            f"{MIN_FAILURE_SAMPLES} are needed); {len(on_trace.seen)} of {len(apps)} applications "
            "appear in the traces"
        )
        coverage["call_chains"] = (
            f"{counted(evidence.measured.traces, 'trace')} measured; "
            f"{len(on_trace.seen)} of {len(apps)} applications appear in them"
        )
    else:
        coverage["cascading_failure"] = "No traces were given: failures were not measured"
        coverage["call_chains"] = "No traces were given: calls per request were not measured"
    coverage["shared_database"] = _share(data_connections(evidence), "data connections")
    coverage["local_testing"] = _share(wiring(evidence), "connections")
    coverage["breaking_changes"] = "Not visible in configuration or traces"
    return coverage
