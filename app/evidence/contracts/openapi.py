"""OpenAPI 2.0 (Swagger) and 3.x contracts, in YAML or JSON, read into a :class:`Contract`.

``$ref`` is resolved by ``jsonref``, lazily: a reference is followed only when the walk reaches
it, and a schema already on the way down (a tree of comments, each with its replies) is not
entered again, so circular references end. References are followed within the file and to other
files of the same import (``schemas/order.yaml#/Order``); never to the network or to the disk.

What counts for callers (``surface.py``): each method on each path; its parameters (name, place,
type, required, enum values); the fields of its request body; the 2xx (and ``default``)
responses and their fields, nested fields named by their path (``items[].sku``). ``allOf``
parts are merged; ``oneOf`` and ``anyOf`` alternatives are read together, their type left open.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

import jsonref

from ..errors import EvidenceError
from ..limits import Limits
from ..yaml_documents import load_yaml_documents
from .surface import INPUT, OPERATION, OUTPUT, RESPONSE, Contract, ContractProblem, Item, versioned_paths

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
MAX_DEPTH = 24  # nesting of fields followed in one schema
_BASE = "file:///"
_TEMPLATE = re.compile(r"\{[^}/]*\}")
_JSON_MEDIA = re.compile(r"json", re.IGNORECASE)


def recognises(documents: list[Any]) -> bool:
    """One document with ``openapi: 3.x`` or ``swagger: "2.0"``, and paths or info."""
    if len(documents) != 1 or not isinstance(documents[0], dict):
        return False
    doc = documents[0]
    marker = str(doc.get("openapi") or doc.get("swagger") or "")
    return bool(re.match(r"^(2\.0|3\.\d)", marker)) and ("paths" in doc or "info" in doc)


def _loader(files: Mapping[str, bytes]):
    """Other files of the import, by their path; anything else is refused."""

    def load(uri: str) -> Any:
        if not uri.startswith(_BASE):
            raise ContractProblem(f"refers to {uri}, which is not read: only the files given are")
        path = posixpath.normpath(uri[len(_BASE) :])
        if path not in files:
            raise ContractProblem(f"refers to {path}, which is not among the files given")
        try:
            documents = load_yaml_documents(files[path].decode("utf-8", "replace"), path, Limits())
        except EvidenceError as error:
            raise ContractProblem(f"refers to {path}, which could not be read ({error.problem})") from None
        return documents[0] if documents else None

    return load


def _shown_ref(error: Exception) -> str:
    text = str(error)
    found = re.search(r"`([^`]*)`", text)
    where = found.group(1) if found else text
    return where.split("#", 1)[-1] if where.startswith(_BASE) else where


class _Reader:
    def __init__(self, contract: Contract) -> None:
        self.contract = contract
        self.where = ""

    def schema_fields(
        self, schema: Any, key: str, shown: str, role: str, depth: int, refs: frozenset, parent: str | None = None
    ) -> None:
        """Each property of a schema (and of its arrays' items), nested ones named by their path;
        ``parent``: the item they belong to (``key`` unless that is an array's items)."""
        schema, refs = _enter(schema, refs)
        if schema is None or depth > MAX_DEPTH:
            return
        properties, required = _properties(schema, refs)
        for name, sub in properties.items():
            field_key, field_shown = f"{key}.{name}", f"{shown}{name}"
            self.contract.add(
                field_key,
                Item(
                    role,
                    self.where,
                    field_shown,
                    type_of(sub),
                    name in required,
                    enum_of(sub),
                    parent=parent or key,
                ),
            )
            self.schema_fields(sub, field_key, field_shown + ".", role, depth + 1, refs)
        items = schema.get("items") if schema.get("type") == "array" else None
        if items is not None:
            self.schema_fields(items, key + "[]", shown.rstrip(".") + "[].", role, depth + 1, refs, parent or key)

    def operation(self, method: str, path: str, op: Any, shared: list[Any], swagger: bool) -> None:
        if not isinstance(op, Mapping):
            raise ContractProblem(f"the operation {method.upper()} {path} is not a map")
        self.where = f"{method.upper()} {path}"
        key = f"{method.upper()} {_TEMPLATE.sub('{}', path)}"
        self.contract.add(key, Item(OPERATION, self.where))
        params = {}
        for param in list(shared) + list(_listed(op.get("parameters"), f"{self.where} parameters")):
            param, _ = _enter(param, frozenset())
            if isinstance(param, Mapping) and "name" in param:
                params[(str(param.get("in")), str(param["name"]))] = param
        templated = _TEMPLATE.findall(path)
        for (place, name), param in params.items():
            # A path parameter is its place in the path: /orders/{id} and /orders/{orderId} are one.
            slot = str(templated.index(f"{{{name}}}")) if f"{{{name}}}" in templated else name
            if place == "body":  # Swagger 2: the request body is a parameter
                self.schema_fields(param.get("schema"), f"{key} request", "", INPUT, 0, frozenset())
                continue
            shape = param.get("schema", param)
            self.contract.add(
                f"{key} parameter {place}:{slot if place == 'path' else name}",
                Item(
                    INPUT,
                    self.where,
                    f"{name} ({place})",
                    type_of(shape),
                    place == "path" or bool(param.get("required")),
                    enum_of(shape),
                    key,
                ),
            )
        body, _ = _enter(op.get("requestBody"), frozenset())
        if isinstance(body, Mapping):
            self.schema_fields(_media_schema(body), f"{key} request", "", INPUT, 0, frozenset())
        responses, _ = _enter(op.get("responses"), frozenset())
        for status, answer in (responses or {}).items() if isinstance(responses, Mapping) else ():
            if not (str(status).startswith("2") or str(status) == "default"):
                continue
            answer, _ = _enter(answer, frozenset())
            response_key = f"{key} response {status}"
            self.contract.add(response_key, Item(RESPONSE, self.where, str(status), parent=key))
            if isinstance(answer, Mapping):
                schema = answer.get("schema") if swagger else _media_schema(answer)
                self.schema_fields(schema, response_key, "", OUTPUT, 0, frozenset())


def _listed(value: Any, where: str) -> list[Any]:
    if isinstance(value, jsonref.JsonRef):
        value = value.__subject__
    if value is None:
        return []
    if not isinstance(value, list):
        raise ContractProblem(f"the parameters of {where} are not a list")
    return value


def _enter(node: Any, refs: frozenset) -> tuple[Any, frozenset]:
    """A node with its reference followed: (None, refs) for one already being walked (circular)."""
    if isinstance(node, jsonref.JsonRef):
        ref = node.__reference__.get("$ref")
        if ref in refs:
            return None, refs
        refs = refs | {ref}
        node = node.__subject__
    return (node if isinstance(node, Mapping) else None), refs


def _properties(schema: Mapping, refs: frozenset) -> tuple[dict[str, Any], set[str]]:
    """Properties and required names, with allOf parts merged and oneOf/anyOf alternatives added."""
    properties: dict[str, Any] = {}
    required: set[str] = set()
    own = schema.get("properties")
    if isinstance(own, Mapping):
        properties.update(own)
    if isinstance(schema.get("required"), list):
        required.update(str(name) for name in schema["required"])
    for combiner in ("allOf", "oneOf", "anyOf"):
        for part in schema.get(combiner) or () if isinstance(schema.get(combiner), list) else ():
            part, inner = _enter(part, refs)
            if part is None:
                continue
            more, needed = _properties(part, inner)
            for name, sub in more.items():
                properties.setdefault(name, sub)
            if combiner == "allOf":
                required |= needed
    return properties, required


def type_of(schema: Any) -> str | None:
    """'integer', 'string', 'array of string', 'object'; None where it is left open."""
    schema, _ = _enter(schema, frozenset())
    if schema is None:
        return None
    kind = schema.get("type")
    if isinstance(kind, list):
        named = sorted(str(k) for k in kind if k != "null")
        kind = named[0] if len(named) == 1 else None
    if kind == "array":
        inner = type_of(schema.get("items"))
        return f"array of {inner}" if inner else "array"
    if isinstance(kind, str):
        return kind
    if "properties" in schema or "allOf" in schema:
        return "object"
    return None


def enum_of(schema: Any) -> frozenset[str] | None:
    schema, _ = _enter(schema, frozenset())
    values = schema.get("enum") if schema is not None else None
    return frozenset(str(v) for v in values) if isinstance(values, list) else None


def _media_schema(holder: Mapping) -> Any:
    """The schema of the JSON media type of a request body or response (else the first one)."""
    content, _ = _enter(holder.get("content"), frozenset())
    if content is None:
        return None
    media = sorted(content, key=lambda name: not _JSON_MEDIA.search(str(name)))
    for name in media:
        chosen, _ = _enter(content[name], frozenset())
        if chosen is not None:
            return chosen.get("schema")
    return None


def _hosts(doc: Mapping) -> tuple[list[str], str]:
    """Server host names, and the base path they share (for the version check)."""
    if doc.get("swagger"):
        host = str(doc.get("host") or "")
        return ([host.split(":")[0]] if host else []), str(doc.get("basePath") or "")
    hosts, bases = [], set()
    for server in doc.get("servers") or () if isinstance(doc.get("servers"), list) else ():
        url = str(server.get("url", "")) if isinstance(server, Mapping) else ""
        parts = urlsplit(url)
        if parts.hostname and "{" not in parts.hostname:
            hosts.append(parts.hostname)
        bases.add(parts.path)
    return hosts, (bases.pop() if len(bases) == 1 else "")


def _operations(doc: Mapping) -> Iterator[tuple[str, str, Any, list[Any]]]:
    paths, _ = _enter(doc.get("paths"), frozenset())
    if doc.get("paths") is not None and paths is None:
        raise ContractProblem("its 'paths' is not a map of paths to operations")
    for path, entry in (paths or {}).items():
        entry, _ = _enter(entry, frozenset())
        if entry is None:
            raise ContractProblem(f"the path {path} is not a map of methods to operations")
        shared = _listed(entry.get("parameters"), str(path))
        for method in METHODS:
            if method in entry:
                yield method, str(path), entry[method], shared


def read_openapi(file: str, document: Any, files: Mapping[str, bytes] | None = None) -> Contract:
    """The contract of one OpenAPI document; ContractProblem when it cannot be read."""
    try:
        doc = jsonref.replace_refs(
            document, base_uri=_BASE + file, loader=_loader(files or {}), lazy_load=True, proxies=True
        )
        info = doc.get("info") if isinstance(doc.get("info"), Mapping) else {}
        title = str(info.get("title") or posixpath.basename(file).rsplit(".", 1)[0])
        version = str(info["version"]) if info.get("version") is not None else None
        contract = Contract(file, "openapi", title, version)
        contract.hosts, base = _hosts(doc)
        reader = _Reader(contract)
        paths = []
        for method, path, op, shared in _operations(doc):
            paths.append(path)
            reader.operation(method, path, op, shared, bool(doc.get("swagger")))
        contract.versioned = versioned_paths(paths, base)
        return contract
    except jsonref.JsonRefError as error:
        cause = error.cause if isinstance(getattr(error, "cause", None), ContractProblem) else None
        if cause is not None:
            raise cause from None
        raise ContractProblem(f"its $ref {_shown_ref(error)} points at nothing in the files given") from None
    except RecursionError:
        raise ContractProblem("its $refs nest too deeply to follow") from None
