"""Sign ``call_chains``: one user action setting off a chain of calls.

From traces, per entry operation (root span's service and name): requests
measured, synchronous cross-service calls per request (median and 95th
percentile, nearest rank), and the deepest synchronous nesting in hops.
Asynchronous hops never count (see ``trace_stats.py``).

* **strong**: for some entry operation a typical (median) request makes
  five or more synchronous calls, or nests five or more hops deep.
* **weak**: only some requests do (95th percentile of calls, or the deepest
  request, reaches five); or, from configuration alone, settings wire a path
  of three or more service-to-service calls (what one request does along it
  cannot be known without traces).

Suggestion: strong -> ``yes``; weak -> ``partly``; ``no`` when traces were
given and every entry operation stays below five calls and five hops;
otherwise ``unsure``.
"""

from __future__ import annotations

from ..trace_stats import MAX_ENTRY_OPERATIONS, OTHER_OPERATIONS, percentile
from .finding import (NO, STRONG, UNSURE, WEAK, Evidence, Finding, SignReport, cited,
                      files_of, suggestion_from)

SIGN = "call_chains"
LONG_CHAIN = 5
CONFIG_PATH_HINT = 3
_SEARCH_BUDGET = 200_000


def operations(evidence: Evidence) -> list[dict]:
    """Per entry operation statistics, busiest first."""
    if evidence.stats is None:
        return []
    rows = []
    for (service, name), entry in evidence.stats.entries.items():
        rows.append({
            "service": service, "operation": name, "traces": entry.traces,
            "calls_median": percentile(entry.calls, 0.5), "calls_p95": percentile(entry.calls, 0.95),
            "depth_median": percentile(entry.depths, 0.5), "depth_max": max(entry.depths),
            "downstream_errors": entry.downstream_errors,
            "failed_with_downstream_error": entry.propagated,
        })
    rows.sort(key=lambda r: (-r["traces"], r["service"], r["operation"]))
    return rows


def _describe(op: dict) -> str:
    return (f"{op['service']} {op['operation']} ({op['traces']} requests: median "
            f"{op['calls_median']} synchronous calls, 95th percentile {op['calls_p95']}, "
            f"nesting up to {op['depth_max']} hops)")


def _trace_findings(evidence: Evidence, ops: list[dict]) -> list[Finding]:
    files = sorted(evidence.trace_files)
    strong = [op for op in ops if op["calls_median"] >= LONG_CHAIN or op["depth_median"] >= LONG_CHAIN]
    weak = [op for op in ops if op not in strong
            and (op["calls_p95"] >= LONG_CHAIN or op["depth_max"] >= LONG_CHAIN)]
    findings = []
    if strong:
        findings.append(Finding(
            SIGN, STRONG,
            f"A typical request sets off a chain of {LONG_CHAIN} or more synchronous service calls "
            f"for {len(strong)} entry operation{'s' if len(strong) > 1 else ''}: "
            f"{'; '.join(_describe(op) for op in strong[:3])}{' and more' if len(strong) > 3 else ''}"
            f"{cited(files)}.",
            files, {"operations": strong[:20]}))
    if weak:
        findings.append(Finding(
            SIGN, WEAK,
            f"Some requests, though not the typical one, reach {LONG_CHAIN} or more synchronous calls "
            f"or hops: {'; '.join(_describe(op) for op in weak[:3])}"
            f"{' and more' if len(weak) > 3 else ''}{cited(files)}.",
            files, {"operations": weak[:20]}))
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
        SIGN, WEAK,
        f"Settings wire a path of {hops} service-to-service calls, {' -> '.join(shown)}{cited(files)}; "
        "traces would show whether one request really walks it.",
        files, {"services": path, "calls": hops})


def assess(evidence: Evidence) -> SignReport:
    report = SignReport()
    ops = operations(evidence)
    report.findings = _trace_findings(evidence, ops)
    config = _config_finding(evidence)
    if config:
        report.findings.append(config)
    trace_verdict = suggestion_from([f for f in report.findings if f is not config])
    if evidence.has_traces:
        report.suggestion = trace_verdict or NO
        if evidence.stats.lumped:
            report.unseen.append(
                f"The traces have more than {MAX_ENTRY_OPERATIONS:,} different entry operations; "
                f"{evidence.stats.lumped} traces of the rarer ones are counted together under "
                f"'{OTHER_OPERATIONS}'.")
        if evidence.stats.incomplete:
            report.unseen.append(
                f"{evidence.stats.incomplete} of {evidence.stats.traces} traces miss some spans "
                "(a parent that never appears), so their call counts may be too low.")
    else:
        report.suggestion = suggestion_from(report.findings) or UNSURE
        report.unseen.append("No traces were given, so how many calls one request sets off "
                             "could not be measured.")
    return report

