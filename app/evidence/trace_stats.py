"""Measuring traces: one pass per trace, only counters and call shapes kept.

Every reader (Jaeger, Zipkin, OTLP) turns a span into a plain tuple, a
:data:`~.spans.SpanRow`. A reader whose format groups spans by trace (Jaeger, a
Zipkin list of traces) hands each whole trace to :meth:`TraceStats.add_trace`
and nothing of it survives the call. Formats that may interleave traces (a
Zipkin list of loose spans, OTLP) cannot tell when a trace is complete, so
:meth:`TraceStats.collect` keeps each span until the end, packed
(``loose_spans.py``).

Rules (what the findings rely on):

* The **entry operation** of a trace is its root span's service and name
  (the first span without a parent; if every span has a missing parent, the
  first such orphan).
* A span with no service name of its own (or Zipkin's ``"unknown"``) runs in
  its parent's service, unless it is a server or consumer span.
* A **cross-service hop** is a span whose parent span belongs to another
  service, or a CLIENT span naming a remote service that left no span of its
  own (an uninstrumented callee). Several non-server spans of one service
  under the same parent span are one hop (one visit, recorded in pieces).
  Calls to databases are not service hops.
* A hop is **asynchronous** when the link is FOLLOWS_FROM, the child is a
  CONSUMER or the parent a PRODUCER. Asynchronous hops, and everything below
  them, are not part of the request's synchronous chain: they are counted as
  ``async`` edges, never as synchronous calls or depth.
* A client span that records a browser **redirect** (``http.redirect``, as
  SmartThings' tracing writes) ends its request: no service waits on what
  follows, the browser makes the next request. The spans below it are
  measured as a request of their own (one trace can hold several), and no
  edge is drawn between the two services.
* A **page the browser asks for** is a request of its own too: a server span
  whose parent is another service's server span, with no client span between,
  when that service records its own calls with client spans in the trace. Only
  the browser can have made that request (a page carrying the trace context of
  the page before, as SmartThings' pages do); no server waited on it.
* **Platform services** (telemetry collectors, feature flags, discovery and
  config servers, health and admin dashboards) are not hops: a call to one
  adds neither a call nor a level of depth. Which services are platform is
  only known once the configuration is read, after the traces, so each
  trace's synchronous calls are kept as a **shape** (the tree of services
  called, shared between traces of the same shape) and counted in
  :meth:`TraceStats.settle`. Past ``MAX_SHAPE_NODES`` distinct shape parts,
  traces are counted at once with the platform names of
  :func:`is_platform_name` alone.
* **Calls per request** = synchronous cross-service hops in the request;
  **depth** = the most such hops on one path from the root (the longest chain
  of calls each waiting on the next).
* A **downstream error** is an error on a span reached through at least one
  synchronous hop; it **propagated** when the root span failed too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from .loose_spans import LooseSpans
from .span_tree import SpanTree
from .spans import (
    ASYNC_LINK,
    CLIENT,
    CONSUMER,
    PRODUCER,
    REDIRECT_LINK,
    SERVER,
    UNKNOWN_SERVICE,
    SpanRow,
    is_platform_name,
)

MAX_ENTRY_OPERATIONS = 10_000  # distinct entry operations kept apart; the rest are lumped
MAX_SHAPE_NODES = 100_000  # distinct parts of call shapes kept for counting after the configuration
OTHER_OPERATIONS = "(other operations)"


class EntryStats:
    """Counters for one entry operation."""

    __slots__ = (
        "calls",
        "depths",
        "downstream_errors",
        "early_calls",
        "early_depths",
        "propagated",
        "shapes",
        "traces",
    )

    def __init__(self) -> None:
        self.traces = 0
        self.calls: dict[int, int] = {}  # filled by TraceStats.settle
        self.depths: dict[int, int] = {}
        self.shapes: dict[int, int] = {}  # shape node -> traces of that shape
        self.early_calls: dict[int, int] = {}  # traces counted before settle (shape table full)
        self.early_depths: dict[int, int] = {}
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
        self.early = 0  # traces counted with platform names only (shape table full)
        self.entries: dict[tuple[str, str], EntryStats] = {}
        self.edges: dict[tuple[str, str, str], int] = {}
        self.databases: dict[DatabaseUse, int] = {}
        self.services: set[str] = set()
        self.shape_nodes: list[tuple[str, tuple[int, ...]]] = []
        self._shape_index: dict[tuple[str, tuple[int, ...]], int] = {}
        self._loose = LooseSpans()
        self._names: dict[str, str] = {}  # one string per service name among the shapes

    @property
    def over_limit(self) -> bool:
        return self.spans + self._loose.count > self.max_spans

    # -- spans of formats that do not group them by trace -------------------------------------

    def collect(self, trace_id: Any, row: SpanRow) -> None:
        """Keep one span of a format that does not group spans by trace (see loose_spans.py)."""
        self._loose.add(trace_id, row)

    def flush(self) -> None:
        """Measure every trace gathered with :meth:`collect`."""
        for rows in self._loose.drain():
            self.add_trace(rows)

    # -- one whole trace ----------------------------------------------------------------------

    def add_trace(self, rows: list[SpanRow]) -> None:
        if not rows:
            return
        tree = SpanTree(rows)
        self.traces += 1
        self.spans += len(tree.rows)
        if tree.incomplete:
            self.incomplete += 1
        entry = tree.starts[0]
        seen: set[Any] = set()
        calling = {row[2] for row in tree.rows if row[4] == CLIENT}
        requests = [(entry, entry[2] or UNKNOWN_SERVICE, tree.starts)]
        while requests:  # the first request, then each one a browser redirect or page started
            start, service, spans = requests.pop()
            requests.extend(self._request(start, service, spans, tree.children, seen, calling))

    # One loop over every span of the request, written out as one: a call per span would be
    # paid millions of times on a large export, so its complexity is accepted here.
    def _request(  # noqa: C901
        self,
        entry: SpanRow,
        entry_service: str,
        starts: list[SpanRow],
        children: dict[Any, list[SpanRow]],
        seen: set[Any],
        calling: set[Any],
    ) -> list[tuple[SpanRow, str, list[SpanRow]]]:
        """Measure one request; return the requests that browser redirects and pages in it started.

        ``calling``: the services that record their calls with client spans in this trace."""
        edges, databases = self.edges, self.databases
        redirected: list[tuple[SpanRow, str, list[SpanRow]]] = []
        # hops[i] = (callee service, index of the hop it was called from); hops[0] is the entry
        hops: list[tuple[str, int]] = [(entry_service, -1)]
        visit_hop: dict[tuple[Any, str], int] = {}
        crossed: set[Any] = set()
        leaves: list[tuple[SpanRow, str, int, int]] = []  # (span, its service, depth, hop)
        downstream_error = False
        # (span, resolved service, depth in hops or -1 below an async link, hop index)
        stack: list[tuple[SpanRow, str, int, int]] = []
        for start in reversed(starts):
            if start[0] not in seen:
                seen.add(start[0])
                stack.append((start, entry_service if start is entry else start[2] or UNKNOWN_SERVICE, 0, 0))
        while stack:
            row, service, depth, hop = stack.pop()
            sid, kind, remote, db = row[0], row[4], row[6], row[8]
            redirect = row[7] == REDIRECT_LINK
            if db is not None:
                use = DatabaseUse(service, db[2], db[0], db[1])
                databases[use] = databases.get(use, 0) + 1
            elif remote is not None and remote != service and kind in (CLIENT, PRODUCER) and not redirect:
                leaves.append((row, service, depth, hop))
            for child in children.get(sid, ()):
                csid = child[0]
                if csid in seen:
                    continue
                ckind = child[4]
                cservice = child[2]
                if cservice is None or cservice == UNKNOWN_SERVICE:
                    cservice = service if ckind not in (SERVER, CONSUMER) else UNKNOWN_SERVICE
                if redirect or (ckind == SERVER and kind == SERVER and cservice != service and row[2] in calling):
                    redirected.append((child, cservice, [child]))
                    continue
                seen.add(csid)
                cross = cservice != service
                if child[7] == ASYNC_LINK or ckind == CONSUMER or kind == PRODUCER:
                    if cross:
                        key = (service, cservice, "async")
                        edges[key] = edges.get(key, 0) + 1
                        crossed.add(sid)
                    stack.append((child, cservice, -1, -1))
                elif cross:
                    key = (service, cservice, "call")
                    edges[key] = edges.get(key, 0) + 1
                    crossed.add(sid)
                    if depth < 0:
                        stack.append((child, cservice, -1, -1))
                        continue
                    if ckind in (SERVER, CONSUMER):
                        chop = len(hops)
                        hops.append((cservice, hop))
                    else:
                        visit = (sid, cservice)
                        chop = visit_hop.get(visit, -1)
                        if chop < 0:
                            chop = visit_hop[visit] = len(hops)
                            hops.append((cservice, hop))
                    if child[5]:
                        downstream_error = True
                    stack.append((child, cservice, depth + 1, chop))
                else:
                    if child[5] and depth > 0:
                        downstream_error = True
                    stack.append((child, cservice, depth, hop))
        if self._uninstrumented_callees(leaves, crossed, hops):
            downstream_error = True
        self._count(entry, entry_service, _operation(entry, entry_service, children), hops, downstream_error)
        return redirected

    def _uninstrumented_callees(
        self, leaves: list[tuple[SpanRow, str, int, int]], crossed: set[Any], hops: list[tuple[str, int]]
    ) -> bool:
        """Client spans naming a service that left no span of its own: edges, and hops of the
        request when synchronous. True if one of those calls failed."""
        failed = False
        for row, service, depth, hop in leaves:
            if row[0] in crossed:
                continue
            kind = row[4]
            key = (service, row[6], "async" if kind == PRODUCER or row[7] else "call")
            self.edges[key] = self.edges.get(key, 0) + 1
            if kind == CLIENT and depth >= 0 and not row[7]:
                hops.append((row[6], hop))
                failed = failed or row[5]
        return failed

    def _count(
        self, entry: SpanRow, service: str, operation: str, hops: list[tuple[str, int]], downstream_error: bool
    ) -> None:
        self.services.add(service)
        key = (service, operation)
        stats = self.entries.get(key)
        if stats is None:
            if len(self.entries) >= MAX_ENTRY_OPERATIONS:
                self.lumped += 1
                key = (service, OTHER_OPERATIONS)
                stats = self.entries.get(key)
            if stats is None:
                stats = self.entries[key] = EntryStats()
        stats.traces += 1
        shape = self._shape(hops)
        if shape is None:
            self.early += 1
            calls, deepest = _measure(hops, is_platform_name)
            stats.early_calls[calls] = stats.early_calls.get(calls, 0) + 1
            stats.early_depths[deepest] = stats.early_depths.get(deepest, 0) + 1
        else:
            stats.shapes[shape] = stats.shapes.get(shape, 0) + 1
        if downstream_error:
            stats.downstream_errors += 1
            if entry[5]:
                stats.propagated += 1

    def _shape(self, hops: list[tuple[str, int]]) -> int | None:
        """The trace's tree of synchronous calls as one shared shape node (None: table full)."""
        kids: list[list[int]] = [[] for _ in hops]
        node_of = [0] * len(hops)
        index, nodes = self._shape_index, self.shape_nodes
        names = self._names
        for i in range(len(hops) - 1, -1, -1):
            service, parent = hops[i]
            key = (names.setdefault(service, service), tuple(sorted(kids[i])))
            node = index.get(key)
            if node is None:
                if len(nodes) >= MAX_SHAPE_NODES:
                    return None
                node = index[key] = len(nodes)
                nodes.append(key)
            node_of[i] = node
            if parent >= 0:
                kids[parent].append(node)
        return node_of[0]

    # -- after the configuration is known -----------------------------------------------------

    def settle(self, platform: Callable[[str], bool] = is_platform_name) -> None:
        """Count every entry's calls and depths, platform services left out."""
        nodes = self.shape_nodes
        calls = [0] * len(nodes)
        depths = [0] * len(nodes)
        verdicts: dict[str, bool] = {}
        for i, (_service, kids) in enumerate(nodes):  # children always come before parents
            made = deepest = 0
            for kid in kids:
                callee = nodes[kid][0]
                skipped = verdicts.get(callee)
                if skipped is None:
                    skipped = verdicts[callee] = bool(platform(callee))
                step = 0 if skipped else 1
                made += calls[kid] + step
                deepest = max(deepest, depths[kid] + step)
            calls[i], depths[i] = made, deepest
        for stats in self.entries.values():
            stats.calls = dict(stats.early_calls)
            stats.depths = dict(stats.early_depths)
            for shape, count in stats.shapes.items():
                stats.calls[calls[shape]] = stats.calls.get(calls[shape], 0) + count
                stats.depths[depths[shape]] = stats.depths.get(depths[shape], 0) + count

    def all_services(self) -> set[str]:
        found = set(self.services)
        for caller, callee, _kind in self.edges:
            found.add(caller)
            found.add(callee)
        for use in self.databases:
            found.add(use.service)
        return found


def _operation(entry: SpanRow, service: str, children: dict[Any, list[SpanRow]]) -> str:
    """The entry span's name; for a nameless one (a redirect's server half), its first child's."""
    if entry[3] or entry[4] != SERVER:
        return entry[3]
    for child in children.get(entry[0], ()):
        if child[3] and (child[2] or service) == service:
            return child[3]
    return entry[3]


def _measure(hops: list[tuple[str, int]], platform: Callable[[str], bool]) -> tuple[int, int]:
    """(calls, depth) of one trace's hops, platform services left out."""
    depth = [0] * len(hops)
    calls = deepest = 0
    for i in range(1, len(hops)):
        service, parent = hops[i]
        step = 0 if platform(service) else 1
        depth[i] = depth[parent] + step
        calls += step
        deepest = max(deepest, depth[i])
    return calls, deepest
