"""One part under two names, as shown: ``front-end`` in a compose file and ``frontend`` in a trace.

Names of the same kind of part (services, data stores, brokers) that differ only in capitals
and separators (``-``, ``_``, ``.``) are shown as one part. The name kept is the one the
configuration gives (traces only see what a service calls itself), else the first. The
analysis itself is left as read: this is how the document is shown (graph, counts, lists).
"""

from __future__ import annotations

import copy
import re
from typing import Any

KINDS = ("services", "datastores", "brokers")
_SEPARATORS = re.compile(r"[-_.]+")


def name_key(name: str) -> str:
    """``Front_End`` and ``front-end`` give the same key: lower case, no separators."""
    return _SEPARATORS.sub("", name.casefold())


def _kept_first(parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A configured part before one only the traces name, otherwise as listed."""
    return sorted(parts, key=lambda part: set(part.get("sources") or ()) <= {"traces"})


def _merge_kind(parts: list[dict[str, Any]], renamed: dict[str, str]) -> tuple[list[dict[str, Any]], list[dict]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for part in parts:
        groups.setdefault(name_key(str(part.get("name"))), []).append(part)
    shown, merged = [], []
    for part in parts:
        group = groups[name_key(str(part.get("name")))]
        if len(group) == 1:
            shown.append(part)
            continue
        kept, *others = _kept_first(group)
        if part is not kept:
            continue
        kept = dict(kept)
        kept["sources"] = sorted({s for p in group for s in (p.get("sources") or ())})
        if "used_by" in kept:
            kept["used_by"] = sorted({u for p in group for u in (p.get("used_by") or ())})
        names = [str(o.get("name")) for o in others if o.get("name") != kept.get("name")]
        renamed.update({name: str(kept.get("name")) for name in names})
        shown.append(kept)
        if names:
            merged.append({"name": kept.get("name"), "also": names})
    return shown, merged


def _merge_edges(edges: list[dict[str, Any]], renamed: dict[str, str]) -> list[dict[str, Any]]:
    """Edges between the names shown; two that become the same are one, their counts added."""
    out: dict[tuple[str, str, str], dict[str, Any]] = {}
    for edge in edges:
        source = renamed.get(str(edge.get("from")), edge.get("from"))
        target = renamed.get(str(edge.get("to")), edge.get("to"))
        key = (str(source), str(target), str(edge.get("kind")))
        if source == target != edge.get("from"):
            continue  # between two names of one part: not a link to anything else
        if key not in out:
            out[key] = {**edge, "from": source, "to": target}
        elif edge.get("count") is not None:
            out[key]["count"] = (out[key].get("count") or 0) + edge["count"]
    return list(out.values())


def merge_aliases(doc: dict[str, Any]) -> dict[str, Any]:
    """The document as shown: parts named alike merged, edges and users renamed to match, and
    ``merged_names`` listing each name kept with the names it took in (the input is unchanged)."""
    shown = copy.deepcopy(doc)
    renamed: dict[str, str] = {}
    merged: list[dict] = []
    for kind in KINDS:
        if kind in shown:
            shown[kind], found = _merge_kind(list(shown[kind]), renamed)
            merged += found
    if not renamed:
        return {**shown, "merged_names": []}
    for store in shown.get("datastores", []) + shown.get("brokers", []):
        if "used_by" in store:
            store["used_by"] = sorted({renamed.get(u, u) for u in store["used_by"]})
    shown["edges"] = _merge_edges(list(shown.get("edges") or ()), renamed)
    shown["merged_names"] = merged
    return shown
