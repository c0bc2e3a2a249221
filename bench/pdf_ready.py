"""Benchmark: a PDF prepared ahead, from the submit to a stored file, and its first download.

Runs the real server (`LiveApp`: gunicorn with gunicorn.conf.py, a fresh SQLite file, a
temporary PDF cache) three times, one set-up each:

  off       PDF_PREPARE_AHEAD=0, no Redis: the first download renders (the old behaviour);
  embedded  prepared ahead, no Redis: the web worker renders after sending the submit's response;
  redis     prepared ahead with REDIS_URL (an empty database of the local Redis, emptied again at
            the end) and one `flask --app wsgi worker` beside gunicorn: the submit enqueues a job.

For each of --rounds assessments (`sample.py`), a browser-like client fills in the first two
steps, then posts the last one (the submit) and measures, from the moment it sends the submit:
the submit's response; the result page it redirects to; the time until the PDF is in the store
(the cache folder is polled every 5 ms; files appear there whole, by rename); then, once it is
there, the first download of report.pdf, each download right after a GET /healthz, the
baseline measured in the same moment (median of both per set-up).

Targets (with preparation ahead, both set-ups): the first download's median <= 2x /healthz's,
and the PDF stored within 2 s of the submit, median (a person reads the result page first).

    .venv/bin/python bench/pdf_ready.py [--rounds N] [--redis-url redis://127.0.0.1:6379/13]
"""

from __future__ import annotations

import argparse
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from live_app import ROOT, VENV_BIN, Browser, LiveApp, candidate_fields, expect, machine_load  # noqa: E402
from sample import ANSWERS, NOTES  # noqa: E402

DOWNLOAD_TARGET = 2.0  # first download / healthz, medians
READY_TARGET_S = 2.0  # submit to stored PDF, median
STORE_TIMEOUT_S = 60.0


@dataclass
class Figures:
    label: str
    submit_ms: list[float] = field(default_factory=list)
    result_ms: list[float] = field(default_factory=list)
    ready_ms: list[float] = field(default_factory=list)  # submit sent -> PDF in the store
    download_ms: list[float] = field(default_factory=list)
    healthz_ms: list[float] = field(default_factory=list)

    @staticmethod
    def median(values: list[float]) -> float:
        return statistics.median(values) if values else float("nan")

    def ratio(self) -> float:
        return self.median(self.download_ms) / self.median(self.healthz_ms)

    def lines(self) -> list[str]:
        def spread(values: list[float]) -> str:
            if not values:
                return "      -"
            return f"{self.median(values):7.1f} ms ({min(values):.1f}-{max(values):.1f})"

        return [
            f"  {self.label}:",
            f"    submit response          {spread(self.submit_ms)}",
            f"    result page after it     {spread(self.result_ms)}",
            f"    submit to stored PDF     {spread(self.ready_ms)}",
            f"    first download           {spread(self.download_ms)}",
            f"    /healthz (baseline)      {spread(self.healthz_ms)}",
            f"    first download / healthz {self.ratio():.2f}",
        ]


def timed(call) -> tuple[float, object]:
    start = time.perf_counter()
    result = call()
    return (time.perf_counter() - start) * 1000, result


def stored_pdfs(cache: Path) -> set[Path]:
    return set(cache.glob("a*/*.pdf")) if cache.is_dir() else set()


def wait_for_new_pdf(cache: Path, before: set[Path], since: float) -> float | None:
    """ms from `since` until a PDF not in `before` is in the store; None if none comes."""
    while time.perf_counter() - since < STORE_TIMEOUT_S:
        if stored_pdfs(cache) - before:
            return (time.perf_counter() - since) * 1000
        time.sleep(0.005)
    return None


def one_round(app: LiveApp, figures: Figures, prepared: bool) -> None:
    browser = Browser(app)
    public_id = browser.start_draft(ANSWERS)
    browser.answer_signs(public_id, ANSWERS, NOTES)
    base = f"/assessments/{public_id}"
    path = f"{base}/candidates"
    form = browser.step_form(path, candidate_fields(ANSWERS))
    before = stored_pdfs(app.pdf_cache)
    sent = time.perf_counter()
    submit = browser.post(path, form)
    figures.submit_ms.append((time.perf_counter() - sent) * 1000)
    expect(submit, 302, f"POST {path}")
    if not submit.location.endswith("/result"):
        raise RuntimeError(f"the submit went to {submit.location!r}, not to the result")
    result_ms, result = timed(lambda: browser.get(submit.location))
    expect(result, 200, f"GET {submit.location}")
    figures.result_ms.append(result_ms)
    if prepared:
        ready = wait_for_new_pdf(app.pdf_cache, before, sent)
        if ready is None:
            raise RuntimeError(f"no PDF stored within {STORE_TIMEOUT_S:.0f} s of the submit:\n{app.log_tail()}")
        figures.ready_ms.append(ready)
    healthz_ms, healthz = timed(lambda: browser.get("/healthz"))
    expect(healthz, 200, "GET /healthz")
    figures.healthz_ms.append(healthz_ms)
    download_ms, download = timed(lambda: browser.get(f"{base}/report.pdf"))
    expect(download, 200, "GET report.pdf")
    if not download.body.startswith(b"%PDF"):
        raise RuntimeError("report.pdf is not a PDF")
    figures.download_ms.append(download_ms)


def run(label: str, rounds: int, prepared: bool, env: dict[str, str], worker: bool = False) -> Figures:
    figures = Figures(label)
    with LiveApp(**env) as app:
        process = None
        try:
            if worker:
                process = subprocess.Popen(
                    [str(VENV_BIN / "flask"), "--app", "wsgi", "worker"],
                    cwd=ROOT,
                    env=app.env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                time.sleep(2)  # the worker settles (templates, fonts) before it takes jobs
                if process.poll() is not None:
                    raise RuntimeError(f"the PDF worker exited ({process.returncode})")
            one_round(app, Figures("warm-up"), prepared)  # first requests load what every worker keeps
            for _ in range(rounds):
                one_round(app, figures, prepared)
        finally:
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)  # the worker we started, and only it
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
    return figures


def redis_ready(url: str) -> str | None:
    """None when `url` is a reachable, empty Redis database; else why it is not used."""
    try:
        from redis import Redis
        from redis.exceptions import RedisError

        connection = Redis.from_url(url)
        size = connection.dbsize()
    except (ImportError, RedisError, OSError) as problem:
        return f"not reachable ({problem})"
    return None if size == 0 else f"database not empty ({size} keys): choose another with --redis-url"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=8, help="assessments per set-up (at least 5)")
    parser.add_argument(
        "--redis-url", default="redis://127.0.0.1:6379/13", help="an empty Redis database, emptied again at the end"
    )
    args = parser.parse_args()
    rounds = max(args.rounds, 5)
    print(f"PDF prepared ahead, {rounds} assessments per set-up; at start: {machine_load()}")

    results = [
        run(
            "off (no Redis, PDF_PREPARE_AHEAD=0): the first download renders", rounds, False, {"PDF_PREPARE_AHEAD": "0"}
        ),
        run("embedded (no Redis): rendered after the submit's response", rounds, True, {"PDF_PREPARE_AHEAD": "1"}),
    ]
    if (problem := redis_ready(args.redis_url)) is None:
        try:
            results.append(
                run(
                    "redis (one RQ worker): enqueued by the submit",
                    rounds,
                    True,
                    {"PDF_PREPARE_AHEAD": "1", "REDIS_URL": args.redis_url},
                    worker=True,
                )
            )
        finally:
            from redis import Redis

            Redis.from_url(args.redis_url).flushdb()
    else:
        print(f"  Redis at {args.redis_url}: {problem}; the redis set-up is skipped")
    for figures in results:
        print("\n".join(figures.lines()))

    passed = True
    for figures in results[1:]:
        ratio, ready_s = figures.ratio(), figures.median(figures.ready_ms) / 1000
        ok = ratio <= DOWNLOAD_TARGET and ready_s <= READY_TARGET_S
        passed &= ok
        print(
            f"{'PASS' if ok else 'FAIL'}: {figures.label.split(' ')[0]}: first download {ratio:.2f}x /healthz "
            f"(target <= {DOWNLOAD_TARGET:.1f}x), PDF stored {ready_s:.2f} s after the submit "
            f"(target <= {READY_TARGET_S:.1f} s)"
        )
    print(f"  (without preparation the first download is {results[0].ratio():.1f}x /healthz)")
    print(f"  at end: {machine_load()}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
