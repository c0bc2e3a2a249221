"""Which service a changed file belongs to: folders mapped to services.

One repository per service (several histories given): the repository is the service, named
after the repository (or the export's folder or file name). One repository holding several
services (a monorepo), in this order, the first rule that names a folder wins:

1. **given**: ``FOLDER=NAME`` overrides (the command line's ``--service``);
2. **compose build context**: a compose service's ``build`` folder;
3. **image or name**: a Kubernetes or compose workload whose image's last name part
   (``gcr.io/shop/cartservice:1.2`` -> ``cartservice``) or own name is the name of a folder in the
   history (the shallowest such folder);
4. **Dockerfile**: a folder holding a Dockerfile (in the files given or in the history) is a
   service, named after its folder, or after the workload of the same name (a folder called
   ``src``, ``docker`` and the like stands for its parent: ``src/cart/src/Dockerfile`` -> ``src/cart``);
5. **top-level folder**, only when no deployment file was given: each other top-level folder
   (each folder under ``src/``, ``services/``, ``apps/`` ... in ``src/<name>/`` style monorepos)
   is a service, except folders whose names say they are something else: shared code or
   contracts (``lib``, ``common``, ``shared``, ``proto``, ``schema`` ...) and documentation,
   deployment, build and test folders.

A file under several mapped folders belongs to the deepest one. Files under no mapped folder
are counted as not mapped, by their area (top-level folder, or ``src/<name>``), so that shared
folders changed alongside many services can be named.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field

from .aliases import name_key
from .history_log import History

CONTAINER_FOLDERS = frozenset({"src", "services", "service", "apps", "applications", "cmd", "packages", "components"})
SHARED_FOLDERS = frozenset(
    {
        "lib",
        "libs",
        "common",
        "shared",
        "share",
        "core",
        "proto",
        "protos",
        "protobuf",
        "pb",
        "schema",
        "schemas",
        "contracts",
        "api",
        "apis",
        "idl",
        "pkg",
        "internal",
        "util",
        "utils",
        "sdk",
    }
)
NOT_SERVICES = frozenset(
    {
        "docs",
        "doc",
        "documentation",
        "deploy",
        "deployment",
        "deployments",
        "k8s",
        "kubernetes",
        "kubernetes-manifests",
        "kustomize",
        "helm",
        "helm-chart",
        "charts",
        "terraform",
        "infra",
        "infrastructure",
        "release",
        "scripts",
        "script",
        "tools",
        "hack",
        "bin",
        "build",
        "ci",
        "config",
        "configs",
        "test",
        "tests",
        "e2e",
        "examples",
        "samples",
        "assets",
        "static",
        "skaffold",
        "istio-manifests",
    }
)
GENERIC_FOLDERS = frozenset({"src", "docker", "build", "app", "main", "deploy", "dockerfiles"})


@dataclass(frozen=True, slots=True)
class Workload:
    """What the deployment files say of one application: its name, image and build folder."""

    name: str
    image: str | None = None
    build: str | None = None


@dataclass(slots=True)
class Mapping:
    """Folders -> services for one repository; ``by`` says which rule named each folder."""

    roots: dict[str, str] = field(default_factory=dict)  # folder ("" for the whole repository) -> service
    by: dict[str, str] = field(default_factory=dict)  # folder -> rule

    def add(self, folder: str, service: str, rule: str) -> None:
        folder = folder.strip("/")
        if folder not in self.roots:
            self.roots[folder] = service
            self.by[folder] = rule

    def service_of(self, path: str) -> str | None:
        if "" in self.roots:
            return self.roots[""]
        folder = posixpath.dirname(path)
        while folder:
            if folder in self.roots:
                return self.roots[folder]
            folder = posixpath.dirname(folder)
        return None

    def shown(self) -> list[dict[str, str]]:
        return [
            {"folder": folder or ".", "service": service, "by": self.by[folder]}
            for folder, service in sorted(self.roots.items())
        ]


def area(path: str) -> str:
    """Where an unmapped file lives: its top-level folder, or ``src/<name>``; '' for a root file."""
    parts = path.split("/")[:-1]
    if not parts:
        return ""
    if parts[0].lower() in CONTAINER_FOLDERS and len(parts) > 1:
        return "/".join(parts[:2])
    return parts[0]


def may_be_shared(folder: str) -> bool:
    """Whether an unmapped area could hold code or contracts several services use: not the
    repository's root, not a container of services (``src``), and not a folder whose name says it
    holds documentation, deployment, build or test files (each service's own manifest in
    ``kubernetes-manifests/`` changes with that service; that is no shared code)."""
    if not folder:
        return False
    name = posixpath.basename(folder).lower()
    return name not in NOT_SERVICES and not (name in CONTAINER_FOLDERS and "/" not in folder)


def image_name(image: str) -> str:
    """``gcr.io/shop/cartservice:1.2@sha256:...`` -> ``cartservice``."""
    last = image.split("@", 1)[0].rsplit("/", 1)[-1]
    return last.split(":", 1)[0]


def is_dockerfile(path: str) -> bool:
    name = posixpath.basename(path).lower()
    return name == "dockerfile" or name.startswith("dockerfile.") or name.endswith(".dockerfile")


def _folders(paths: Iterable[str]) -> dict[str, list[str]]:
    """name key of a folder's last part -> the folders of that name, shallowest first."""
    found: set[str] = set()
    for path in paths:
        folder = posixpath.dirname(path)
        while folder and folder not in found:
            found.add(folder)
            folder = posixpath.dirname(folder)
    named: dict[str, list[str]] = {}
    for folder in sorted(found, key=lambda f: (f.count("/"), f)):
        named.setdefault(name_key(posixpath.basename(folder)), []).append(folder)
    return named


def _covered(mapping: Mapping, folder: str) -> bool:
    return any(folder == root or folder.startswith(root + "/") for root in mapping.roots)


def _dockerfile_service(folder: str, workloads: dict[str, str]) -> tuple[str, str]:
    """The service folder of a Dockerfile's folder (``src/cart/src`` -> ``src/cart``), and its name."""
    parts = folder.split("/")
    while len(parts) > 1 and parts[-1].lower() in GENERIC_FOLDERS:
        parts.pop()
    name = parts[-1]
    return "/".join(parts), workloads.get(name_key(name), name)


def map_repository(
    history: History,
    workloads: list[Workload],
    files: Iterable[str] = (),
    overrides: dict[str, str] | None = None,
) -> Mapping:
    """The folders of one repository (a monorepo) mapped to services, by the rules above."""
    mapping = Mapping()
    for folder, name in (overrides or {}).items():
        mapping.add(folder, name, "given")
    for workload in workloads:
        if workload.build and not workload.build.startswith(("http", "git@", "/", "the project folder")):
            folder = workload.build.split(" with ", 1)[0]
            if folder not in ("", ".") and not folder.startswith(".."):
                mapping.add(folder, workload.name, "compose build context")
    named = _folders(history.paths)
    for workload in workloads:
        keys = [name_key(workload.name), name_key(image_name(workload.image)) if workload.image else ""]
        for key in dict.fromkeys(k for k in keys if k):
            folders = [f for f in named.get(key, []) if not _covered(mapping, f)]
            if folders:
                mapping.add(folders[0], workload.name, "image name" if workload.image else "workload name")
                break
    by_name = {name_key(w.name): w.name for w in workloads}
    dockerfiles = sorted({posixpath.dirname(p) for p in [*files, *history.paths] if is_dockerfile(p)})
    for folder in dockerfiles:
        if folder and not _covered(mapping, folder):
            mapping.add(*_dockerfile_service(folder, by_name), "Dockerfile")
    if not workloads:
        _by_top_folder(mapping, history.paths)
    return mapping


def _by_top_folder(mapping: Mapping, paths: Iterable[str]) -> None:
    """Each top-level folder (``src/<name>``) is a service, unless its name says otherwise or a
    folder in it, or around it, is mapped already."""
    areas = {area(path) for path in paths}
    for folder in sorted(a for a in areas if a):
        if _covered(mapping, folder) or any(root.startswith(folder + "/") for root in mapping.roots):
            continue
        name = posixpath.basename(folder)
        if name.lower() in SHARED_FOLDERS or name.lower() in NOT_SERVICES or name.lower() in CONTAINER_FOLDERS:
            continue
        mapping.add(folder, name, "top-level folder")
