"""The importer's inner vocabulary: workloads read from configuration, and edges.

These typed records live inside the importer; the public output is the plain
dict built by ``document.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


class Setting(NamedTuple):
    """One configuration value a workload receives.

    ``source`` says where the value came from: ``environment``, ``secret``,
    ``configmap`` or ``command``. ``embedded`` marks a whole file body or
    command line, in which only explicit URLs and connection strings count.
    """

    name: str
    value: str
    file: str
    source: str = "environment"
    embedded: bool = False


@dataclass(slots=True)
class Workload:
    """A container (compose service) or a Kubernetes workload."""

    name: str
    origin: str
    image: str | None = None
    build: str | None = None
    kind: str = "container"
    settings: list[Setting] = field(default_factory=list)
    depends_on: dict[str, str] = field(default_factory=dict)
    hostnames: set[str] = field(default_factory=set)
    ports: set[int] = field(default_factory=set)
    port_names: set[str] = field(default_factory=set)
    files: list[str] = field(default_factory=list)
    # Configuration it reads from files the importer cannot read whole: mounted config files
    # and folders, env files, ConfigMaps mounted as files, references to objects not given.
    mounted_config: list[str] = field(default_factory=list)

    def absorb(self, other: Workload) -> None:
        """Fold in the same workload read from another kind of file."""
        self.image = self.image or other.image
        self.build = self.build or other.build
        self.settings.extend(other.settings)
        for target, file in other.depends_on.items():
            self.depends_on.setdefault(target, file)
        self.hostnames |= other.hostnames
        self.ports |= other.ports
        self.port_names |= other.port_names
        self.files.extend(f for f in other.files if f not in self.files)
        self.mounted_config.extend(m for m in other.mounted_config if m not in self.mounted_config)
        if other.origin not in self.origin.split("+"):
            self.origin = f"{self.origin}+{other.origin}"


@dataclass(slots=True)
class ConfigReading:
    """What one kind of configuration (compose or Kubernetes) yielded."""

    workloads: list[Workload] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    aliases: dict[str, list[str]] = field(default_factory=dict)
    namespaces: set[str] = field(default_factory=set)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    settings_files: set[str] = field(default_factory=set)  # .env and env files the compose files read


@dataclass(slots=True)
class Edge:
    """A link between two things in the system."""

    source_node: str
    target: str
    kind: str
    source: str
    database: str | None = None
    setting: str | None = None
    file: str | None = None
    count: int | None = None
    support: str | None = None  # the target is tooling, or a platform part of this kind

    @property
    def counts(self) -> bool:
        """Whether the edge links two parts that count (not tooling, not platform)."""
        return self.support is None

    def as_dict(self) -> dict:
        out: dict = {"from": self.source_node, "to": self.target, "kind": self.kind, "source": self.source}
        if self.database:
            out["database"] = self.database
        if self.setting:
            out["setting"] = self.setting
        if self.file:
            out["file"] = self.file
        if self.count is not None:
            out["count"] = self.count
        if self.support == "tooling":
            out["tooling"] = True
        elif self.support:
            out["platform"] = self.support
        return out
