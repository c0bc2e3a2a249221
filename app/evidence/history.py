"""Histories in an import: read from a ``git log`` export or a repository, mapped, measured.

``history_log`` reads the text, ``history_git`` runs git on a repository, ``history_services``
maps folders to services and ``history_coupling`` measures what changed together. This module
joins them for ``document.analyse``: one history is one repository, mapped folder by folder
(a monorepo); several histories are one repository per service, each named after its repository
(the folder the export was found in, else the export's file name without its extension), unless
an override names it.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Any

from .history_coupling import DAY, CoChange, measure, repository_entry
from .history_log import History
from .history_services import Mapping, Workload, map_repository
from .inventory import Inventory


@dataclass(frozen=True, slots=True)
class HistoryOptions:
    """``window``: seconds within which changes in different repositories count as together.
    ``services``: overrides, folder (or repository name) -> service name."""

    window: int = DAY
    services: dict[str, str] = field(default_factory=dict)


def repository_name(file: str) -> str:
    """``orders/history.txt`` -> ``orders``; ``billing.log`` -> ``billing``; ``/src/shop/`` -> ``shop``."""
    path = file.replace("\\", "/").rstrip("/")
    folder, name = posixpath.split(path)
    if folder and "." in name:
        return posixpath.basename(folder)
    return name.split(".", 1)[0] if "." in name and not name.startswith(".") else name


def workloads_of(inventory: Inventory) -> list[Workload]:
    return [
        Workload(node.name, node.workload.image or node.image, node.workload.build)
        for node in inventory.applications()
        if node.workload
    ]


def co_change(
    histories: list[History], inventory: Inventory, files: list[str], options: HistoryOptions
) -> tuple[CoChange, dict[str, dict[str, Any]]]:
    """What changed together, and per history the entry ``inputs`` shows (window and mapping)."""
    mapped: list[tuple[History, Mapping]] = []
    if len(histories) == 1:
        mapped.append((histories[0], map_repository(histories[0], workloads_of(inventory), files, options.services)))
    else:
        for history in histories:
            name = history.repository or repository_name(history.name)
            mapping = Mapping()
            mapping.add("", options.services.get(name, options.services.get(history.name, name)), "repository")
            mapped.append((history, mapping))
    result = measure(mapped, options.window)
    return result, {history.name: repository_entry(history, mapping) for history, mapping in mapped}
