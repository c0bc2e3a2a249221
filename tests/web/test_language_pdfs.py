"""A report's PDF in either language: offered next to the page, asked for with ?lang=, stored under
a fingerprint of its own, and rendered in the language asked for by the request, the worker and the
preparation ahead."""

from __future__ import annotations

import io

from pypdf import PdfReader
from sqlalchemy import select

from app.assessments.models import Assessment
from app.extensions import db
from app.reports import pdf_store, queue
from app.reports.services import fingerprint, source_of

from .journey import complete, step_url
from .test_language_choice import ENGLISH_BROWSER, GERMAN_BROWSER, complete_in, language_of_page
from .test_pdf_preparation import sent, submit
from .test_pdf_worker import work_off
from .test_sharing import create_link


def pdf_language(data: bytes) -> str:
    assert data.startswith(b"%PDF"), data[:200]
    return str(PdfReader(io.BytesIO(data)).trailer["/Root"].get("/Lang", ""))


def keys(app, public_id: str) -> tuple[int, dict[str, str]]:
    """The assessment's id and the fingerprint of its report in each language."""
    with app.test_request_context("/", base_url="http://splitcheck.test/"):
        assessment = db.session.scalar(select(Assessment).where(Assessment.public_id == public_id))
        return assessment.id, {code: fingerprint(source_of(assessment, None, code)) for code in ("en", "de")}


def test_the_result_page_offers_the_pdf_in_the_other_language(app, client, answers):
    public_id = complete(client, answers)
    english = client.get(step_url(public_id, "result")).get_data(as_text=True)
    assert f'href="/assessments/{public_id}/report.pdf">Download the PDF report</a>' in english
    assert f'href="/assessments/{public_id}/report.pdf?lang=de" hreflang="de" lang="de">PDF auf Deutsch</a>' in english
    assert "PDF in English" not in english
    person = app.test_client()
    german_id = complete_in(person, answers, GERMAN_BROWSER)
    german = person.get(step_url(german_id, "result")).get_data(as_text=True)
    assert f'href="/assessments/{german_id}/report.pdf?lang=en" hreflang="en" lang="en">PDF in English</a>' in german
    assert "PDF auf Deutsch" not in german


def test_the_german_and_english_pdfs_differ_and_are_stored_apart(app, client, answers):
    public_id = complete(client, answers)
    english = client.get(step_url(public_id, "report.pdf"))
    german = client.get(step_url(public_id, "report.pdf") + "?lang=de")
    assert english.status_code == german.status_code == 200
    assert pdf_language(english.data) == "en" and pdf_language(german.data) == "de"
    assessment_id, fingerprints = keys(app, public_id)
    assert fingerprints["en"] != fingerprints["de"]
    with app.app_context():
        store = pdf_store.current()
        assert store.get(assessment_id, fingerprints["en"]) == english.data
        assert store.get(assessment_id, fingerprints["de"]) == german.data
    # Asked again, each language's is the stored one: never the other's.
    assert client.get(step_url(public_id, "report.pdf") + "?lang=de").data == german.data
    assert client.get(step_url(public_id, "report.pdf") + "?lang=en").data == english.data


def test_a_pdf_in_the_other_language_leaves_the_pages_as_they_were(client, answers):
    public_id = complete(client, answers)
    download = client.get(step_url(public_id, "report.pdf") + "?lang=de")
    assert download.status_code == 200 and pdf_language(download.data) == "de"
    assert language_of_page(client.get(step_url(public_id, "result"))) == "en"
    assert pdf_language(client.get(step_url(public_id, "report.pdf")).data) == "en"


def test_a_holders_pdf_is_in_the_language_answered_in_unless_asked_otherwise(app, answers):
    person = app.test_client()
    public_id = complete_in(person, answers, GERMAN_BROWSER)
    assert pdf_language(person.get(step_url(public_id, "report.pdf"), headers=ENGLISH_BROWSER).data) == "de"
    assert pdf_language(person.get(step_url(public_id, "report.pdf") + "?lang=en").data) == "en"


def test_a_shared_pdf_is_in_the_language_answered_in_and_either_can_be_asked_for(app, answers):
    team = app.test_client()
    public_id = complete_in(team, answers, GERMAN_BROWSER)
    url = create_link(team, public_id)
    leadership = app.test_client()
    page = leadership.get(url, headers=ENGLISH_BROWSER).get_data(as_text=True)
    assert 'hreflang="en" lang="en">PDF in English</a>' in page
    assert pdf_language(leadership.get(url + "/report.pdf", headers=ENGLISH_BROWSER).data) == "de"
    assert pdf_language(leadership.get(url + "/report.pdf?lang=en").data) == "en"
    assert "Set-Cookie" not in leadership.get(url + "/report.pdf?lang=en").headers  # a download, not a choice


def test_the_worker_renders_the_pdf_in_the_language_asked_for(redis_app, answers):
    client = redis_app.test_client()
    public_id = complete(client, answers)
    german_url = step_url(public_id, "report.pdf") + "?lang=de"
    assert client.get(german_url).status_code == 202
    with redis_app.app_context():
        jobs = queue.queue().get_jobs()
        assert [job.args[-1] for job in jobs] == ["de"]
    work_off(redis_app)
    ready = client.get(german_url)
    assert ready.status_code == 200 and pdf_language(ready.data) == "de"
    # The English PDF is a job of its own, not the German one.
    assert client.get(step_url(public_id, "report.pdf")).status_code == 202
    work_off(redis_app)
    english = client.get(step_url(public_id, "report.pdf"))
    assert english.status_code == 200 and pdf_language(english.data) == "en"


def test_a_pdf_prepared_ahead_is_in_the_language_answered_in(app, answers):
    app.config["PDF_PREPARE_AHEAD"] = True
    person = app.test_client()
    started = person.post("/start", headers=GERMAN_BROWSER)
    public_id = started.location.split("/")[-2]
    _, response = submit(person, answers, public_id)
    sent(response)
    assessment_id, fingerprints = keys(app, public_id)
    with app.app_context():
        store = pdf_store.current()
        prepared = store.get(assessment_id, fingerprints["de"])
        assert prepared is not None and pdf_language(prepared) == "de"
        assert store.get(assessment_id, fingerprints["en"]) is None
