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

from app.language import _, ngettext

from .breaking_changes import coverage as contract_coverage
from .finding import Evidence, listing

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
                place = _("%(name)s (a config or discovery server)", name=target.name)
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
        _(
            "%(count)s of %(all)s applications read configuration these files do not show (%(places)s; "
            "%(names)s), where connections may be set, so %(what)s is not shown in full.",
            count=len(names),
            all=len(seen.applications),
            places=listing(places, 3),
            names=listing(names, 4),
            what=what,
        )
    ]


def _share(seen: Seen, data: bool) -> str:
    values = {"count": len(seen.seen), "all": len(seen.applications), "hidden": len(seen.hidden)}
    if data:  # what the sign needs to see of each application: its data connections, or all of them
        if seen.hidden:
            return _(
                "%(count)s of %(all)s applications' data connections seen; %(hidden)s also read configuration "
                "that is not in these files, so some may be missing",
                **values,
            )
        return _("%(count)s of %(all)s applications' data connections seen", **values)
    if seen.hidden:
        return _(
            "%(count)s of %(all)s applications' connections seen; %(hidden)s also read configuration "
            "that is not in these files, so some may be missing",
            **values,
        )
    return _("%(count)s of %(all)s applications' connections seen", **values)


def history_read(evidence: Evidence) -> str:
    """How much history was read, as one clause of the coverage sentence."""
    history = evidence.history
    if history is None:
        return ""
    return _(
        "version-control history read: %(commits)s over %(days)s, %(services)s mapped, %(share)s%% of the "
        "changes touched more than one service, %(unmapped)s changed files in no service's folder",
        commits=ngettext("%(num)s change", "%(num)s changes", history.commits),
        days=ngettext("%(num)s day", "%(num)s days", history.days),
        services=ngettext("%(num)s service", "%(num)s services", len(history.services)),
        share=round(100 * history.multi / history.commits) if history.commits else 0,
        unmapped=history.unmapped_files,
    )


def coverage_of(evidence: Evidence) -> dict[str, str]:
    """Per sign, a plain sentence saying how much of the system the files let it see."""
    apps = applications(evidence)
    coverage: dict[str, str] = {}
    if evidence.has_config:
        coverage["deploy_coupling"] = ngettext(
            "How %(num)s application is built and started is seen; release habits are not in files",
            "How %(num)s applications are built and started is seen; release habits are not in files",
            len(apps),
        )
    else:
        coverage["deploy_coupling"] = _("No configuration was given: how services are built is not seen")
    if evidence.history is not None:
        coverage["deploy_coupling"] += "; " + history_read(evidence)
    if evidence.has_traces:
        on_trace = traced(evidence)
        samples = sum(e.downstream_errors for e in evidence.measured.entries.values())
        coverage["cascading_failure"] = ngettext(
            "%(num)s traced request had a failed downstream call (at least %(least)s are needed); "
            "%(seen)s of %(all)s applications appear in the traces",
            "%(num)s traced requests had a failed downstream call (at least %(least)s are needed); "
            "%(seen)s of %(all)s applications appear in the traces",
            samples,
            least=MIN_FAILURE_SAMPLES,
            seen=len(on_trace.seen),
            all=len(apps),
        )
        coverage["call_chains"] = ngettext(
            "%(num)s trace measured; %(seen)s of %(all)s applications appear in them",
            "%(num)s traces measured; %(seen)s of %(all)s applications appear in them",
            evidence.measured.traces,
            seen=len(on_trace.seen),
            all=len(apps),
        )
    else:
        coverage["cascading_failure"] = _("No traces were given: failures were not measured")
        coverage["call_chains"] = _("No traces were given: calls per request were not measured")
    coverage["shared_database"] = _share(data_connections(evidence), data=True)
    coverage["local_testing"] = _share(wiring(evidence), data=False)
    coverage["breaking_changes"] = contract_coverage(evidence)
    return coverage
