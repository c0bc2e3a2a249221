"""Sign ``call_chains``: one user action setting off a chain of calls.

The sign says: a single user action sets off a chain of five or more service
calls, one waiting on the next. From traces, per entry operation (root span's
service and name), over its requests:

* ``calls``: synchronous calls to other services one request makes (median,
  and 95th percentile as ``calls_p95``), and
* ``depth``: the longest chain of those calls, each waiting on the next, in
  one request. The **typical** request's depth is the median, over the
  operation's requests, of each request's longest chain (nearest rank);
  ``depth_max`` is the deepest request seen.

Asynchronous links (follows-from, messages, redirects) and calls to platform
services (telemetry, feature flags, discovery and config servers, health and
admin dashboards) are not counted (see ``trace_stats.py``). A trace's service
is platform when the configuration declares it and does not make it one of
the system's applications (``Node.is_application``); a service only the
traces name is platform when its whole name is a usual platform name
(``spans.PLATFORM_NAMES``).

**Depth drives the sign**, because the sign is about a chain: each call waits
on the one below it, so the user waits for the sum of them, and any link
failing breaks the action. A request that calls many services side by side
pays for each call too, and one of them being down may still fail it, but it
is not a chain; that is worth saying, not a yes.

* **strong**: for some entry operation the typical request is five or more
  calls deep.
* **weak**: only some requests are five or more deep (``depth_max``); or the
  typical request makes five or more calls to other services, but less than
  five deep (many calls, shallow); or, from configuration alone, settings wire
  a path of three or more service-to-service calls (what one request does
  along it cannot be known without traces).

Suggestion: strong -> ``yes``; weak -> ``partly``; ``no`` when traces of at
least three requests were given and no request of any entry operation is five
or more calls deep, nor does a typical one make five or more calls; otherwise
``unsure``: one or two short requests show that those requests are short, not
that no user action sets off a long chain.

Every finding carries ``depth`` and ``calls``, integers: those of the typical
request of its first operation (the deepest typical request among the
finding's operations); each entry of ``operations`` carries its own. A
configuration finding carries the length of the wired path as both.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.language import _, ngettext

from ..spans import is_platform_name
from ..trace_stats import MAX_ENTRY_OPERATIONS, OTHER_OPERATIONS, percentile
from .finding import (
    NO,
    STRONG,
    UNSURE,
    WEAK,
    Evidence,
    Finding,
    SignReport,
    cited,
    files_of,
    suggestion_from,
)

SIGN = "call_chains"
LONG_CHAIN = 5
CONFIG_PATH_HINT = 3
MIN_REQUESTS_FOR_NO = 3  # fewer short requests than this show too little to rule long chains out
_SEARCH_BUDGET = 200_000
_SHOWN = 3


def platform_services(evidence: Evidence) -> Callable[[str], bool]:
    """Whether a service seen in the traces is a platform service, not an application."""
    inventory = evidence.inventory

    def platform(service: str) -> bool:
        declared = [
            inventory.nodes[name] for name in inventory.resolve(service) or () if inventory.nodes[name].declared
        ]
        if declared:
            return not any(node.is_application for node in declared)
        return is_platform_name(service)

    return platform


def operations(evidence: Evidence) -> list[dict]:
    """Per entry operation statistics, busiest first."""
    if evidence.stats is None:
        return []
    evidence.stats.settle(platform_services(evidence))
    rows: list[dict[str, Any]] = []
    for (service, name), entry in evidence.stats.entries.items():
        rows.append(
            {
                "service": service,
                "operation": name,
                "traces": entry.traces,
                "calls_median": percentile(entry.calls, 0.5),
                "calls_p95": percentile(entry.calls, 0.95),
                "depth_median": percentile(entry.depths, 0.5),
                "depth_max": max(entry.depths),
                "downstream_errors": entry.downstream_errors,
                "failed_with_downstream_error": entry.propagated,
            }
        )
    rows.sort(key=lambda r: (-r["traces"], r["service"], r["operation"]))
    return rows


def _typical(op: dict) -> str:
    """'a typical request makes 12 calls to other services, at most 2 deep'."""
    calls, depth = op["calls_median"], op["depth_median"]
    if not calls:
        return _("a typical request calls no other service")
    return ngettext(
        "a typical request makes %(num)s call to other services, at most %(depth)s deep",
        "a typical request makes %(num)s calls to other services, at most %(depth)s deep",
        calls,
        depth=depth,
    )


def _describe(op: dict) -> str:
    values = {"operation": f"{op['service']} {op['operation']}", "typical": _typical(op), "deepest": op["depth_max"]}
    if op["depth_max"] > op["depth_median"]:
        return ngettext(
            "%(operation)s: %(typical)s; the deepest of its %(num)s request chains %(deepest)s",
            "%(operation)s: %(typical)s; the deepest of its %(num)s requests chains %(deepest)s",
            op["traces"],
            **values,
        )
    return ngettext(
        "%(operation)s: %(typical)s (%(num)s request)",
        "%(operation)s: %(typical)s (%(num)s requests)",
        op["traces"],
        **values,
    )


def _listed(ops: list[dict]) -> str:
    shown = "; ".join(_describe(op) for op in ops[:_SHOWN])
    if len(ops) > _SHOWN:
        return _("%(shown)s; and %(more)s more", shown=shown, more=len(ops) - _SHOWN)
    return shown


def _finding(strength: str, summary: str, ops: list[dict], files: list[str]) -> Finding:
    lead = ops[0]
    return Finding(
        SIGN,
        strength,
        summary,
        files,
        {"depth": lead["depth_median"], "calls": lead["calls_median"], "operations": ops[:20]},
    )


def _deepest_first(ops: list[dict]) -> list[dict]:
    return sorted(ops, key=lambda op: (-op["depth_median"], -op["depth_max"], -op["calls_median"], -op["traces"]))


def _trace_findings(evidence: Evidence, ops: list[dict]) -> list[Finding]:
    files = sorted(evidence.trace_files)
    where = cited(files)
    deep = _deepest_first([op for op in ops if op["depth_median"] >= LONG_CHAIN])
    sometimes = _deepest_first([op for op in ops if op["depth_median"] < LONG_CHAIN <= op["depth_max"]])
    wide = _deepest_first([op for op in ops if op["depth_max"] < LONG_CHAIN <= op["calls_median"]])
    findings = []
    if deep:
        findings.append(
            _finding(
                STRONG,
                _(
                    "A typical request chains %(long)s or more service calls, each waiting on the next, "
                    "so the user waits for all of them: %(operations)s%(files)s.",
                    long=LONG_CHAIN,
                    operations=_listed(deep),
                    files=where,
                ),
                deep,
                files,
            )
        )
    if sometimes:
        findings.append(
            _finding(
                WEAK,
                _(
                    "Some requests, though not the typical one, chain %(long)s or more service calls, "
                    "each waiting on the next: %(operations)s%(files)s.",
                    long=LONG_CHAIN,
                    operations=_listed(sometimes),
                    files=where,
                ),
                sometimes,
                files,
            )
        )
    if wide:
        findings.append(
            _finding(
                WEAK,
                _(
                    "Requests call many services, but side by side rather than in a chain of %(long)s: "
                    "%(operations)s%(files)s. Each of those calls still adds waiting and a way to fail.",
                    long=LONG_CHAIN,
                    operations=_listed(wide),
                    files=where,
                ),
                wide,
                files,
            )
        )
    return findings


def longest_path(graph: dict[str, set[str]]) -> list[str]:
    """The longest simple path in a small call graph (bounded search)."""
    best: list[str] = []
    budget = _SEARCH_BUDGET
    for start in sorted(graph):
        stack = [(start, [start])]
        while stack and budget > 0:
            budget -= 1
            node, path = stack.pop()
            if len(path) > len(best):
                best = path
            for nxt in sorted(graph.get(node, ())):
                if nxt not in path:
                    stack.append((nxt, path + [nxt]))
    return best


def _config_finding(evidence: Evidence) -> Finding | None:
    edges = evidence.configured_edges("call")
    graph: dict[str, set[str]] = {}
    for edge in edges:
        graph.setdefault(edge.source_node, set()).add(edge.target)
    path = longest_path(graph)
    hops = len(path) - 1
    if hops < CONFIG_PATH_HINT:
        return None
    pairs = set(zip(path, path[1:], strict=False))
    used = [e for e in edges if (e.source_node, e.target) in pairs]
    files = files_of(used)
    shown = path if len(path) <= 8 else path[:4] + ["..."] + path[-3:]
    return Finding(
        SIGN,
        WEAK,
        _(
            "Settings wire a path of %(hops)s service-to-service calls, %(path)s%(files)s; "
            "traces would show whether one request really walks it.",
            hops=hops,
            path=" -> ".join(shown),
            files=cited(files),
        ),
        files,
        {"services": path, "depth": hops, "calls": hops},
    )


def _none_seen(ops: list[dict], unseen: list[str]) -> str:
    """``no`` when enough requests were traced; else ``unsure``, saying what was too little."""
    requests = sum(op["traces"] for op in ops)
    if requests >= MIN_REQUESTS_FOR_NO:
        return NO
    deepest = max((op["depth_max"] for op in ops), default=0)
    deep = ngettext("%(num)s call", "%(num)s calls", deepest)
    unseen.append(
        ngettext(
            "Only %(num)s request was traced, at most %(deep)s deep: too few to show that no user action "
            "sets off a chain of %(long)s or more calls.",
            "Only %(num)s requests were traced, at most %(deep)s deep: too few to show that no user action "
            "sets off a chain of %(long)s or more calls.",
            requests,
            deep=deep,
            long=LONG_CHAIN,
        )
    )
    return UNSURE


def assess(evidence: Evidence) -> SignReport:
    report = SignReport()
    ops = operations(evidence)
    report.findings = _trace_findings(evidence, ops)
    config = _config_finding(evidence)
    if config:
        report.findings.append(config)
    trace_verdict = suggestion_from([f for f in report.findings if f is not config])
    if evidence.has_traces:
        report.suggestion = trace_verdict or _none_seen(ops, report.unseen)
        if evidence.measured.lumped:
            report.unseen.append(
                _(
                    "The traces have more than %(most)s different entry operations; %(lumped)s traces of "
                    "the rarer ones are counted together under '%(other)s'.",
                    most=f"{MAX_ENTRY_OPERATIONS:,}",
                    lumped=evidence.measured.lumped,
                    other=OTHER_OPERATIONS,
                )
            )
        if evidence.measured.incomplete:
            report.unseen.append(
                _(
                    "%(incomplete)s of %(traces)s traces miss some spans (a parent that never appears), "
                    "so their call counts may be too low.",
                    incomplete=evidence.measured.incomplete,
                    traces=evidence.measured.traces,
                )
            )
        if evidence.measured.early:
            report.unseen.append(
                _(
                    "The traces hold so many different request shapes that %(early)s of %(traces)s were "
                    "counted before the configuration was read: in those, only services with the usual "
                    "names of telemetry, feature-flag, discovery and config servers were left out of the calls.",
                    early=evidence.measured.early,
                    traces=evidence.measured.traces,
                )
            )
    else:
        report.suggestion = suggestion_from(report.findings) or UNSURE
        report.unseen.append(_("No traces were given, so how many calls one request sets off could not be measured."))
    return report
