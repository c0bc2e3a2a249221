"""``analyse()``: files in, evidence document out (see CONTRACT.md).

Every file is read and checked before anything is built, so a bad file
raises :class:`EvidenceError` and no half-made document exists. Compose
files merge in the order given; Kubernetes manifests are read together;
traces from all files are measured together.
"""

from __future__ import annotations

from typing import Any

from . import budget
from .compose import read_compose
from .errors import EvidenceError
from .importers import InputFile, read_input
from .inventory import Inventory, Node
from .kubernetes import read_kubernetes
from .limits import Limits
from .model import ConfigReading
from .signs import assess_all
from .signs.call_chains import operations
from .signs.coverage import coverage_of
from .signs.finding import Evidence, listing
from .trace_stats import TraceStats
from .wiring import Wiring

TRACE_FORMATS = ("jaeger", "zipkin", "otlp")
MAX_OPERATIONS = 100


def _checked_inputs(inputs: Any, limits: Limits) -> list[tuple[str, bytes]]:
    if not isinstance(inputs, (list, tuple)) or not inputs:
        raise EvidenceError("", "no files were given; expected at least one compose file, "
                                "Kubernetes manifest or trace export")
    if len(inputs) > limits.max_files:
        raise EvidenceError("", f"{len(inputs)} files were given; at most {limits.max_files} "
                                "are read in one import")
    checked = []
    for item in inputs:
        if not (isinstance(item, (list, tuple)) and len(item) == 2 and isinstance(item[0], str)):
            raise EvidenceError("", "each input must be a (file name, bytes) pair")
        checked.append((item[0], item[1]))
    return checked


def _configuration(files: list[InputFile]) -> list[ConfigReading]:
    readings = []
    compose_files = [(f.file, f.documents[0]) for f in files if f.format == "compose"]
    manifests = [(f.file, f.documents) for f in files if f.format == "kubernetes"]
    for reader, batch in ((read_compose, compose_files), (read_kubernetes, manifests)):
        if not batch:
            continue
        try:
            readings.append(reader(batch))
        except (TypeError, AttributeError, ValueError, KeyError) as error:
            names = ", ".join(file for file, _ in batch)
            raise EvidenceError(names, f"has a value of an unexpected shape ({error}); "
                                       "the file does not follow the format it looks like") from None
    return readings


def _input_entry(found: InputFile, readings: list[ConfigReading]) -> dict[str, Any]:
    entry: dict[str, Any] = {"file": found.file, "format": found.format}
    if found.format in TRACE_FORMATS:
        entry.update(traces=found.traces, spans=found.spans)
    elif found.format == "compose":
        doc = found.documents[0]
        services = doc.get("services") if "services" in doc else doc
        entry["containers"] = len(services or {})
    else:
        for reading in readings:
            if found.file in reading.counts:
                entry["objects"] = dict(sorted(reading.counts[found.file].items()))
    return entry


def _used_by(node: Node, evidence: Evidence) -> list[str]:
    kinds = ("database",) if node.role == "datastore" else ("async",)
    return sorted({e.source_node for e in evidence.edges if e.target == node.name and e.kind in kinds})


def _part(node: Node, evidence: Evidence) -> dict[str, Any]:
    out: dict[str, Any] = {"name": node.name, "engine": node.engine or "unknown",
                           "engine_from": node.engine_from, "image": node.image}
    if node.role == "datastore":
        out["databases"] = sorted(node.databases)
    out["used_by"] = _used_by(node, evidence)
    out["declared"] = node.declared
    return out


def _service(node: Node) -> dict[str, Any]:
    out: dict[str, Any] = {"name": node.name, "image": node.image, "sources": sorted(node.sources)}
    if node.tooling:
        out["role"] = "tooling"
    elif node.platform:
        out["role"], out["kind"] = "platform", node.platform
    return out


def _general_unseen(evidence: Evidence, wiring: Wiring) -> list[str]:
    notes = []
    if evidence.has_config:
        apps = [n for n in evidence.inventory.applications() if n.workload]
        wired = evidence.services_with_visible_wiring()
        hidden = sorted(n.name for n in apps if n.name not in wired)
        if hidden:
            notes.append(
                f"Connection settings baked into images are invisible to these files: "
                f"{len(hidden)} of {len(apps)} services name no datastore, broker or other "
                f"service in their settings ({listing(hidden, 6)}).")
    if wiring.unreached:
        unique = list(dict.fromkeys(wiring.unreached))
        notes.append(f"Some settings point at hosts that are not among these files: "
                     f"{listing(unique, 5)}.")
    return notes


def analyse(inputs: list[tuple[str, bytes]], *, limits: Limits | None = None) -> dict[str, Any]:
    """Read compose files, Kubernetes manifests and trace exports into evidence.

    ``inputs`` are ``(file name, content bytes)`` pairs; compose files merge in
    the order given. Raises :class:`EvidenceError` for any file it cannot read.
    """
    limits = limits or Limits()
    try:
        with budget.within(limits.max_seconds):
            return _analyse(inputs, limits)
    except EvidenceError:
        raise
    except (TypeError, AttributeError, ValueError, KeyError, RecursionError) as error:
        names = ", ".join(str(name) for name, _ in inputs) if isinstance(inputs, list) else ""
        raise EvidenceError(names, f"has a value of an unexpected shape ({type(error).__name__}); "
                                   "the file does not follow the format it looks like") from None


def _analyse(inputs: list[tuple[str, bytes]], limits: Limits) -> dict[str, Any]:
    stats = TraceStats(limits.max_spans)
    files = []
    for name, data in _checked_inputs(inputs, limits):
        files.append(read_input(name, data, limits, stats))
        budget.check()
    stats.flush()
    readings = _configuration(files)
    inventory = Inventory(readings)
    wiring = Wiring(inventory)
    budget.check()
    wiring.from_settings()
    budget.check()
    wiring.from_depends_on()
    if stats.traces:
        wiring.from_traces(stats)
    budget.check()
    wiring.settle_engines()
    evidence = Evidence(
        inventory, wiring.sorted_edges(), stats if stats.traces else None,
        [f.file for f in files if f.format not in TRACE_FORMATS],
        [f.file for f in files if f.format in TRACE_FORMATS])
    findings, suggested, sign_unseen = assess_all(evidence)
    notes = [note for reading in readings for note in reading.notes]
    per_sign = [note for sign_notes in sign_unseen.values() for note in sign_notes]
    unseen = list(dict.fromkeys(notes + wiring.notes + _general_unseen(evidence, wiring) + per_sign))
    document: dict[str, Any] = {
        "inputs": [_input_entry(f, readings) for f in files],
        "services": [_service(n) for n in inventory.by_role("service")],
        "datastores": [_part(n, evidence) for n in inventory.by_role("datastore")],
        "brokers": [_part(n, evidence) for n in inventory.by_role("broker")],
        "edges": [e.as_dict() for e in evidence.edges],
    }
    if evidence.has_traces:
        document["operations"] = operations(evidence)[:MAX_OPERATIONS]
    document.update(findings=[f.as_dict() for f in findings], suggested=suggested, unseen=unseen,
                    unseen_by_sign={sign: notes for sign, notes in sign_unseen.items() if notes})
    document["coverage"] = coverage_of(evidence)
    return document
