"""Benchmark: importing Jaeger trace exports with ``app.evidence.analyse``.

Generates Jaeger query-API exports of 10k, 100k and 1M spans (many traces of
10-30 nested spans over a dozen services, with the tags real clients write),
then, for each size, times ``json.load`` of the file against ``analyse()`` of
the same bytes. Every measurement runs in a fresh subprocess, so peak memory
is the child's own ``ru_maxrss`` (interpreter included), not a guess. The two
are run alternately and the median is taken; times are the child's CPU time
(user + system) by default, which a busy shared machine disturbs far less
than wall-clock time (``--clock wall`` for that).

    python bench/evidence_traces.py [--sizes 10000,100000,1000000] [--runs 3] [--clock cpu|wall]

Targets: analyse at most 2.5x json.load and at most 500 MB at 100k spans;
near-linear growth (time and memory roughly x10 per 10x spans).
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
SERVICES = ["edge", "frontend", "checkout", "cart", "catalogue", "pricing", "orders", "payment",
            "shipping", "users", "inventory", "recommend", "notify", "search"]
VERBS = ["GET", "POST", "PUT", "DELETE"]


def _span(rng: random.Random, trace_id: str, span_id: str, parent: str | None, process: str,
          operation: str, kind: str, start: int, error: bool) -> dict:
    tags = [
        {"key": "span.kind", "type": "string", "value": kind},
        {"key": "component", "type": "string", "value": "net/http"},
        {"key": "http.method", "type": "string", "value": operation.split(" ", 1)[0]},
        {"key": "http.url", "type": "string", "value": f"http://svc{operation.split(' ', 1)[1]}"},
        {"key": "http.status_code", "type": "int64", "value": 500 if error else 200},
        {"key": "internal.span.format", "type": "string", "value": "proto"},
    ]
    if error:
        tags.append({"key": "error", "type": "bool", "value": True})
    return {
        "traceID": trace_id, "spanID": span_id, "flags": 1, "operationName": operation,
        "references": [] if parent is None else
        [{"refType": "CHILD_OF", "traceID": trace_id, "spanID": parent}],
        "startTime": start, "duration": rng.randint(200, 90_000), "tags": tags, "logs": [],
        "processID": process, "warnings": None,
    }


def _trace(rng: random.Random, number: int, size: int) -> dict:
    trace_id = f"{number:032x}"
    start = 1_700_000_000_000_000 + number * 1000
    services = rng.sample(SERVICES, 8)
    processes = {f"p{i + 1}": {"serviceName": name, "tags": [
        {"key": "hostname", "type": "string", "value": f"{name}-7d9f8-{i}"},
        {"key": "ip", "type": "string", "value": f"10.0.{i}.{number % 250}"},
        {"key": "jaeger.version", "type": "string", "value": "Go-2.30.0"}]}
        for i, name in enumerate(services)}
    spans = [_span(rng, trace_id, f"{number:08x}{0:08x}", None, "p1",
                   f"GET /api/{services[0]}", "server", start, False)]
    owners = ["p1"]
    fail = rng.random() < 0.05
    while len(spans) < size:
        parent_index = rng.randrange(len(spans))
        parent = spans[parent_index]
        process = f"p{rng.randint(1, len(services))}"
        same = process == owners[parent_index]
        span_id = f"{number:08x}{len(spans):08x}"
        operation = f"{rng.choice(VERBS)} /{processes[process]['serviceName']}/{rng.randint(1, 9)}"
        spans.append(_span(rng, trace_id, span_id, parent["spanID"], process, operation,
                           "client" if same else "server", start + len(spans) * 50,
                           fail and len(spans) == size - 1))
        owners.append(process)
    rng.shuffle(spans)
    return {"traceID": trace_id, "spans": spans, "processes": processes, "warnings": None}


def generate(path: Path, total_spans: int) -> None:
    rng = random.Random(total_spans)
    with path.open("w") as out:
        out.write('{"data": [')
        written = number = 0
        while written < total_spans:
            size = min(rng.randint(10, 30), total_spans - written)
            if number:
                out.write(",")
            out.write(json.dumps(_trace(rng, number, size), separators=(",", ":")))
            written += size
            number += 1
        out.write('], "total": 0, "limit": 0, "offset": 0, "errors": null}')


def _load_core():
    """``app.evidence`` alone: the pure core, without the Flask app's package start-up."""
    package = types.ModuleType("app")
    package.__path__ = [str(ROOT / "app")]
    sys.modules.setdefault("app", package)
    from app.evidence import Limits, analyse

    return Limits, analyse


def child(mode: str, path: str) -> None:
    Limits, analyse = _load_core()

    limits = Limits(max_bytes=4 * 1024 ** 3, max_spans=20_000_000)
    wall, cpu = time.perf_counter(), time.process_time()
    if mode == "json":
        with open(path, encoding="utf-8") as handle:
            json.load(handle)
    else:
        analyse([(Path(path).name, Path(path).read_bytes())], limits=limits)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"wall": wall, "cpu": cpu, "peak_mb": peak}))


def measure(path: Path, runs: int, clock: str) -> dict[str, tuple[float, float]]:
    """mode -> (median seconds, peak MB), json.load and analyse run alternately."""
    results: dict[str, list[dict]] = {"json": [], "analyse": []}
    for _ in range(runs):
        for mode in results:
            done = subprocess.run([sys.executable, __file__, "--child", mode, str(path)],
                                  check=True, capture_output=True, text=True)
            results[mode].append(json.loads(done.stdout))
    return {mode: (statistics.median(r[clock] for r in rows), max(r["peak_mb"] for r in rows))
            for mode, rows in results.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--runs", type=int, default=3, help="runs per size below 1M spans")
    parser.add_argument("--clock", choices=("cpu", "wall"), default="cpu")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            path = Path(folder) / f"jaeger-{size}.json"
            generate(path, size)
            runs = 1 if size >= 1_000_000 else args.runs
            measured = measure(path, runs, args.clock)
            (load_s, load_mb), (analyse_s, analyse_mb) = measured["json"], measured["analyse"]
            rows.append((size, path.stat().st_size / 1024 ** 2, load_s, analyse_s, load_mb, analyse_mb))
            print(f"measured {size:,} spans", file=sys.stderr)
    print(f"times: median {args.clock} seconds")
    print(f"{'spans':>10} {'file MB':>8} {'json.load s':>12} {'analyse s':>10} {'ratio':>6} "
          f"{'load peak MB':>13} {'analyse peak MB':>16} {'time x':>7} {'mem x':>6}")
    previous = None
    for size, file_mb, load_s, analyse_s, load_mb, analyse_mb in rows:
        growth = ""
        if previous and size == previous[0] * 10:
            growth = f"{analyse_s / previous[3]:>7.1f} {analyse_mb / previous[5]:>6.1f}"
        print(f"{size:>10,} {file_mb:>8.1f} {load_s:>12.3f} {analyse_s:>10.3f} "
              f"{analyse_s / load_s:>6.2f} {load_mb:>13.0f} {analyse_mb:>16.0f} {growth}")
        previous = (size, file_mb, load_s, analyse_s, load_mb, analyse_mb)
    print("(time x / mem x: analyse's growth for 10x more spans; peaks include the interpreter)")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
