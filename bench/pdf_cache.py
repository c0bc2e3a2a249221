"""Benchmark: a second download of the same PDF report (a cache hit), against a trivial route.

Starts gunicorn with the app's own settings (bench/live_app.py), answers a
whole questionnaire over HTTP (the realistic three-candidate assessment of
bench/sample.py), downloads its report once (the render that fills the PDF
cache), checks that the second download is the same PDF and that the cache
holds it, then loads GET /assessments/<id>/report.pdf and GET /healthz with
wrk (-t2 -c8), in alternating rounds. Prints requests/s, latency p50/p99,
the server's CPU time per request (read from /proc for the gunicorn master
and its workers: steadier than requests/s when other processes load the
machine) and the ratio trivial/PDF-hit of requests/s. Target: a cache hit costs <= 2x the trivial route.

    .venv/bin/python bench/pdf_cache.py [--seconds 10] [--rounds 2]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time

from live_app import Browser, LiveApp, machine_load, wrk
from sample import ANSWERS, NOTES

TARGET = 2.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds of trivial + PDF")
    args = parser.parse_args()
    load = machine_load()  # before this script adds its own

    with LiveApp() as app:
        browser = Browser(app)
        public_id = browser.start_draft(ANSWERS)
        browser.finish(public_id, ANSWERS, NOTES)
        path = f"/assessments/{public_id}/report.pdf"
        cookie = browser.session_cookie

        start = time.perf_counter()
        first = browser.get(path)
        first_ms = (time.perf_counter() - start) * 1000
        # What wrk will get: the PDF, with only the session cookie.
        check = Browser(app)
        check.cookies["session"] = browser.cookies["session"]
        start = time.perf_counter()
        second = check.get(path)
        second_ms = (time.perf_counter() - start) * 1000
        cached = list(app.pdf_cache.rglob("*.pdf"))
        problems = [
            f"first download: HTTP {first.status}" if first.status != 200 else "",
            f"second download: HTTP {second.status}" if second.status != 200 else "",
            "not a PDF" if not second.body.startswith(b"%PDF-") else "",
            "second download differs from the first" if second.body != first.body else "",
            f"{len(cached)} files in the PDF cache, expected 1" if len(cached) != 1 else "",
        ]
        if any(problems):
            print(f"FAIL: {'; '.join(p for p in problems if p)}; nothing timed")
            return 1
        print(f"PDF checked: {len(second.body):,} bytes, first download (render) {first_ms:.0f} ms, "
              f"second (cache hit) {second_ms:.0f} ms, 1 file in the cache")

        wrk(app, "/healthz", seconds=2)  # warm-up
        wrk(app, path, cookie, seconds=2)
        print(f"gunicorn -c gunicorn.conf.py: {app.workers()} workers on {app.base}; "
              f"wrk -t2 -c8 -d{args.seconds}s, {args.rounds} alternating rounds; at start: {load}")

        trivial, hits = [], []
        for round_no in range(1, args.rounds + 1):
            trivial.append(wrk(app, "/healthz", seconds=args.seconds))
            hits.append(wrk(app, path, cookie, seconds=args.seconds))
            print(trivial[-1].line(f"round {round_no} GET /healthz"))
            print(hits[-1].line(f"round {round_no} GET report.pdf (hit)"))
        bad = [r for r in trivial + hits if r.non_2xx or r.socket_errors]
        renders = len(list(app.pdf_cache.rglob("*.pdf")))

    t_rps = statistics.mean(r.rps for r in trivial)
    h_rps = statistics.mean(r.rps for r in hits)
    ratio = t_rps / h_rps
    print("summary (mean req/s of the rounds; median p50; worst p99)")
    for label, runs, rps in (("GET /healthz (trivial)", trivial, t_rps), ("GET report.pdf (cache hit)", hits, h_rps)):
        print(f"  {label:28s} {rps:8.1f} req/s   p50 {statistics.median(r.p50_ms for r in runs):7.2f} ms"
              f"   p99 {max(r.p99_ms for r in runs):7.2f} ms")
    t_cpu = sum(r.cpu_ms * r.requests for r in trivial) / sum(r.requests for r in trivial)
    h_cpu = sum(r.cpu_ms * r.requests for r in hits) / sum(r.requests for r in hits)
    print(f"  server CPU per request: trivial {t_cpu:.2f} ms, PDF hit {h_cpu:.2f} ms; PDF-hit/trivial {h_cpu / t_cpu:.2f}"
          "  (a steadier check on a busy machine)")
    print(f"  ratio trivial/PDF-hit: {ratio:.2f}  (target <= {TARGET:.1f})")
    if bad or renders != 1:
        print("FAIL: some responses were errors or the cache changed (see above); the figures are not valid")
        return 1
    passed = ratio <= TARGET
    print(f"{'PASS' if passed else 'FAIL'}: a cache hit costs {ratio:.2f}x the trivial route (target <= {TARGET:.1f}x)")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
