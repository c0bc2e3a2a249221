"""The OpenAPI document as a page (/api): its operations, parameters, answers, documents and
examples, read from the same document the API serves, so the page can't say otherwise. Text in
`backticks` is shown as code; everything else is escaped."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

METHODS = ("get", "post", "put", "patch", "delete")
TYPES = {
    "string": "text",
    "integer": "whole number",
    "number": "number",
    "boolean": "true or false",
    "object": "object",
}


def prose(text: str | None) -> Markup:
    """Escaped text, with `code` spans."""
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(text or ""))))


def ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[1]


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    required: bool
    description: Markup


@dataclass(frozen=True)
class Example:
    title: str
    text: str


@dataclass(frozen=True)
class Body:
    status: str
    description: Markup
    media: str | None = None
    schema: str | None = None  # the name of a schema of the document, or a type in words
    headers: tuple[Field, ...] = ()
    examples: tuple[Example, ...] = ()


@dataclass(frozen=True)
class Operation:
    id: str
    method: str
    path: str
    summary: str
    description: Markup
    access: Markup
    parameters: tuple[Field, ...]
    request: Body | None
    responses: tuple[Body, ...]


@dataclass(frozen=True)
class Schema:
    name: str
    description: Markup
    intro: Markup
    fields: tuple[Field, ...]


@dataclass
class Page:
    title: str
    summary: str
    description: Markup
    sections: list[tuple[str, Markup, list[Operation]]] = field(default_factory=list)
    schemas: list[Schema] = field(default_factory=list)


def kind_of(schema: dict[str, Any]) -> str:
    """A schema's type in words: "text", "list of Client", "one of: yes, no", "whole number or null"."""
    if "$ref" in schema:
        return ref_name(schema["$ref"])
    if "const" in schema:
        return f"always {json.dumps(schema['const'])}"
    if "enum" in schema:
        return "one of: " + ", ".join("null" if v is None else str(v) for v in schema["enum"])
    for combined in ("anyOf", "oneOf"):
        if combined in schema:
            return " or ".join(kind_of(option) for option in schema[combined])
    types = schema.get("type", "any value")
    words = [
        "null"
        if t == "null"
        else (f"list of {kind_of(schema.get('items', {}))}" if t == "array" else TYPES.get(t, str(t)))
        for t in (types if isinstance(types, list) else [types])
    ]
    if isinstance(schema.get("additionalProperties"), dict):
        words = [w.replace("object", f"object of {kind_of(schema['additionalProperties'])} by name") for w in words]
    return " or ".join(words)


def fields_of(schema: dict[str, Any], prefix: str = "", depth: int = 0) -> list[Field]:
    """The fields of an object, and of the objects in it (`candidates[].name`)."""
    found = []
    required = set(schema.get("required", ()))
    for name, part in schema.get("properties", {}).items():
        found.append(Field(prefix + name, kind_of(part), name in required, prose(part.get("description"))))
        inner = part.get("items", {}) if "array" in str(part.get("type")) else part
        if depth < 2 and "properties" in inner:
            suffix = "[]." if inner is not part else "."
            found += fields_of(inner, f"{prefix}{name}{suffix}", depth + 1)
    return found


def _examples(content: dict[str, Any], named: dict[str, Any]) -> tuple[Example, ...]:
    found = [Example("", json.dumps(content["example"], indent=2))] if "example" in content else []
    for title, example in content.get("examples", {}).items():
        value = named[ref_name(example["$ref"])] if "$ref" in example else example
        found.append(Example(value.get("summary") or title, json.dumps(value["value"], indent=2, ensure_ascii=False)))
    return tuple(found)


def _body(status: str, body: dict[str, Any], doc: dict[str, Any]) -> Body:
    if "$ref" in body:
        body = doc["components"]["responses"][ref_name(body["$ref"])]
    headers = tuple(
        Field(
            name,
            "",
            True,
            prose(
                doc["components"]["headers"][ref_name(h["$ref"])]["description"] if "$ref" in h else h["description"]
            ),
        )
        for name, h in body.get("headers", {}).items()
    )
    contents: dict[str, dict[str, Any]] = body.get("content", {})
    media = next(iter(contents), None)
    content = contents[media] if media else {}
    schema = content.get("schema")
    return Body(
        status,
        prose(body.get("description")),
        media,
        kind_of(schema) if schema else None,
        headers,
        _examples(content, doc["components"]["examples"]),
    )


def _access(operation: dict[str, Any]) -> Markup:
    options = []
    for requirement in operation.get("security", []):
        for name, scopes in requirement.items():
            words = "a workspace API token" if name == "workspaceToken" else "the team's private link token"
            options.append(words + (f" with `{'`, `'.join(scopes)}`" if scopes else ""))
    if not options:
        return prose("Open to anyone: no token is needed.")
    return prose("Send " + ", or ".join(options) + " as `Authorization: Bearer <token>`.")


def _operation(path: str, method: str, operation: dict[str, Any], doc: dict[str, Any]) -> Operation:
    parameters = tuple(
        Field(
            p["name"],
            f"{kind_of(p['schema'])}, in the {p['in']}",
            p.get("required", False),
            prose(p.get("description")),
        )
        for p in (
            doc["components"]["parameters"][ref_name(q["$ref"])] if "$ref" in q else q
            for q in operation.get("parameters", [])
        )
    )
    request = operation.get("requestBody")
    return Operation(
        operation["operationId"],
        method.upper(),
        path,
        operation["summary"],
        prose(operation.get("description")),
        _access(operation),
        parameters,
        _body("request", {"description": "", **request}, doc) if request else None,
        tuple(_body(status, body, doc) for status, body in operation["responses"].items()),
    )


def page_of(doc: dict[str, Any]) -> Page:
    info = doc["info"]
    page = Page(info["title"], info["summary"], prose(info.get("description")))
    for tag in doc["tags"]:
        operations = [
            _operation(path, method, operation, doc)
            for path, item in doc["paths"].items()
            for method, operation in item.items()
            if method in METHODS and tag["name"] in operation.get("tags", ())
        ]
        page.sections.append((tag["name"], prose(tag.get("description")), operations))
    for name, schema in doc["components"]["schemas"].items():
        parts = schema.get("allOf", [])
        intro = ", ".join(ref_name(p["$ref"]) for p in parts if "$ref" in p)
        choices = ", ".join(ref_name(p["$ref"]) for p in schema.get("oneOf", []))
        fields = [f for p in (schema, *parts) for f in fields_of(p)]
        if intro:
            intro = f"Everything in {intro}, and:"
        elif choices:
            intro = f"One of: {choices}."
        elif not fields:
            intro = f"{kind_of(schema).capitalize()}."
        description = prose(schema.get("description") or schema.get("title"))
        page.schemas.append(Schema(name, description, prose(intro), tuple(fields)))
    return page
