"""A PDF is prepared when its assessment is finished, so the first download is a stored file.

Werkzeug's test client runs a response's `call_on_close` callbacks when the response is
closed, as a WSGI server does once it has sent it: each test closes the submit's response
(`sent`), and waits for the preparation thread without Redis.
"""

from __future__ import annotations

import functools
import re
import threading

import pytest

from app.assessments.models import Assessment
from app.extensions import db
from app.reports import document, pdf_store, queue
from app.reports.preparation import preparer
from app.reports.services import fingerprint, source_of

from .consulting import make_owner, new_client, sign_in
from .journey import candidates_form, context_form, post, signs_form, start, step_url


@pytest.fixture
def ahead(app):
    app.config["PDF_PREPARE_AHEAD"] = True
    return app


def submit(client, doc: dict, public_id: str | None = None):
    """Every step answered, the last one's response (to the result page) not closed yet."""
    public_id = public_id or start(client)
    assert post(client, public_id, "context", context_form(doc)).status_code == 302
    assert post(client, public_id, "signs", signs_form(doc)).status_code == 302
    response = post(client, public_id, "candidates", candidates_form(doc))
    assert response.status_code == 302 and response.location.endswith("/result"), response.location
    return public_id, response


def sent(response) -> None:
    """The response is sent: what was to happen after it has happened."""
    response.close()
    assert preparer.wait(60), "the PDF preparation did not finish"


def download_key(app, public_id: str) -> tuple[int, str]:
    """The assessment's id and the fingerprint a download asks the store for."""
    with app.test_request_context("/", base_url="http://splitcheck.test/"):
        assessment = db.session.scalar(db.select(Assessment).where(Assessment.public_id == public_id))
        return assessment.id, fingerprint(source_of(assessment))


def stored(app, public_id: str) -> bytes | None:
    with app.app_context():
        assessment_id, key = download_key(app, public_id)
        return pdf_store.current().get(assessment_id, key)


def no_rendering(monkeypatch) -> list[int]:
    asked: list[int] = []

    def refuse(report):
        asked.append(1)
        raise AssertionError("rendered in the request")

    monkeypatch.setattr(document, "render_pdf", refuse)
    return asked


def test_the_first_download_is_the_pdf_prepared_after_the_submit(ahead, answers, monkeypatch):
    client = ahead.test_client()
    public_id, response = submit(client, answers)
    assert stored(ahead, public_id) is None  # nothing done before the response is sent
    sent(response)
    prepared = stored(ahead, public_id)
    assert prepared is not None and prepared.startswith(b"%PDF")
    asked = no_rendering(monkeypatch)
    download = client.get(step_url(public_id, "report.pdf"))
    assert download.status_code == 200 and download.data == prepared and asked == []


def test_the_preparation_holds_neither_the_response_nor_the_next_request(ahead, answers, monkeypatch):
    """Without Redis the render runs on the preparation thread: the server's worker is free as soon
    as the response is sent, and answers the next page while the PDF is being made."""
    render, started, release = document.render_pdf, threading.Event(), threading.Event()

    def slow(report):
        started.set()
        assert release.wait(30)
        return render(report)

    monkeypatch.setattr(document, "render_pdf", slow)
    client = ahead.test_client()
    public_id, response = submit(client, answers)
    response.close()  # returns at once: the render waits on another thread
    assert started.wait(30) and threading.current_thread() is threading.main_thread()
    assert client.get(step_url(public_id, "result")).status_code == 200  # while the render waits
    assert stored(ahead, public_id) is None
    release.set()
    assert preparer.wait(60) and stored(ahead, public_id) is not None


@pytest.mark.parametrize("public_url", [None, "https://splitcheck.example"])
def test_prepared_for_the_address_the_submit_came_to(ahead, answers, monkeypatch, public_url):
    """The report links to "How the score works" at the address it is asked at, which is part of
    its fingerprint: the PDF prepared after the submit must be the one the download looks up."""
    ahead.config.update(PUBLIC_URL=public_url, SERVER_NAME=None)  # as deployed: links from the request
    client = ahead.test_client()
    client.open = functools.partial(client.open, base_url="http://10.0.0.7:8123")  # a web machine, say
    public_id, response = submit(client, answers)
    sent(response)
    asked = no_rendering(monkeypatch)
    download = client.get(step_url(public_id, "report.pdf"))
    assert download.status_code == 200 and download.data.startswith(b"%PDF") and asked == []


def test_changed_answers_of_a_finished_assessment_are_prepared_too(ahead, answers, monkeypatch):
    client = ahead.test_client()
    public_id, response = submit(client, answers)
    sent(response)
    first = stored(ahead, public_id)
    answers["signs"]["shared_database"] = "no"
    changed = post(client, public_id, "signs", signs_form(answers))
    assert changed.status_code == 302
    sent(changed)
    again = stored(ahead, public_id)
    assert again is not None and again != first
    asked = no_rendering(monkeypatch)
    assert client.get(step_url(public_id, "report.pdf")).data == again and asked == []


def test_a_failed_preparation_leaves_the_submit_and_the_download_alone(ahead, answers, monkeypatch, caplog):
    client = ahead.test_client()

    def broken(report):
        raise RuntimeError("WeasyPrint fell over")

    monkeypatch.setattr(document, "render_pdf", broken)
    public_id, response = submit(client, answers)
    sent(response)  # the failure is logged, not raised
    assert "Preparing the PDF of assessment" in caplog.text
    assert stored(ahead, public_id) is None
    assert client.get(step_url(public_id, "result")).status_code == 200
    monkeypatch.undo()
    download = client.get(step_url(public_id, "report.pdf"))
    assert download.status_code == 200 and download.data.startswith(b"%PDF")


def test_nothing_is_prepared_when_switched_off(app, answers):
    assert app.config["PDF_PREPARE_AHEAD"] is False
    client = app.test_client()
    public_id, response = submit(client, answers)
    sent(response)
    assert stored(app, public_id) is None


def test_a_clients_combined_report_is_prepared_when_a_respondent_finishes(ahead, answers, monkeypatch):
    make_owner(ahead)
    consultant = ahead.test_client()
    sign_in(consultant)
    client_id, intake = new_client(consultant)
    person = ahead.test_client()
    started = person.post(intake, data={"name": "Maya", "role": "Engineering lead", "timeline": "quarter"})
    own_id = re.search(r"/assessments/([^/]+)/context", started.location)[1]
    _, response = submit(person, answers, own_id)
    sent(response)
    page = consultant.get(f"/clients/{client_id}").get_data(as_text=True)
    aggregate = re.search(r'href="/assessments/([^/]+)/result"', page)[1]
    assert stored(ahead, own_id) is not None and stored(ahead, aggregate) is not None
    asked = no_rendering(monkeypatch)
    download = consultant.get(step_url(aggregate, "report.pdf"))
    assert download.status_code == 200 and download.data.startswith(b"%PDF") and asked == []


@pytest.fixture
def redis_ahead(redis_app):
    redis_app.config["PDF_PREPARE_AHEAD"] = True
    return redis_app


def test_with_redis_the_submit_queues_the_job_a_download_waits_for(redis_ahead, answers, monkeypatch):
    from rq import SimpleWorker

    client = redis_ahead.test_client()
    asked = no_rendering(monkeypatch)
    public_id, response = submit(client, answers)
    with redis_ahead.app_context():
        assert queue.depth() == 0
    sent(response)
    with redis_ahead.app_context():
        _, key = download_key(redis_ahead, public_id)
        assert queue.queue(queue.AHEAD_QUEUE_NAME).job_ids == [queue.job_id(key)]
        assert queue.queue().job_ids == []
    waiting = client.get(step_url(public_id, "report.pdf"))
    assert waiting.status_code == 202  # waits for the same job, now asked for: no second one
    with redis_ahead.app_context():
        assert queue.queue().job_ids == [queue.job_id(key)]
        assert queue.queue(queue.AHEAD_QUEUE_NAME).job_ids == []
    assert asked == []  # neither request rendered
    monkeypatch.undo()
    with redis_ahead.app_context():
        SimpleWorker(queue.queues(), connection=queue.connection()).work(burst=True)
    download = client.get(step_url(public_id, "report.pdf"))
    assert download.status_code == 200 and download.data == stored(redis_ahead, public_id)


def test_with_redis_a_pdf_someone_asks_for_goes_before_those_prepared_ahead(redis_ahead, answers):
    from rq import SimpleWorker

    first, second = redis_ahead.test_client(), redis_ahead.test_client()
    early, response = submit(first, answers)
    sent(response)
    late, response = submit(second, answers)
    sent(response)
    with redis_ahead.app_context():
        assert len(queue.queue(queue.AHEAD_QUEUE_NAME).job_ids) == 2
    assert second.get(step_url(late, "report.pdf")).status_code == 202
    with redis_ahead.app_context():
        SimpleWorker(queue.queues(), connection=queue.connection()).work(burst=True, max_jobs=1)
    assert stored(redis_ahead, late) is not None  # asked for: rendered first
    assert stored(redis_ahead, early) is None  # prepared ahead: still waiting
