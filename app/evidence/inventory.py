"""The system's parts: every workload classified, and host names resolved.

Applications, datastores and brokers are the parts that count; tooling and platform
dependencies (``Node.platform``: telemetry, feature flags, discovery, admin) are kept
for the picture but out of every count (``counts_for_coupling``).

Classification rules are in ``engines.py``. A part that is only referenced
(a URL to a database host no file defines, a database seen in traces) is
added with ``declared=False``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .connection_settings import targets_in
from .engines import (
    OWN_DATABASE_SETTINGS,
    engine_of_image,
    engine_of_port,
    engine_of_settings,
    image_repository,
    is_broker,
    looks_like_datastore_name,
    support_kind,
)
from .model import ConfigReading, Workload

LOCAL_HOSTS = {"localhost", "127.0.0.1", "0.0.0.0", "host.docker.internal", "::1"}
_K8S_SUFFIXES = (".svc.cluster.local", ".cluster.local", ".svc")
_PORT_NAMES = {
    "mongo": "mongo",
    "mongodb": "mongo",
    "mysql": "mysql",
    "postgres": "postgres",
    "postgresql": "postgres",
    "redis": "redis",
    "amqp": "rabbitmq",
    "kafka": "kafka",
    "cassandra": "cassandra",
    "mssql": "mssql",
    "sql": "mssql",
}


@dataclass(slots=True)
class Node:
    name: str
    role: str  # "service", "datastore" or "broker"; tooling and platform parts are services
    engine: str | None = None
    engine_from: str | None = None
    image: str | None = None
    databases: set[str] = field(default_factory=set)
    declared: bool = True
    tooling: bool = False
    platform: str | None = None  # "telemetry", "feature_flags", "discovery" or "admin"
    sources: set[str] = field(default_factory=set)
    workload: Workload | None = None
    hints: list[tuple[str, str]] = field(default_factory=list)  # (engine, how it was told)

    @property
    def is_application(self) -> bool:
        """One of the system's own services: not tooling, not a platform dependency."""
        return (
            self.role == "service" and not self.tooling and self.platform is None and started_by_default(self.workload)
        )

    @property
    def counts_for_coupling(self) -> bool:
        """A part one needs running for the system to work: applications, datastores, brokers.

        Tooling (dashboards, load generators) and platform dependencies (telemetry, feature
        flags, discovery and config servers, admin dashboards) are left out of every count.
        """
        return not self.tooling and self.platform is None and started_by_default(self.workload)


def started_by_default(workload: Workload | None) -> bool:
    """False for a compose service in profiles only: a plain ``docker compose up`` leaves it out,
    so it is shown but not counted (``compose.ComposeWorkload.profiles``)."""
    return not getattr(workload, "profiles", None)


def _port_engine(workload: Workload) -> tuple[str, str] | None:
    for port_name in sorted(workload.port_names):
        if port_name in _PORT_NAMES:
            return _PORT_NAMES[port_name], f"its port named {port_name}"
    for port in sorted(workload.ports):
        engine = engine_of_port(port)
        if engine:
            return engine, f"its port {port}"
    return None


def _mark_support(node: Node, image: str | None, name: str) -> bool:
    found = support_kind(image, name)
    if found is None:
        return False
    if found[0] == "platform":
        node.platform = found[1]
    else:
        node.tooling = True
    return True


def _connects_elsewhere(workload: Workload, engine: str) -> bool:
    """Whether the workload's own settings reach another server of ``engine``: it is a client."""
    own = {host.lower() for host in workload.hostnames | {workload.name}} | LOCAL_HOSTS
    for setting in workload.settings:
        if setting.source == "command":
            continue
        for target in targets_in(setting.name, setting.value, setting.embedded):
            if target.engine == engine and target.host.lower() not in own:
                return True
    return False


def _exposes_port_of(workload: Workload, engine: str) -> bool:
    by_port = _port_engine(workload)
    return by_port is not None and by_port[0] == engine


def classify(workload: Workload) -> Node:
    node = Node(
        name=workload.name,
        role="service",
        image=workload.image,
        workload=workload,
        sources=set(workload.origin.split("+")),
    )
    names = [s.name for s in workload.settings if s.source != "command"]
    if _mark_support(node, workload.image, workload.name):
        return node
    by_image = engine_of_image(workload.image)
    by_settings = engine_of_settings(names)
    if by_settings and _connects_elsewhere(workload, by_settings[0]):
        by_settings = None  # a client that carries its server's settings
    shared = engine_of_settings(names, shared=True)
    if by_image:
        node.engine, node.engine_from = by_image, "image"
    elif by_settings:
        node.engine, node.engine_from = by_settings[0], f"its own setting {by_settings[1]}"
    elif looks_like_datastore_name(workload.name, image_repository(workload.image or "")):
        by_port = _port_engine(workload)
        if shared:
            node.engine, node.engine_from = shared[0], f"its own setting {shared[1]}"
        elif by_port:
            node.engine, node.engine_from = by_port
        node.role = "datastore"
        return _own_databases(node)
    elif shared and _exposes_port_of(workload, shared[0]) and not _connects_elsewhere(workload, shared[0]):
        node.engine, node.engine_from = shared[0], f"its own setting {shared[1]}"
    else:
        return node
    node.role = "broker" if is_broker(node.engine) else "datastore"
    return _own_databases(node)


def _own_databases(node: Node) -> Node:
    for setting in node.workload.settings if node.workload else ():
        if setting.name.upper() in OWN_DATABASE_SETTINGS and setting.value:
            node.databases.add(setting.value)
    return node


class Inventory:
    """All parts by name, plus the host names that reach them."""

    def __init__(self, readings: list[ConfigReading]) -> None:
        self.nodes: dict[str, Node] = {}
        self.hosts: dict[str, list[str]] = {}
        self.namespaces: set[str] = set()
        merged: dict[str, Workload] = {}
        for reading in readings:
            self.namespaces |= reading.namespaces
            for workload in reading.workloads:
                if workload.name in merged:
                    merged[workload.name].absorb(workload)
                else:
                    merged[workload.name] = workload
        for workload in merged.values():
            self.nodes[workload.name] = classify(workload)
            for host in workload.hostnames | {workload.name}:
                self._reach(host, workload.name)
        for reading in readings:
            for alias, targets in reading.aliases.items():
                for target in targets:
                    self._reach(alias, target)

    def _reach(self, host: str, name: str) -> None:
        names = self.hosts.setdefault(host.lower(), [])
        if name not in names:
            names.append(name)

    def resolve(self, host: str) -> list[str] | None:
        """Node names a host reaches; [] when unknown; None for the local machine."""
        host = host.strip().lower().rstrip(".")
        if host in LOCAL_HOSTS:
            return None
        for suffix in _K8S_SUFFIXES:
            if host.endswith(suffix):
                host = host[: -len(suffix)].split(".", 1)[0]
                break
        found = self.hosts.get(host)
        if found is None and "." in host:
            first, rest = host.split(".", 1)
            if rest in self.namespaces or rest.split(".", 1)[0] in self.hosts:
                found = self.hosts.get(first) or self.hosts.get(rest.split(".", 1)[0])
        if found is None and host in self.nodes:
            found = [host]
        result: list[str] = []
        for name in found or ():
            if name in self.nodes:
                result.append(name)
            else:  # an ExternalName service: follow it once
                result.extend(n for n in (self.hosts.get(name.lower()) or ()) if n in self.nodes)
        return result

    def add_external(self, host: str, role: str, engine: str | None, source: str, how: str | None = None) -> Node:
        """A part that no file defines but settings or traces reach."""
        node = self.nodes.get(host)
        if node is None:
            node = self.nodes[host] = Node(
                name=host,
                role=role,
                engine=engine,
                engine_from=how if engine else None,
                declared=False,
                sources={source},
            )
            if role == "service":
                _mark_support(node, None, host)
            self._reach(host, host)
        return node

    def counts_for_coupling(self, name: str) -> bool:
        """Whether a part (by name or host) counts in call chains, failures and local testing.

        False for tooling and platform dependencies; True for applications, datastores,
        brokers and names no file defines.
        """
        node = self.nodes.get(name)
        if node is None:
            found = self.resolve(name)
            node = self.nodes[found[0]] if found else None
        return node is None or node.counts_for_coupling

    def by_role(self, role: str) -> list[Node]:
        return sorted((n for n in self.nodes.values() if n.role == role), key=lambda n: n.name)

    def applications(self) -> list[Node]:
        return [n for n in self.by_role("service") if n.is_application]
