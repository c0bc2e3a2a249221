"""Edges between the parts: from settings, from ``depends_on``, from traces.

* A setting that names a datastore gives a ``database`` edge (with the
  database name when the setting has one), a broker an ``async`` edge, and
  another service a ``call`` edge. A redis reached through a setting named
  as a broker (``CELERY_BROKER_URL``, ``QUEUE_URL``, ``EVENT_BUS``) gives an
  ``async`` edge; a redis only used that way is listed as a broker. The edge's ``source`` says where the value
  was found: ``environment``, ``secret``, ``configmap`` or ``command``.
* A host no file defines becomes an undeclared datastore or broker when the
  setting says which engine it is (by URL scheme, setting name or port);
  otherwise it is reported as unseen, never guessed.
* A flag that turns on an engine without naming a host
  (``SESSION_REDIS=true``) is reported as unseen.
* Only application services get edges from settings; datastores, brokers,
  tooling and platform parts are left out. Edges *to* a platform part (telemetry,
  feature flags, discovery, admin) keep their kind and carry ``platform`` with its
  kind; edges to tooling carry ``tooling`` (so do edges from them, seen in traces):
  neither counts anywhere.
* A client naming its datastore's host in one setting and the database in a sibling
  (``POSTGRES_HOST`` and ``POSTGRES_DB``) gets an edge with that database.
* Topic, queue, channel and stream names are never hosts (``connection_settings``).
* Trace edges carry ``source: "trace"`` and a ``count``.
* An Elasticsearch/OpenSearch that no application reaches, in a system with log or
  trace tooling (Kibana, Logstash, an OpenTelemetry collector ...), is a log store:
  tooling, not a datastore.
"""

from __future__ import annotations

from app.language import _

from .connection_settings import Target, name_words, names_engine_without_host, sibling_database, targets_in
from .engines import is_broker, tokens
from .inventory import Inventory, Node
from .model import Edge, Setting
from .trace_stats import TraceStats


class Wiring:
    def __init__(self, inventory: Inventory) -> None:
        self.inventory = inventory
        self.edges: dict[tuple, Edge] = {}
        self.notes: list[str] = []
        self.unreached: list[str] = []

    def add(self, edge: Edge) -> None:
        key = (edge.source_node, edge.target, edge.kind, edge.database, edge.source)
        known = self.edges.get(key)
        if known is None:
            self.edges[key] = edge
        elif edge.count is not None:
            known.count = (known.count or 0) + edge.count

    def from_settings(self) -> None:
        for node in self.inventory.applications():
            if node.workload is None:
                continue
            for setting in node.workload.settings:
                targets = targets_in(setting.name, setting.value, setting.embedded)
                for target in targets:
                    self._connect(node, setting, target)
                if not targets and not setting.embedded:
                    engine = names_engine_without_host(setting.name, setting.value)
                    if engine:
                        assignment = f"{setting.name}={setting.value.strip()}"
                        self.notes.append(
                            _(
                                "%(service)s turns on %(engine)s with %(setting)s (%(file)s) but names no host, so "
                                "which %(engine)s it uses is not shown.",
                                service=node.name,
                                engine=engine,
                                setting=assignment,
                                file=setting.file,
                            )
                        )

    def _connect(self, node: Node, setting: Setting, target: Target) -> None:
        names = self.inventory.resolve(target.host)
        if names is None:
            return
        if not names:
            if not target.explicit:
                return
            if target.engine and not target.is_call:
                role = "broker" if is_broker(target.engine) else "datastore"
                how = f"how {node.name} connects to it ({setting.name})"
                names = [self.inventory.add_external(target.host, role, target.engine, "configuration", how).name]
            else:
                self.unreached.append(f"{target.host} ({node.name}, {setting.name})")
                return
        for name in names:
            other = self.inventory.nodes[name]
            if other is node:
                continue
            link = self._link(node, setting, target, other)
            if link is None:
                continue
            kind, database = link
            if target.engine and other.role != "service":
                other.hints.append((target.engine, f"how {node.name} connects to it ({setting.name})"))
            self.add(Edge(node.name, name, kind, setting.source, database, setting.name, setting.file))

    def _link(self, node: Node, setting: Setting, target: Target, other: Node) -> tuple[str, str | None] | None:
        """(edge kind, database) of a setting of ``node`` naming ``other``; None: no edge."""
        if other.role == "datastore" and _broker_setting(setting.name, target, other):
            return "async", None
        if other.role == "datastore":
            database = target.database
            if database is None and target.scheme is None:
                database = sibling_database(setting.name, self._settings_of(node))
            if database:
                other.databases.add(database)
            return "database", database
        if other.role == "broker":
            return "async", None
        return ("call", None) if target.explicit else None

    @staticmethod
    def _settings_of(node: Node) -> dict[str, str]:
        return {s.name: s.value for s in (node.workload.settings if node.workload else ()) if not s.embedded}

    def from_depends_on(self) -> None:
        for node in self.inventory.applications():
            for target, file in node.workload.depends_on.items() if node.workload else ():
                for name in self.inventory.resolve(target) or ():
                    if name != node.name:
                        self.add(Edge(node.name, name, "depends_on", "depends_on", file=file))

    def from_traces(self, stats: TraceStats) -> None:
        nodes = self.inventory.nodes
        for service in sorted(stats.all_services()):
            found = self.inventory.resolve(service)
            if found:
                nodes[found[0]].sources.add("traces")
            elif found is not None:
                self.inventory.add_external(service, "service", None, "traces")
        for (caller, callee, kind), count in sorted(stats.edges.items()):
            source = self._trace_name(caller)
            target = self._trace_name(callee)
            if source == target:
                continue
            role = nodes[target].role
            edge_kind = "database" if role == "datastore" else ("async" if role == "broker" else kind)
            self.add(Edge(source, target, edge_kind, "trace", count=count))
        for use, count in sorted(stats.databases.items(), key=lambda item: str(item[0])):
            found = self.inventory.resolve(use.host) or [
                self.inventory.add_external(
                    use.host, "datastore", use.engine, "traces", "database calls in the traces"
                ).name
            ]
            for name in found:
                other = nodes[name]
                if use.engine and other.role != "service":
                    other.hints.append((use.engine, "database calls in the traces"))
                if use.database:
                    other.databases.add(use.database)
                kind = "database" if other.role == "datastore" else "call"
                self.add(Edge(self._trace_name(use.service), name, kind, "trace", use.database, count=count))

    def _trace_name(self, service: str) -> str:
        found = self.inventory.resolve(service)
        if found:
            return found[0]
        return self.inventory.add_external(service, "service", None, "traces").name

    def settle_engines(self) -> None:
        """Give datastores without a known engine the first hint clients gave.

        A redis that every client reaches as a message broker (``async``
        edges only) is listed as a broker.
        """
        reached: dict[str, set[str]] = {}
        for edge in self.edges.values():
            reached.setdefault(edge.target, set()).add(edge.kind)
        self._log_stores(reached)
        for node in self.inventory.nodes.values():
            if node.role == "datastore" and reached.get(node.name, set()) - {"depends_on"} == {"async"}:
                node.role = "broker"
            if node.role == "service":
                continue
            if node.engine is None and node.hints:
                node.engine, how = node.hints[0]
                node.engine_from = how
            if node.engine is None:
                node.engine = "unknown"
                self.notes.append(
                    _(
                        "Which database engine %(name)s runs could not be told from its image, its settings or how "
                        "others connect to it.",
                        name=node.name,
                    )
                )

    def _log_stores(self, reached: dict[str, set[str]]) -> None:
        """An Elasticsearch or OpenSearch no application reaches, beside log or trace tooling,
        holds logs and traces: it is tooling (the OpenTelemetry demo's ``opensearch``)."""
        nodes = self.inventory.nodes.values()
        if not any(not n.counts_for_coupling and set(tokens(f"{n.name} {n.image or ''}")) & _LOG_TOOLS for n in nodes):
            return
        for node in nodes:
            if node.role == "datastore" and node.engine == "elasticsearch" and node.name not in reached:
                node.role, node.tooling = "service", True

    def sorted_edges(self) -> list[Edge]:
        order = {"database": 0, "call": 1, "async": 2, "depends_on": 3}
        for edge in self.edges.values():
            for end in (edge.target, edge.source_node):
                node = self.inventory.nodes.get(end)
                if node is not None and not node.counts_for_coupling:
                    edge.support = node.platform or "tooling"
                    break
        return sorted(
            self.edges.values(),
            key=lambda e: (e.source_node, order.get(e.kind, 9), e.target, e.database or "", e.source),
        )


_LOG_TOOLS = {
    "kibana",
    "logstash",
    "fluentd",
    "fluentbit",
    "fluent",
    "filebeat",
    "otelcol",
    "collector",
    "jaeger",
    "grafana",
    "zipkin",
}
_BROKER_WORDS = {
    "broker",
    "queue",
    "queues",
    "celery",
    "bus",
    "pubsub",
    "events",
    "messaging",
    "rq",
    "sidekiq",
    "bull",
    "jobs",
}


def _broker_setting(name: str, target: Target, node: Node) -> bool:
    """A redis reached through a setting that clearly names a message broker."""
    engine = node.engine or target.engine
    return engine == "redis" and bool(set(name_words(name)) & _BROKER_WORDS)
