"""Kubernetes manifests as workloads, with their settings resolved.

Read: Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs, CronJobs,
Pods (and anything else with a pod template), Services, ConfigMaps and
Secrets, from multi-document YAML or ``kind: List`` files.

A workload is named by its ``metadata.name``. Its settings are the
containers' ``env`` values, ``valueFrom`` references (``configMapKeyRef``,
``secretKeyRef``), ``envFrom`` sources (``configMapRef``, ``secretRef``, with
``prefix``), and the bodies of ConfigMaps and Secrets mounted as volumes.
Secrets are read from ``stringData`` and base64 ``data``, so a host hidden in
a Secret is still seen. ``$(VAR)`` references between variables are expanded.

A Service is mapped to every workload in its namespace whose pod labels
contain the Service's selector, so ``http://carts:80`` reaches the workload
behind Service ``carts``.

A cluster dump (``kubectl get deploy,rs,pod,svc -o yaml``) holds each
workload several times: the Deployment, its ReplicaSets and their Pods. They
are folded through ``metadata.ownerReferences``: an object whose owner is in
the files is part of that owner, so one Deployment is one workload. An
object whose owner is not in the files stands for that owner, once: Pods of
a missing ReplicaSet ``<deployment>-<pod-template-hash>`` are named after the
Deployment, Pods of a missing StatefulSet or Job after it. Only ``spec`` is
read, so ``status``, ``managedFields`` and the last-applied annotation change
nothing. Kustomize files are not manifests (see ``unrendered``).
"""

from __future__ import annotations

from typing import Any

from .kubernetes_settings import ContainerReader, ObjectStore, meta, mounted_config
from .model import ConfigReading, Workload
from .unrendered import is_kustomization


def recognises(documents: list[Any]) -> bool:
    objects = [doc for doc in documents if doc is not None]
    return bool(objects) and all(
        isinstance(doc, dict) and isinstance(doc.get("kind"), str) and "apiVersion" in doc and not is_kustomization(doc)
        for doc in objects
    )


def _objects(documents: list[Any]) -> list[dict]:
    found: list[dict] = []
    pending = [doc for doc in documents if isinstance(doc, dict)]
    while pending:
        doc = pending.pop(0)
        if doc.get("kind", "").endswith("List") and isinstance(doc.get("items"), list):
            pending[:0] = [item for item in doc["items"] if isinstance(item, dict)]
        else:
            found.append(doc)
    return found


def _pod_template(obj: dict) -> tuple[dict, dict] | None:
    """(pod spec, pod labels) of a workload object, or None."""
    kind = obj.get("kind")
    spec = obj.get("spec") or {}
    if kind == "Pod":
        return spec, (obj.get("metadata") or {}).get("labels") or {}
    if kind == "CronJob":
        spec = ((spec.get("jobTemplate") or {}).get("spec")) or {}
    template = spec.get("template")
    if isinstance(template, dict) and isinstance((template.get("spec") or {}).get("containers"), list):
        return template["spec"], (template.get("metadata") or {}).get("labels") or {}
    return None


_CONTROLLERS = frozenset(
    ("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob", "ReplicationController")
)


def _map(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _controller(obj: dict) -> dict | None:
    """The ownerReference of the object's controller (or its only owner), if any."""
    refs = _map(obj.get("metadata")).get("ownerReferences")
    refs = (
        [ref for ref in refs if isinstance(ref, dict) and isinstance(ref.get("kind"), str) and ref.get("name")]
        if isinstance(refs, list)
        else []
    )
    return next((ref for ref in refs if ref.get("controller") is True), refs[0] if len(refs) == 1 else None)


def _stands_for(obj: dict, ref: dict) -> tuple[str, str]:
    """(name, kind) of the workload a missing owner stands for.

    Kubernetes names a Deployment's ReplicaSet ``<deployment>-<pod-template-hash>`` and gives
    its Pods that label, so a missing ReplicaSet is told back to its Deployment.
    """
    name = str(ref["name"])
    pod_hash = _map(_map(obj.get("metadata")).get("labels")).get("pod-template-hash")
    if ref["kind"] == "ReplicaSet" and pod_hash and name.endswith(f"-{pod_hash}"):
        return name[: -len(str(pod_hash)) - 1], "Deployment"
    return name, str(ref["kind"])


def _revision(obj: dict) -> tuple[int, int]:
    """How current a copy of a workload is: its Deployment revision, then its replicas."""
    annotations = _map(_map(obj.get("metadata")).get("annotations"))
    revision = str(annotations.get("deployment.kubernetes.io/revision", "0"))
    replicas = _map(obj.get("spec")).get("replicas")
    return (int(revision) if revision.isdigit() else 0, replicas if isinstance(replicas, int) else 1)


class _Owners:
    """Which workload each object with a pod template belongs to, through ownerReferences."""

    def __init__(self, objects: list[tuple[dict, str]]) -> None:
        self.present: dict[tuple[str, str, str], dict] = {}
        for obj, _file in objects:
            name, namespace = meta(obj)
            if _pod_template(obj) is not None:
                self.present.setdefault((namespace or "", str(obj.get("kind")), name), obj)

    def _owner(self, obj: dict, ref: dict) -> dict | None:
        owner = self.present.get((meta(obj)[1] or "", str(ref["kind"]), str(ref["name"])))
        uid = _map(_map(owner).get("metadata")).get("uid")
        if owner is not None and ref.get("uid") and uid and ref["uid"] != uid:
            return None  # a namesake, not the owner
        return owner

    def workload_of(self, obj: dict) -> tuple[str, str, dict]:
        """(name, kind, top-most object in the files) of the workload an object is part of."""
        current, seen = obj, {id(obj)}
        while True:
            ref = _controller(current)
            owner = self._owner(current, ref) if ref else None
            if ref is None or (owner is None and ref["kind"] not in _CONTROLLERS):  # e.g. an operator
                return meta(current)[0], str(current.get("kind")), current
            if owner is None or id(owner) in seen:
                return (*_stands_for(current, ref), current)
            seen.add(id(owner))
            current = owner

    def representatives(self, objects: list[tuple[dict, str]]) -> list[tuple[str, str, dict, str]]:
        """(name, kind, object, file) of each workload to read, in the order first met.

        An object whose owner is in the files is read through that owner. Objects standing for
        a missing owner (the Pods of a ReplicaSet not in the dump) are read once, the most
        current copy. Objects that stand for themselves are all read, as plain manifests are.
        """
        chosen: list[tuple[str, str, dict, str]] = []
        for_missing: dict[tuple[str, str, str], int] = {}
        for obj, file in objects:
            if _pod_template(obj) is None:
                continue
            name, kind, top = self.workload_of(obj)
            if top is not obj:
                continue
            if (name, kind) == (meta(obj)[0], str(obj.get("kind"))):
                chosen.append((name, kind, obj, file))
                continue
            key = (meta(obj)[1] or "", kind, name)
            if key not in for_missing:
                for_missing[key] = len(chosen)
                chosen.append((name, kind, obj, file))
            elif _revision(obj) > _revision(chosen[for_missing[key]][2]):
                chosen[for_missing[key]] = (name, kind, obj, file)
        return chosen


def read_kubernetes(files: list[tuple[str, list[Any]]]) -> ConfigReading:
    reading = ConfigReading()
    store = ObjectStore()
    objects = _index(files, store, reading)
    labelled = _workloads(objects, store, reading)
    _services(objects, labelled, reading)
    return reading


def _index(files: list[tuple[str, list[Any]]], store: ObjectStore, reading: ConfigReading) -> list[tuple[dict, str]]:
    """Every object with its file; ConfigMaps and Secrets kept, objects counted, namespaces seen."""
    objects: list[tuple[dict, str]] = []
    for file, documents in files:
        counts: dict[str, int] = {}
        for obj in _objects(documents):
            kind = str(obj.get("kind"))
            counts[kind] = counts.get(kind, 0) + 1
            objects.append((obj, file))
            if kind in ("ConfigMap", "Secret"):
                store.add(kind.lower(), obj, file)
            _name, namespace = meta(obj)
            if namespace:
                reading.namespaces.add(str(namespace))
            if kind == "Namespace":
                reading.namespaces.add(meta(obj)[0])
        reading.counts[file] = counts
    return objects


def _workloads(
    objects: list[tuple[dict, str]], store: ObjectStore, reading: ConfigReading
) -> list[tuple[Workload, str | None, dict]]:
    """One workload per object that runs pods (owners folded), each with its namespace and pod labels."""
    labelled: list[tuple[Workload, str | None, dict]] = []
    by_name: dict[str, Workload] = {}
    for name, kind, obj, file in _Owners(objects).representatives(objects):
        pod, labels = _pod_template(obj) or ({}, {})
        namespace = meta(obj)[1]
        workload = by_name.get(name)
        if workload is None:
            workload = by_name[name] = Workload(
                name=name, origin="kubernetes", kind=kind, hostnames={name}, files=[file]
            )
            reading.workloads.append(workload)
        containers = [c for c in pod.get("containers") or () if isinstance(c, dict)]
        workload.image = workload.image or (containers[0].get("image") if containers else None)
        reader = ContainerReader(workload, namespace, store, file, reading.notes)
        for container in containers + [c for c in pod.get("initContainers") or () if isinstance(c, dict)]:
            reader.read(container)
        reader.read_volumes(pod)
        workload.mounted_config.extend(mounted_config(pod, namespace, store))
        labelled.append((workload, namespace, labels))
    return labelled


def _services(
    objects: list[tuple[dict, str]], labelled: list[tuple[Workload, str | None, dict]], reading: ConfigReading
) -> None:
    """Each Service's name as a host of the workloads its selector picks (or its ExternalName)."""
    for obj, _file in objects:
        if obj.get("kind") != "Service":
            continue
        name, namespace = meta(obj)
        spec = obj.get("spec") or {}
        if spec.get("type") == "ExternalName" and spec.get("externalName"):
            reading.aliases.setdefault(name, []).append(str(spec["externalName"]))
            continue
        selector = spec.get("selector") or {}
        if not isinstance(selector, dict) or not selector:
            continue
        for workload, ns, labels in labelled:
            same_place = not namespace or not ns or namespace == ns
            if same_place and all(labels.get(k) == v for k, v in selector.items()):
                reading.aliases.setdefault(name, []).append(workload.name)
                for port in spec.get("ports") or ():
                    if isinstance(port.get("port"), int):
                        workload.ports.add(port["port"])
                    if port.get("name"):
                        workload.port_names.add(str(port["name"]).lower())
