"""What a contract promises its callers, flattened into items a comparison can match.

Each format's reader (``openapi.py``, ``protobuf.py``) turns one contract into a
:class:`Contract` whose ``surface`` maps a stable key to an :class:`Item`: an operation or call,
a parameter, a field of a request or a response, a message, a field by its number, an enum and its
values. Keys stay the same across versions when the thing is the same (a path's parameter names
do not count: ``/orders/{id}`` and ``/orders/{orderId}`` are one path), so comparing two versions
is comparing two dictionaries (``compare.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Roles of an item: what it is to a caller.
OPERATION = "operation"  # an OpenAPI method on a path
RESPONSE = "response"  # one status an operation answers with
INPUT = "input"  # a parameter or request body field the caller sends
OUTPUT = "output"  # a response field the caller reads
MESSAGE = "message"  # a protobuf message
FIELD = "field"  # a protobuf message field, keyed by its number
ENUM = "enum"  # a protobuf enum (its values in ``values``)
SERVICE = "service"  # a protobuf service
RPC = "rpc"  # a protobuf service's call

MAX_ITEMS = 50_000  # items in one contract: far more than any real API, bounded for hostile input
_VERSION_IN_PATH = re.compile(r"(^|/)v\d+([.\-_]\d+)*(/|$)", re.IGNORECASE)
_VERSION_IN_PACKAGE = re.compile(r"(^|\.)v\d+((alpha|beta)\d*)?(\.|$)", re.IGNORECASE)


class ContractProblem(ValueError):
    """A contract that cannot be read: the problem in plain words, without the file name."""


@dataclass(frozen=True, slots=True)
class Item:
    role: str
    where: str  # as shown to people: "GET /orders/{id}", "Order", "OrderService.GetOrder"
    name: str = ""  # the parameter or field as shown: "limit (query)", "items[].sku", "total"
    type: str | None = None
    required: bool = False
    values: frozenset[str] | None = None  # the enum values, where the item has them
    parent: str | None = None  # the key of the item it belongs to (operation, message)


@dataclass(slots=True)
class Contract:
    """One contract file read: what it is called, its version, and what it promises."""

    file: str
    format: str  # "openapi" or "protobuf"
    name: str  # the OpenAPI title, or the proto package (with the file name when it has none)
    version: str | None = None  # OpenAPI info.version; protobuf files have none
    surface: dict[str, Item] = field(default_factory=dict)
    versioned: bool = False  # a version in every path (/v1/) or in the package (orders.v1)
    hosts: list[str] = field(default_factory=list)  # host names of the OpenAPI servers
    services: list[str] = field(default_factory=list)  # proto service names

    @property
    def identity(self) -> tuple[str, str]:
        """Versions of one contract share this: the format and the name."""
        return self.format, self.name.strip().lower()

    def add(self, key: str, item: Item) -> None:
        if len(self.surface) >= MAX_ITEMS:
            raise ContractProblem(f"describes more than {MAX_ITEMS:,} operations, fields and values")
        self.surface.setdefault(key, item)


def versioned_paths(paths: list[str], base: str = "") -> bool:
    """Whether every path (or the base path they share) carries a version: /v1/, /v2.1/."""
    if base and _VERSION_IN_PATH.search(base):
        return True
    return bool(paths) and all(_VERSION_IN_PATH.search(path) for path in paths)


def versioned_package(package: str) -> bool:
    """Whether a proto package carries a version: orders.v1, google.pubsub.v1beta2."""
    return bool(_VERSION_IN_PACKAGE.search(package))
