"""Health, readiness, request logs and metrics."""

from __future__ import annotations

import json
import logging

from app.observability import JsonLines, log

from .journey import complete, step_url


def test_ready_when_the_database_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200 and response.get_json() == {"status": "ready", "database": "ok"}


def test_not_ready_when_redis_is_unreachable(app, client):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"
    response = client.get("/readyz")
    assert response.status_code == 503 and response.get_json()["redis"] == "unreachable"


def test_one_json_line_per_request_without_tokens_or_answers(app, client, answers):
    app.config["LOG_REQUESTS"] = True
    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record):
            lines.append(JsonLines().format(record))

    keep = Keep()
    log.addHandler(keep)
    try:
        public_id = complete(client, answers)
        client.get(step_url(public_id, "result"), headers={"X-Request-ID": "trace-me-12345"})
        client.get("/r/some-private-token-value")
    finally:
        log.removeHandler(keep)
    records = [json.loads(line) for line in lines]
    assert {"ts", "level", "event", "request_id", "method", "route", "status", "duration_ms"} <= set(records[0])
    result = next(r for r in records if r["request_id"] == "trace-me-12345")
    assert result["route"] == "/assessments/<public_id>/result" and result["status"] == 200
    text = "\n".join(lines)
    assert public_id not in text and "some-private-token-value" not in text and "Checkout" not in text
    assert any(r["route"] == "/r/<token>" for r in records)


def test_request_id_is_echoed_or_made(client):
    assert client.get("/healthz", headers={"X-Request-ID": "abc-123-def"}).headers["X-Request-ID"] == "abc-123-def"
    made = client.get("/healthz", headers={"X-Request-ID": "<script>x</script>"}).headers["X-Request-ID"]
    assert len(made) == 32 and made.isalnum()


def test_metrics_count_requests_and_pdf_renders(app, client, answers):
    public_id = complete(client, answers)
    client.get(step_url(public_id, "report.pdf"))
    body = client.get("/metrics").get_data(as_text=True)
    assert 'splitcheck_requests_total{method="GET",route="/assessments/<public_id>/report.pdf",status="200"}' in body
    assert "splitcheck_request_seconds_bucket" in body and "splitcheck_pdf_renders_total" in body
    app.config["METRICS_TOKEN"] = "s3cret-metrics-token"
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer s3cret-metrics-token"}).status_code == 200
