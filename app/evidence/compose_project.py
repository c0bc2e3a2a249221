"""A compose project as ``docker compose`` reads it: files, includes, extends, variables.

* **Which files start the project.** Compose files merge in the order given, as
  ``docker compose -f a.yml -f b.yml`` merges them (an ``x.override.yml`` right after
  its ``x.yml``, as compose pairs them), except a file that another given file pulls
  in (through ``include`` or ``extends: {file: ...}``): that one is read where it is
  pulled in, not a second time on its own.
* **Variables** come from the ``.env`` beside the first file (the project folder); a
  file from another folder uses the ``.env`` beside it, if it has one. An included
  file also reads its ``env_file`` (by default the ``.env`` in its own project
  folder) for the variables the including project does not set.
* **include** (short form ``- other.yml``, long form ``path`` / ``project_directory`` /
  ``env_file``): paths are relative to the including file's folder; each included
  file is read as its own project, its relative paths resolved from its own
  folder (or ``project_directory``), and its services join the project. Several
  paths in one entry merge with each other first, in order.
* **extends** (``{service: base}`` in the same file, ``{file: common.yml, service:
  base}`` in another): the base is merged under the service, as compose merges
  (the service's own keys win; ports and other lists are joined).
* **Relative paths** (``build`` contexts, ``env_file``) are resolved from the folder
  of the file that declares them (an included file's ``project_directory``; the
  extended file's folder for what ``extends`` brings in). ``docker compose -f``
  resolves the paths of a second file from the first file's folder; files from
  other folders in one import are nearly always projects started on their own, so
  each keeps its own folder here.
* ``env_file`` adds its settings to the service's (the service's ``environment`` wins).
* ``profiles``: a service in profiles only starts when one of them is turned on;
  ``COMPOSE_PROFILES`` in the ``.env`` turns profiles on, as it does for compose.

Files are looked up among the inputs of the same import by their relative names
(``deploy/docker-compose.yml``); when files are given one by one, by bare name.
What cannot be followed (a file that was not given, a variable without a value)
is noted once per cause, never once per service.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.language import _, ngettext

from .compose_service import as_list, merge, normalise
from .errors import EvidenceError
from .interpolation import read_env_file, substitute
from .limits import Limits
from .signs.finding import listing
from .yaml_documents import RESET, Override, load_yaml_documents

TOP_LEVEL_KEYS = {"version", "name", "include", "services", "networks", "volumes", "configs", "secrets", "models"}


def services_of(doc: dict) -> dict:
    """A compose file's services: the ``services`` map, or a version-1 file's top level."""
    if "services" in doc or "include" in doc:
        return doc.get("services") or {}
    return {key: value for key, value in doc.items() if key not in TOP_LEVEL_KEYS and not str(key).startswith("x-")}


def _listing(names: list[str], limit: int = 6) -> str:
    return listing(list(dict.fromkeys(names)), limit)


def _absent(kind: str, path: str, whom: list[str]) -> str:
    """What is not seen because a file that compose files name was not given."""
    names = _listing(whom)
    if kind == "include":
        return ngettext(
            "%(services)s includes %(file)s, which was not among the files, so the services it defines are not seen.",
            "%(services)s include %(file)s, which was not among the files, so the services it defines are not seen.",
            len(whom),
            services=names,
            file=path,
        )
    if kind == "env_file":
        return ngettext(
            "%(services)s also reads settings from %(file)s, which was not among the files, so any connection "
            "settings in it are not seen.",
            "%(services)s also read settings from %(file)s, which was not among the files, so any connection "
            "settings in it are not seen.",
            len(whom),
            services=names,
            file=path,
        )
    return ngettext(
        "%(services)s extends a service in %(file)s, which was not among the files, so the settings inherited "
        "from it are not seen.",
        "%(services)s extend a service in %(file)s, which was not among the files, so the settings inherited "
        "from it are not seen.",
        len(whom),
        services=names,
        file=path,
    )


@dataclass(slots=True)
class Unresolved:
    """What could not be followed, gathered by cause so each cause is noted once."""

    images: dict[str, dict[str, str]] = field(default_factory=dict)  # variable -> {service: file}
    settings: dict[str, dict[str, str]] = field(default_factory=dict)  # variable -> {"svc's X": file}
    builds: dict[str, dict[str, str]] = field(default_factory=dict)  # variable -> {service: file}
    shell: dict[str, dict[str, str]] = field(default_factory=dict)  # setting -> {service: file}
    absent: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (kind, path) -> who
    other: list[str] = field(default_factory=list)

    def variable(self, kind: str, variable: str, what: str, file: str) -> None:
        getattr(self, kind).setdefault(variable, {}).setdefault(what, file)

    def missing_file(self, kind: str, path: str, who: str) -> None:
        whom = self.absent.setdefault((kind, path), [])
        if who not in whom:
            whom.append(who)

    def notes(self) -> list[str]:
        notes: list[str] = []
        for variable in dict.fromkeys([*self.images, *self.settings, *self.builds]):
            parts: list[str] = []
            files: list[str] = []
            images = self.images.get(variable, {})
            if images:
                parts.append(
                    ngettext(
                        "the image of %(num)s service (%(names)s)",
                        "the image of %(num)s services (%(names)s)",
                        len(images),
                        names=_listing(list(images)),
                    )
                )
                files += images.values()
            builds = self.builds.get(variable, {})
            if builds:
                parts.append(
                    ngettext(
                        "the build folder of %(num)s service (%(names)s)",
                        "the build folder of %(num)s services (%(names)s)",
                        len(builds),
                        names=_listing(list(builds)),
                    )
                )
                files += builds.values()
            settings = self.settings.get(variable, {})
            if settings:
                parts.append(
                    ngettext(
                        "%(num)s connection setting (%(names)s)",
                        "%(num)s connection settings (%(names)s)",
                        len(settings),
                        names=_listing(list(settings)),
                    )
                )
                files += settings.values()
            notes.append(
                _(
                    "${%(variable)s} has no value in these files (no default, and no .env beside them sets it), "
                    "so these are not known: %(unknown)s (%(files)s).",
                    variable=variable,
                    unknown="; ".join(parts),
                    files=", ".join(sorted(set(files))),
                )
            )
        for setting, services in self.shell.items():
            notes.append(
                ngettext(
                    "%(services)s takes %(setting)s from the shell that starts it; its value is not in these files "
                    "(%(files)s).",
                    "%(services)s take %(setting)s from the shell that starts them; its value is not in these files "
                    "(%(files)s).",
                    len(services),
                    services=_listing(list(services)),
                    setting=setting,
                    files=", ".join(sorted(set(services.values()))),
                )
            )
        for (kind, path), whom in self.absent.items():
            notes.append(_absent(kind, path, whom))
        return notes + self.other


class ComposeProject:
    """The services of the given compose files, read as one project."""

    def __init__(
        self, files: list[tuple[str, dict]], all_files: Mapping[str, bytes] | None = None, limits: Limits | None = None
    ) -> None:
        self.docs: dict[str, dict] = {}
        for name, doc in files:
            self.docs.setdefault(name, doc)
        self.raw = dict(all_files or {})
        self.limits = limits or Limits()
        names = set(self.docs) | set(self.raw)
        self.flat = all("/" not in name for name in names)
        self.unresolved = Unresolved()
        self.settings_files: set[str] = set()  # .env and env_file files read for variables and settings
        self.top = self._top_files([name for name, _ in files])
        self._note_layers()
        self.directory = posixpath.dirname(self.top[0]) if self.top else ""
        self.env = self._env_file(self._find(posixpath.join(self.directory, ".env")))
        # profiles turned on for a plain "docker compose up" (COMPOSE_PROFILES in the .env)
        self.active_profiles = {p.strip() for p in self.env.get("COMPOSE_PROFILES", "").split(",") if p.strip()}
        self.services = self._model(self.top, self.env, None, ())

    def _note_layers(self) -> None:
        """Several files of one folder merged (other than a file and its override): say so, since
        a folder may hold alternatives (``docker-compose.minimal.yml``) rather than layers."""
        by_folder: dict[str, list[str]] = {}
        for name in self.top:
            if ".override." not in posixpath.basename(name):
                by_folder.setdefault(posixpath.dirname(name), []).append(name)
        for names in by_folder.values():
            if len(names) > 1:
                command = "docker compose -f " + " -f ".join(names)
                self.unresolved.other.append(
                    _(
                        "%(files)s were read as one system, merged in that order as `%(command)s` would merge them. "
                        "If they are alternatives rather than layers of one set-up, import the one you run on its own.",
                        files=_listing(names),
                        command=command,
                    )
                )

    def optional(self, service: dict) -> list[str]:
        """The profiles a service waits for; empty when a plain ``docker compose up`` starts it."""
        profiles = [str(p) for p in service.get("profiles") or ()]
        if not profiles or "*" in self.active_profiles or set(profiles) & self.active_profiles:
            return []
        return profiles

    # ---- finding files among the inputs

    def _find(self, path: str | None, besides: str | None = None) -> str | None:
        """The input a path names; given one by one, files are found by bare name (never
        ``besides``, the file that names it: ``include: [sub/compose.yaml]`` is another file)."""
        if not path:
            return None
        path = posixpath.normpath(path)
        if path in self.docs or path in self.raw:
            return path
        if self.flat:
            base = posixpath.basename(path)
            if (base in self.docs or base in self.raw) and base != besides:
                return base
        return None

    def _doc(self, name: str) -> dict | None:
        if name in self.docs:
            return self.docs[name]
        data = self.raw.get(name)
        if data is None:
            return None
        try:
            documents = load_yaml_documents(data.decode("utf-8", "replace"), name, self.limits)
        except EvidenceError as error:
            problem = error.message.removeprefix(f"{name}: ")
            self.unresolved.other.append(
                _(
                    "%(file)s could not be read as a compose file (%(problem)s), so what it defines is not seen.",
                    file=name,
                    problem=problem,
                )
            )
            documents = []
        doc = documents[0] if documents and isinstance(documents[0], dict) else None
        self.docs[name] = doc or {}
        return doc

    def settings_file(self, name: str | None) -> bytes | None:
        """An ``.env`` or ``env_file`` among the inputs (None: not given); noted as read."""
        data = self.raw.get(name) if name else None
        if name and data is not None:
            self.settings_files.add(name)
        return data

    def _env_file(self, name: str | None, environment: Mapping[str, str] | None = None) -> dict[str, str]:
        data = self.settings_file(name)
        return read_env_file(data, environment) if data is not None else {}

    @staticmethod
    def _resolve(base: str, path: str) -> str:
        return posixpath.normpath(posixpath.join(base, path)) if not path.startswith("/") else path

    # ---- which files start the project

    def _references(self, name: str, doc: dict, env: Mapping[str, str]) -> set[str]:
        base = posixpath.dirname(name)
        found: set[str | None] = set()
        for entry in as_list(doc.get("include")):
            for path in _include_paths(entry):
                found.add(self._find(self._resolve(base, substitute(str(path), env, [])), name))
        for service in services_of(doc).values():
            extends = service.get("extends") if isinstance(service, dict) else None
            if isinstance(extends, dict) and extends.get("file"):
                found.add(self._find(self._resolve(base, substitute(str(extends["file"]), env, [])), name))
        return {target for target in found if target and target != name}

    def _top_files(self, order: list[str]) -> list[str]:
        if not order:
            return []
        env = self._env_file(self._find(posixpath.join(posixpath.dirname(order[0]), ".env")))
        referenced: set[str] = set()
        for name in dict.fromkeys(order):
            referenced |= self._references(name, self.docs[name], env)
        top = [name for name in dict.fromkeys(order) if name not in referenced]
        return _overrides_last(top or order[:1])

    # ---- reading

    def _model(
        self, names: list[str], env: Mapping[str, str], working_dir: str | None, stack: tuple[str, ...]
    ) -> dict[str, dict]:
        """Files merged as ``-f`` merges them, then their includes: name -> service."""
        merged: dict[str, dict] = {}
        for name in names:
            doc = self._doc(name) or {}
            base = working_dir if working_dir is not None else posixpath.dirname(name)
            file_env = env if working_dir is not None else self._folder_env(base, env)
            for service_name, raw in services_of(doc).items():
                service_name = str(service_name)
                if raw is RESET:
                    merged.pop(service_name, None)
                    continue
                replace = isinstance(raw, Override)
                raw = raw.value if replace else raw
                spec = self._service(name, doc, service_name, raw or {}, file_env, base, ())
                if replace or service_name not in merged:
                    merged[service_name] = {
                        k: v.value if isinstance(v, Override) else v for k, v in spec.items() if v is not RESET
                    }
                else:
                    merged[service_name] = merge(merged[service_name], spec)
        for name in names:
            doc = self._doc(name) or {}
            base = working_dir if working_dir is not None else posixpath.dirname(name)
            file_env = env if working_dir is not None else self._folder_env(base, env)
            for entry in as_list(doc.get("include")):
                self._include(name, entry, file_env, base, merged, stack + tuple(names))
        return merged

    def _folder_env(self, folder: str, project_env: Mapping[str, str]) -> Mapping[str, str]:
        """The variables for a given file: the project's, or, for a file in another folder (a
        project started on its own from there), the .env beside it when it has one."""
        if folder == self.directory:
            return project_env
        name = self._find(posixpath.join(folder, ".env"))
        return self._env_file(name) if name and posixpath.dirname(name) == folder else project_env

    def _include(
        self, file: str, entry: Any, env: Mapping[str, str], base: str, merged: dict[str, dict], stack: tuple[str, ...]
    ) -> None:
        paths = [substitute(str(p), env, []) for p in _include_paths(entry)]
        found = []
        for path in paths:
            target = self._find(self._resolve(base, path), file)
            if target is None:
                self.unresolved.missing_file("include", path, file)
            elif target not in stack:
                found.append(target)
        if not found:
            return
        settings = entry if isinstance(entry, dict) else {}
        directory = settings.get("project_directory")
        project_dir = (
            self._resolve(base, substitute(str(directory), env, [])) if directory else posixpath.dirname(found[0])
        )
        env_files = [self._resolve(base, substitute(str(e), env, [])) for e in as_list(settings.get("env_file"))]
        included_env = dict(env)
        for path in env_files or [posixpath.join(project_dir, ".env")]:
            name = self._find(path)
            if name is None and env_files:
                self.unresolved.missing_file("env_file", path, file)
            for key, value in self._env_file(name, included_env).items():
                included_env.setdefault(key, value)
        for service_name, spec in self._model(found, included_env, project_dir, stack).items():
            if service_name in merged:
                self.unresolved.other.append(
                    _(
                        "%(service)s is defined both in %(files)s and in %(included)s, which it includes; compose "
                        "refuses such a project, and only the first definition is read here.",
                        service=service_name,
                        files=", ".join(merged[service_name]["_files"]),
                        included=", ".join(spec["_files"]),
                    )
                )
            else:
                merged[service_name] = spec

    def _service(
        self,
        file: str,
        doc: dict,
        name: str,
        raw: dict,
        env: Mapping[str, str],
        base: str,
        chain: tuple[tuple[str, str], ...],
    ) -> dict:
        """One service of one file, normalised, with what it extends merged beneath it."""
        spec = normalise(raw, file, name, env, base, self)
        spec["_files"] = [file]
        extends = raw.get("extends")
        if isinstance(extends, Override):
            extends = extends.value
        if not extends:
            return spec
        if isinstance(extends, str):
            extends = {"service": extends}
        if not isinstance(extends, dict) or not extends.get("service"):
            return spec
        parent_name = substitute(str(extends["service"]), env, [])
        parent_file, parent_doc, parent_base = file, doc, base
        if extends.get("file"):
            path = substitute(str(extends["file"]), env, [])
            found = self._find(self._resolve(base, path), file)
            if found is None:
                self.unresolved.missing_file("extends", path, name)
                return spec
            parent_file, parent_doc = found, self._doc(found) or {}
            parent_base = posixpath.dirname(found)
        key = (parent_file, parent_name)
        parent_raw = services_of(parent_doc).get(parent_name)
        if key in chain or (parent_file == file and parent_name == name):
            self.unresolved.other.append(
                _(
                    "%(service)s (%(file)s) extends a service that extends it in turn; such a loop cannot be read, "
                    "so what it inherits is not seen.",
                    service=name,
                    file=file,
                )
            )
            return spec
        if not isinstance(parent_raw, dict):
            self.unresolved.other.append(
                _(
                    "%(service)s (%(file)s) extends %(parent)s, which %(parent_file)s does not define, so the "
                    "settings it inherits are not seen.",
                    service=name,
                    file=file,
                    parent=parent_name,
                    parent_file=parent_file,
                )
            )
            return spec
        parent = self._service(parent_file, parent_doc, parent_name, parent_raw, env, parent_base, chain + (key,))
        return merge(parent, spec)


def _overrides_last(names: list[str]) -> list[str]:
    """``compose.override.yaml`` after ``compose.yaml`` (as ``docker compose`` pairs them when
    no ``-f`` is given), whatever order a folder listed them in; other files keep their order."""
    ordered = [n for n in names if ".override." not in posixpath.basename(n)]
    for name in names:
        if name in ordered:
            continue
        folder, base = posixpath.split(name)
        stem, _sep, ext = base.partition(".override.")
        pair = next(
            (
                n
                for n in ordered
                if posixpath.split(n)[0] == folder
                and posixpath.basename(n) in (f"{stem}.{ext}", f"{stem}.yml", f"{stem}.yaml")
            ),
            None,
        )
        ordered.insert(ordered.index(pair) + 1 if pair else len(ordered), name)
    return ordered


def _include_paths(entry: Any) -> list:
    if isinstance(entry, dict):
        return as_list(entry.get("path"))
    return [entry] if isinstance(entry, (str, int, float)) else []
