"""API contracts (OpenAPI 2.0 and 3.x, .proto files): what changed between versions, and whom it breaks.

* ``surface``: a contract as items a caller relies on (operations, parameters, fields, values).
* ``openapi`` / ``protobuf``: the readers (``jsonref`` resolves ``$ref``; ``proto-schema-parser``
  parses .proto files).
* ``compare``: the changes that break callers (the rules: ``signs/breaking_changes.py``).
* ``versions``: which contracts of one import are versions of one another, and the comparison of
  successive versions from a repository's history (``breaks_over_history``).
* ``repository``: the versions of contract files in a git repository.
* ``owners``: the service that serves a contract, and the services that call it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .openapi import read_openapi, recognises
from .protobuf import looks_like_proto, read_proto
from .surface import Contract, ContractProblem
from .versions import ContractHistory, Step, breaks_over_history, steps_in_import

FORMATS = ("openapi", "protobuf")


@dataclass(slots=True)
class ContractEvidence:
    """The contracts of one import, their versions compared, and any repository histories."""

    contracts: list[Contract] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    histories: list[ContractHistory] = field(default_factory=list)


def read_contracts(
    found: Sequence[tuple[str, str, list[Any]]], files: Mapping[str, bytes]
) -> tuple[list[Contract], dict[str, str]]:
    """Each ``(file, format, documents)`` read as a contract; and the problem of each that cannot be.

    ``files`` are all the files of the import by path, for references from one file to another.
    """
    contracts, problems = [], {}
    for file, kind, documents in found:
        try:
            if kind == "openapi":
                contracts.append(read_openapi(file, documents[0], files))
            else:
                contracts.append(read_proto(file, documents[0]))
        except ContractProblem as problem:
            problems[file] = str(problem)
    return contracts, problems


__all__ = [
    "FORMATS",
    "Contract",
    "ContractEvidence",
    "ContractHistory",
    "ContractProblem",
    "Step",
    "breaks_over_history",
    "looks_like_proto",
    "read_contracts",
    "recognises",
    "steps_in_import",
]
