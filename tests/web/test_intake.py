"""Client intake: several respondents, the aggregate, disagreements, notes, exports."""

from __future__ import annotations

import csv
import io

import pytest

from .consulting import make_owner, new_client, respond, sign_in, variant
from .journey import step_url
from .test_report import pdf_text


@pytest.fixture
def three_respondents(app, consultant, answers):
    public_id, intake = new_client(consultant)
    respond(app, intake, "Maya", "Engineering lead", variant(answers, shared_database="yes", call_chains="no"))
    respond(app, intake, "Tom", "Backend developer", variant(answers, shared_database="no", call_chains="no"))
    respond(app, intake, "Ira", "SRE", variant(answers, shared_database="partly", call_chains="yes"))
    return public_id, intake


def aggregate_id(consultant, public_id: str) -> str:
    import re

    page = consultant.get(f"/clients/{public_id}").get_data(as_text=True)
    return re.search(r'href="/assessments/([^/]+)/result"', page)[1]


def test_three_people_who_disagree(consultant, three_respondents):
    public_id, _ = three_respondents
    page = consultant.get(f"/clients/{public_id}").get_data(as_text=True)
    assert page.count("finished:") == 3 and "Where the team disagrees" in page
    result = consultant.get(step_url(aggregate_id(consultant, public_id), "result")).get_data(as_text=True)
    assert "Combined answers of 3 people" in result and "Where your team disagrees" in result
    section = result.split("Where your team disagrees")[1].split("</section>")[0]
    assert "Services share a database" in section
    # Nobody agreed to be named: the report shows their roles; the client page names them.
    assert "<strong>Yes</strong>, 1 person: Engineering lead" in section
    assert "<strong>No</strong>, 1 person: Backend developer" in section
    assert "Long chains of calls" in section and "SRE" in section
    assert "Maya" not in result and "Tom" not in result
    assert "Maya (Engineering lead)" in page and "Tom (Backend developer)" in page
    text = pdf_text(consultant.get(step_url(aggregate_id(consultant, public_id), "report.pdf")).data)
    assert "Where your team disagrees" in text and "Backend developer" in text and "Tom" not in text


def test_dashboard_lists_the_client_with_its_latest_result(consultant, three_respondents):
    page = consultant.get("/clients").get_data(as_text=True)
    row = page.split("Acme Retail")[1].split("</tr>")[0]
    # Two disputed signs and one nobody was sure of: three "not sure" answers.
    assert "Submitted" in row and '<td data-label="Respondents">3</td>' in row and "Inconclusive" in row


def test_dashboard_search_filter_sort_and_pages(app, consultant, answers):
    for i in range(30):
        new_client(consultant, f"Client {i:02d}")
    page = consultant.get("/clients?q=client 1").get_data(as_text=True)
    assert "10 clients match" in page
    page = consultant.get("/clients?sort=name").get_data(as_text=True)
    assert "Page 1 of 2" in page and page.index("Client 00") < page.index("Client 01")
    assert "Client 29" in consultant.get("/clients?sort=name&page=2").get_data(as_text=True)
    assert "No client matches" in consultant.get("/clients?status=submitted").get_data(as_text=True)
    assert "30 clients" in consultant.get("/clients?status=invited&page=abc&sort=evil").get_data(as_text=True)


def test_closed_link_refuses_newcomers_and_reopens(app, consultant, answers):
    public_id, intake = new_client(consultant)
    consultant.post(f"/clients/{public_id}/intake/close")
    newcomer = app.test_client()
    assert newcomer.get(intake).status_code == 410
    assert newcomer.post(intake, data={"name": "Late", "role": "Dev", "timeline": "now"}).status_code == 410
    consultant.post(f"/clients/{public_id}/intake/reopen")
    assert newcomer.get(intake).status_code == 200


def test_notes_stay_private_unless_included(app, consultant, three_respondents):
    public_id, _ = three_respondents
    consultant.post(f"/clients/{public_id}/notes", data={"text": "Budget is tight; CTO sceptical"})
    agg = aggregate_id(consultant, public_id)
    share = consultant.post(step_url(agg, "share"), data={"expiry": "7"})
    assert share.status_code == 302
    import re

    link = re.search(
        r'value="http://splitcheck.test(/s/[^"]+)"', consultant.get(step_url(agg, "share")).get_data(as_text=True)
    )[1]
    visitor = app.test_client()
    for body in (
        visitor.get(link).get_data(as_text=True),
        pdf_text(visitor.get(f"{link}/report.pdf").data),
        pdf_text(consultant.get(step_url(agg, "report.pdf")).data),
    ):
        assert "Budget is tight" not in body and "Met at the conference" not in body
    consultant.post(
        f"/clients/{public_id}/notes", data={"text": "We recommend starting with billing.", "in_report": "y"}
    )
    assert "We recommend starting with billing." in pdf_text(visitor.get(f"{link}/report.pdf").data)
    assert "Budget is tight" not in visitor.get(link).get_data(as_text=True)


def test_csv_export_has_one_row_per_client_and_a_column_per_sign(consultant, three_respondents):
    new_client(consultant, '=HYPERLINK("http://evil")')
    response = consultant.get("/clients/export.csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 2
    acme = next(r for r in rows if r["client"] == "Acme Retail")
    assert acme["respondents"] == "3" and acme["verdict"] == "inconclusive"
    assert acme["shared_database"] == "unsure" and acme["call_chains"] == "unsure"  # disputed
    assert acme["deploy_coupling"] == "yes" and acme["local_testing"] == "unsure"
    assert any(r["client"].startswith("'=") for r in rows)  # never a live formula


def test_json_export_of_one_client(consultant, three_respondents):
    public_id, _ = three_respondents
    doc = consultant.get(f"/clients/{public_id}/export.json").get_json()
    assert doc["client"]["name"] == "Acme Retail"
    (round_,) = doc["rounds"]
    assert [r["role"] for r in round_["respondents"]] == ["Engineering lead", "Backend developer", "SRE"]
    assert round_["aggregate"]["result"]["verdict"] == "inconclusive"
    assert doc["notes"][0]["text"] == "Met at the conference"


def test_respondent_sees_only_their_own_answers(app, consultant, answers):
    public_id, intake = new_client(consultant)
    maya, maya_id = respond(app, intake, "Maya", "Engineering lead", answers)
    tom, tom_id = respond(app, intake, "Tom", "Backend developer", answers)
    assert maya.get(step_url(maya_id, "result")).status_code == 200
    for path in ("result", "context", "report.pdf"):
        assert maya.get(step_url(tom_id, path)).status_code == 404
    assert maya.get(step_url(aggregate_id(consultant, public_id), "result")).status_code == 404
    assert maya.get(f"/clients/{public_id}").status_code == 302  # to sign in


def test_another_workspace_sees_none_of_it(app, consultant, three_respondents, answers):
    public_id, _ = three_respondents
    agg = aggregate_id(consultant, public_id)
    make_owner(app, "rival@other.example", "Rival Partners")
    rival = app.test_client()
    sign_in(rival, "rival@other.example")
    for path in (
        f"/clients/{public_id}",
        f"/clients/{public_id}/export.json",
        f"/clients/{public_id}/responses/1",
        step_url(agg, "result"),
        step_url(agg, "report.pdf"),
        step_url(agg, "share"),
        step_url(agg, "export.json"),
    ):
        assert rival.get(path).status_code == 404, path
    for path in (
        f"/clients/{public_id}/notes",
        f"/clients/{public_id}/intake/close",
        f"/clients/{public_id}/notes/1/toggle",
        step_url(agg, "share"),
    ):
        assert rival.post(path, data={"text": "x", "expiry": "7"}).status_code == 404, path
    assert "Acme Retail" not in rival.get("/clients").get_data(as_text=True)
    assert "Acme Retail" not in rival.get("/clients/export.csv").get_data(as_text=True)
