"""What a pod's containers are told: env values, references, envFrom sources and mounted files.

ConfigMaps and Secrets are kept in an :class:`ObjectStore` as they are read; a
:class:`ContainerReader` then resolves each container's ``env`` values, ``valueFrom``
references (``configMapKeyRef``, ``secretKeyRef``), ``envFrom`` sources (with ``prefix``) and
the bodies of ConfigMaps and Secrets mounted as volumes into the workload's settings. Secrets
are read from ``stringData`` and base64 ``data``. ``$(VAR)`` references between variables are
expanded. A reference to an object that is not in the files is a note, unless it is optional.
"""

from __future__ import annotations

import base64
import binascii
import re

from app.language import _

from .model import Setting, Workload

_REFERENCE = re.compile(r"\$\(([A-Za-z_][A-Za-z0-9_.\-]*)\)")


def meta(obj: dict) -> tuple[str, str | None]:
    metadata = obj.get("metadata") or {}
    return str(metadata.get("name", "")), metadata.get("namespace")


def _secret_values(obj: dict) -> dict[str, str]:
    values: dict[str, str] = {}
    for key, value in (obj.get("data") or {}).items():
        try:
            values[str(key)] = base64.b64decode(str(value), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            continue
    for key, value in (obj.get("stringData") or {}).items():
        values[str(key)] = str(value)
    return values


class ObjectStore:
    """ConfigMaps and Secrets by (namespace, name), with the file each came from."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, str, str], tuple[dict[str, str], str]] = {}

    def add(self, kind: str, obj: dict, file: str) -> None:
        name, namespace = meta(obj)
        values = (
            _secret_values(obj) if kind == "secret" else {str(k): str(v) for k, v in (obj.get("data") or {}).items()}
        )
        self.entries[(kind, namespace or "", name)] = (values, file)

    def get(self, kind: str, namespace: str | None, name: str) -> tuple[dict[str, str], str] | None:
        found = self.entries.get((kind, namespace or "", name))
        if found is None:
            found = next((v for (k, _ns, n), v in self.entries.items() if k == kind and n == name), None)
        return found


class ContainerReader:
    def __init__(
        self, workload: Workload, namespace: str | None, store: ObjectStore, file: str, notes: list[str]
    ) -> None:
        self.workload, self.namespace, self.store = workload, namespace, store
        self.file, self.notes = file, notes

    def _lookup(self, kind: str, ref: dict, what: str) -> tuple[dict[str, str], str] | None:
        found = self.store.get(kind, self.namespace, str(ref.get("name", "")))
        if found is None and not ref.get("optional"):
            label = "Secret" if kind == "secret" else "ConfigMap"
            self.notes.append(
                _(
                    "%(service)s reads %(what)s from %(kind)s %(name)s, which is not in these files, so those "
                    "settings are not seen.",
                    service=self.workload.name,
                    what=what,
                    kind=label,
                    name=ref.get("name"),
                )
            )
        return found

    def read(self, container: dict) -> None:
        known: dict[str, str] = {}
        self._sources(container, known)
        self._variables(container, known)
        words = [str(part) for part in (container.get("command") or []) + (container.get("args") or [])]
        if words:
            self.workload.settings.append(Setting("command", " ".join(words), self.file, "command", True))
        for port in container.get("ports") or ():
            if isinstance(port.get("containerPort"), int):
                self.workload.ports.add(port["containerPort"])
            if port.get("name"):
                self.workload.port_names.add(str(port["name"]).lower())

    def _sources(self, container: dict, known: dict[str, str]) -> None:
        """``envFrom``: every setting of a ConfigMap or Secret, with the source's prefix."""
        for source in container.get("envFrom") or ():
            prefix = str(source.get("prefix") or "")
            for kind, key in (("configmap", "configMapRef"), ("secret", "secretRef")):
                if isinstance(source.get(key), dict):
                    found = self._lookup(kind, source[key], _("all its settings"))
                    if found:
                        values, file = found
                        for var, value in values.items():
                            self._add(prefix + var, value, file, kind, known)

    def _variables(self, container: dict, known: dict[str, str]) -> None:
        """``env``: values (``$(VAR)`` expanded from those before) and ``valueFrom`` references."""
        for item in container.get("env") or ():
            name = str(item.get("name", ""))
            if "value" in item and item["value"] is not None:
                value = _REFERENCE.sub(lambda m: known.get(m.group(1), m.group(0)), str(item["value"]))
                self._add(name, value, self.file, "environment", known)
                continue
            value_from = item.get("valueFrom") or {}
            for kind, key in (("configmap", "configMapKeyRef"), ("secret", "secretKeyRef")):
                ref = value_from.get(key)
                if isinstance(ref, dict):
                    found = self._lookup(kind, ref, name)
                    if found and str(ref.get("key")) in found[0]:
                        self._add(name, found[0][str(ref.get("key"))], found[1], kind, known)

    def _add(self, name: str, value: str, file: str, source: str, known: dict[str, str]) -> None:
        known[name] = value
        self.workload.settings.append(Setting(name, value, file, source))

    def read_volumes(self, pod: dict) -> None:
        for volume in pod.get("volumes") or ():
            sources = (("configmap", "configMap", "name"), ("secret", "secret", "secretName"))
            for kind, key, name_key in sources:
                ref = volume.get(key)
                if isinstance(ref, dict):
                    found = self._lookup(
                        kind, {"name": ref.get(name_key), "optional": ref.get("optional")}, _("mounted files")
                    )
                    if found:
                        values, file = found
                        for entry, body in values.items():
                            self.workload.settings.append(
                                Setting(f"{ref.get(name_key)}/{entry}", body, file, kind, True)
                            )


_REFERENCE_KEYS = (
    ("configMapRef", "configmap", "ConfigMap"),
    ("secretRef", "secret", "Secret"),
    ("configMapKeyRef", "configmap", "ConfigMap"),
    ("secretKeyRef", "secret", "Secret"),
)


def mounted_config(pod: dict, namespace: str | None, store: ObjectStore) -> list[str]:
    """Configuration a pod reads that these files do not show whole.

    ConfigMaps mounted as files (their bodies are read for URLs only), and ConfigMaps or
    Secrets it references (``envFrom``, ``valueFrom``, volumes) that are not in the files.
    """
    found: list[str] = []

    def note(text: str) -> None:
        if text not in found:
            found.append(text)

    for volume in pod.get("volumes") or ():
        if not isinstance(volume, dict):
            continue
        if isinstance(volume.get("configMap"), dict):
            name = str(volume["configMap"].get("name"))
            note(_("ConfigMap %(name)s mounted as files", name=name))
        if isinstance(volume.get("secret"), dict):
            name = str(volume["secret"].get("secretName"))
            if store.get("secret", namespace, name) is None and not volume["secret"].get("optional"):
                note(_("Secret %(name)s mounted as files, not in these files", name=name))
    containers = [
        c for c in list(pod.get("containers") or ()) + list(pod.get("initContainers") or ()) if isinstance(c, dict)
    ]
    for container in containers:
        refs = [source for source in container.get("envFrom") or () if isinstance(source, dict)]
        refs += [item.get("valueFrom") or {} for item in container.get("env") or () if isinstance(item, dict)]
        for holder in refs:
            for key, kind, label in _REFERENCE_KEYS:
                ref = holder.get(key) if isinstance(holder, dict) else None
                if (
                    isinstance(ref, dict)
                    and not ref.get("optional")
                    and store.get(kind, namespace, str(ref.get("name"))) is None
                ):
                    note(_("%(kind)s %(name)s, not in these files", kind=label, name=ref.get("name")))
    return found
