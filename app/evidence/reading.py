"""Reading the inputs, in order: each file read by its format (``importers.read_input``), what each
folder or archive gave, and the files skipped with the reason. A folder none of whose files could be
read is refused (``Reading.check_folders``): it was likely the wrong one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from app.language import _, ngettext, number

from . import budget
from .archives import Input, expand
from .errors import EvidenceError, PartlyRead, TooLarge, Unrecognised
from .importers import InputFile, not_evidence, read_input
from .limits import Limits
from .trace_stats import TraceStats

NAMED_AS_EVIDENCE = (".yml", ".yaml", ".json", ".proto")  # broken files so named are "could not be read"


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file of a folder or archive that was not read, and why."""

    file: str
    reason: str


def checked_inputs(inputs: Any, limits: Limits) -> list[Input]:
    if not isinstance(inputs, (list, tuple)) or not inputs:
        raise EvidenceError(
            "", _("no files were given; expected at least one compose file, Kubernetes manifest or trace export")
        )
    given = []
    for item in inputs:
        if isinstance(item, Input):
            given.append(item)
        elif isinstance(item, (list, tuple)) and len(item) == 2 and isinstance(item[0], str):
            given.append(Input(item[0], item[1]))
        else:
            raise EvidenceError("", _("each input must be a (file name, bytes) pair"))
    alone = sum(1 for item in given if not item.from_folder)
    if alone > limits.max_files:
        raise EvidenceError(
            "",
            _(
                "%(count)s files were given; at most %(most)s are read in one import",
                count=alone,
                most=limits.max_files,
            ),
        )
    return expand(given, limits)


def input_names(inputs: Any) -> str:
    """The files an unexpected error may come from: those given alone, and the folders."""
    if not isinstance(inputs, (list, tuple)):
        return ""
    names = (item.found_in or item.name if isinstance(item, Input) else item[0] for item in inputs)
    return ", ".join(dict.fromkeys(str(name) for name in names))


def _skip_reason(item: Input, error: EvidenceError) -> tuple[str, bool]:
    """Why a file found in a folder is skipped, and whether it is broken (named like evidence)."""
    if isinstance(error, Unrecognised):
        return error.reason, False
    if not item.name.lower().endswith(NAMED_AS_EVIDENCE):  # a README or source file YAML cannot parse
        return not_evidence(), False
    return _("could not be read: %(problem)s", problem=error.problem), True


class Reading:
    """Every input read in order: the files read, and what each folder gave."""

    def __init__(self, limits: Limits, stats: TraceStats) -> None:
        self.limits, self.stats = limits, stats
        self.files: list[InputFile] = []
        self.listing: list[InputFile | Skipped] = []
        self.looked_at: Counter[str] = Counter()
        self.read: Counter[str] = Counter()
        self.broken: dict[str, list[str]] = {}
        self.folder_of: dict[str, str] = {}  # a file found in a folder or archive -> which one

    def take(self, item: Input) -> None:
        folder = item.found_in
        if folder is None:
            self._keep(read_input(item.name, item.data, self.limits, self.stats))
            return
        self.looked_at[folder] += 1
        if item.skipped:
            self.listing.append(Skipped(item.name, item.skipped))
            return
        try:
            found = read_input(item.name, item.data, self.limits, self.stats)
        except (PartlyRead, TooLarge, budget.AnalysisTooLong):
            raise
        except EvidenceError as error:
            reason, broken = _skip_reason(item, error)
            if broken:
                self.broken.setdefault(folder, []).append(f"{item.name}: {error.problem}")
            self.listing.append(Skipped(item.name, reason))
            return
        self.read[folder] += 1
        self.folder_of[found.file] = folder
        if sum(self.read.values()) > self.limits.max_folder_evidence:
            raise EvidenceError(
                folder,
                _(
                    "holds more than %(most)s compose files, manifests and trace exports, the most Splitcheck "
                    "reads from folders in one import; nothing was imported. Name the folders of one part "
                    "of the system at a time.",
                    most=number(self.limits.max_folder_evidence),
                ),
            )
        self._keep(found)

    def _keep(self, found: InputFile) -> None:
        self.files.append(found)
        self.listing.append(found)

    def refuse(self, file: str, problem: str) -> None:
        """A file found unreadable once read with the others (a contract): refused if it was given
        on its own, else listed as skipped, like any broken file of a folder."""
        folder = self.folder_of.get(file)
        if folder is None:
            raise EvidenceError(file, problem)
        self.files = [f for f in self.files if f.file != file]
        self.listing = [
            Skipped(file, _("could not be read: %(problem)s", problem=problem)) if f.file == file else f
            for f in self.listing
        ]
        self.read[folder] -= 1
        self.broken.setdefault(folder, []).append(f"{file}: {problem}")

    def check_folders(self, repositories: set[str]) -> None:
        """A folder or archive in which no file could be read is refused: it was likely the wrong one
        (a repository whose history was read is not)."""
        for folder, count in self.looked_at.items():
            if self.read[folder] or folder in repositories:
                continue
            broken = self.broken.get(folder, [])
            detail = (
                _(
                    " %(count)s of them could not be read, for example %(example)s.",
                    count=len(broken),
                    example=broken[0],
                )
                if broken
                else ""
            )
            raise EvidenceError(
                folder,
                ngettext(
                    "none of the %(num)s file looked at is a docker-compose file, Kubernetes manifest, trace "
                    "export or API contract that could be read, so nothing was imported.%(detail)s",
                    "none of the %(num)s files looked at is a docker-compose file, Kubernetes manifest, trace "
                    "export or API contract that could be read, so nothing was imported.%(detail)s",
                    count,
                    detail=detail,
                ),
            )
