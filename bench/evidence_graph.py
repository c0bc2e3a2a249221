"""Benchmark: evidence analysis of large generated compose graphs.

Generates compose files of N services in three shapes: a ``depends_on`` chain
(each service needs the next), a star (every service needs one hub) and a
dense graph (each service needs the next eight), and times ``analyse()`` on
each, against the baseline of reading the same file as YAML in the same run
(``yaml.load`` with libyaml, the part no analysis can avoid). Each measurement is the
best of ``--runs``, in this process, wall-clock.

    python bench/evidence_graph.py [--sizes 1000,3000,6000,10000] [--runs 2]

Target: every shape at 10,000 services analysed in at most 2 s; time grows
near-linearly (about x10 for 10x services), so one request can never hold a
worker for minutes.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.evidence import Limits, analyse  # noqa: E402

TARGET_SECONDS = 2.0
SHAPES = ("chain", "star", "dense")


def compose_file(shape: str, size: int) -> bytes:
    lines = ["services:"]
    for n in range(size):
        if shape == "chain":
            needs = [n + 1] if n + 1 < size else []
        elif shape == "star":
            needs = [0] if n else []
        else:
            needs = [m for m in range(n + 1, min(n + 9, size))]
        lines += [f"  s{n}:", f"    image: example/s{n}:1.{n}"]
        if needs:
            lines.append("    depends_on: [" + ", ".join(f"s{m}" for m in needs) + "]")
    return ("\n".join(lines) + "\n").encode()


def best(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,3000,6000,10000")
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    limits = Limits(max_seconds=None) if "max_seconds" in Limits.__dataclass_fields__ else Limits()
    print(f"{'shape':6} {'services':>8} {'KB':>6} {'yaml s':>7} {'analyse s':>9} {'ratio':>6}")
    failed = False
    for shape in SHAPES:
        for size in sizes:
            data = compose_file(shape, size)
            parse = best(args.runs, lambda data=data: yaml.load(data, Loader=yaml.CSafeLoader))
            whole = best(args.runs, lambda data=data: analyse([("compose.yaml", data)], limits=limits))
            print(
                f"{shape:6} {size:8} {len(data) // 1024:6} {parse:7.2f} {whole:9.2f} {whole / parse:6.1f}", flush=True
            )
            if size >= 10_000 and whole > TARGET_SECONDS:
                failed = True
    print(f"target: at most {TARGET_SECONDS:.0f} s at 10,000 services: {'missed' if failed else 'met'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
