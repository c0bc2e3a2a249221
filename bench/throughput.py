"""Benchmark: throughput of the questionnaire's signs step page, against a trivial route.

Starts gunicorn with the app's own settings (bench/live_app.py), starts a
draft over HTTP like a browser (landing page, "Start", the context step),
checks that GET /assessments/<id>/signs answers 200 with the signs form for
that session cookie, then loads it and GET /healthz of the same server with
wrk (-t2 -c8), in alternating rounds. Prints requests/s, latency p50/p99,
the server's CPU time per request (read from /proc for the gunicorn master
and its workers: steadier than requests/s when other processes load the
machine) and the ratio page/trivial of requests/s. Target: the page serves >= 40% of the trivial route's
requests/s.

    .venv/bin/python bench/throughput.py [--seconds 10] [--rounds 2]
"""
from __future__ import annotations

import argparse
import statistics
import sys

from live_app import Browser, LiveApp, machine_load, wrk
from sample import ANSWERS

TARGET = 0.40


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds of trivial + page")
    args = parser.parse_args()
    load = machine_load()  # before this script adds its own

    with LiveApp() as app:
        browser = Browser(app)
        public_id = browser.start_draft(ANSWERS)
        page = f"/assessments/{public_id}/signs"
        cookie = browser.session_cookie

        # What wrk will get: the page itself, with only the session cookie.
        check = Browser(app)
        check.cookies["session"] = browser.cookies["session"]
        reply = check.get(page)
        if reply.status != 200 or 'name="deploy_coupling"' not in reply.text or "<form" not in reply.text:
            print(f"FAIL: {page} answered {reply.status} without the signs form; nothing timed")
            return 1
        print(f"signs page checked: HTTP 200, {len(reply.body):,} bytes, signs form present")

        wrk(app, "/healthz", seconds=2)  # warm-up: every worker imports and connects
        wrk(app, page, cookie, seconds=2)
        print(f"gunicorn -c gunicorn.conf.py: {app.workers()} workers on {app.base}; "
              f"wrk -t2 -c8 -d{args.seconds}s, {args.rounds} alternating rounds; at start: {load}")

        trivial, signs = [], []
        for round_no in range(1, args.rounds + 1):
            trivial.append(wrk(app, "/healthz", seconds=args.seconds))
            signs.append(wrk(app, page, cookie, seconds=args.seconds))
            print(trivial[-1].line(f"round {round_no} GET /healthz"))
            print(signs[-1].line(f"round {round_no} GET signs page"))
        bad = [r for r in trivial + signs if r.non_2xx or r.socket_errors]

    t_rps = statistics.mean(r.rps for r in trivial)
    s_rps = statistics.mean(r.rps for r in signs)
    ratio = s_rps / t_rps
    print("summary (mean req/s of the rounds; median p50; worst p99)")
    for label, runs, rps in (("GET /healthz (trivial)", trivial, t_rps), ("GET .../signs (page)", signs, s_rps)):
        print(f"  {label:28s} {rps:8.1f} req/s   p50 {statistics.median(r.p50_ms for r in runs):7.2f} ms"
              f"   p99 {max(r.p99_ms for r in runs):7.2f} ms")
    t_cpu = sum(r.cpu_ms * r.requests for r in trivial) / sum(r.requests for r in trivial)
    s_cpu = sum(r.cpu_ms * r.requests for r in signs) / sum(r.requests for r in signs)
    print(f"  server CPU per request: trivial {t_cpu:.2f} ms, page {s_cpu:.2f} ms; trivial/page {t_cpu / s_cpu:.2f}"
          "  (a steadier check on a busy machine)")
    print(f"  ratio page/trivial: {ratio:.2f}  (target >= {TARGET:.2f})")
    if bad:
        print("FAIL: some responses were errors (see above); the figures are not valid")
        return 1
    passed = ratio >= TARGET
    print(f"{'PASS' if passed else 'FAIL'}: signs page serves {ratio:.0%} of the trivial route's "
          f"requests/s (target >= {TARGET:.0%})")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
