"""Reading YAML safely: bounded nesting, bounded document count, bounded aliases.

The file is read twice. The first pass walks the parser's events only (no
objects are built): it counts nesting and documents, and notes whether the
file uses aliases (``*name``). A file without aliases is then loaded with the
safe loader (no Python tags), which is given a known-shallow input.

Anchors, aliases and ``<<`` merge keys are expanded as compose expands them
(``x-logging: &logging`` ... ``logging: *logging``). An alias costs nothing to
load, since the loader shares the one value, but every later walk of the
document meets it in full, so what is bounded is the *expanded* size: each
document's node graph is composed first and its expanded node count and depth
are worked out with one visit per distinct node. A "billion laughs" file (nine
aliases of nine aliases of ...) is refused there, in milliseconds, before any
value is built; so is an alias that contains itself.

The compose tags ``!reset`` and ``!override`` are understood: they come back
as :data:`RESET` and :class:`Override` for the compose merge to act on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from app.language import _, number

from .errors import EvidenceError
from .limits import Limits

_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Reset:
    """Marks a compose value that an override file removes (``!reset``)."""

    def __repr__(self) -> str:
        return "RESET"


RESET = _Reset()


@dataclass(frozen=True, slots=True)
class Override:
    """A compose value that replaces, instead of merging with, the earlier one."""

    value: Any


class _Loader(_BASE_LOADER):  # type: ignore[misc, valid-type]
    """The safe loader plus the two compose merge tags."""


def _construct_reset(loader: _Loader, node: yaml.Node) -> _Reset:
    return RESET


def _construct_override(loader: _Loader, node: yaml.Node) -> Override:
    if isinstance(node, yaml.MappingNode):
        return Override(loader.construct_mapping(node, deep=True))
    if isinstance(node, yaml.SequenceNode):
        return Override(loader.construct_sequence(node, deep=True))
    return Override(loader.construct_scalar(node))


_Loader.add_constructor("!reset", _construct_reset)
_Loader.add_constructor("!override", _construct_override)

_OPENERS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSERS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _not_valid(file: str, error: yaml.YAMLError, problem: str) -> EvidenceError:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is None:
        return EvidenceError(file, _("is not valid YAML: %(problem)s", problem=problem))
    return EvidenceError(
        file,
        _(
            "is not valid YAML at line %(line)s, column %(column)s: %(problem)s",
            line=mark.line + 1,
            column=mark.column + 1,
            problem=problem,
        ),
    )


def _too_deep(file: str, limits: Limits, line: object) -> EvidenceError:
    return EvidenceError(
        file,
        _(
            "nests lists and maps more than %(most)s levels deep (line %(line)s); real configuration files are far "
            "shallower, so the file was refused",
            most=limits.max_depth,
            line=line,
        ),
    )


# An expanded document may hold this many values (lists, maps and scalars), or four
# times the values written in it, whichever is more.
EXPANSION_FLOOR = 250_000
EXPANSION_FACTOR = 4


def _check_events(text: str, file: str, limits: Limits) -> bool:
    """Nesting and document count within the limits; True when the text uses aliases."""
    depth = 0
    documents = 0
    aliases = False
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, _OPENERS):
            depth += 1
            if depth > limits.max_depth:
                raise _too_deep(file, limits, event.start_mark.line + 1 if event.start_mark else "?")
        elif isinstance(event, _CLOSERS):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent):
            aliases = True
        elif isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > limits.max_documents:
                raise EvidenceError(
                    file,
                    _(
                        "holds more than %(most)s YAML documents, more than this importer reads from one file",
                        most=limits.max_documents,
                    ),
                )
    return aliases


class _Expansion:
    """Expanded size and depth of a composed node graph, one visit per distinct node."""

    def __init__(self, file: str, limits: Limits) -> None:
        self.file, self.limits = file, limits
        self.known: dict[int, tuple[int, int]] = {}  # id(node) -> (expanded values, depth)
        self.open: set[int] = set()

    def measure(self, node: yaml.Node, level: int = 1) -> tuple[int, int]:
        key = id(node)
        if key in self.open:
            if node.start_mark:
                raise EvidenceError(
                    self.file,
                    _(
                        "has a YAML alias that contains itself at line %(line)s; such a value never ends, so the "
                        "file was refused",
                        line=node.start_mark.line + 1,
                    ),
                )
            raise EvidenceError(
                self.file, _("has a YAML alias that contains itself; such a value never ends, so the file was refused")
            )
        known = self.known.get(key)
        if known is None:
            self.open.add(key)
            size, depth = 1, 0
            if isinstance(node, yaml.MappingNode):
                children = [part for pair in node.value for part in pair]
            elif isinstance(node, yaml.SequenceNode):
                children = list(node.value)
            else:
                children = []
            for child in children:
                child_size, child_depth = self.measure(child, level + 1)
                size += child_size
                depth = max(depth, child_depth)
            self.open.discard(key)
            known = self.known[key] = (size, depth + 1 if children else 0)
        if level - 1 + known[1] > self.limits.max_depth:
            raise _too_deep(self.file, self.limits, node.start_mark.line + 1 if node.start_mark else "?")
        return known


def _expanded_documents(text: str, file: str, limits: Limits) -> list[Any]:
    """Load a text that uses aliases, refusing documents that expand beyond the bound."""
    loader = _Loader(text)
    documents = []
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is None:
                continue
            expansion = _Expansion(file, limits)
            size, _depth = expansion.measure(node)
            bound = max(EXPANSION_FLOOR, EXPANSION_FACTOR * len(expansion.known))
            if size > bound:
                raise EvidenceError(
                    file,
                    _(
                        "uses YAML aliases (values written once and repeated by *name) that expand to %(size)s "
                        "values, more than the %(bound)s this importer reads from one file; real configuration "
                        "files are far smaller, so the file was refused",
                        size=number(size),
                        bound=number(bound),
                    ),
                )
            documents.append(loader.construct_document(node))
    finally:
        loader.dispose()
    return documents


def load_yaml_documents(text: str, file: str, limits: Limits) -> list[Any]:
    """All documents of a YAML text, or EvidenceError naming what is wrong."""
    try:
        if _check_events(text, file, limits):
            return _expanded_documents(text, file, limits)
        return list(yaml.load_all(text, Loader=_Loader))
    except EvidenceError:
        raise
    except yaml.YAMLError as error:
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        if "nesting depth" in problem:  # libyaml's own guard fired first
            mark = getattr(error, "problem_mark", None)
            raise _too_deep(file, limits, mark.line + 1 if mark else "?") from None
        raise _not_valid(file, error, problem) from None
    except (ValueError, TypeError, RecursionError) as error:
        raise EvidenceError(file, _("could not be read as YAML: %(problem)s", problem=error)) from None
