"""Request ids, one JSON log line per request, and Prometheus metrics.

Log lines name the route template (``/s/<token>``), never the path itself,
so private tokens and answers never reach a log. Where a path must be logged
(gunicorn's optional access log), `redact` masks every route's token, every
Bearer token (an Authorization header a log format names) and anything shaped
like a workspace API token (``sc_...``), wherever it appears.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import time
import uuid
from collections.abc import Callable

from flask import Flask, Response, abort, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from werkzeug.routing import Map

from app.links import API_TOKEN_PREFIX

REQUESTS = Counter("splitcheck_requests_total", "HTTP requests", ["route", "method", "status"])
LATENCY = Histogram(
    "splitcheck_request_seconds",
    "Time to answer a request",
    ["route"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
PDF_RENDERS = Counter("splitcheck_pdf_renders_total", "PDF reports rendered by WeasyPrint")
# Read just before the metrics are sent: gauges other parts keep (the reports' PDF queue).
before_metrics: list[Callable[[], None]] = []
QUEUE_DEPTH = Gauge("splitcheck_pdf_queue_depth", "PDF jobs waiting for a worker", multiprocess_mode="max")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# Label values come from fixed sets only, so made-up requests can't grow /metrics.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED = "(unmatched)"
# The URL argument that carries a private link's token in every route that takes one.
TOKEN_ARGUMENT = "token"
_ARGUMENT = re.compile(r"<(?:[^<>:]+:)?([^<>:]+)>")
_SEGMENT = r"[^/?#\s]+"
# Where the URL map is not at hand: any run of URL-safe characters as long as a short token.
LOOKS_LIKE_A_TOKEN = re.compile(r"(?P<head>)(?P<token>[A-Za-z0-9_-]{16,})")
# Wherever they appear, whatever the route: the token of a Bearer credential, and a workspace API
# token (its prefix kept, so a log still shows that one was sent).
BEARER = re.compile(r"(?P<head>\bBearer\s+)(?P<token>[^\s,;\"']+)", re.IGNORECASE)
API_TOKEN = re.compile(rf"(?P<head>(?<![A-Za-z0-9]){re.escape(API_TOKEN_PREFIX)})(?P<token>[A-Za-z0-9_-]+)")
log = logging.getLogger("splitcheck.requests")


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {"ts": round(record.created, 3), "level": record.levelname.lower(), "event": record.getMessage()}
        line.update(getattr(record, "fields", {}))
        return json.dumps(line, separators=(",", ":"))


def _route() -> str:
    return request.url_rule.rule if request.url_rule is not None else UNMATCHED


def _method() -> str:
    return request.method if request.method in METHODS else "other"


def private_paths(url_map: Map) -> re.Pattern[str]:
    """A pattern for the token in every path of a route that takes one, made from the URL map so a
    new route with a token is covered without a list to keep."""
    heads = set()
    for rule in url_map.iter_rules():
        if TOKEN_ARGUMENT in rule.arguments:
            head = rule.rule[: next(m.start() for m in _ARGUMENT.finditer(rule.rule) if m[1] == TOKEN_ARGUMENT)]
            parts = _ARGUMENT.split(head)  # static text and argument names, in turn
            heads.add("".join(re.escape(p) if i % 2 == 0 else _SEGMENT for i, p in enumerate(parts)))
    alternatives = "|".join(sorted(heads, key=len, reverse=True)) or "(?!)"
    return re.compile(f"(?P<head>{alternatives})(?P<token>{_SEGMENT})")


def redact(text: str, pattern: re.Pattern[str]) -> str:
    """`text` with every private link's token, Bearer token and API token replaced by "[token]"."""
    for each in (pattern, BEARER, API_TOKEN):
        text = each.sub(r"\g<head>[token]", text)
    return text


def _start() -> None:
    incoming = request.headers.get("X-Request-ID", "")
    g.request_id = incoming if REQUEST_ID.match(incoming) else uuid.uuid4().hex
    g.started = time.perf_counter()


def _finish(response: Response) -> Response:
    elapsed = time.perf_counter() - g.get("started", time.perf_counter())
    route = _route()
    REQUESTS.labels(route, _method(), str(response.status_code)).inc()
    LATENCY.labels(route).observe(elapsed)
    response.headers["X-Request-ID"] = g.get("request_id", "")
    if current_app.config.get("LOG_REQUESTS"):
        log.info(
            "request",
            extra={
                "fields": {
                    "request_id": g.get("request_id"),
                    "method": request.method,
                    "route": route,
                    "status": response.status_code,
                    "duration_ms": round(elapsed * 1000, 1),
                }
            },
        )
    return response


def metrics() -> Response:
    token = current_app.config.get("METRICS_TOKEN")
    if token and request.headers.get("Authorization") != f"Bearer {token}":
        abort(404)
    for measure in before_metrics:
        measure()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)
    return Response(generate_latest(), mimetype=CONTENT_TYPE_LATEST)


def init_app(app: Flask) -> None:
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonLines())
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
    app.before_request(_start)
    app.after_request(_finish)
    app.add_url_rule("/metrics", "metrics", metrics)
