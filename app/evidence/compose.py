"""docker-compose files: one or several, merged in order, as workloads.

Merging follows ``docker compose -f a.yml -f b.yml``: maps merge key by key;
``environment``, ``labels``, ``depends_on`` and ``extra_hosts`` merge as maps
(list forms are turned into maps first); ``ports``, ``expose``, ``dns``,
``volumes`` and the other multi-value options are concatenated without
duplicates; ``image``, ``command``, ``entrypoint`` and other single values are
replaced. ``!reset`` removes a value, ``!override`` replaces it whole.

How the files make one project (``include``, ``extends``, the ``.env`` file,
``env_file``, relative build folders) is in ``compose_project``; variables are
filled in as compose fills them (``interpolation``), from the ``.env`` beside
the first file and never from the server's own environment. What stays
unknown is reported once per cause.

A service in ``profiles`` only starts when one of its profiles is asked for:
its workload carries the profile names, and it is not part of the system that
``docker compose up`` starts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.language import _

from .compose_project import TOP_LEVEL_KEYS, ComposeProject, services_of
from .interpolation import substitute
from .limits import Limits
from .model import ConfigReading, Setting, Workload
from .yaml_documents import Override


@dataclass(slots=True)
class ComposeWorkload(Workload):
    """A compose service; ``profiles`` names the profiles it is in (empty: started by default)."""

    profiles: list[str] = field(default_factory=list)


_SERVICE_KEYS = {
    "image",
    "build",
    "environment",
    "depends_on",
    "ports",
    "command",
    "entrypoint",
    "container_name",
    "hostname",
    "links",
    "expose",
    "restart",
    "volumes",
    "networks",
    "env_file",
    "deploy",
    "labels",
    "healthcheck",
    "profiles",
    "extends",
}


def _includes(value: Any) -> bool:
    entries = value if isinstance(value, list) else [value]
    return bool(entries) and all(
        isinstance(entry, str) or (isinstance(entry, dict) and isinstance(entry.get("path"), (str, list)))
        for entry in entries
    )


def recognises(documents: list[Any]) -> bool:
    if len(documents) != 1 or not isinstance(documents[0], dict):
        return False
    doc = documents[0]
    if "include" in doc:  # a project made of other compose files, with or without services
        return (
            _includes(doc["include"])
            and all(key in TOP_LEVEL_KEYS or str(key).startswith("x-") for key in doc)
            and (doc.get("services") is None or isinstance(doc.get("services"), dict))
        )
    services = doc.get("services")
    if isinstance(services, dict):
        return all(isinstance(s, (dict, type(None), Override)) for s in services.values())
    if services is None and "services" in doc:
        return True
    # version 1 files: every top-level entry is a service
    return bool(doc) and all(
        isinstance(value, dict) and (set(value) & _SERVICE_KEYS) and ("image" in value or "build" in value)
        for value in doc.values()
    )


def declared_services(doc: dict) -> int:
    """How many services one compose file itself declares (not those it includes)."""
    return len(services_of(doc))


def interpolate(text: str, missing: list[str], values: Mapping[str, str] | None = None) -> str:
    """Compose-style ``${...}`` substitution; with no ``values``, every variable is unset."""
    return substitute(text, values, missing)


def _container_port(entry: Any) -> int | None:
    if isinstance(entry, dict):
        entry = entry.get("target")
    text = str(entry).split("/", 1)[0].rsplit(":", 1)[-1].split("-", 1)[0]
    return int(text) if text.isdigit() else None


def _command_text(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(str(part) for part in value)
    return str(value) if value else ""


def build_identity(build: Any) -> str | None:
    """What a service is built from, as one comparable text: the resolved folder, and the
    Dockerfile and stage when they are not the default; None when it is not known."""
    if not isinstance(build, dict) or not build.get("context"):
        return None
    text = build["context"] if build["context"] != "." else "the project folder"
    extras = [
        f"{build['dockerfile']}" if build.get("dockerfile") else "",
        f"stage {build['target']}" if build.get("target") else "",
    ]
    extras = [e for e in extras if e and e != "Dockerfile"]
    return f"{text} with {', '.join(extras)}" if extras else text


def _hostnames(name: str, service: dict) -> set[str]:
    """The names other containers reach a service by: its own, hostname, container name, aliases."""
    names = {name}
    for key in ("hostname", "container_name"):
        if service.get(key):
            names.add(str(service[key]))
    networks = service.get("networks")
    if isinstance(networks, dict):
        for network in networks.values():
            if isinstance(network, dict):
                names.update(str(a) for a in network.get("aliases") or ())
    return names


def _workload(name: str, service: dict, reading: ConfigReading, profiles: list[str]) -> Workload:
    files = service.get("_files") or []
    build = service.get("build")
    workload = ComposeWorkload(
        name=name,
        origin="compose",
        image=service.get("image") or None,
        build=build_identity(build) if build else None,
        files=list(files),
    )
    environment = dict(service.get("env_file") or {})
    environment.update(service.get("environment") or {})
    for var, (value, origin) in environment.items():
        if value is not None:
            workload.settings.append(Setting(var, value, origin))
    for part in ("command", "entrypoint"):
        text = _command_text(service.get(part))
        if text:
            workload.settings.append(Setting(part, text, files[-1], "command", embedded=True))
    workload.depends_on = dict(service.get("depends_on") or {})
    workload.hostnames = _hostnames(name, service)
    for link in service.get("links") or ():
        target, _colon, alias = str(link).partition(":")
        workload.depends_on.setdefault(target, files[-1])
        reading.aliases.setdefault(alias or target, []).append(target)
    for entry in list(service.get("ports") or ()) + list(service.get("expose") or ()):
        port = _container_port(entry)
        if port:
            workload.ports.add(port)
    workload.profiles = profiles
    workload.mounted_config = mounted_config(service)
    return workload


_CONFIG_SUFFIXES = (".json", ".yaml", ".yml", ".conf", ".cfg", ".properties", ".toml", ".ini", ".xml", ".env", ".lua")
_CONFIG_WORDS = ("config", "conf", "settings", "etc")
_TRACING_WORDS = {"otel", "opentelemetry", "jaeger", "zipkin"}


def mounted_config(service: dict) -> list[str]:
    """Configuration files and folders a container reads that a compose file does not show.

    Bind mounts of config files (``.json``, ``.yaml``, ``.conf``, ``.properties`` ...) or of
    config folders (``./config``), and compose ``configs:``.
    """
    found: list[str] = []
    for entry in service.get("volumes") or ():
        if isinstance(entry, dict):
            source, target = str(entry.get("source") or ""), str(entry.get("target") or "")
            bind = entry.get("type") == "bind" or source.startswith((".", "/", "~"))
        else:
            source, _colon, rest = str(entry).partition(":")
            target = rest.split(":", 1)[0]
            bind = source.startswith((".", "/", "~"))
        if not bind or not source:
            continue
        names = [
            part.lower() for part in (source.rstrip("/").rsplit("/", 1)[-1], target.rstrip("/").rsplit("/", 1)[-1])
        ]
        if set("".join(c if c.isalnum() else " " for c in names[0]).split()) & _TRACING_WORDS:
            continue  # the tracer's own settings (otel-config.yml, jaeger-config.json)
        if any(n.endswith(_CONFIG_SUFFIXES) or any(w in n for w in _CONFIG_WORDS) for n in names):
            found.append(_("%(file)s (mounted at %(path)s)", file=source, path=target) if target else source)
    for entry in service.get("configs") or ():
        name = entry.get("source") if isinstance(entry, dict) else entry
        if name:
            found.append(_("compose config %(name)s", name=name))
    return found


def read_compose(
    files: list[tuple[str, dict]], all_files: Mapping[str, bytes] | None = None, limits: Limits | None = None
) -> ConfigReading:
    """The containers of the compose project these files make (see ``compose_project``).

    ``all_files`` holds every input's bytes by name, for the ``.env`` and ``env_file``
    files the compose files name, and for files they include that are not compose
    inputs themselves.
    """
    reading = ConfigReading()
    project = ComposeProject(files, all_files, limits)
    for name, service in project.services.items():
        reading.workloads.append(_workload(name, service, reading, project.optional(service)))
    reading.notes.extend(project.unresolved.notes())
    reading.settings_files = project.settings_files
    return reading
