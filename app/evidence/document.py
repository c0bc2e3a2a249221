"""``analyse()``: files in, evidence document out (see CONTRACT.md).

Every file is read and checked before anything is built, so a bad file
raises :class:`EvidenceError` and no half-made document exists. Compose
files merge in the order given; Kubernetes manifests are read together;
traces from all files are measured together.

Files found in a folder or an archive (``Input.found_in``) are named by their
path in it; those that are no evidence, or are broken, are listed in
``inputs`` as skipped, with the reason, instead of stopping the import.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from app.language import _, ngettext

from . import budget
from .archives import Input, said
from .compose import declared_services, read_compose
from .contracts import FORMATS as CONTRACT_FORMATS
from .contracts import ContractEvidence, ContractHistory, read_contracts, steps_in_import
from .errors import EvidenceError
from .history import HistoryOptions, co_change
from .history_log import FORMAT as HISTORY_FORMAT
from .history_log import History
from .importers import InputFile
from .inventory import Inventory, Node
from .kubernetes import read_kubernetes
from .limits import Limits
from .model import ConfigReading
from .reading import Reading, Skipped, checked_inputs, input_names
from .signs import assess_all
from .signs.call_chains import operations
from .signs.coverage import coverage_of
from .signs.finding import Evidence, listing
from .trace_stats import TraceStats
from .unrendered import per_chart
from .wiring import Wiring

TRACE_FORMATS = ("jaeger", "zipkin", "otlp")
MAX_OPERATIONS = 100
# Told after each file is read: bytes read so far, and of how many (the command line draws a
# progress bar with it; the reading itself knows nothing of terminals).
Progress = Callable[[int, int], None]


def _configuration(files: list[InputFile], all_files: dict[str, bytes] | None = None) -> list[ConfigReading]:
    """Compose files read as one project (with the .env and env files among ``all_files``),
    and Kubernetes manifests read together."""
    readings = []
    compose_files = [(f.file, f.documents[0]) for f in files if f.format == "compose"]
    manifests = [(f.file, f.documents) for f in files if f.format == "kubernetes"]
    readers = ((lambda batch: read_compose(batch, all_files), compose_files), (read_kubernetes, manifests))
    for reader, batch in readers:
        if not batch:
            continue
        try:
            readings.append(reader(batch))
        except (TypeError, AttributeError, ValueError, KeyError) as error:
            names = ", ".join(file for file, _ in batch)
            raise EvidenceError(
                names,
                _(
                    "has a value of an unexpected shape (%(error)s); the file does not follow the format it looks like",
                    error=error,
                ),
            ) from None
    return readings


def _inputs(listing: list[InputFile | Skipped], readings: list[ConfigReading]) -> list[dict[str, Any]]:
    settings_files = {name for reading in readings for name in reading.settings_files}
    settings_file = _("read for the compose files' variables and settings, not evidence on its own")
    skipped = [
        (found.file, settings_file if found.file in settings_files else said(found.reason))
        for found in listing
        if isinstance(found, Skipped)
    ]
    reasons = iter(per_chart(skipped))
    return [
        {"file": found.file, "skipped": next(reasons)} if isinstance(found, Skipped) else _input_entry(found, readings)
        for found in listing
    ]


def _input_entry(found: InputFile, readings: list[ConfigReading]) -> dict[str, Any]:
    entry: dict[str, Any] = {"file": found.file, "format": found.format}
    if found.format == HISTORY_FORMAT:
        entry.update(found.documents[1] if len(found.documents) > 1 else {})
    elif found.format in TRACE_FORMATS:
        entry.update(traces=found.traces, spans=found.spans)
    elif found.format == "compose":
        entry["containers"] = declared_services(found.documents[0])
    else:
        for reading in readings:
            if found.file in reading.counts:
                entry["objects"] = dict(sorted(reading.counts[found.file].items()))
    return entry


def _used_by(node: Node, evidence: Evidence) -> list[str]:
    kinds = ("database",) if node.role == "datastore" else ("async",)
    return sorted({e.source_node for e in evidence.edges if e.target == node.name and e.kind in kinds})


def _part(node: Node, evidence: Evidence) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": node.name,
        "engine": node.engine or "unknown",
        "engine_from": node.engine_from,
        "image": node.image,
    }
    if node.role == "datastore":
        out["databases"] = sorted(node.databases)
    out["used_by"] = _used_by(node, evidence)
    out["declared"] = node.declared
    out.update(_profiles(node))
    return out


def _profiles(node: Node) -> dict[str, Any]:
    """``{"profiles": [...]}`` for a compose service that only starts with one of its profiles."""
    profiles = getattr(node.workload, "profiles", None)
    return {"profiles": list(profiles)} if profiles else {}


def _service(node: Node) -> dict[str, Any]:
    out: dict[str, Any] = {"name": node.name, "image": node.image, "sources": sorted(node.sources)}
    if node.tooling:
        out["role"] = "tooling"
    elif node.platform:
        out["role"], out["kind"] = "platform", node.platform
    out.update(_profiles(node))
    return out


def _general_unseen(evidence: Evidence, wiring: Wiring) -> list[str]:
    notes = []
    if evidence.has_config:
        apps = [n for n in evidence.inventory.applications() if n.workload]
        wired = evidence.services_with_visible_wiring()
        hidden = sorted(n.name for n in apps if n.name not in wired)
        if hidden:
            services = ngettext("%(num)s service", "%(num)s services", len(apps))
            notes.append(
                ngettext(
                    "Connection settings baked into images are invisible to these files: %(num)s of %(services)s "
                    "names no datastore, broker or other service in their settings (%(names)s).",
                    "Connection settings baked into images are invisible to these files: %(num)s of %(services)s "
                    "name no datastore, broker or other service in their settings (%(names)s).",
                    len(hidden),
                    services=services,
                    names=listing(hidden, 6),
                )
            )
    if wiring.unreached:
        unique = list(dict.fromkeys(wiring.unreached))
        notes.append(
            _("Some settings point at hosts that are not among these files: %(hosts)s.", hosts=listing(unique, 5))
        )
    return notes


def analyse(
    inputs: Sequence[tuple[str, bytes] | Input],
    *,
    limits: Limits | None = None,
    progress: Progress | None = None,
    contract_histories: Sequence[ContractHistory] = (),
    histories: Sequence[History] = (),
    history_options: HistoryOptions | None = None,
) -> dict[str, Any]:
    """Read compose files, Kubernetes manifests and trace exports into evidence.

    ``inputs`` are ``(file name, content bytes)`` pairs, or :class:`Input` items for files
    found in a folder (named by their path in it); compose files merge in the order given.
    An archive (zip, tar, tar.gz) is opened into its files. Raises :class:`EvidenceError`
    for any file given alone that it cannot read, and for a folder or archive in which no
    file could be read. ``progress`` is told how far the reading of the files has got.
    ``contract_histories``: API contracts' versions from a repository's history, compared
    (``contracts.repository``).
    ``histories``: repositories' histories already read (the command line runs git on them; a
    folder of the inputs found in a repository of that name is not refused for holding no
    deployment file); ``git log`` exports among the inputs are read as histories too.
    """
    limits = limits or Limits()
    try:
        with budget.within(limits.max_seconds):
            return _analyse(
                inputs, limits, progress, list(histories), history_options or HistoryOptions(), contract_histories
            )
    except EvidenceError:
        raise
    except (TypeError, AttributeError, ValueError, KeyError, RecursionError) as error:
        raise EvidenceError(
            input_names(inputs),
            _(
                "has a value of an unexpected shape (%(error)s); the file does not follow the format it looks like",
                error=type(error).__name__,
            ),
        ) from None


def _contracts(reading: Reading, all_files: dict[str, bytes], histories: Sequence[ContractHistory]) -> ContractEvidence:
    """The API contracts read together (one may refer to another), and their versions compared."""
    found = [(f.file, f.format, f.documents) for f in reading.files if f.format in CONTRACT_FORMATS]
    contracts, problems = read_contracts(found, all_files)
    for file, problem in problems.items():
        reading.refuse(file, problem)
    budget.check()
    return ContractEvidence(contracts, steps_in_import(contracts), list(histories))


def _analyse(
    inputs: Sequence[tuple[str, bytes] | Input],
    limits: Limits,
    progress: Progress | None,
    given: list[History],
    options: HistoryOptions,
    contract_histories: Sequence[ContractHistory] = (),
) -> dict[str, Any]:
    stats = TraceStats(limits.max_spans)
    reading = Reading(limits, stats)
    reading.listing.extend(InputFile(h.name, HISTORY_FORMAT, [h]) for h in given)
    all_files: dict[str, bytes] = {}  # every input's bytes by its path, read or not (.env, env_file...)
    items = checked_inputs(inputs, limits) if inputs or not given else []
    total, done = sum(len(item.data) for item in items), 0
    for item in items:
        if not item.skipped:
            all_files.setdefault(item.name, item.data)
        reading.take(item)
        budget.check()
        done += len(item.data)
        if progress:
            progress(done, total)
    contracts = _contracts(reading, all_files, contract_histories)
    reading.check_folders({h.name for h in given})
    files = reading.files
    stats.flush()
    readings = _configuration(files, all_files)
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
    histories = given + [f.documents[0] for f in files if f.format == HISTORY_FORMAT]
    evidence = Evidence(
        inventory,
        wiring.sorted_edges(),
        stats if stats.traces else None,
        [f.file for f in files if f.format not in (*TRACE_FORMATS, *CONTRACT_FORMATS, HISTORY_FORMAT)],
        [f.file for f in files if f.format in TRACE_FORMATS],
        contracts,
    )
    if histories:
        evidence.history, entries = co_change(histories, inventory, list(all_files), options)
        for found in reading.listing:
            if isinstance(found, InputFile) and found.format == HISTORY_FORMAT:
                found.documents[1:] = [entries[found.file]]
    findings, suggested, sign_unseen = assess_all(evidence)
    notes = [note for reading in readings for note in reading.notes]
    per_sign = [note for sign_notes in sign_unseen.values() for note in sign_notes]
    unseen = list(dict.fromkeys(notes + wiring.notes + _general_unseen(evidence, wiring) + per_sign))
    document: dict[str, Any] = {
        "inputs": _inputs(reading.listing, readings),
        "services": [_service(n) for n in inventory.by_role("service")],
        "datastores": [_part(n, evidence) for n in inventory.by_role("datastore")],
        "brokers": [_part(n, evidence) for n in inventory.by_role("broker")],
        "edges": [e.as_dict() for e in evidence.edges],
    }
    if evidence.has_traces:
        document["operations"] = operations(evidence)[:MAX_OPERATIONS]
    document.update(
        findings=[f.as_dict() for f in findings],
        suggested=suggested,
        unseen=unseen,
        unseen_by_sign={sign: notes for sign, notes in sign_unseen.items() if notes},
    )
    if evidence.history is not None:
        document["history"] = evidence.history.as_dict()
    document["coverage"] = coverage_of(evidence)
    return document
