"""Change coupling: how often services change together, measured from their histories.

* **A change** of a service is a commit that touched at least one of its files (merges and
  vendored, generated, lock and binary files aside, see ``history_log``).
* **Together, in one repository**: changed in the same commit. **Across repositories** (one per
  service): a change of one that had a change of the other within ``window`` seconds (one day by
  default) before or after it.
* Pairs are listed strong first, then weak (see ``Pair.strength``), then the others, each group
  by the smaller of the two shares, then by ``together``.
* For each pair: ``together`` (support) is the number of commits touching both (across
  repositories: the smaller of the two sides' counts of changes made together), and each side's
  ``confidence`` is the share of its own changes made together with the other.
* **Sweeping commits** are set aside, so mass renames, reformatting and upgrades across the code
  do not dominate: a commit touching more than ``SWEEPING_FILES`` files, or more than half of the
  services (and more than ``SWEEPING_SERVICES_AT_LEAST``).
* **Upkeep** is not a change of a service: a commit counts for a service only through files other
  than its dependency lists and Dockerfiles (``history_paths.upkeep``). A commit that touched
  services only through those (a dependency or base-image update, as Renovate and Dependabot make
  them across many services at once) is set aside and counted in ``upkeep_set_aside``.
* **Shared folders**: a folder that is no service (``lib/``, ``protos/``, ``common/``) changed in
  the same commits as at least ``SHARED_ALONGSIDE`` services, in at least ``SHARED_CHANGES``
  commits, is named: a change there may mean releasing all of them. Documentation, deployment,
  build and test folders are never named (``history_services.may_be_shared``): the services' own
  manifests change with them, and a release that bumps every image tag there changes no code.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import combinations
from typing import Any

from . import budget
from .history_log import History
from .history_paths import upkeep
from .history_services import Mapping, area, may_be_shared

DAY = 86400
SWEEPING_FILES = 300
SWEEPING_SERVICES_AT_LEAST = 5
SHARED_ALONGSIDE = 3
SHARED_CHANGES = 3
SHOWN_PAIRS = 20
SHOWN_SHARED = 10
# When a pair counts as coupled (the sign that reads these figures says why, in signs/).
STRONG_TOGETHER, STRONG_SHARE = 10, 0.5
WEAK_TOGETHER, WEAK_SHARE = 5, 0.5


@dataclass(slots=True)
class Pair:
    a: str
    b: str
    together: int
    changes: tuple[int, int]
    together_each: tuple[int, int]

    @property
    def confidence(self) -> tuple[float, float]:
        return (self.together_each[0] / self.changes[0], self.together_each[1] / self.changes[1])

    @property
    def strength(self) -> str | None:
        low, high = sorted(self.confidence)
        if self.together >= STRONG_TOGETHER and low >= STRONG_SHARE:
            return "strong"
        if self.together >= WEAK_TOGETHER and high >= WEAK_SHARE:
            return "weak"
        return None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "services": [self.a, self.b],
            "together": self.together,
            "changes": list(self.changes),
            "together_each": list(self.together_each),
            "confidence": [round(c, 2) for c in self.confidence],
        }
        if self.strength:
            out["strength"] = self.strength
        return out


@dataclass(slots=True)
class CoChange:
    """What the histories showed: changes per service, pairs, shared folders, and how much was read."""

    repositories: list[dict[str, Any]] = field(default_factory=list)
    changes: Counter[str] = field(default_factory=Counter)
    pairs: list[Pair] = field(default_factory=list)
    commits: int = 0  # commits counted (touching at least one service)
    multi: int = 0  # of those, changes that touched more than one service
    unmapped: int = 0  # commits that touched no service
    unmapped_files: int = 0
    set_aside: int = 0
    upkeep: int = 0  # commits that touched services only through dependency lists and Dockerfiles
    merges: int = 0
    window: int | None = None  # seconds, when several repositories were compared
    days: int = 0
    shared: list[dict[str, Any]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    @property
    def services(self) -> list[str]:
        return sorted(self.changes)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "commits": self.commits,
            "days": self.days,
            "services": dict(sorted(self.changes.items())),
            "changes_touching_several": self.multi,
            "share_touching_several": round(self.multi / self.commits, 2) if self.commits else 0,
            "pairs": [p.as_dict() for p in self.pairs[:SHOWN_PAIRS]],
            "shared_folders": self.shared[:SHOWN_SHARED],
            "merges_not_counted": self.merges,
            "sweeping_set_aside": self.set_aside,
            "upkeep_set_aside": self.upkeep,
            "commits_touching_no_service": self.unmapped,
            "files_not_mapped": self.unmapped_files,
        }
        if self.window is not None:
            out["window_hours"] = round(self.window / 3600, 2)
        return out


def _date(time: int) -> str:
    return datetime.fromtimestamp(time, UTC).date().isoformat()


def repository_entry(history: History, mapping: Mapping) -> dict[str, Any]:
    """What the document's ``inputs`` says of one history: its window and its mapping."""
    entry: dict[str, Any] = {"commits": history.commits, "merges_not_counted": history.merges}
    if history.commits:
        entry.update({"from": _date(min(history.times)), "to": _date(max(history.times))})
    entry["mapping"] = mapping.shown()
    return entry


def _sweeping(services: int, files: int, total_services: int) -> bool:
    return files > SWEEPING_FILES or services > max(SWEEPING_SERVICES_AT_LEAST, total_services // 2)


class _Measure:
    def __init__(self, total_services: int) -> None:
        self.result = CoChange()
        self.total_services = total_services
        self.same: Counter[tuple[str, str]] = Counter()
        self.times: dict[str, list[int]] = {}  # service -> times of its changes (several repositories)
        self.alongside: dict[str, set[str]] = {}
        self.area_changes: Counter[str] = Counter()

    def repository(self, history: History, mapping: Mapping) -> None:
        result = self.result
        result.merges += history.merges
        service_of = [mapping.service_of(path) for path in history.paths]
        own = [service if not upkeep(path) else None for path, service in zip(history.paths, service_of, strict=True)]
        area_of = [area(p) if s is None else None for p, s in zip(history.paths, service_of, strict=True)]
        for index in range(history.commits):
            if index % 4096 == 0:
                budget.check()
            numbers = history.commit_paths(index)
            services = {service_of[n] for n in numbers} - {None}
            if _sweeping(len(services), len(numbers), self.total_services):
                result.set_aside += 1
                continue
            if services and not any(own[n] for n in numbers):
                result.upkeep += 1
                continue
            services = {own[n] for n in numbers} - {None}
            areas = {area_of[n] for n in numbers if area_of[n] is not None}
            result.unmapped_files += sum(1 for n in numbers if service_of[n] is None)
            if not services:
                result.unmapped += 1
                continue
            named = sorted(s for s in services if s is not None)
            result.commits += 1
            result.changes.update(named)
            if len(named) > 1:
                result.multi += 1
                self.same.update(combinations(named, 2))
            for folder in areas:
                self.area_changes[folder] += 1
                self.alongside.setdefault(folder, set()).update(named)
            if mapping.roots.get("") is not None:
                self.times.setdefault(named[0], []).append(history.times[index])

    def pairs(self) -> list[Pair]:
        changes = self.result.changes
        return [Pair(a, b, n, (changes[a], changes[b]), (n, n)) for (a, b), n in self.same.items()]

    def across(self, window: int) -> list[Pair]:
        """Pairs of services in different repositories changed within ``window`` of each other."""
        times = {name: sorted(values) for name, values in self.times.items()}
        pairs = []
        for a, b in combinations(sorted(times), 2):
            budget.check()
            side_a, side_b = _near(times[a], times[b], window), _near(times[b], times[a], window)
            if side_a and side_b:
                pairs.append(Pair(a, b, min(side_a, side_b), (len(times[a]), len(times[b])), (side_a, side_b)))
        return pairs

    def multi_across(self, window: int) -> int:
        """Changes that had another service's change within the window (several repositories)."""
        times = {name: sorted(values) for name, values in self.times.items()}
        count = 0
        for name, own in times.items():
            others = [values for other, values in times.items() if other != name]
            count += sum(1 for t in own if any(_has_near(values, t, window) for values in others))
        return count


def _has_near(values: list[int], time: int, window: int) -> bool:
    at = bisect.bisect_left(values, time - window)
    return at < len(values) and values[at] <= time + window


def _near(own: list[int], other: list[int], window: int) -> int:
    """How many of ``own`` times have one of ``other`` within ``window`` seconds."""
    return sum(1 for t in own if _has_near(other, t, window))


def measure(histories: list[tuple[History, Mapping]], window: int = DAY) -> CoChange:
    """Co-change of the services over all the histories (each with its mapping)."""
    services = {s for _, mapping in histories for s in mapping.roots.values()}
    measuring = _Measure(len(services))
    for history, mapping in histories:
        measuring.repository(history, mapping)
    result = measuring.result
    pairs = measuring.pairs()
    if len(histories) > 1:
        result.window = window
        pairs += measuring.across(window)
        result.multi += measuring.multi_across(window)
    rank = {"strong": 0, "weak": 1, None: 2}
    result.pairs = sorted(pairs, key=lambda p: (rank[p.strength], -min(p.confidence), -p.together, p.a, p.b))
    times = [t for history, _ in histories if history.commits for t in (min(history.times), max(history.times))]
    result.days = max(1, round((max(times) - min(times)) / DAY)) if times else 0
    wanted = min(SHARED_ALONGSIDE, max(2, len(services)))
    result.shared = [
        {"folder": folder, "changes": measuring.area_changes[folder], "services": sorted(names)}
        for folder, names in sorted(measuring.alongside.items(), key=lambda item: (-len(item[1]), item[0]))
        if may_be_shared(folder) and len(names) >= wanted and measuring.area_changes[folder] >= SHARED_CHANGES
    ]
    result.files = [history.name for history, _ in histories]
    return result
