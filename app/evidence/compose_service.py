"""One service of a compose file as ``docker compose`` reads it: variables filled in, list-or-map
options as maps, build contexts and env files resolved from the file that declares them, and
compose's merge of one definition over another (for ``extends`` and several files)."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from app.language import _

from .connection_settings import is_connection_name, is_secret_name
from .interpolation import read_env_file, substitute
from .yaml_documents import RESET, Override

if TYPE_CHECKING:
    from .compose_project import ComposeProject

REPLACED = {
    "image",
    "command",
    "entrypoint",
    "container_name",
    "hostname",
    "working_dir",
    "user",
    "restart",
    "platform",
    "network_mode",
}
_REMOTE = ("http://", "https://", "git://", "git@", "ssh://", "github.com/")


def as_list(value: Any) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def interpolate_all(value: Any, env: Mapping[str, str] | None, missing: list[str]) -> Any:
    if isinstance(value, str):
        return substitute(value, env, missing)
    if isinstance(value, dict):
        return {key: interpolate_all(item, env, missing) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolate_all(item, env, missing) for item in value]
    if isinstance(value, Override):
        return Override(interpolate_all(value.value, env, missing))
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


def _build(value: Any, file: str, name: str, env: Mapping[str, str], base: str, project: ComposeProject) -> dict:
    settings = dict(value) if isinstance(value, dict) else {"context": value}
    missing: list[str] = []
    context = substitute(str(settings.get("context") or "."), env, missing)
    out: dict[str, Any] = {}
    if missing:
        for variable in missing:
            project.unresolved.variable("builds", variable, name, file)
        out["context"] = None
    elif context.startswith(_REMOTE) or context.endswith(".git"):
        out["context"] = context
    else:
        out["context"] = project._resolve(base, context) if not posixpath.isabs(context) else context
    for key in ("dockerfile", "target"):
        if settings.get(key) is not None:
            out[key] = substitute(str(settings[key]), env, [])
    return out


def _env_files(
    value: Any, file: str, name: str, env: Mapping[str, str], base: str, project: ComposeProject
) -> dict[str, Any]:
    settings: dict[str, Any] = {}
    for entry in as_list(value):
        path = entry.get("path") if isinstance(entry, dict) else entry
        if not path:
            continue
        path = substitute(str(path), env, [])
        found = project._find(project._resolve(base, path))
        data = project.settings_file(found)
        if data is None:
            required = not (isinstance(entry, dict) and entry.get("required") is False)
            if required or found is None:
                project.unresolved.missing_file("env_file", path, name)
            continue
        for key, text in read_env_file(data, env).items():
            settings[key] = (text, found)
    return settings


def _environment(value: Any, file: str, name: str, env: Mapping[str, str], notes: Any) -> dict[str, Any]:
    """``environment`` as a map of (value, origin), variables filled in; a connection setting
    left unknown by a missing variable is noted once per cause."""
    environment: dict[str, Any] = {}
    for var, (text, origin) in _as_map(value, file).items():
        missing: list[str] = []
        if text is None:
            text = env.get(var)
            if text is None and is_connection_name(var) and not is_secret_name(var):
                notes.variable("shell", var, name, file)
        else:
            text = substitute(text, env, missing)
            if missing and is_connection_name(var) and not is_secret_name(var):
                for variable in missing:
                    notes.variable(
                        "settings", variable, _("%(setting)s of %(service)s", setting=var, service=name), file
                    )
        environment[var] = (text, origin)
    return environment


def normalise(service: dict, file: str, name: str, env: Mapping[str, str], base: str, project: ComposeProject) -> dict:
    """A service's options in one shape: maps for list-or-map options, variables filled in."""
    out: dict[str, Any] = {}
    notes = project.unresolved
    for key, raw in service.items():
        override = isinstance(raw, Override)
        value = raw.value if override else raw
        if value is RESET:
            out[key] = RESET
            continue
        if key == "extends":
            continue
        if key == "environment":
            value = _environment(value, file, name, env, notes)
        elif key == "env_file":
            value = _env_files(value, file, name, env, base, project)
        elif key == "build":
            value = _build(value, file, name, env, base, project)
        elif key in ("labels", "extra_hosts", "sysctls"):
            value = _as_map(interpolate_all(value, env, []), file, "=" if key != "extra_hosts" else ":")
        elif key == "depends_on":
            targets = value if isinstance(value, dict) else {t: None for t in value or ()}
            value = {substitute(str(t), env, []): file for t in targets}
        elif key == "profiles":
            value = [substitute(str(p), env, []) for p in as_list(value)]
        else:
            missing: list[str] = []
            value = interpolate_all(value, env, missing)
            if key == "image":
                for variable in missing:
                    notes.variable("images", variable, name, file)
        out[key] = Override(value) if override else value
    return out


def merge(base: Any, extra: Any, key: str = "") -> Any:
    """Compose's merge of one definition over another: maps merge, lists join, scalars replace."""
    if isinstance(extra, Override):
        return extra.value
    if isinstance(base, dict) and isinstance(extra, dict) and key not in REPLACED:
        merged = dict(base)
        for sub, value in extra.items():
            if value is RESET:
                merged.pop(sub, None)
            elif sub in merged:
                merged[sub] = merge(merged[sub], value, sub)
            else:
                merged[sub] = value.value if isinstance(value, Override) else value
        return merged
    if isinstance(base, list) and isinstance(extra, list) and key not in REPLACED:
        merged_list = list(base)
        merged_list.extend(item for item in extra if item not in base)
        return merged_list
    return extra
