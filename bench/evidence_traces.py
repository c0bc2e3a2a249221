"""Benchmark: importing trace exports with ``app.evidence.analyse``: time and peak memory.

Generates exports of 100k, 1M and 4M spans in a temporary folder (traces of
10-30 nested spans over a dozen services, with the tags and endpoints real
tracers write), then, for each size, runs ``json.load`` of the file and
``analyse()`` of the same bytes, each in a fresh child process, so that peak
memory is the child's own ``ru_maxrss`` (interpreter included) and no run
pollutes the next. The two alternate and the median time is taken; times are
the child's CPU time (user + system) by default, which a busy shared machine
disturbs far less than wall-clock time (``--clock wall`` for that).

    python bench/evidence_traces.py [--format zipkin|jaeger|otlp]
        [--sizes 100000,1000000,4000000] [--runs 1] [--clock cpu|wall]
        [--baseline-up-to 1000000]

Zipkin (the default) is a flat list of loose spans whose traces interleave,
the case where no trace can be finished before the end of the file. Jaeger
groups spans by trace; OTLP batches spans by service, several traces per
batch.

Targets: 1M Zipkin spans analysed within 500 MB peak and within 2.5x the peak
of ``json.load`` of the same file; memory grows with the spans held in their
packed form, not with the parsed JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVICES = [
    "edge",
    "frontend",
    "checkout",
    "cart",
    "catalogue",
    "pricing",
    "orders",
    "payment",
    "shipping",
    "users",
    "inventory",
    "recommend",
    "notify",
    "search",
]
VERBS = ["GET", "POST", "PUT", "DELETE"]
TARGET_MB = 500
TARGET_RATIO = 2.5


def _tree(rng: random.Random, size: int) -> list[tuple[int, int | None, int, str]]:
    """(span, parent, service, kind) of one trace: a random tree over 8 services."""
    services = rng.sample(range(len(SERVICES)), 8)
    spans: list[tuple[int, int | None, int, str]] = [(0, None, services[0], "server")]
    while len(spans) < size:
        parent = spans[rng.randrange(len(spans))]
        service = rng.choice(services)
        if service == parent[2]:
            spans.append((len(spans), parent[0], service, "client"))
        else:  # a call: the caller's client span, then the callee's server span
            client = len(spans)
            spans.append((client, parent[0], parent[2], "client"))
            if len(spans) < size:
                spans.append((len(spans), client, service, "server"))
    return spans


def _zipkin_span(rng, trace_id, number, span, parent, service, kind, start, error) -> dict:
    name = SERVICES[service]
    path = f"/{name}/{rng.randint(1, 9)}"
    out = {
        "traceId": trace_id,
        "id": f"{number:08x}{span:08x}",
        "kind": kind.upper(),
        "name": f"{rng.choice(VERBS).lower()} {path}",
        "timestamp": start + span * 50,
        "duration": rng.randint(200, 90_000),
        "localEndpoint": {"serviceName": name, "ipv4": f"10.0.{service}.{number % 250}"},
        "tags": {"http.method": "GET", "http.path": path, "http.status_code": "500" if error else "200"},
    }
    if parent is not None:
        out["parentId"] = f"{number:08x}{parent:08x}"
    if kind == "client":
        out["remoteEndpoint"] = {"ipv4": "10.0.99.1", "port": 8080}
    if error:
        out["tags"]["error"] = "500"
    return out


def _jaeger_tag(key: str, value) -> dict:
    kind = "int64" if isinstance(value, int) else "bool" if isinstance(value, bool) else "string"
    return {"key": key, "type": kind, "value": value}


def _traces(rng: random.Random, total_spans: int):
    written = number = 0
    while written < total_spans:
        size = min(rng.randint(10, 30), total_spans - written)
        yield number, _tree(rng, size), rng.random() < 0.05
        written += size
        number += 1


def generate_zipkin(path: Path, total_spans: int) -> None:
    rng = random.Random(total_spans)
    with path.open("w") as out:
        out.write("[")
        first = True
        held: list[dict] = []
        for number, tree, fail in _traces(rng, total_spans):
            trace_id = f"{rng.getrandbits(64):016x}{number:016x}"
            start = 1_700_000_000_000_000 + number * 1000
            held += [
                _zipkin_span(rng, trace_id, number, s, p, svc, kind, start, fail and s == len(tree) - 1)
                for s, p, svc, kind in tree
            ]
            if number % 2:  # two traces at a time, their spans interleaved, as collectors write
                rng.shuffle(held)
                for span in held:
                    out.write(("" if first else ",") + json.dumps(span, separators=(",", ":")))
                    first = False
                held = []
        for span in held:
            out.write(("" if first else ",") + json.dumps(span, separators=(",", ":")))
            first = False
        out.write("]")


def generate_jaeger(path: Path, total_spans: int) -> None:
    rng = random.Random(total_spans)
    with path.open("w") as out:
        out.write('{"data": [')
        for number, tree, fail in _traces(rng, total_spans):
            trace_id = f"{number:032x}"
            start = 1_700_000_000_000_000 + number * 1000
            used = sorted({svc for _s, _p, svc, _k in tree})
            process = {svc: f"p{i + 1}" for i, svc in enumerate(used)}
            spans = []
            for s, p, svc, kind in tree:
                error = fail and s == len(tree) - 1
                tags = [
                    _jaeger_tag("span.kind", kind),
                    _jaeger_tag("component", "net/http"),
                    _jaeger_tag("http.method", "GET"),
                    _jaeger_tag("http.status_code", 500 if error else 200),
                ]
                if error:
                    tags.append(_jaeger_tag("error", True))
                spans.append(
                    {
                        "traceID": trace_id,
                        "spanID": f"{number:08x}{s:08x}",
                        "flags": 1,
                        "operationName": f"GET /{SERVICES[svc]}/{rng.randint(1, 9)}",
                        "references": []
                        if p is None
                        else [{"refType": "CHILD_OF", "traceID": trace_id, "spanID": f"{number:08x}{p:08x}"}],
                        "startTime": start + s * 50,
                        "duration": rng.randint(200, 90_000),
                        "tags": tags,
                        "logs": [],
                        "processID": process[svc],
                        "warnings": None,
                    }
                )
            trace = {
                "traceID": trace_id,
                "spans": spans,
                "warnings": None,
                "processes": {
                    p: {"serviceName": SERVICES[svc], "tags": [_jaeger_tag("hostname", f"{SERVICES[svc]}-0")]}
                    for svc, p in process.items()
                },
            }
            out.write(("," if number else "") + json.dumps(trace, separators=(",", ":")))
        out.write('], "total": 0, "limit": 0, "offset": 0, "errors": null}')


def generate_otlp(path: Path, total_spans: int) -> None:
    """One JSON line per batch of about 5,000 spans, grouped by service within the batch."""
    rng = random.Random(total_spans)
    kinds = {"server": 2, "client": 3}
    with path.open("w") as out:
        batch: dict[int, list] = {}
        held = 0

        def flush() -> None:
            line = {
                "resourceSpans": [
                    {
                        "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": SERVICES[svc]}}]},
                        "scopeSpans": [{"scope": {"name": "io.opentelemetry.http"}, "spans": spans}],
                    }
                    for svc, spans in batch.items()
                ]
            }
            out.write(json.dumps(line, separators=(",", ":")) + "\n")

        for number, tree, fail in _traces(rng, total_spans):
            trace_id = f"{rng.getrandbits(64):016x}{number:016x}"
            start = 1_700_000_000_000_000_000 + number * 1_000_000
            for s, p, svc, kind in tree:
                span = {
                    "traceId": trace_id,
                    "spanId": f"{number:08x}{s:08x}",
                    "name": f"GET /{SERVICES[svc]}",
                    "kind": kinds[kind],
                    "startTimeUnixNano": str(start + s * 50_000),
                    "endTimeUnixNano": str(start + s * 50_000 + 40_000),
                    "attributes": [{"key": "http.request.method", "value": {"stringValue": "GET"}}],
                    "status": {"code": 2} if fail and s == len(tree) - 1 else {},
                }
                if p is not None:
                    span["parentSpanId"] = f"{number:08x}{p:08x}"
                batch.setdefault(svc, []).append(span)
                held += 1
            if held >= 5000:
                flush()
                batch, held = {}, 0
        if batch:
            flush()


GENERATORS = {"zipkin": generate_zipkin, "jaeger": generate_jaeger, "otlp": generate_otlp}


def _load_core():
    """``app.evidence`` alone: the pure core, without the Flask app's package start-up."""
    package = types.ModuleType("app")
    package.__path__ = [str(ROOT / "app")]
    sys.modules.setdefault("app", package)
    from app.evidence import Limits, analyse

    return Limits, analyse


def child(mode: str, path: str) -> None:
    wall, cpu = time.perf_counter(), time.process_time()
    if mode == "json":
        with open(path, encoding="utf-8") as handle:
            if path.endswith(".jsonl"):
                for line in handle:
                    json.loads(line)
            else:
                json.load(handle)
    else:
        Limits, analyse = _load_core()
        limits = Limits(max_bytes=8 * 1024**3, max_spans=20_000_000)
        wall, cpu = time.perf_counter(), time.process_time()
        analyse([(Path(path).name, Path(path).read_bytes())], limits=limits)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"wall": wall, "cpu": cpu, "peak_mb": peak}))


def measure(path: Path, runs: int, clock: str, modes: tuple[str, ...]) -> dict[str, tuple[float, float]]:
    """mode -> (median seconds, peak MB); the modes run alternately, each in a new process."""
    results: dict[str, list[dict]] = {mode: [] for mode in modes}
    for _ in range(runs):
        for mode in modes:
            done = subprocess.run(
                [sys.executable, __file__, "--child", mode, str(path)], check=True, capture_output=True, text=True
            )
            results[mode].append(json.loads(done.stdout))
    return {
        mode: (statistics.median(r[clock] for r in rows), max(r["peak_mb"] for r in rows))
        for mode, rows in results.items()
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--format", choices=sorted(GENERATORS), default="zipkin")
    parser.add_argument("--sizes", default="100000,1000000,4000000")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--clock", choices=("cpu", "wall"), default="cpu")
    parser.add_argument(
        "--baseline-up-to", type=int, default=4_000_000, help="largest size for which json.load is measured too"
    )
    parser.add_argument("--child", nargs=2, metavar=("MODE", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    print(
        f"format {args.format}; load average {os.getloadavg()[0]:.1f}; times: median "
        f"{args.clock} seconds of {args.runs} run(s)",
        flush=True,
    )
    print(
        f"{'spans':>10} {'file MB':>8} {'json.load s':>12} {'analyse s':>10} {'time x':>7} "
        f"{'load peak MB':>13} {'analyse peak MB':>16} {'peak x':>7} {'MB/100k':>8}",
        flush=True,
    )
    verdicts = []
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            path = Path(folder) / f"{args.format}-{size}.{'jsonl' if args.format == 'otlp' else 'json'}"
            GENERATORS[args.format](path, size)
            modes = ("json", "analyse") if size <= args.baseline_up_to else ("analyse",)
            file_mb = path.stat().st_size / 1024**2
            measured = measure(path, args.runs, args.clock, modes)
            path.unlink()
            analyse_s, analyse_mb = measured["analyse"]
            load_s, load_mb = measured.get("json", (float("nan"), float("nan")))
            print(
                f"{size:>10,} {file_mb:>8.0f} "
                f"{load_s:>12.2f} {analyse_s:>10.2f} {analyse_s / load_s:>7.2f} "
                f"{load_mb:>13.0f} {analyse_mb:>16.0f} {analyse_mb / load_mb:>7.2f} "
                f"{analyse_mb / size * 100_000:>8.1f}",
                flush=True,
            )
            if size == 1_000_000 and args.format == "zipkin":
                verdicts.append(analyse_mb <= TARGET_MB and analyse_mb <= TARGET_RATIO * load_mb)
    print("(peaks include the interpreter; MB/100k: analyse's peak per 100,000 spans)")
    if verdicts:
        print(
            f"target: 1M Zipkin spans within {TARGET_MB} MB and {TARGET_RATIO}x json.load's peak: "
            f"{'PASS' if all(verdicts) else 'FAIL'}"
        )
        return 0 if all(verdicts) else 1
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
