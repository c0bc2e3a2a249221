"""Helm chart and Kustomize sources: recognised, and refused with the command that renders them.

Neither is what Kubernetes runs. A Helm chart is templates (``{{ .Values.x }}``) plus the
values filled into them; a Kustomization lists other files and the changes to make to them.
Reading either as it stands would give wrong answers (a template's YAML is not even valid),
so each is refused with :class:`Unrecognised`, whose message names the one command that turns
it into plain manifests. Every file of a chart gets the same message (:func:`helm_problem`);
in a folder, :func:`per_chart` then says it once per chart, with the chart's own folder in the
command, and lists the chart's other files as part of it.

* templates are found cheaply, before any YAML parsing: a ``{{ ... }}`` action that uses one
  of Helm's built-in objects (``.Values``, ``.Release``, ``.Chart``...) or ``include``.
  Other ``{{`` text (a Prometheus alert template inside a ConfigMap) is left alone, unless
  the file then fails to parse as YAML: then it is a template too. Prose files (``.md``,
  ``.rst``...) that quote templates are not taken for them.
* ``Chart.yaml``: one map with ``apiVersion`` v1/v2, ``name`` and ``version``, and no ``kind``.
* a values file: named ``values.yaml`` (or ``values-prod.yaml``...) holding settings and no
  Kubernetes objects. Only the refusal's wording depends on the name.
* a Kustomization: ``apiVersion: kustomize.config.k8s.io/...`` or ``kind: Kustomization``
  (or ``Component``), or a file named ``kustomization.yaml`` / without ``kind`` whose
  ``resources``, ``bases`` or ``components`` are lists of paths.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

from app.language import _

from .errors import Unrecognised

HELM_COMMAND = "helm template <release-name> <chart-folder> > manifests.yaml"
KUSTOMIZE_COMMAND = "kubectl kustomize <folder> > manifests.yaml"

_HELM_WORDS = re.compile(
    r"\.(?:Values|Release|Chart|Capabilities|Files|Template)\b"
    r"|\b(?:include|required|tpl|toYaml|nindent)\b"
)
_ACTION = re.compile(r"\{\{-?[^{}]*\}\}")
_OPENS_TEMPLATE = re.compile(rb"(?:\xef\xbb\xbf)?\s*\{\{")
_DOCUMENTATION = re.compile(r"\.(?:md|markdown|mdx|rst|adoc|asciidoc|html?)$", re.IGNORECASE)
_VALUES_NAME = re.compile(r"^values(?:[-_.][\w.-]+)?\.ya?ml$", re.IGNORECASE)
_KUSTOMIZATION_NAMES = {"kustomization.yaml", "kustomization.yml", "kustomization"}
_KUSTOMIZE_LISTS = ("resources", "bases", "components")
_KUSTOMIZE_ONLY = (
    "patchesStrategicMerge",
    "patchesJson6902",
    "configMapGenerator",
    "secretGenerator",
    "namePrefix",
    "nameSuffix",
    "commonLabels",
)


def helm_problem(chart_folder: str = "<chart-folder>") -> str:
    """Why a file of a Helm chart is not read, and the command that renders the chart."""
    return _(
        "is part of a Helm chart: the templates and settings Helm turns into Kubernetes objects, "
        "not the objects themselves, so it cannot be read as it is. Render the chart first: run "
        "`%(command)s` (adding `-f <values-file>` for the values you deploy with) and upload "
        "manifests.yaml instead",
        command=HELM_COMMAND.replace("<chart-folder>", chart_folder),
    )


def kustomize_problem(folder: str | None = None) -> str:
    """Why a Kustomize file is not read, and the command that builds it (in ``folder``, if known)."""
    if folder is None:
        return _(
            "is a Kustomize file: a list of other files and the changes to make to them, not the "
            "Kubernetes objects themselves. Build it first: run `%(command)s` on the folder "
            "that holds it and upload manifests.yaml instead",
            command=KUSTOMIZE_COMMAND,
        )
    return _(
        "is a Kustomize file: a list of other files and the changes to make to them, not the "
        "Kubernetes objects themselves. Build it first: run `%(command)s` and upload manifests.yaml instead",
        command=KUSTOMIZE_COMMAND.replace("<folder>", folder),
    )


def _chart_root(file: str, charts: list[str]) -> str:
    """The folder of the chart a file belongs to: the deepest folder with a Chart.yaml above it,
    else the folder above ``templates/``, else the file's own folder."""
    owners = [root for root in charts if file == root or file.startswith(f"{root}/") or not root]
    if owners:
        return max(owners, key=len)
    folder = posixpath.dirname(file)
    parts = folder.split("/")
    return "/".join(parts[: parts.index("templates")]) if "templates" in parts else folder


def per_chart(reasons: list[tuple[str, str]]) -> list[str]:
    """The reasons of a folder's skipped files, with Helm and Kustomize named once per chart or folder.

    ``reasons`` are (file, reason) in listing order. The first file of each chart keeps the
    whole explanation, with the chart's folder in the command; the chart's other files point to
    it. A Kustomization's command names its own folder.
    """
    helm, kustomize = helm_problem(), kustomize_problem()  # as the files were refused, in this language
    charts = [
        posixpath.dirname(file)
        for file, reason in reasons
        if reason == helm and posixpath.basename(file).lower() == "chart.yaml"
    ]
    explained: dict[str, str] = {}
    out = []
    for file, reason in reasons:
        if reason == helm:
            root = _chart_root(file, charts)
            if root in explained:
                reason = (
                    _("is part of the Helm chart in %(folder)s: see %(file)s", folder=root, file=explained[root])
                    if root
                    else _("is part of the Helm chart in the top folder: see %(file)s", file=explained[root])
                )
            else:
                explained[root] = file
                reason = helm_problem(root or ".")
        elif reason == kustomize:
            reason = kustomize_problem(posixpath.dirname(file) or ".")
        out.append(reason)
    return out


def _has_helm_action(text: str) -> bool:
    """A ``{{ ... }}`` that uses Helm's objects or functions, or a ``{{/* comment */}}``.

    Each action is looked at once, from its ``{{`` to the next ``}}``: linear in the text, and
    skipped at once when no Helm word appears anywhere.
    """
    if "{{" not in text:
        return False
    if "{{/*" in text or "{{- /*" in text:
        return True
    if not _HELM_WORDS.search(text):
        return False
    start = text.find("{{")
    while start != -1:
        end = text.find("}}", start + 2)
        if end == -1:
            return False
        action = text[start + 2 : end]
        if action.lstrip("- ").startswith("/*") or _HELM_WORDS.search(action):
            return True
        start = text.find("{{", end + 2)
    return False


def opens_with_template(data: bytes) -> bool:
    """Text whose first characters are ``{{``: a template, never JSON (JSON quotes its first key)."""
    return _OPENS_TEMPLATE.match(data) is not None


def _documentation(file: str) -> bool:
    """A README or other prose (it may quote templates; it is no chart)."""
    return bool(_DOCUMENTATION.search(file))


def check_template(text: str, file: str) -> None:
    """Refuse a Helm template before its YAML is parsed (cheap: one pass over its actions)."""
    if not _documentation(file) and _has_helm_action(text):
        raise Unrecognised(file, helm_problem())


def check_unparsable_template(text: str, file: str) -> None:
    """Called when the text is not valid YAML: if Go template actions are why, say so."""
    if "{{" in text and not _documentation(file) and _ACTION.search(text):
        raise Unrecognised(file, helm_problem())


def _is_chart(doc: dict) -> bool:
    return (
        "kind" not in doc
        and doc.get("apiVersion") in ("v1", "v2")
        and isinstance(doc.get("name"), str)
        and "version" in doc
    )


def _paths(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value)


def is_kustomization(doc: Any, file: str = "") -> bool:
    """A Kustomize file (kustomization.yaml or a Component), never a Kubernetes object."""
    if not isinstance(doc, dict):
        return False
    api = doc.get("apiVersion")
    if isinstance(api, str) and api.startswith("kustomize.config.k8s.io/"):
        return True
    if doc.get("kind") in ("Kustomization", "Component") and not isinstance(doc.get("spec"), dict):
        return api is None or (isinstance(api, str) and api.startswith("kustomize."))
    if "kind" in doc or "apiVersion" in doc:
        return False
    named = posixpath.basename(file.replace("\\", "/")).lower() in _KUSTOMIZATION_NAMES
    lists = any(_paths(doc.get(key)) for key in _KUSTOMIZE_LISTS)
    return lists and (
        named
        or any(key in doc for key in _KUSTOMIZE_ONLY)
        or set(doc) <= {*_KUSTOMIZE_LISTS, *_KUSTOMIZE_ONLY, "namespace", "patches", "images", "replicas"}
    )


def _is_values_file(documents: list[Any], file: str) -> bool:
    name = posixpath.basename(file.replace("\\", "/"))
    return bool(_VALUES_NAME.match(name)) and all(isinstance(doc, dict) and "kind" not in doc for doc in documents)


def check_documents(documents: list[Any], file: str) -> None:
    """Refuse a Chart.yaml, a chart's values file or a Kustomization, once parsed."""
    if len(documents) == 1 and isinstance(documents[0], dict) and _is_chart(documents[0]):
        raise Unrecognised(file, helm_problem())
    if any(is_kustomization(doc, file) for doc in documents):
        raise Unrecognised(file, kustomize_problem())
    if _is_values_file(documents, file):
        raise Unrecognised(file, helm_problem())
