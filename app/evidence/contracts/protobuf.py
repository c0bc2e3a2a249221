"""``.proto`` files (proto2 and proto3), parsed by ``proto-schema-parser``, read into a :class:`Contract`.

What counts for callers (``surface.py``): each message (nested ones named ``Order.Item``), each of
its fields by number (name, type, label), each enum and its values, each service and each of its
calls with the message it takes and returns. Types are compared by the name written in the file,
without the package.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

from antlr4.error.ErrorListener import ErrorListener
from proto_schema_parser import ast
from proto_schema_parser.parser import Parser

from .surface import ENUM, FIELD, MESSAGE, RPC, SERVICE, Contract, ContractProblem, Item, versioned_package

_COMMENTS = re.compile(r"\s*(//[^\n]*(\n|$)|/\*.*?\*/)", re.DOTALL)
_OPENING = re.compile(
    r"""(syntax|edition)\s*=\s*["']|(package|import)\s+[\w."'/\-]+\s*;|(message|service|enum)\s+\w+\s*\{"""
)


def looks_like_proto(text: str) -> bool:
    """Whether a text opens (after comments) as a .proto file does: syntax, package, import, message..."""
    head = text[:4096]
    pos = 0
    while True:
        comment = _COMMENTS.match(head, pos)
        if not comment:
            break
        pos = comment.end()
    return bool(_OPENING.match(head, pos + len(head[pos:]) - len(head[pos:].lstrip())))


class _Refuse(ErrorListener):
    """Stops the parse at the first syntax error, instead of printing it and carrying on."""

    def syntaxError(self, recognizer, offendingSymbol, line, column, msg, e):  # noqa: N802, N803
        raise ContractProblem(f"is not a valid .proto file: line {line}, column {column + 1}: {msg}")


def _quiet(part: Any) -> None:
    part.removeErrorListeners()
    part.addErrorListener(_Refuse())


def _type(name: str, package: str) -> str:
    name = name.lstrip(".")
    return name[len(package) + 1 :] if package and name.startswith(package + ".") else name


class _Reader:
    def __init__(self, contract: Contract, package: str) -> None:
        self.contract, self.package = contract, package

    def enum(self, enum: ast.Enum, prefix: str) -> None:
        name = prefix + enum.name
        values = frozenset(v.name for v in enum.elements if isinstance(v, ast.EnumValue))
        self.contract.add(f"enum {name}", Item(ENUM, name, name, values=values))

    def message(self, message: ast.Message, prefix: str) -> None:
        name = prefix + message.name
        key = f"message {name}"
        self.contract.add(key, Item(MESSAGE, name, name))
        for element in message.elements:
            self.element(element, name, key)

    def element(self, element: Any, message: str, key: str) -> None:
        if isinstance(element, ast.Field):
            label = element.cardinality.value.lower() if element.cardinality else ""
            kind = _type(element.type, self.package)
            shown = f"{label} {kind}".strip() if label in ("repeated",) else kind
            self.field(message, key, element.number, element.name, shown, label == "required")
        elif isinstance(element, ast.MapField):
            kind = f"map<{_type(element.key_type, self.package)}, {_type(element.value_type, self.package)}>"
            self.field(message, key, element.number, element.name, kind, False)
        elif isinstance(element, ast.OneOf):
            for inner in element.elements:
                self.element(inner, message, key)
        elif isinstance(element, ast.Group):
            self.field(message, key, element.number, element.name, "group", False)
        elif isinstance(element, ast.Message):
            self.message(element, message + ".")
        elif isinstance(element, ast.Enum):
            self.enum(element, message + ".")

    def field(self, message: str, key: str, number: int, name: str, kind: str, required: bool) -> None:
        self.contract.add(f"field {message} #{number}", Item(FIELD, message, name, kind, required, parent=key))

    def service(self, service: ast.Service) -> None:
        key = f"service {service.name}"
        self.contract.add(key, Item(SERVICE, service.name, service.name))
        self.contract.services.append(service.name)
        for method in service.elements:
            if isinstance(method, ast.Method):
                signature = f"{_stream(method.input_type, self.package)} -> {_stream(method.output_type, self.package)}"
                call = f"{service.name}.{method.name}"
                self.contract.add(f"rpc {call}", Item(RPC, call, call, signature, parent=key))


def _stream(message: ast.MessageType, package: str) -> str:
    return ("stream " if message.stream else "") + _type(message.type, package)


def read_proto(file: str, text: str) -> Contract:
    """The contract of one .proto file; ContractProblem when it is not valid."""
    try:
        parsed = Parser(setup_lexer=_quiet, setup_parser=_quiet).parse(text)
    except RecursionError:
        raise ContractProblem("nests too deeply to read") from None
    package = next((e.name for e in parsed.file_elements if isinstance(e, ast.Package)), "")
    stem = posixpath.basename(file).rsplit(".", 1)[0]
    contract = Contract(file, "protobuf", f"{package} {stem}".strip() if package else stem)
    contract.versioned = versioned_package(package)
    reader = _Reader(contract, package)
    for element in parsed.file_elements:
        if isinstance(element, ast.Message):
            reader.message(element, "")
        elif isinstance(element, ast.Enum):
            reader.enum(element, "")
        elif isinstance(element, ast.Service):
            reader.service(element)
    return contract
