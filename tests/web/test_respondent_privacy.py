"""Respondents' names stay with the consultant: the combined report, its PDF and share links show
a respondent's role, and their name only if they agreed to it when they started answering. The
consultant's client page names everyone, and the consultant's result page shows what respondents
noted on the signs."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.consultants.models import Respondent
from app.extensions import db

from .consulting import new_client, respond, variant
from .journey import step_url
from .test_intake import aggregate_id
from .test_report import pdf_text
from .test_respondent_integrity import share_link

ZELDA, OSKAR = "Zelda Quistgaard", "Oskar Brandtholm"
NOTE = "The billing release train waits for the catalogue team every sprint."


def split_client(app, consultant, answers, zelda_named: bool) -> str:
    """Zelda sees shared deploys, Oskar doesn't: a disagreement that lists who said what."""
    public_id, intake = new_client(consultant)
    respond(app, intake, ZELDA, "Engineering lead", answers, named=zelda_named, notes={"deploy_coupling": NOTE})
    respond(app, intake, OSKAR, "Product manager", variant(answers, deploy_coupling="no"))
    return public_id


def shared_views(app, consultant, public_id: str) -> dict[str, str]:
    """The combined report as leadership sees it: its PDF, a share link's page and its PDF."""
    agg = aggregate_id(consultant, public_id)
    link = share_link(consultant, agg)
    visitor = app.test_client()
    return {
        "PDF": pdf_text(consultant.get(step_url(agg, "report.pdf")).data),
        "share page": visitor.get(link).get_data(as_text=True),
        "shared PDF": pdf_text(visitor.get(f"{link}/report.pdf").data),
    }


def test_without_consent_shared_views_show_roles_and_no_names(app, consultant, answers):
    public_id = split_client(app, consultant, answers, zelda_named=False)
    for view, body in shared_views(app, consultant, public_id).items():
        assert "Where your team disagrees" in body, view
        assert "Engineering lead" in body and "Product manager" in body, view
        assert "Zelda" not in body and "Oskar" not in body, view
        assert NOTE not in body, view  # respondents' notes are for the consultant only
    result = consultant.get(step_url(aggregate_id(consultant, public_id), "result")).get_data(as_text=True)
    assert "Zelda" not in result and "Oskar" not in result
    # The consultant's client page names everyone, with whether the report may name them.
    page = consultant.get(f"/clients/{public_id}").get_data(as_text=True)
    assert f"{ZELDA} (Engineering lead)" in page and f"{OSKAR} (Product manager)" in page
    assert page.count("shown in the report by role only") == 2


def test_with_consent_a_name_appears_and_only_that_one(app, consultant, answers):
    public_id = split_client(app, consultant, answers, zelda_named=True)
    for view, body in shared_views(app, consultant, public_id).items():
        flat = re.sub(r"\s+", " ", body)
        assert f"{ZELDA} (Engineering lead)" in flat, view
        assert "Oskar" not in flat and "Product manager" in flat, view
    page = consultant.get(f"/clients/{public_id}").get_data(as_text=True)
    assert "may be named in the report" in page and "shown in the report by role only" in page


def test_several_people_with_one_role_are_counted(app, consultant, answers):
    public_id, intake = new_client(consultant)
    respond(app, intake, ZELDA, "Engineer", answers)
    respond(app, intake, "Ida Marwick", "Engineer", answers)
    respond(app, intake, OSKAR, "Product manager", variant(answers, deploy_coupling="no"))
    share = shared_views(app, consultant, public_id)["share page"]
    section = share.split("Where your team disagrees")[1].split("</section>")[0]
    assert "<strong>Yes</strong>, 2 people: Engineer (2 people)" in section
    assert "<strong>No</strong>, 1 person: Product manager" in section


def test_respondents_notes_reach_the_consultants_result_page(app, consultant, answers):
    public_id = split_client(app, consultant, answers, zelda_named=False)
    result = consultant.get(step_url(aggregate_id(consultant, public_id), "result")).get_data(as_text=True)
    notes = result.split("What respondents noted")[1].split("</div>")[0]
    assert f"<strong>Engineering lead</strong>: {NOTE}" in notes and "Zelda" not in notes

    named = split_client(app, consultant, answers, zelda_named=True)
    result = consultant.get(step_url(aggregate_id(consultant, named), "result")).get_data(as_text=True)
    assert f"<strong>{ZELDA} (Engineering lead)</strong>: {NOTE}" in result


def test_the_intake_page_asks_and_stores_consent(app, consultant):
    _, intake = new_client(consultant)
    person = app.test_client()
    page = person.get(intake).get_data(as_text=True)
    box = re.search(r'<input type="checkbox" id="name_in_report"[^>]*>', page)[0]
    assert 'name="name_in_report"' in box and "checked" not in box  # unticked until they tick it
    assert "My name may appear in the report" in page
    # A refused first step keeps the tick and everything else that was given.
    refused = person.post(intake, data={"name": ZELDA, "role": "", "name_in_report": "y", "timeline": "now"})
    assert refused.status_code == 422
    box = re.search(r'<input type="checkbox" id="name_in_report"[^>]*>', refused.get_data(as_text=True))[0]
    assert "checked" in box and ZELDA in refused.get_data(as_text=True)
    person.post(intake, data={"name": ZELDA, "role": "Lead", "name_in_report": "y", "timeline": "now"})
    app.test_client().post(intake, data={"name": OSKAR, "role": "PM", "timeline": "now"})
    with app.app_context():
        stored = dict(db.session.execute(select(Respondent.name, Respondent.name_in_report)).all())
    assert stored == {ZELDA: True, OSKAR: False}
