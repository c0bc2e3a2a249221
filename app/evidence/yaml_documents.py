"""Reading YAML safely: no aliases, bounded nesting, bounded document count.

The file is read twice. The first pass walks the parser's events only (no
objects are built): it refuses any alias (``*name``), so a "billion laughs"
file is stopped at its first alias instead of being expanded, and it counts
nesting and documents. Only a file that passes is then loaded, with the safe
loader (no Python tags), which is given a known-shallow input.

The compose tags ``!reset`` and ``!override`` are understood: they come back
as :data:`RESET` and :class:`Override` for the compose merge to act on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

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


def _where(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is None:
        return ""
    return f" at line {mark.line + 1}, column {mark.column + 1}"


def _too_deep(file: str, limits: Limits, line: object) -> EvidenceError:
    return EvidenceError(
        file,
        f"nests lists and maps more than {limits.max_depth} levels deep (line {line}); "
        "real configuration files are far shallower, so the file was refused",
    )


def _check_events(text: str, file: str, limits: Limits) -> None:
    depth = 0
    documents = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, _OPENERS):
            depth += 1
            if depth > limits.max_depth:
                raise _too_deep(file, limits, event.start_mark.line + 1 if event.start_mark else "?")
        elif isinstance(event, _CLOSERS):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent):
            line = event.start_mark.line + 1 if event.start_mark else "?"
            raise EvidenceError(
                file,
                f"uses a YAML alias (*{event.anchor}) at line {line}; aliases are refused "
                "because they can blow up to enormous sizes. Write the values out in "
                "full (for compose files, `docker compose config` prints such a version)",
            )
        elif isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > limits.max_documents:
                raise EvidenceError(
                    file,
                    f"holds more than {limits.max_documents} YAML documents, "
                    "more than this importer reads from one file",
                )


def load_yaml_documents(text: str, file: str, limits: Limits) -> list[Any]:
    """All documents of a YAML text, or EvidenceError naming what is wrong."""
    try:
        _check_events(text, file, limits)
        return list(yaml.load_all(text, Loader=_Loader))
    except EvidenceError:
        raise
    except yaml.YAMLError as error:
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        if "nesting depth" in problem:  # libyaml's own guard fired first
            mark = getattr(error, "problem_mark", None)
            raise _too_deep(file, limits, mark.line + 1 if mark else "?") from None
        raise EvidenceError(
            file, f"is not valid YAML{_where(error)}: {problem}"
        ) from None
    except (ValueError, TypeError, RecursionError) as error:
        raise EvidenceError(file, f"could not be read as YAML: {error}") from None
