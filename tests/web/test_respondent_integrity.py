"""A client's combined result follows its respondents: a deleted response leaves every part of it,
at once and in the same transaction."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from sqlalchemy import func, select

from app.assessments.models import Assessment
from app.consultants.models import Client, Respondent
from app.extensions import db

from .consulting import new_client
from .journey import step_url
from .test_intake import aggregate_id
from .test_report import pdf_text


def share_link(consultant, agg: str) -> str:
    assert consultant.post(step_url(agg, "share"), data={"expiry": "7"}).status_code == 302
    return re.search(r'value="http://splitcheck.test(/s/[^"]+)"', consultant.get(step_url(agg, "share")).text)[1]


def csv_row(consultant) -> dict:
    rows = csv.DictReader(io.StringIO(consultant.get("/clients/export.csv").get_data(as_text=True)))
    return next(r for r in rows if r["client"] == "Acme Retail")


def dashboard_row(consultant) -> str:
    return consultant.get("/clients").get_data(as_text=True).split("Acme Retail")[1].split("</tr>")[0]


def stored_pdfs(app, agg: str) -> set[str]:
    with app.app_context():
        agg_row = db.session.scalar(select(Assessment.id).where(Assessment.public_id == agg))
    folder = Path(app.config["PDF_CACHE_DIR"]) / f"a{agg_row}"
    return {p.name for p in folder.glob("*.pdf")}


def delete_own_answers(person, public_id: str):
    assert "This can't be undone" in person.get(step_url(public_id, "delete")).text
    return person.post(step_url(public_id, "delete"))


def test_a_deleted_response_leaves_every_part_of_the_combined_result(app, consultant, two_respondents):
    public_id, (maya, maya_id), _ = two_respondents
    agg = aggregate_id(consultant, public_id)
    link = share_link(consultant, agg)
    assert "Maya (Engineering lead)" in pdf_text(consultant.get(step_url(agg, "report.pdf")).data)
    before_pdfs = stored_pdfs(app, agg)
    assert before_pdfs and csv_row(consultant)["respondents"] == "2"

    assert delete_own_answers(maya, maya_id).status_code == 302

    page = consultant.get(f"/clients/{public_id}").get_data(as_text=True)
    assert "Maya" not in page and "Tom" in page
    assert "1 respondent in this round" in page and "from 1 respondent." in page
    assert "Where the team disagrees" not in page
    assert '<td data-label="Respondents">1</td>' in dashboard_row(consultant)
    result = consultant.get(step_url(agg, "result")).get_data(as_text=True)
    assert "Combined answers of 1 person." in result and "Maya" not in result
    assert stored_pdfs(app, agg).isdisjoint(before_pdfs)  # the PDFs made with Maya's answers are gone
    text = pdf_text(consultant.get(step_url(agg, "report.pdf")).data)
    assert "Combined answers of 1 person" in text and "Maya" not in text
    row = csv_row(consultant)
    assert (row["respondents"], row["shared_database"], row["call_chains"]) == ("1", "no", "no")
    shared = app.test_client().get(link).get_data(as_text=True)
    assert "Combined answers of 1 person." in shared and "Maya" not in shared
    assert "Maya" not in pdf_text(app.test_client().get(f"{link}/report.pdf").data)
    (round_,) = consultant.get(f"/clients/{public_id}/export.json").get_json()["rounds"]
    assert [r["name"] for r in round_["respondents"]] == ["Tom"]
    assert round_["aggregate"]["answers"]["signs"]["shared_database"] == "no"


def test_with_no_finished_response_left_the_client_shows_no_combined_result(app, consultant, two_respondents):
    public_id, (maya, maya_id), (tom, tom_id) = two_respondents
    agg = aggregate_id(consultant, public_id)
    link = share_link(consultant, agg)
    assert delete_own_answers(maya, maya_id).status_code == 302
    assert delete_own_answers(tom, tom_id).status_code == 302

    page = consultant.get(f"/clients/{public_id}").get_data(as_text=True)
    assert "Nobody has finished answering yet" in page and "Open the combined report" not in page
    assert "0 respondents in this round" in page and "Nobody has opened the intake link yet" in page
    row = dashboard_row(consultant)
    assert '<td data-label="Respondents">0</td>' in row and "At risk" not in row and "Invited" in row
    exported = csv_row(consultant)
    assert (exported["respondents"], exported["verdict"], exported["coupling_score"]) == ("0", "", "")
    assert exported["shared_database"] == ""
    assert app.test_client().get(link).status_code == 404
    assert consultant.get(step_url(agg, "result")).status_code != 200
    assert consultant.get(f"/clients/{public_id}/export.json").get_json()["rounds"][0]["aggregate"] is None
    with app.app_context():
        client = db.session.scalar(select(Client))
        assert (client.latest_verdict, client.latest_score, client.sort_score) == (None, None, -1)


def test_the_deletion_and_the_new_combined_result_are_one_transaction(app, consultant, two_respondents, monkeypatch):
    """If working out the new combined result fails, the response is not deleted either."""
    public_id, (maya, maya_id), _ = two_respondents
    import app.consultants.services as services

    def broken(*args, **kwargs):
        raise RuntimeError("the combined result could not be worked out")

    monkeypatch.setattr(services, "aggregate", broken)
    assert maya.post(step_url(maya_id, "delete")).status_code == 500
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Respondent)) == 2
        assert db.session.scalar(select(Client.respondents)) == 2
    assert maya.get(step_url(maya_id, "result")).status_code == 200


def test_an_abandoned_response_removed_by_retention_leaves_the_count(app, consultant, answers, runner):
    from datetime import timedelta

    from sqlalchemy import update

    from app.timestamps import utcnow

    public_id, intake = new_client(consultant)
    starter = app.test_client()
    assert starter.post(intake, data={"name": "Ira", "role": "SRE", "timeline": "now"}).status_code == 302
    assert '<td data-label="Respondents">1</td>' in dashboard_row(consultant)
    with app.app_context():
        db.session.execute(update(Assessment).values(updated_at=utcnow() - timedelta(days=120)))
        db.session.commit()
    assert runner.invoke(args=["retention", "--days", "90"]).exit_code == 0
    row = dashboard_row(consultant)
    assert '<td data-label="Respondents">0</td>' in row and "Invited" in row
