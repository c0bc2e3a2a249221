"""Results of the load test: exact percentiles from locust's samples, each run's figures, and their printing."""

from __future__ import annotations

import csv
import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path

TARGET_P95_MS = 300.0
PDF_PAGE = "/assessments/[id]/report.pdf"


# --- figures -----------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (the value below which p% of the samples fall)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


@dataclass
class PageStats:
    name: str
    times: list[float] = field(default_factory=list)
    failures: int = 0

    @property
    def is_pdf(self) -> bool:
        return PDF_PAGE in self.name or self.name.startswith("PDF ")

    def p(self, q: float) -> float:
        return percentile(self.times, q) if self.times else float("nan")


@dataclass
class RunResult:
    label: str
    pages: dict[str, PageStats]
    requests: int
    failed_requests: int
    window_s: float
    peak_rps: float
    pdf_waits: list[float]
    journeys: dict
    gunicorn_cpu_s: float
    worker_cpu_s: float | None
    postgres_cpu_s: float
    locust_cpu_s: float
    machine_cpu_s: float
    locust_wall_s: float
    job_seconds: list[float]
    server_problems: list[str]
    locust_line: str
    load_before: str
    load_after: str
    code: str

    @property
    def rps(self) -> float:
        return self.requests / self.window_s if self.window_s else 0.0

    def non_pdf(self) -> list[PageStats]:
        return [s for s in self.pages.values() if not s.is_pdf]

    @property
    def errors(self) -> int:
        kinds = [f["kind"] for f in self.journeys["failures"]]
        # Failed requests are counted once; journeys add what no request shows (a PDF given up,
        # a journey cut off by the end of the run, an exception in the simulated browser).
        return self.failed_requests + sum(k in ("pdf_timeout", "unfinished", "exception") for k in kinds)

    def slow_pages(self) -> list[PageStats]:
        return [s for s in self.non_pdf() if s.p(95) > TARGET_P95_MS]

    @property
    def passed(self) -> bool:
        return not self.slow_pages() and self.errors == 0


def read_samples(path: Path) -> tuple[dict[str, PageStats], int, int, float, float, list[float], dict]:
    data = json.loads(path.read_text())
    pages: dict[str, PageStats] = {}
    starts, ends, waits = [], [], []
    requests = failed = 0
    for name, kind, start, ms, ok in data["samples"]:
        if kind == "PDF":  # the custom event: the wait for a PDF, not an HTTP request
            if ok:
                waits.append(ms)
            continue
        key = name if name.startswith(f"{kind} ") else f"{kind} {name}"
        stats = pages.setdefault(key, PageStats(key))
        stats.times.append(ms)
        stats.failures += not ok
        requests += 1
        failed += not ok
        starts.append(start)
        ends.append(start + ms / 1000)
    window = (max(ends) - min(starts)) if starts else 0.0
    peak = 0.0
    if starts:  # busiest 5-second window, by request start
        origin = min(starts)
        buckets: dict[int, int] = {}
        for s in starts:
            buckets[int((s - origin) // 5)] = buckets.get(int((s - origin) // 5), 0) + 1
        peak = max(buckets.values()) / 5
    return pages, requests, failed, window, peak, waits, data["journeys"]


def locust_summary(csv_prefix: Path) -> str:
    """Locust's own Aggregated row, as a cross-check of the exact figures."""
    try:
        with open(f"{csv_prefix}_stats.csv", newline="") as f:
            for row in csv.DictReader(f):
                if row["Name"] == "Aggregated":
                    return (
                        f"locust's own aggregate (includes the PDF wait events): {row['Request Count']} "
                        f"requests, {row['Failure Count']} failures, {float(row['Requests/s']):.1f} req/s, "
                        f"p50 {row['50%']} ms, p95 {row['95%']} ms, p99 {row['99%']} ms"
                    )
    except OSError:
        pass
    return "locust's own statistics: none written"


# --- printing ---------------------------------------------------------------------------


def fmt(ms: float) -> str:
    return "-" if ms != ms else f"{ms:,.0f}"


def report(run: RunResult) -> None:
    j = run.journeys
    print(
        f"\nRun {run.label}: {run.requests} requests in {run.window_s:.1f} s = {run.rps:.1f} requests/s "
        f"(busiest 5 s: {run.peak_rps:.1f}/s); journeys completed {j['completed']}/{j['started']}"
    )
    print(f"  machine: before {run.load_before}; after {run.load_after}")
    worker_cpu = run.worker_cpu_s or 0.0
    other = run.machine_cpu_s - run.gunicorn_cpu_s - worker_cpu - run.postgres_cpu_s - run.locust_cpu_s
    available = (os.cpu_count() or 1) * run.locust_wall_s
    print(
        f"  CPU while locust ran ({run.locust_wall_s:.0f} s x {os.cpu_count()} cores = {available:.0f} core-s): "
        f"machine busy {run.machine_cpu_s:.0f} s ({run.machine_cpu_s / available:.0%}) = gunicorn "
        f"{run.gunicorn_cpu_s:.1f} s ({run.gunicorn_cpu_s * 1000 / max(run.requests, 1):.1f} ms/request)"
        + (f" + PDF worker {worker_cpu:.1f} s" if run.worker_cpu_s is not None else "")
        + f" + PostgreSQL backends {run.postgres_cpu_s:.1f} s + locust {run.locust_cpu_s:.1f} s"
        f" + everything else on the machine {other:.1f} s"
    )
    print(f"  {'page':46s} {'count':>6s} {'fail':>5s} {'p50 ms':>8s} {'p95 ms':>8s} {'p99 ms':>8s} {'max ms':>8s}")
    order = (
        ["GET /", "POST /start"]
        + [f"{m} /assessments/[id]/{s}" for s in ("context", "signs", "candidates") for m in ("GET", "POST")]
        + ["GET /assessments/[id]/result"]
    )
    names = sorted(run.pages, key=lambda n: (order.index(n) if n in order else len(order), n))
    for name in names:
        s = run.pages[name]
        mark = "  (PDF)" if s.is_pdf else ("  > 300 ms" if s.p(95) > TARGET_P95_MS else "")
        print(
            f"  {name:46s} {len(s.times):6d} {s.failures:5d} {fmt(s.p(50)):>8s} {fmt(s.p(95)):>8s} "
            f"{fmt(s.p(99)):>8s} {fmt(max(s.times)):>8s}{mark}"
        )
    pooled = [t for s in run.non_pdf() for t in s.times]
    if pooled:
        print(
            f"  {'all non-PDF pages together':46s} {len(pooled):6d} {sum(s.failures for s in run.non_pdf()):5d} "
            f"{fmt(percentile(pooled, 50)):>8s} {fmt(percentile(pooled, 95)):>8s} {fmt(percentile(pooled, 99)):>8s} "
            f"{fmt(max(pooled)):>8s}"
        )
    if run.pdf_waits:
        print(
            f"  PDF job wait (first request to the PDF), {len(run.pdf_waits)} of {j['pdf_wanted']} PDFs: "
            f"median {fmt(percentile(run.pdf_waits, 50))} ms, p95 {fmt(percentile(run.pdf_waits, 95))} ms, "
            f"max {fmt(max(run.pdf_waits))} ms"
        )
    else:
        print(f"  PDF job wait: no PDF received ({j['pdf_wanted']} asked for)")
    if run.job_seconds:
        jobs = [t * 1000 for t in run.job_seconds]
        print(
            f"  of which rendering, per job in the worker (rq's log), {len(jobs)} jobs: "
            f"median {fmt(percentile(jobs, 50))} ms, "
            f"max {fmt(max(jobs))} ms, {sum(jobs) / 1000:.1f} s in all (one job at a time: the rest is queueing)"
        )
    print(
        f"  errors: {run.errors} ({run.failed_requests} failed requests, "
        f"{j['pdf_gave_up']} PDFs given up after 60 s, "
        f"{sum(f['kind'] == 'unfinished' for f in j['failures'])} journeys cut off by the end of the run, "
        f"{sum(f['kind'] == 'exception' for f in j['failures'])} client exceptions)"
    )
    for failure in j["failures"][:10]:
        print(f"    - user {failure['user']}: {failure['kind']}: {failure['detail']}")
    if len(j["failures"]) > 10:
        print(f"    ... and {len(j['failures']) - 10} more")
    if run.server_problems:
        print(f"  server logs: {len(run.server_problems)} lines reporting problems, first ones:")
        for line in run.server_problems[:8]:
            print(f"    {line[:200]}")
    print(f"  {run.locust_line}")
    slow = ", ".join(f"{s.name} p95 {fmt(s.p(95))} ms" for s in run.slow_pages()) or "none"
    verdict = "PASS" if run.passed else "FAIL"
    what = "target" if run.label == "A" else "reference only, the target is for run A"
    print(
        f"  {verdict} ({what}): p95 <= {TARGET_P95_MS:.0f} ms on every non-PDF page (over: {slow}); "
        f"0 errors (got {run.errors})"
    )


def compare(a: RunResult, b: RunResult) -> None:
    print("\n=== p95 of the non-PDF pages: A (PDF worker) vs B (PDFs rendered in the request) ===")
    print(f"  {'page':46s} {'A p95 ms':>9s} {'B p95 ms':>9s} {'B / A':>7s}")
    names = [n for n in a.pages if not a.pages[n].is_pdf] + [
        n for n in b.pages if n not in a.pages and not b.pages[n].is_pdf
    ]
    for name in names:
        pa = a.pages[name].p(95) if name in a.pages else float("nan")
        pb = b.pages[name].p(95) if name in b.pages else float("nan")
        ratio = f"{pb / pa:.1f}x" if pa == pa and pb == pb and pa > 0 else "-"
        print(f"  {name:46s} {fmt(pa):>9s} {fmt(pb):>9s} {ratio:>7s}")
    pa = percentile([t for s in a.non_pdf() for t in s.times], 95)
    pb = percentile([t for s in b.non_pdf() for t in s.times], 95)
    print(f"  {'all non-PDF pages together':46s} {fmt(pa):>9s} {fmt(pb):>9s} {pb / pa:6.1f}x")
    print(
        f"  requests/s: A {a.rps:.1f}, B {b.rps:.1f}; errors: A {a.errors}, B {b.errors}; "
        f"PDF wait median: A {fmt(percentile(a.pdf_waits, 50)) if a.pdf_waits else '-'} ms, "
        f"B {fmt(percentile(b.pdf_waits, 50)) if b.pdf_waits else '-'} ms"
    )
