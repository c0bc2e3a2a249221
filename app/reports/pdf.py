"""PDF rendering with WeasyPrint, reading nothing but the app's static files.

Rendered PDFs are kept by `pdf_store` under the report's fingerprint
(`reports.services.fingerprint`), so a second download is a lookup, not a render.
"""

from __future__ import annotations

import gc
import hashlib
import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from jinja2 import Environment, meta
from weasyprint import HTML  # type: ignore[import-untyped]
from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]
from weasyprint.urls import URLFetcher, URLFetcherResponse  # type: ignore[import-untyped]

from app.config import ROOT
from app.observability import PDF_RENDERS

STATIC = (ROOT / "static").resolve()
BASE_URL = STATIC.as_uri() + "/"
REPORT_TEMPLATE = "reports/pdf.html"
# What the report's stylesheet draws with, besides the templates.
DRAWN_WITH = ("css/report-print.css", "fonts")
# The catalogues its sentences are translated with: a new translation makes a new PDF.
CATALOGUES = Path(__file__).resolve().parents[1] / "translations"

_fonts: FontConfiguration | None = None


class RefusedResource(ValueError):
    """The report asked for something outside static/."""


class StaticOnlyFetcher(URLFetcher):
    """Serves files under static/ and refuses everything else."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost") or parts.query:
            raise RefusedResource(f"refused: {parts.scheme or 'relative'} URL")
        path = Path(unquote(parts.path)).resolve()
        if not path.is_relative_to(STATIC) or not path.is_file():
            raise RefusedResource("refused: outside the static folder")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime})


def template_version(env: Environment) -> str:
    """A hash of everything a PDF is drawn with: the report template, every template it includes,
    extends or imports, however deep, the stylesheet and fonts, and the catalogues of its
    languages. Part of every PDF's fingerprint, worked out when the app starts, so a deploy that
    changes any of them makes the next download a new render."""
    digest = hashlib.sha256()
    seen: set[str] = set()
    pending = [REPORT_TEMPLATE]
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        source = env.loader.get_source(env, name)[0] if env.loader else ""
        digest.update(f"{name}\0{source}\0".encode())
        pending.extend(n for n in meta.find_referenced_templates(env.parse(source)) if isinstance(n, str))
    for relative in DRAWN_WITH:
        path = STATIC / relative
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if file.is_file():
                digest.update(f"{file.relative_to(STATIC)}\0".encode() + file.read_bytes())
    for catalogue in sorted(CATALOGUES.glob("*/LC_MESSAGES/messages.po")):
        digest.update(f"{catalogue.relative_to(CATALOGUES)}\0".encode() + catalogue.read_bytes())
    return digest.hexdigest()[:16]


def font_configuration() -> FontConfiguration:
    global _fonts
    if _fonts is None:
        _fonts = FontConfiguration()
    return _fonts


def render(html: str) -> bytes:
    PDF_RENDERS.inc()
    return _write(html)


def _write(html: str) -> bytes:
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher())
    return document.write_pdf(font_config=font_configuration(), pdf_variant="pdf/ua-1")


def settle() -> None:
    """Ready a long-lived process (gunicorn's master, the PDF worker) for many renders.

    One small render loads WeasyPrint's fonts and stylesheets; then everything that exists is
    frozen out of the cyclic garbage collector's sight. A render makes ~100,000 short-lived
    objects, which set off full collections; without this, each of those also walks the ~180,000
    objects of the app and its libraries, adding about a third to a median render. Processes
    forked afterwards (gunicorn's workers, rq's work horses) inherit the frozen state.
    """
    _write("<p>Splitcheck</p>")  # not counted as a report render
    gc.collect()
    gc.freeze()
