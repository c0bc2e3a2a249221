"""docker-compose files: one or several, merged in order, as workloads.

Merging follows ``docker compose -f a.yml -f b.yml``: maps merge key by key;
``environment``, ``labels``, ``depends_on`` and ``extra_hosts`` merge as maps
(list forms are turned into maps first); ``ports``, ``expose``, ``dns``,
``volumes`` and the other multi-value options are concatenated without
duplicates; ``image``, ``command``, ``entrypoint`` and other single values are
replaced. ``!reset`` removes a value, ``!override`` replaces it whole.

Variables are interpolated as compose does, but with nothing set (the
server's own environment is never read): ``${VAR:-default}`` and
``${VAR-default}`` give the default, ``${VAR}`` gives an empty string, and a
connection setting or image emptied that way is reported as unseen.
"""

from __future__ import annotations

import re
from typing import Any

from .model import ConfigReading, Setting, Workload
from .connection_settings import is_connection_name, is_secret_name
from .yaml_documents import RESET, Override

_VARIABLE = re.compile(r"\$\{([^{}]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")
_BRACED = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])(.*))?\Z", re.S)
_REPLACED = {"image", "command", "entrypoint", "container_name", "hostname",
             "working_dir", "user", "restart", "platform", "network_mode"}
_SERVICE_KEYS = {"image", "build", "environment", "depends_on", "ports", "command",
                 "entrypoint", "container_name", "hostname", "links", "expose",
                 "restart", "volumes", "networks", "env_file", "deploy", "labels",
                 "healthcheck", "profiles", "extends"}


def recognises(documents: list[Any]) -> bool:
    if len(documents) != 1 or not isinstance(documents[0], dict):
        return False
    doc = documents[0]
    services = doc.get("services")
    if isinstance(services, dict):
        return all(isinstance(s, (dict, type(None), Override)) for s in services.values())
    if services is None and "services" in doc:
        return True
    # version 1 files: every top-level entry is a service
    return bool(doc) and all(
        isinstance(value, dict) and (set(value) & _SERVICE_KEYS) and ("image" in value or "build" in value)
        for value in doc.values())


def interpolate(text: str, missing: list[str]) -> str:
    """Compose-style ``${...}`` substitution with every variable unset."""
    if "$" not in text:
        return text
    text = text.replace("$$", "\0")

    def substitute(match: re.Match) -> str:
        if match.group(2):
            missing.append(match.group(2))
            return ""
        parts = _BRACED.match(match.group(1))
        if parts is None:
            return match.group(0).replace("$", "\0")  # left as written
        name, operator, rest = parts.groups()
        if operator in (":-", "-"):
            return rest
        if operator in (":+", "+"):
            return ""
        missing.append(name)
        return ""

    for _ in range(8):
        replaced = _VARIABLE.sub(substitute, text)
        if replaced == text:
            break
        text = replaced
    return text.replace("\0", "$")


def _interpolate_all(value: Any, missing: list[str]) -> Any:
    if isinstance(value, str):
        return interpolate(value, missing)
    if isinstance(value, dict):
        return {key: _interpolate_all(item, missing) for key, item in value.items()}
    if isinstance(value, list):
        return [_interpolate_all(item, missing) for item in value]
    if isinstance(value, Override):
        return Override(_interpolate_all(value.value, missing))
    return value


def _scalar_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _as_map(value: Any, file: str, separator: str = "=") -> dict[str, Any]:
    """A compose list-or-map option as a map of (value, file)."""
    if isinstance(value, dict):
        return {str(k): (_scalar_text(v), file) for k, v in value.items()}
    out: dict[str, Any] = {}
    for item in value or ():
        text = str(item)
        key, sep, rest = text.partition(separator)
        out[key.strip()] = (rest if sep else None, file)
    return out


def _normalise(service: dict, file: str, name: str, notes: list[str]) -> dict:
    out: dict[str, Any] = {}
    for key, raw in service.items():
        override = isinstance(raw, Override)
        value = raw.value if override else raw
        if value is RESET:
            out[key] = RESET
            continue
        if key == "environment":
            env: dict[str, Any] = {}
            for var, (text, origin) in _as_map(value, file).items():
                missing: list[str] = []
                text = interpolate(text, missing) if text is not None else None
                if (text is None or missing) and is_connection_name(var) and not is_secret_name(var):
                    source = f"${{{missing[0]}}}" if missing else "the shell that starts it"
                    notes.append(f"{name} takes {var} from {source} at start-up ({file}); "
                                 "its value is not in these files.")
                env[var] = (text, origin)
            value = env
        elif key in ("labels", "extra_hosts", "sysctls"):
            value = _as_map(_interpolate_all(value, []), file, "=" if key != "extra_hosts" else ":")
        elif key == "depends_on":
            targets = value if isinstance(value, dict) else {t: None for t in value or ()}
            value = {str(t): file for t in targets}
        else:
            missing = []
            value = _interpolate_all(value, missing)
            if key == "image" and missing:
                notes.append(f"The image of {name} depends on ${{{missing[0]}}}, which has "
                             f"no default in {file}, so its name or version is not known.")
        out[key] = Override(value) if override else value
    return out


def _merge(base: Any, extra: Any, key: str = "") -> Any:
    if isinstance(extra, Override):
        return extra.value
    if isinstance(base, dict) and isinstance(extra, dict) and key not in _REPLACED:
        merged = dict(base)
        for sub, value in extra.items():
            if value is RESET:
                merged.pop(sub, None)
            elif sub in merged:
                merged[sub] = _merge(merged[sub], value, sub)
            else:
                merged[sub] = value.value if isinstance(value, Override) else value
        return merged
    if isinstance(base, list) and isinstance(extra, list) and key not in _REPLACED:
        merged_list = list(base)
        merged_list.extend(item for item in extra if item not in base)
        return merged_list
    return extra


def _container_port(entry: Any) -> int | None:
    if isinstance(entry, dict):
        entry = entry.get("target")
    text = str(entry).split("/", 1)[0].rsplit(":", 1)[-1].split("-", 1)[0]
    return int(text) if text.isdigit() else None


def _command_text(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(str(part) for part in value)
    return str(value) if value else ""


def _workload(name: str, service: dict, files: list[str], reading: ConfigReading) -> Workload:
    build = service.get("build")
    if isinstance(build, dict):
        build = f"{build.get('context', '.')}:{build.get('dockerfile', 'Dockerfile')}"
    workload = Workload(name=name, origin="compose", image=service.get("image") or None,
                        build=str(build) if build else None, files=files)
    for var, (value, origin) in (service.get("environment") or {}).items():
        if value is not None:
            workload.settings.append(Setting(var, value, origin))
    for part in ("command", "entrypoint"):
        text = _command_text(service.get(part))
        if text:
            workload.settings.append(Setting(part, text, files[-1], "command", embedded=True))
    workload.depends_on = dict(service.get("depends_on") or {})
    workload.hostnames = {name}
    for key in ("hostname", "container_name"):
        if service.get(key):
            workload.hostnames.add(str(service[key]))
    networks = service.get("networks")
    if isinstance(networks, dict):
        for network in networks.values():
            if isinstance(network, dict):
                workload.hostnames.update(str(a) for a in network.get("aliases") or ())
    for link in service.get("links") or ():
        target, _, alias = str(link).partition(":")
        workload.depends_on.setdefault(target, files[-1])
        reading.aliases.setdefault(alias or target, []).append(target)
    for entry in list(service.get("ports") or ()) + list(service.get("expose") or ()):
        port = _container_port(entry)
        if port:
            workload.ports.add(port)
    for env_file in ([service["env_file"]] if isinstance(service.get("env_file"), (str, dict))
                     else service.get("env_file") or ()):
        path = env_file.get("path") if isinstance(env_file, dict) else env_file
        reading.notes.append(f"{name} also reads settings from {path}, which was not given, "
                             "so any connection settings in it are not seen.")
    if service.get("extends"):
        reading.notes.append(f"{name} extends another service definition, which this "
                             "importer does not follow; settings it inherits are not seen.")
    workload.mounted_config = mounted_config(service)
    return workload


_CONFIG_SUFFIXES = (".json", ".yaml", ".yml", ".conf", ".cfg", ".properties", ".toml", ".ini",
                    ".xml", ".env", ".lua")
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
            source, _, rest = str(entry).partition(":")
            target = rest.split(":", 1)[0]
            bind = source.startswith((".", "/", "~"))
        if not bind or not source:
            continue
        names = [part.lower() for part in (source.rstrip("/").rsplit("/", 1)[-1],
                                           target.rstrip("/").rsplit("/", 1)[-1])]
        if set("".join(c if c.isalnum() else " " for c in names[0]).split()) & _TRACING_WORDS:
            continue  # the tracer's own settings (otel-config.yml, jaeger-config.json)
        if any(n.endswith(_CONFIG_SUFFIXES) or any(w in n for w in _CONFIG_WORDS) for n in names):
            found.append(f"{source} (mounted at {target})" if target else source)
    for entry in service.get("configs") or ():
        name = entry.get("source") if isinstance(entry, dict) else entry
        if name:
            found.append(f"compose config {name}")
    return found


def read_compose(files: list[tuple[str, dict]]) -> ConfigReading:
    """Merge compose files in the order given and return their containers."""
    reading = ConfigReading()
    merged: dict[str, dict] = {}
    seen_in: dict[str, list[str]] = {}
    for file, doc in files:
        services = doc.get("services") if "services" in doc else doc
        for name, service in (services or {}).items():
            name = str(name)
            if service is RESET:
                merged.pop(name, None)
                continue
            if isinstance(service, Override):
                service, replace = service.value, True
            else:
                replace = False
            service = _normalise(service or {}, file, name, reading.notes)
            if replace or name not in merged:
                merged[name] = {k: v.value if isinstance(v, Override) else v
                                for k, v in service.items() if v is not RESET}
            else:
                merged[name] = _merge(merged[name], service)
            seen_in.setdefault(name, [])
            if file not in seen_in[name]:
                seen_in[name].append(file)
    for name, service in merged.items():
        reading.workloads.append(_workload(name, service, seen_in[name], reading))
    return reading
