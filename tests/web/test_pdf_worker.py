"""With Redis configured, PDFs are rendered by a worker, never in the web request."""

from __future__ import annotations

import functools

import pytest

from app.reports import jobs, pdf, queue

from .journey import complete, step_url


def work_off(app) -> None:
    from rq import SimpleWorker

    with app.app_context():
        SimpleWorker(queue.queues(), connection=queue.connection()).work(burst=True)


def test_pdf_is_prepared_by_the_worker(redis_app, answers, monkeypatch):
    client = redis_app.test_client()
    public_id = complete(client, answers)
    rendered_in_request = []
    real_render = pdf.render
    monkeypatch.setattr(pdf, "render", lambda html: rendered_in_request.append(1) or real_render(html))
    first = client.get(step_url(public_id, "report.pdf"))
    assert first.status_code == 202 and "Preparing your PDF" in first.get_data(as_text=True)
    assert '<meta http-equiv="refresh" content="2">' in first.get_data(as_text=True)
    assert rendered_in_request == []  # the web request only queued it
    assert client.get(step_url(public_id, "report.pdf")).status_code == 202  # same job, not a second one
    with redis_app.app_context():
        assert queue.depth() == 1
    work_off(redis_app)
    ready = client.get(step_url(public_id, "report.pdf"))
    assert ready.status_code == 200 and ready.data.startswith(b"%PDF") and len(rendered_in_request) == 1


@pytest.mark.parametrize("public_url", [None, "https://splitcheck.example"])
def test_the_worker_prepares_the_pdf_the_page_asks_for_at_any_address(redis_app, answers, public_url):
    """The report links to "How the score works" at the address it was asked at, which is part of
    its fingerprint: the worker must render it for that address, or the page waits for ever."""
    redis_app.config.update(PUBLIC_URL=public_url, SERVER_NAME=None)  # as deployed: links from the request
    client = redis_app.test_client()
    client.open = functools.partial(client.open, base_url="http://10.0.0.7:8123")  # a web machine, say
    public_id = complete(client, answers)
    assert client.get(step_url(public_id, "report.pdf")).status_code == 202
    work_off(redis_app)
    ready = client.get(step_url(public_id, "report.pdf"))
    assert ready.status_code == 200 and ready.data.startswith(b"%PDF")


def test_failed_render_says_so_and_can_be_retried(redis_app, answers, monkeypatch):
    client = redis_app.test_client()
    public_id = complete(client, answers)
    monkeypatch.setattr(queue, "RETRY_SECONDS", [0])

    def broken(assessment_id, base_url):
        raise RuntimeError("WeasyPrint fell over")

    monkeypatch.setattr(jobs, "render_assessment_pdf", broken)
    client.get(step_url(public_id, "report.pdf"))
    work_off(redis_app)
    failed = client.get(step_url(public_id, "report.pdf"))
    assert failed.status_code == 503 and "could not be prepared" in failed.get_data(as_text=True)
    monkeypatch.undo()
    assert client.get(step_url(public_id, "report.pdf") + "?retry=1").status_code == 202
    work_off(redis_app)
    assert client.get(step_url(public_id, "report.pdf")).status_code == 200


def test_database_store_serves_pdfs_to_every_process(app, answers):
    app.config["PDF_STORE"] = "database"
    client = app.test_client()
    public_id = complete(client, answers)
    first = client.get(step_url(public_id, "report.pdf")).data
    from app.extensions import db
    from app.reports.pdf_store import RenderedPdf

    with app.app_context():
        (row,) = db.session.scalars(db.select(RenderedPdf)).all()
        assert row.content == first
    assert client.get(step_url(public_id, "report.pdf")).data == first
