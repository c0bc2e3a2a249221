"""WeasyPrint reads nothing outside static/: not files, not local servers, not data: URLs."""

from __future__ import annotations

import http.server
import io
import threading

import pytest
from pypdf import PdfReader

from app.reports import pdf

from .journey import complete, step_url
from .test_report import pdf_text

PASSWD = "root:x:0:0"


@pytest.fixture
def listener():
    """A server on 127.0.0.1 that records every request it gets."""
    seen: list[str] = []

    class Record(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Record)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()


def payloads(base: str) -> list[str]:
    return [
        f'<img src="file:///etc/passwd"><img src="{base}/img.png">',
        f'<link rel="attachment" href="file:///etc/passwd"><link rel="attachment" href="{base}/file">',
        f'<object data="file:///etc/passwd"></object><object data="{base}/object"></object>',
        f'<p style="background: url(file:///etc/passwd)">x</p><p style="background: url({base}/css.png)">y</p>',
        f'<style>@import url("{base}/import.css"); body {{ background: url("{base}/bg.png") }}</style>',
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        f'<image href="file:///etc/passwd" width="10" height="10"/><image xlink:href="{base}/svg.png"/></svg>',
        '<img src="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=">'
        '<link rel="attachment" href="data:text/plain;base64,c2VjcmV0">',
    ]


def test_the_renderer_refuses_every_outside_resource(listener):
    """Even if markup reached the renderer unescaped, it would fetch nothing."""
    base, seen = listener
    html = "<html><body><p>report</p>" + "".join(payloads(base)) + "</body></html>"
    rendered = pdf.render(html)
    assert seen == []
    assert PASSWD not in pdf_text(rendered) and b"root:x:0:0" not in rendered and b"secret" not in rendered
    assert not PdfReader(io.BytesIO(rendered)).attachments


def test_user_text_with_markup_is_printed_not_obeyed(client, answers, listener):
    base, seen = listener
    hostile = payloads(base)
    answers["team"]["name"] = hostile[0][:200]
    answers["candidates"][0]["name"] = hostile[2][:200]
    notes = {sign: payload[:500] for sign, payload in zip(answers["signs"], hostile[1:], strict=True)}
    public_id = complete(client, answers, notes=notes)
    response = client.get(step_url(public_id, "report.pdf"))
    assert response.status_code == 200 and seen == []
    text = pdf_text(response.data)
    assert "<img src=" in text and PASSWD not in text  # shown as text
    assert not PdfReader(io.BytesIO(response.data)).attachments


def test_control_without_the_guard_weasyprint_would_fetch(listener):
    """Shows the payloads and the listener work: WeasyPrint's default fetcher does go out."""
    from weasyprint import HTML

    base, seen = listener
    HTML(string="<html><body>" + "".join(payloads(base)) + "</body></html>").write_pdf()
    assert len(seen) >= 3
