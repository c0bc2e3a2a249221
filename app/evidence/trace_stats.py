"""Measuring traces: one pass per trace, only counters kept.

Every reader (Jaeger, Zipkin, OTLP) turns a span into a plain tuple, a
:data:`SpanRow`, and hands a whole trace to :meth:`TraceStats.add_trace`.
Nothing per span survives the call: what is kept is a few counters per entry
operation and per edge, so a million spans cost no more memory than the
largest single trace.

Rules (what the findings rely on):

* The **entry operation** of a trace is its root span's service and name
  (the first span without a parent; if every span has a missing parent, the
  first such orphan).
* A **cross-service hop** is a span whose parent span belongs to another
  service, or a CLIENT span naming a remote service that left no span of its
  own (an uninstrumented callee). Calls to databases are not service hops.
* A hop is **asynchronous** when the link is FOLLOWS_FROM, the child is a
  CONSUMER or the parent a PRODUCER. Asynchronous hops, and everything below
  them, are not part of the request's synchronous chain: they are counted as
  ``async`` edges, never as synchronous calls or depth.
* **Calls per request** = synchronous cross-service hops in the request;
  **depth** = the most such hops on one path from the root.
* A **downstream error** is an error on a span reached through at least one
  synchronous hop; it **propagated** when the root span failed too.
"""

from __future__ import annotations

from typing import Any, NamedTuple

INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER = 0, 1, 2, 3, 4
MAX_ENTRY_OPERATIONS = 10_000  # distinct entry operations kept apart; the rest are lumped
OTHER_OPERATIONS = "(other operations)"

# (span id, parent id or None, service, operation, kind, error, remote service
#  or None, follows-from link, database (engine, database, host) or None)
SpanRow = tuple[Any, Any, str, str, int, bool, Any, bool, Any]


class EntryStats:
    """Counters for one entry operation."""

    __slots__ = ("traces", "calls", "depths", "downstream_errors", "propagated")

    def __init__(self) -> None:
        self.traces = 0
        self.calls: dict[int, int] = {}
        self.depths: dict[int, int] = {}
        self.downstream_errors = 0
        self.propagated = 0


class DatabaseUse(NamedTuple):
    service: str
    host: str
    engine: str | None
    database: str | None


def percentile(counts: dict[int, int], share: float) -> int:
    """Nearest-rank percentile of a value -> count table."""
    total = sum(counts.values())
    if not total:
        return 0
    rank = max(1, -(-int(total * share * 1000) // 1000))
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if seen >= rank:
            return value
    return max(counts)


class TraceStats:
    """Running totals over every trace read in one import."""

    def __init__(self, max_spans: int) -> None:
        self.max_spans = max_spans
        self.traces = 0
        self.spans = 0
        self.incomplete = 0
        self.lumped = 0
        self.entries: dict[tuple[str, str], EntryStats] = {}
        self.edges: dict[tuple[str, str, str], int] = {}
        self.databases: dict[DatabaseUse, int] = {}
        self.services: set[str] = set()
        self._loose: dict[Any, list[SpanRow]] = {}
        self._loose_spans = 0

    @property
    def over_limit(self) -> bool:
        return self.spans + self._loose_spans > self.max_spans

    def collect(self, trace_id: Any, row: SpanRow) -> None:
        """Keep one span of a format that does not group spans by trace."""
        bucket = self._loose.get(trace_id)
        if bucket is None:
            self._loose[trace_id] = [row]
        else:
            bucket.append(row)
        self._loose_spans += 1

    def flush(self) -> None:
        """Measure every trace gathered with :meth:`collect`."""
        loose, self._loose, self._loose_spans = self._loose, {}, 0
        for rows in loose.values():
            self.add_trace(rows)

    def add_trace(self, rows: list[SpanRow]) -> None:  # noqa: C901 - one hot loop
        if not rows:
            return
        by_id = {row[0]: row for row in rows}
        if len(by_id) != len(rows):
            rows, by_id = _separate_shared_spans(rows)
        self.traces += 1
        self.spans += len(rows)
        edges = self.edges
        depth: dict[Any, int] = {}
        crossed: set[Any] = set()
        leaf_candidates: list[SpanRow] = []
        root: SpanRow | None = None
        orphan: SpanRow | None = None
        calls = deepest = 0
        downstream_error = False
        queue = rows
        first_pass = True
        while queue:
            waiting: list[SpanRow] = []
            for row in queue:
                sid, parent, service, _name, kind, error, remote, follows, db = row
                if first_pass:
                    if db is not None:
                        use = DatabaseUse(service, db[2], db[0], db[1])
                        self.databases[use] = self.databases.get(use, 0) + 1
                    elif remote is not None and remote != service and kind in (CLIENT, PRODUCER):
                        leaf_candidates.append(row)
                up = by_id.get(parent) if parent is not None else None
                if up is None:
                    depth[sid] = 0
                    if parent is None:
                        if root is None:
                            root = row
                    elif orphan is None:
                        orphan = row
                    continue
                above = depth.get(parent)
                if above is None:
                    waiting.append(row)
                    continue
                parent_service = up[2]
                cross = service != parent_service
                if follows or kind == CONSUMER or up[4] == PRODUCER:
                    depth[sid] = -1
                    if cross:
                        key = (parent_service, service, "async")
                        edges[key] = edges.get(key, 0) + 1
                        crossed.add(parent)
                elif cross:
                    key = (parent_service, service, "call")
                    edges[key] = edges.get(key, 0) + 1
                    crossed.add(parent)
                    if above < 0:
                        depth[sid] = -1
                    else:
                        above += 1
                        depth[sid] = above
                        calls += 1
                        if above > deepest:
                            deepest = above
                        if error:
                            downstream_error = True
                else:
                    depth[sid] = above
                    if error and above > 0:
                        downstream_error = True
            first_pass = False
            if waiting and len(waiting) == len(queue):
                # a loop of parents: break it by treating one span as an orphan
                first = waiting.pop(0)
                depth[first[0]] = 0
                orphan = orphan or first
            queue = _parents_first(waiting, depth) if waiting else []
        for row in leaf_candidates:
            sid, _parent, service, _name, kind, error, remote, _follows, _db = row
            if sid in crossed:
                continue
            key = (service, remote, "async" if kind == PRODUCER else "call")
            edges[key] = edges.get(key, 0) + 1
            above = depth.get(sid, -1)
            if kind == CLIENT and above >= 0:
                calls += 1
                if above + 1 > deepest:
                    deepest = above + 1
                if error:
                    downstream_error = True
        if orphan is not None:
            self.incomplete += 1
        entry = root or orphan or rows[0]
        self.services.add(entry[2])
        key = (entry[2], entry[3])
        stats = self.entries.get(key)
        if stats is None:
            if len(self.entries) >= MAX_ENTRY_OPERATIONS:
                self.lumped += 1
                key = (entry[2], OTHER_OPERATIONS)
                stats = self.entries.get(key)
            if stats is None:
                stats = self.entries[key] = EntryStats()
        stats.traces += 1
        stats.calls[calls] = stats.calls.get(calls, 0) + 1
        stats.depths[deepest] = stats.depths.get(deepest, 0) + 1
        if downstream_error:
            stats.downstream_errors += 1
            if entry[5]:
                stats.propagated += 1

    def all_services(self) -> set[str]:
        found = set(self.services)
        for caller, callee, _kind in self.edges:
            found.add(caller)
            found.add(callee)
        for use in self.databases:
            found.add(use.service)
        return found


def _parents_first(waiting: list[SpanRow], depth: dict[Any, int]) -> list[SpanRow]:
    """Order spans so that each comes after its (still unresolved) parent."""
    pending = {row[0]: row for row in waiting}
    ordered: list[SpanRow] = []
    placed: set[Any] = set()
    for row in waiting:
        chain = []
        current: SpanRow | None = row
        while current is not None and current[0] not in placed and current[0] not in depth:
            chain.append(current)
            placed.add(current[0])
            current = pending.get(current[1])
        ordered.extend(reversed(chain))
    return ordered


def _separate_shared_spans(rows: list[SpanRow]) -> tuple[list[SpanRow], dict[Any, SpanRow]]:
    """Zipkin lets a client and a server share one span id: split them.

    The server half keeps the id (its children point at it) and gets the
    client half, re-keyed, as its parent. Other duplicates are dropped.
    """
    groups: dict[Any, list[SpanRow]] = {}
    for row in rows:
        groups.setdefault(row[0], []).append(row)
    fixed: list[SpanRow] = []
    for sid, group in groups.items():
        client = next((r for r in group if r[4] == CLIENT), None)
        server = next((r for r in group if r[4] == SERVER), None)
        if len(group) == 1 or client is None or server is None:
            fixed.append(group[0])
            continue
        client_key = (sid, "client")
        fixed.append((client_key,) + client[1:])
        fixed.append(server[:1] + (client_key,) + server[2:])
    return fixed, {row[0]: row for row in fixed}
