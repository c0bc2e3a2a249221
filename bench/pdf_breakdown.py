"""Diagnostic (not a pass/fail benchmark): where the PDF report's render time goes.

Uses the same report and reference documents as bench/pdf_render.py and
prints, for each, the CPU time spent in each WeasyPrint phase (HTML parse,
CSS cascade, box building, layout, page margin boxes, painting, PDF/UA
tagging, the rest of PDF writing); then the report's render time with one
feature of its HTML/CSS taken out or changed at a time (the stylesheet is
inlined and edited in memory: no file of the app is changed), so that each
feature's cost reads as the difference from "as rendered by the app".
Times are process CPU time, the fastest of N interleaved renders: the
figure least disturbed by other load on a shared machine.

    .venv/bin/python bench/pdf_breakdown.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections import defaultdict
from datetime import UTC, datetime

import pdf_render as base  # noqa: E402  (also sets SPLITCHECK_ENV and sys.path)
import weasyprint.document as wdoc  # noqa: E402
import weasyprint.layout as wlayout  # noqa: E402
import weasyprint.pdf as wpdf  # noqa: E402
from flask import render_template  # noqa: E402
from sample import ANSWERS, NOTES  # noqa: E402
from weasyprint import HTML  # noqa: E402

from app.factory import create_app  # noqa: E402
from app.reports import document, pdf  # noqa: E402
from app.scoring import parse_answers  # noqa: E402

PHASES = ("parse", "styles", "boxes", "layout", "margin boxes", "paint", "pdf/ua tags", "pdf rest")
_spent: dict[str, float] = defaultdict(float)


def _timed(name, fn):
    def wrapper(*args, **kwargs):
        start = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            _spent[name] += time.process_time() - start

    return wrapper


def _timed_generator(name, fn):
    def wrapper(*args, **kwargs):
        gen = fn(*args, **kwargs)
        while True:
            start = time.process_time()
            try:
                item = next(gen)
            except StopIteration:
                _spent[name] += time.process_time() - start
                return
            _spent[name] += time.process_time() - start
            yield item

    return wrapper


def instrument_weasyprint() -> None:
    wdoc.get_all_computed_styles = _timed("styles", wdoc.get_all_computed_styles)
    wdoc.build_formatting_structure = _timed("boxes", wdoc.build_formatting_structure)
    wlayout.make_margin_boxes = _timed_generator("margin boxes", wlayout.make_margin_boxes)
    wdoc.Page.paint = _timed("paint", wdoc.Page.paint)
    wpdf.add_tags = _timed("pdf/ua tags", wpdf.add_tags)


def phases(html: str, base_url: str, variant: str | None, font_config) -> dict[str, float]:
    """One render, split into phases (ms)."""
    _spent.clear()
    t0 = time.process_time()
    doc = HTML(string=html, base_url=base_url, url_fetcher=pdf.StaticOnlyFetcher())
    t1 = time.process_time()
    rendered = doc.render(font_config=font_config, pdf_variant=variant)
    t2 = time.process_time()
    rendered.write_pdf(pdf_variant=variant)
    t3 = time.process_time()
    spent = {k: v * 1000 for k, v in _spent.items()}
    out = {
        "parse": (t1 - t0) * 1000,
        "styles": spent.get("styles", 0),
        "boxes": spent.get("boxes", 0),
        "margin boxes": spent.get("margin boxes", 0),
        "paint": spent.get("paint", 0),
        "pdf/ua tags": spent.get("pdf/ua tags", 0),
    }
    out["layout"] = (t2 - t1) * 1000 - out["styles"] - out["boxes"] - out["margin boxes"]
    out["pdf rest"] = (t3 - t2) * 1000 - out["paint"] - out["pdf/ua tags"]
    out["total"] = (t3 - t0) * 1000
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=8)
    args = parser.parse_args()
    load = os.getloadavg()[0]  # before this script adds its own
    instrument_weasyprint()

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.test_request_context():
        report = document.build(
            parse_answers(ANSWERS), datetime.now(UTC), NOTES, "http://localhost/how-the-score-works"
        )
        report_html = render_template("reports/pdf.html", report=report)
    ref_html, _ = base.tune_reference()

    # The report with its stylesheet inlined, so that features can be taken out.
    css = (pdf.STATIC / "css" / "report-print.css").read_text()
    css_base = (pdf.STATIC / "css").as_uri() + "/"
    link = '<link rel="stylesheet" href="css/report-print.css">'

    def inline(css_text: str, html: str = report_html) -> str:
        return html.replace(link, f"<style>{css_text}</style>")

    no_margin_boxes = re.sub(
        r"@page \{.*?\n\}\n@page :first \{.*?\}\n",
        "@page { size: A4; margin: 22mm 18mm 20mm 18mm; }\n",
        css,
        flags=re.S,
    )
    no_svg_html = re.sub(r"<svg.*?</svg>", "", report_html, flags=re.S)
    no_markers = "\nol, ul { list-style: none; }\n"
    inside_markers = "\nol, ul { list-style-position: inside; padding-left: 0; }\n"
    no_avoid = "\n* { break-inside: auto !important; page-break-inside: auto !important; }\n"
    if no_margin_boxes == css or no_svg_html == report_html:
        raise SystemExit("the report's CSS or HTML changed: update the variants of bench/pdf_breakdown.py")
    variants = {
        "as rendered by the app (pdf/ua-1)": (inline(css), "pdf/ua-1"),
        "without pdf/ua-1 (no tagging)": (inline(css), None),
        "without @page margin boxes": (inline(no_margin_boxes), "pdf/ua-1"),
        "without the SVG chart": (inline(css, no_svg_html), "pdf/ua-1"),
        "without list markers": (inline(css + no_markers), "pdf/ua-1"),
        "list markers inside (inline)": (inline(css + inside_markers), "pdf/ua-1"),
        "without break-inside: avoid": (inline(css + no_avoid), "pdf/ua-1"),
        "without pdf/ua, margin boxes, SVG, markers": (inline(no_margin_boxes + no_markers, no_svg_html), None),
    }

    fonts = pdf.font_configuration()
    ref_fonts = base.reference_fonts()
    # Warm-up.
    for html, variant in variants.values():
        phases(html, css_base, variant, fonts)
    phases(ref_html, pdf.BASE_URL, None, ref_fonts)

    report_phases, ref_phases = [], []
    variant_times: dict[str, list[float]] = defaultdict(list)
    pages = {
        name: len(
            HTML(string=h, base_url=css_base, url_fetcher=pdf.StaticOnlyFetcher())
            .render(font_config=fonts, pdf_variant=v)
            .pages
        )
        for name, (h, v) in variants.items()
    }
    for _ in range(args.runs):
        report_phases.append(phases(report_html, pdf.BASE_URL, "pdf/ua-1", fonts))
        ref_phases.append(phases(ref_html, pdf.BASE_URL, None, ref_fonts))
        for name, (html, variant) in variants.items():
            variant_times[name].append(phases(html, css_base, variant, fonts)["total"])

    def med(rows, key):
        return min(r[key] for r in rows)

    print(f"at start: load average {load:.2f} (1 min) on {os.cpu_count()} cores")
    print(f"Where the time goes, fastest of {args.runs} renders (CPU ms of this process)")
    print(f"  {'phase':14s} {'report':>8s} {'reference':>10s}")
    for key in (*PHASES, "total"):
        print(f"  {key:14s} {med(report_phases, key):8.1f} {med(ref_phases, key):10.1f}")
    print()
    print("Report render time with one feature taken out (fastest CPU ms, pages)")
    as_is = min(variant_times["as rendered by the app (pdf/ua-1)"])
    for name, times in variant_times.items():
        m = min(times)
        print(f"  {name:44s} {m:7.1f}  {pages[name]} pages  saves {as_is - m:6.1f} ms")
    print("  (a single feature is worth 20-140 ms: within the noise when the load average is above ~2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
