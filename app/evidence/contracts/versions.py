"""Which contracts are versions of one another, and what broke from each version to the next.

**In one import.** Contracts with the same identity are versions of one contract: OpenAPI
documents with the same ``info.title``; .proto files with the same package and file name
(``before/orders.proto`` and ``after/orders.proto``). A group is put in order by the first of
these that tells every version apart:

1. the OpenAPI ``info.version`` (``2.3.0`` < ``2.10``);
2. a version in the file's path: a folder or file name such as ``v2/``, ``orders-2.3.yaml``;
3. the words of its folders: ``before``, ``old``, ``previous``, ``base`` come before
   ``after``, ``new``, ``current``, ``head``;
4. otherwise the order in which the files were given.

Each version is compared with the one before it.

**In a repository's history.** :func:`breaks_over_history` takes the successive versions of one
contract file, oldest first, as ``(commit, date, text)``, and compares each with the one before.
A version that cannot be read is noted and the next one is compared with the last one read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import EvidenceError
from ..limits import Limits
from ..yaml_documents import load_yaml_documents
from .compare import Break, breaks_between
from .openapi import read_openapi, recognises
from .protobuf import looks_like_proto, read_proto
from .surface import Contract, ContractProblem

_NUMBER = re.compile(r"(?<![a-z])v?(\d+(?:[._]\d+)*)(?![a-z])", re.IGNORECASE)
_EARLY = {"before", "old", "older", "previous", "prev", "base", "from", "was", "original"}
_LATE = {"after", "new", "newer", "current", "head", "next", "to", "now", "changed"}


@dataclass(slots=True)
class Step:
    """One version of a contract compared with the one before it."""

    before: Contract
    after: Contract
    breaks: list[Break]
    commit: str | None = None  # in a history: the commit that made ``after``
    date: str | None = None

    @property
    def label(self) -> str:
        """How the new version is named to people: its version, commit or file."""
        if self.commit:
            return self.commit[:10]
        return version_label(self.after, self.before)


@dataclass(slots=True)
class ContractHistory:
    """The versions of one contract file in a repository's history, compared one after another."""

    file: str
    steps: list[Step] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # "commit: problem"
    first_date: str | None = None
    last_date: str | None = None

    @property
    def changes(self) -> int:
        return len(self.steps)

    @property
    def breaking(self) -> list[Step]:
        return [step for step in self.steps if step.breaks]


def version_label(contract: Contract, other: Contract | None = None) -> str:
    """'2.3.0' when the versions differ, else the file's path."""
    if contract.version and (other is None or other.version != contract.version):
        return contract.version
    return contract.file


def _numbers(text: str) -> tuple[int, ...] | None:
    found = _NUMBER.findall(text)
    if not found:
        return None
    return tuple(int(part) for part in re.split(r"[._]", found[-1]) if part.isdigit())


def _stage(path: str) -> int | None:
    words = set(re.split(r"[/_\-. ]+", path.lower()))
    if words & _EARLY:
        return 0
    if words & _LATE:
        return 1
    return None


def _order(group: list[Contract]) -> list[Contract]:
    keys: tuple[Callable[[Contract], Any], ...] = (
        lambda c: _numbers(c.version or "") if c.version else None,
        lambda c: _numbers(c.file.rsplit(".", 1)[0]),
        lambda c: _stage(c.file),
    )
    for key in keys:
        values = [key(contract) for contract in group]
        if all(v is not None for v in values) and len(set(values)) == len(values):
            ranked = sorted(range(len(group)), key=lambda i: values[i])
            return [group[i] for i in ranked]
    return group


def versions_in_import(contracts: Sequence[Contract]) -> list[list[Contract]]:
    """Groups of two or more versions of one contract, each oldest first."""
    groups: dict[tuple[str, str], list[Contract]] = {}
    for contract in contracts:
        groups.setdefault(contract.identity, []).append(contract)
    return [_order(group) for group in groups.values() if len(group) > 1]


def steps_in_import(contracts: Sequence[Contract]) -> list[Step]:
    """Each version in the import compared with the one before it."""
    steps = []
    for group in versions_in_import(contracts):
        for before, after in zip(group, group[1:], strict=False):
            steps.append(Step(before, after, breaks_between(before.surface, after.surface)))
    return steps


def read_contract(file: str, text: str, files: Mapping[str, bytes] | None = None) -> Contract:
    """One contract from its text, whichever format it is; ContractProblem if it is none or broken."""
    if file.endswith(".proto") or looks_like_proto(text):
        return read_proto(file, text)
    try:
        documents = [d for d in load_yaml_documents(text, file, Limits()) if d is not None]
    except EvidenceError as error:
        raise ContractProblem(error.problem) from None
    if not recognises(documents):
        raise ContractProblem("is not an OpenAPI document or .proto file")
    return read_openapi(file, documents[0], files)


def breaks_over_history(file: str, versions: Sequence[tuple[str, str, str]]) -> ContractHistory:
    """Each version of one contract file (``(commit, date, text)``, oldest first) compared with
    the one before it."""
    history = ContractHistory(file)
    before: Contract | None = None
    for commit, date, text in versions:
        try:
            contract = read_contract(file, text)
        except ContractProblem as problem:
            history.unreadable.append(f"{commit[:10]}: {problem}")
            continue
        history.first_date = history.first_date or date
        history.last_date = date
        if before is not None:
            history.steps.append(Step(before, contract, breaks_between(before.surface, contract.surface), commit, date))
        before = contract
    return history
