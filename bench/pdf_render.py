"""Benchmark: render time of the PDF report, against six pages of plain text.

Renders a realistic report (three candidates, notes on most signs) through
the app's own code path, without the PDF cache:

    report = app.reports.document.build(parse_answers(doc), now, notes, how_url)
    app.reports.pdf.render(render_template("reports/pdf.html", report=report))

and, in the same process, a reference document: six A4 pages of plain
paragraphs in DejaVu Sans (the bundled static/fonts/DejaVuSans.ttf through
@font-face), one inline SVG, block layout, rendered with one long-lived
FontConfiguration reused for every render, as the app does.

The two are rendered alternately (after a warm-up render of each, and
app.reports.pdf.settle() as gunicorn's master and the PDF worker call it: the
garbage collector stops walking the long-lived objects), so that load from
other processes hits both alike. Prints the median wall time of
each, the page counts, the median CPU times (a steadier check on a busy
machine) and the ratio of the wall-time medians, report/reference.
Target: ratio <= 1.0. bench/pdf_breakdown.py shows where the time goes.

    .venv/bin/python bench/pdf_render.py [--runs N]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["SPLITCHECK_ENV"] = "test"

from flask import render_template  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from sample import ANSWERS, NOTES  # noqa: E402
from weasyprint import HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402

from app.factory import create_app  # noqa: E402
from app.reports import document, pdf  # noqa: E402
from app.scoring import parse_answers  # noqa: E402

TARGET_RATIO = 1.0
REFERENCE_PAGES = 6

# ~ one A4 page of 9.5pt text per 9 paragraphs; the count is tuned below.
PARAGRAPH = (
    "Services that must be released together are not independent, whatever the repository layout says. "
    "When a change to one service needs a coordinated change in another, the two share a contract that "
    "neither owns alone, and every release becomes a negotiation between teams. Measure how often that "
    "happens, name the pairs that move together, and decide for each pair whether it should be merged "
    "back into one deployable unit or given a contract that can evolve without lockstep releases."
)

REFERENCE_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 230" width="600" height="230">'
    + "".join(
        f'<rect x="290" y="{14 + i * 34}" width="220" height="20" fill="#f2f4f7"/>'
        f'<rect x="290" y="{14 + i * 34}" width="{40 + 30 * i}" height="20" fill="#b42318"/>'
        f'<text x="280" y="{27 + i * 34}" text-anchor="end" font-family="Reference Sans" '
        f'font-size="12.5">Sign number {i + 1}</text>'
        for i in range(6)
    )
    + "</svg>"
)


def reference_html(paragraphs: int) -> str:
    body = "".join(f"<p>{i + 1}. {PARAGRAPH}</p>" for i in range(paragraphs))
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Reference</title><style>"
        "@font-face { font-family: 'Reference Sans'; src: url('fonts/DejaVuSans.ttf'); }"
        "@page { size: A4; margin: 22mm 18mm 20mm 18mm; }"
        "html { font-family: 'Reference Sans'; font-size: 9.5pt; line-height: 1.45; }"
        "body { margin: 0; } p { margin: 0 0 5pt; } svg { width: 150mm; height: auto; }"
        f"</style></head><body><h1>Reference document</h1><div>{REFERENCE_SVG}</div>{body}</body></html>"
    )


_reference_fonts: FontConfiguration | None = None


def reference_fonts() -> FontConfiguration:
    """One FontConfiguration for every reference render, like the app's."""
    global _reference_fonts
    if _reference_fonts is None:
        _reference_fonts = FontConfiguration()
    return _reference_fonts


def reference_document(html: str):
    return HTML(string=html, base_url=pdf.BASE_URL, url_fetcher=pdf.StaticOnlyFetcher()).render(
        font_config=reference_fonts()
    )


def render_reference(html: str) -> bytes:
    return reference_document(html).write_pdf()


def tune_reference() -> tuple[str, int]:
    """The smallest paragraph count that fills exactly six pages."""
    low, high = 1, 200  # pages(low) < 6, pages(high) >= 6
    while high - low > 1:
        mid = (low + high) // 2
        if len(reference_document(reference_html(mid)).pages) < REFERENCE_PAGES:
            low = mid
        else:
            high = mid
    html = reference_html(high)
    pages = len(reference_document(html).pages)
    if pages != REFERENCE_PAGES:
        raise SystemExit(f"could not make the reference exactly {REFERENCE_PAGES} pages (got {pages})")
    return html, high


def pdf_pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def timed_ms(render) -> tuple[float, float]:
    """Wall time and CPU time of one render, in ms."""
    start, cpu = time.perf_counter(), time.process_time()
    render()
    return (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=12, help="renders of each document (at least 10)")
    args = parser.parse_args()
    runs = max(args.runs, 10)
    load = os.getloadavg()  # before this script adds its own

    tmp = tempfile.TemporaryDirectory(prefix="splitcheck-bench-")
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp.name}/bench.sqlite3",  # never used: no request touches it
            "PDF_CACHE_DIR": f"{tmp.name}/pdf-cache",  # never used: the cache is bypassed
        }
    )

    with tmp, app.test_request_context():
        answers = parse_answers(ANSWERS)
        how_url = "http://localhost/how-the-score-works"

        def render_report() -> bytes:
            report = document.build(answers, datetime.now(UTC), NOTES, how_url)
            return pdf.render(render_template("reports/pdf.html", report=report))

        ref_html, paragraphs = tune_reference()

        # Warm-up: first renders load fonts, templates and caches.
        report_pdf = render_report()
        ref_pdf = render_reference(ref_html)
        report_pages, ref_pages = pdf_pages(report_pdf), pdf_pages(ref_pdf)
        # As in every process of the app that renders (gunicorn's master, the PDF worker).
        pdf.settle()

        # Interleave, so drift on the machine hits both alike.
        report_runs, ref_runs = [], []
        for _ in range(runs):
            report_runs.append(timed_ms(render_report))
            ref_runs.append(timed_ms(lambda: render_reference(ref_html)))
    report_times, report_cpu = zip(*report_runs, strict=True)
    ref_times, ref_cpu = zip(*ref_runs, strict=True)
    report_ms, ref_ms = statistics.median(report_times), statistics.median(ref_times)
    ratio = report_ms / ref_ms
    cpu_ratio = statistics.median(report_cpu) / statistics.median(ref_cpu)

    print(
        f"PDF render, {runs} renders each (median; min-max); at start: load average {load[0]:.2f} (1 min) "
        f"on {os.cpu_count()} cores"
    )
    print(
        f"  report    (3 candidates, via app code): {report_ms:7.1f} ms  "
        f"({min(report_times):.1f}-{max(report_times):.1f})  {report_pages} pages, {len(report_pdf):,} bytes"
    )
    print(
        f"  reference (plain text, {paragraphs} paragraphs + SVG): {ref_ms:7.1f} ms  "
        f"({min(ref_times):.1f}-{max(ref_times):.1f})  {ref_pages} pages, {len(ref_pdf):,} bytes"
    )
    print(
        f"  CPU time (median): report {statistics.median(report_cpu):.1f} ms, reference "
        f"{statistics.median(ref_cpu):.1f} ms, ratio {cpu_ratio:.2f}  (a check on a busy machine)"
    )
    print(f"  ratio report/reference: {ratio:.2f}  (target <= {TARGET_RATIO:.1f})")
    print(
        f"{'PASS' if ratio <= TARGET_RATIO else 'FAIL'}: report render costs {ratio:.2f}x "
        f"six pages of plain text (target <= {TARGET_RATIO:.1f}x)"
    )
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
