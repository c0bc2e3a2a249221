"""Assess again, the trend in the report, compare, and JSON export/import."""

from __future__ import annotations

import io
import json
import re

import pytest
from pypdf import PdfReader

from .journey import candidates_form, complete, context_form, post, signs_form, step_url
from .test_report import pdf_text


def again(client, public_id: str) -> str:
    response = client.post(step_url(public_id, "again"))
    assert response.status_code == 302
    return re.search(r"/assessments/([^/]+)/context", response.location)[1]


def finish(client, public_id: str, doc: dict) -> None:
    post(client, public_id, "context", context_form(doc))
    post(client, public_id, "signs", signs_form(doc))
    assert post(client, public_id, "candidates", candidates_form(doc)).location.endswith("/result")


@pytest.fixture
def three(client, answers):
    """A team assessed three times, getting better each time."""
    first = complete(client, answers)
    second = again(client, first)
    answers["signs"].update(shared_database="partly", local_testing="no")
    finish(client, second, answers)
    third = again(client, second)
    answers["signs"].update(shared_database="no", deploy_coupling="no", breaking_changes="partly")
    finish(client, third, answers)
    return first, second, third


def test_assess_again_starts_from_the_last_answers(client, answers, stored):
    first = complete(client, answers, notes={"call_chains": "only checkout"})
    second = again(client, first)
    draft = stored(second).draft
    assert draft == stored(first).draft and not stored(second).submitted
    assert stored(second).team_id == stored(first).team_id
    # A second click while that one is in progress doesn't start a third.
    response = client.post(step_url(first, "again"))
    assert f"/assessments/{second}/" in response.location


def test_report_shows_the_trend_with_a_chart_from_three(client, three):
    first, second, third = three
    page = client.get(step_url(third, "result")).get_data(as_text=True)
    assert "What changed since" in page
    assert "Coupling score: <strong>50 → 17</strong>" in page and "33 points better" in page
    assert "At risk → At risk</strong> (unchanged)" in page
    assert "Services share a database</span>: Partly → No <strong>(better)</strong>" in page
    assert "Give every service its own data" in page.split("Recommendations no longer needed")[1].split("</ul>")[0]
    assert 'class="history-chart"' in page
    second_page = client.get(step_url(second, "result")).get_data(as_text=True)
    assert "What changed since" in second_page and 'class="history-chart"' not in second_page
    assert "What changed since" not in client.get(step_url(first, "result")).get_data(as_text=True)


def test_trend_is_in_the_pdf(client, three):
    text = pdf_text(client.get(step_url(three[2], "report.pdf")).data)
    assert "What changed since" in text and "50 → 17" in text
    assert "Words used in this report" in text and "Modular monolith" in text


def test_the_pdf_and_its_charts_use_only_the_bundled_font(client, three):
    """Both charts' text included (their SVG doesn't take the report's CSS): nothing depends on
    which fonts the server happens to have, for a report in Latin script."""
    reader = PdfReader(io.BytesIO(client.get(step_url(three[2], "report.pdf")).data))
    fonts = {
        font.get_object()["/BaseFont"].split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts == {"Report-Sans", "Report-Sans-Bold"}


def test_history_lists_every_assessment_and_compare_works(client, three):
    first, second, third = three
    page = client.get(step_url(third, "result")).get_data(as_text=True)
    assert page.count("Compare with this one") == 2
    compare = client.get(f"/assessments/{third}/compare?with={first}")
    assert compare.status_code == 200
    html = compare.get_data(as_text=True)
    assert "Distributed monolith" in html and "At risk" in html and html.count('class="changed"') == 4
    assert client.get(f"/assessments/{third}/compare?with=nope").status_code == 404


def test_compare_refuses_another_teams_assessment(app, client, answers, three):
    other_client = app.test_client()
    other = complete(other_client, answers)
    assert client.get(f"/assessments/{three[0]}/compare?with={other}").status_code == 404
    assert other_client.get(f"/assessments/{other}/compare?with={three[0]}").status_code == 404


def export(client, public_id: str) -> dict:
    response = client.get(step_url(public_id, "export.json"))
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    return response.get_json()


def upload(client, content: bytes, name: str = "assessment.json"):
    return client.post("/import", data={"file": (io.BytesIO(content), name)}, content_type="multipart/form-data")


def test_export_holds_answers_result_and_dates(client, answers):
    public_id = complete(client, answers, notes={"call_chains": "only checkout"})
    doc = export(client, public_id)
    assert doc["format"] == "splitcheck-assessment/1"
    assert doc["answers"] == answers
    assert doc["result"]["verdict"] == "distributed_monolith" and doc["notes"] == {"call_chains": "only checkout"}
    assert doc["created_at"].endswith("+00:00") and doc["submitted_at"]


def test_import_round_trip_is_exact(app, client, answers):
    original = export(client, complete(client, answers, notes={"shared_database": "orders"}))
    importer = app.test_client()
    response = upload(importer, json.dumps(original).encode())
    assert response.status_code == 302
    imported_id = re.search(r"/assessments/([^/]+)/result", response.location)[1]
    assert export(importer, imported_id) == original


@pytest.mark.parametrize(
    "content, message",
    [
        (b"not json at all", "The file is not JSON"),
        (b'{"hello": "world"}', "not a Splitcheck assessment export"),
        (b"\xff\xfe\x00", "The file is not JSON"),
        (b"[" * 100000, "The file is not JSON"),
    ],
)
def test_bad_files_get_a_clear_message_and_create_nothing(app, client, count_rows, content, message):
    from app.assessments.models import Assessment

    response = upload(client, content)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count_rows(Assessment) == 0


def test_invalid_answers_in_a_file_are_listed(client, answers, count_rows):
    from app.assessments.models import Assessment

    doc = export(client, complete(client, answers))
    doc["answers"]["signs"]["call_chains"] = "often"
    doc["submitted_at"] = "yesterday"
    doc["extra"] = True
    page = upload(client, json.dumps(doc).encode()).get_data(as_text=True)
    assert "answers.signs.call_chains: must be one of" in page
    assert "submitted_at: must be a date" in page and "extra: is not a known field" in page
    assert count_rows(Assessment) == 1


def test_import_without_a_file(client):
    response = client.post("/import", data={}, content_type="multipart/form-data")
    assert response.status_code == 422 and "Choose a file to import." in response.get_data(as_text=True)
