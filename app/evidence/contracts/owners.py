"""Whose contract it is, and who calls it.

A contract is served by the application whose name matches, in this order:

1. a folder on the contract's path (``orders/api/openapi.yaml``, ``services/orders/orders.proto``);
2. an OpenAPI server's host name, resolved as settings' host names are;
3. the OpenAPI title (``Orders API``; or its last words: ``Acme Orders API``), the proto
   package's parts (``shop.orders.v1``) or a proto service's name (``OrderService``). A .proto
   file that declares several services (``CartService``, ``CurrencyService``) is served by each
   application they match.

Names match when they are the same once lower-cased, stripped of ``-``, ``_``, ``.`` and spaces,
of an ``api``, ``service``, ``svc`` or ``server`` at the end, and of a plural ``s``. Its callers
are the services with a ``call`` edge to it: calls seen in traces, URLs in configuration.
"""

from __future__ import annotations

import re

from ..inventory import Inventory
from ..model import Edge
from .surface import Contract

_NOT_NAME = re.compile(r"[^a-z0-9]")
_ENDINGS = ("service", "server", "api", "svc", "grpc", "http", "rest")


def key(name: str) -> str:
    """A name as matching sees it: 'Orders API' -> 'order', 'order-service' -> 'order'."""
    text = _NOT_NAME.sub("", name.lower())
    changed = True
    while changed:
        changed = False
        for ending in _ENDINGS:
            if text.endswith(ending) and len(text) > len(ending):
                text, changed = text[: -len(ending)], True
    return text[:-1] if text.endswith("s") and len(text) > 3 else text


def _candidates(contract: Contract, inventory: Inventory) -> list[list[str]]:
    folders = contract.file.split("/")[:-1]
    found: list[list[str]] = [list(reversed(folders))]
    resolved = [name for host in contract.hosts for name in inventory.resolve(host) or ()]
    found.append(resolved)
    words = contract.name.split()
    names = [" ".join(words[start:]) for start in range(len(words))]  # "Spring PetClinic", "PetClinic"
    if contract.format == "protobuf":
        names = [part for part in contract.name.split(" ")[0].split(".") if not re.fullmatch(r"v\d+\w*", part)]
        names = list(reversed(names)) + contract.services
    found.append(names)
    return found


def _match(name: str, inventory: Inventory, apps: dict[str, str]) -> str | None:
    if name in inventory.nodes and inventory.nodes[name].is_application:
        return name
    found = key(name)
    return apps.get(found) if found and found not in _ENDINGS else None  # "API" alone names nothing


def serving(contract: Contract, inventory: Inventory) -> list[str]:
    """The applications that serve the contract: [] when no name matches one."""
    apps = {key(node.name): node.name for node in inventory.applications()}
    if len(contract.services) > 1:
        several = [found for name in contract.services if (found := _match(name, inventory, apps))]
        if several:
            return sorted(set(several))
    for names in _candidates(contract, inventory):
        for name in names:
            found = _match(name, inventory, apps)
            if found:
                return [found]
    return []


def callers(services: list[str], edges: list[Edge]) -> list[str]:
    """The services seen calling any of ``services`` (traces, URLs in settings); one serving a part of a
    shared contract may call another part."""
    targets = set(services)
    return sorted(
        {
            e.source_node
            for e in edges
            if e.kind == "call" and e.target in targets and e.counts and e.source_node != e.target
        }
    )
