"""A respondent's answers are theirs alone to change. Their consultant may read them and give them
back (reopen); every change to a response is noted, who, when and what, on the client page."""

from __future__ import annotations

import io
import re

from sqlalchemy import select

from app.assessments.models import Assessment
from app.consultants.models import ResponseChange
from app.extensions import db

from .consulting import make_owner, sign_in, variant
from .journey import candidates_form, post, signs_form, step_url, version_on_page
from .test_intake import aggregate_id


def snapshot_of(app, *public_ids: str) -> list[tuple]:
    with app.app_context():
        rows = db.session.scalars(
            select(Assessment).where(Assessment.public_id.in_(public_ids)).order_by(Assessment.id)
        )
        return [(a.public_id, a.draft, a.version, a.verdict, a.coupling_score, a.submitted_at) for a in rows]


def changes_section(consultant, public_id: str) -> str:
    page = consultant.get(f"/clients/{public_id}").get_data(as_text=True)
    return page.split('id="changes-title"')[1].split("</section>")[0]


def reopen_url(consultant, public_id: str, name: str) -> str:
    page = consultant.get(f"/clients/{public_id}").get_data(as_text=True)
    return re.search(
        rf'action="(/clients/{public_id}/responses/\d+/reopen)">\s*<input[^>]*>\s*'
        rf"<button[^>]*>Reopen for {name}<",
        page,
    )[1]


def test_a_consultant_cannot_change_a_respondents_finished_answers(app, consultant, two_respondents, answers):
    public_id, (maya, maya_id), _ = two_respondents
    agg = aggregate_id(consultant, public_id)
    before = snapshot_of(app, maya_id, agg)
    page = consultant.get(step_url(maya_id, "signs"))
    assert page.status_code == 200 and "Only the person who gave these answers can change them" in page.text
    assert '<fieldset class="read-only" disabled>' in page.text and "data-autosave" not in page.text
    assert "See the answers" in consultant.get(step_url(maya_id, "result")).text
    version = version_on_page(consultant, maya_id, "signs")
    changed = signs_form(variant(answers, shared_database="no", call_chains="no"))
    for action, url in (
        ("next", step_url(maya_id, "signs")),
        ("save", step_url(maya_id, "signs") + "/save"),
        ("accept-shared_database", step_url(maya_id, "signs")),
    ):
        response = consultant.post(url, data={**changed, "action": action, "version": version})
        assert response.status_code == 403, action
    refused = consultant.post(step_url(maya_id, "signs"), data={**changed, "version": version})
    assert "nothing was saved" in refused.text
    assert consultant.get(step_url(maya_id, "delete")).status_code == 403
    assert consultant.post(step_url(maya_id, "delete")).status_code == 403
    upload = consultant.post(
        step_url(maya_id, "evidence"),
        content_type="multipart/form-data",
        data={"files": (io.BytesIO(b"services: {a: {image: x}}"), "compose.yml")},
    )
    assert upload.status_code == 403
    assert snapshot_of(app, maya_id, agg) == before
    # Maya herself still can.
    assert "Change answers" in maya.get(step_url(maya_id, "result")).text
    assert post(maya, maya_id, "signs", changed).status_code == 302


def test_every_change_to_a_response_is_noted_with_who_when_and_what(app, consultant, two_respondents, answers):
    public_id, (maya, maya_id), _ = two_respondents
    noted = changes_section(consultant, public_id)
    assert "Maya finished answering." in noted and "Tom finished answering." in noted

    post(maya, maya_id, "signs", signs_form(variant(answers, shared_database="partly", call_chains="yes")))
    noted = changes_section(consultant, public_id)
    assert "Maya changed finished answers: Services share a database: Yes → Partly." in noted
    assert re.search(r"\d{1,2} \w+ \d{4}, \d\d:\d\d UTC", noted)

    post(maya, maya_id, "signs", signs_form(variant(answers, shared_database="partly", call_chains="yes")))
    assert changes_section(consultant, public_id).count("Maya changed") == 1  # saving the same answers is no change


def test_a_consultant_reopens_a_response_for_its_respondent(app, consultant, two_respondents, answers):
    public_id, (maya, maya_id), _ = two_respondents
    agg = aggregate_id(consultant, public_id)
    response = consultant.post(reopen_url(consultant, public_id, "Maya"), follow_redirects=True)
    assert "Maya&#39;s answers are open again" in response.text
    page = response.text
    assert "Combined answers of 1 person." in consultant.get(step_url(agg, "result")).text
    assert "from 1 respondent (1 still answering)." in page
    assert re.search(r"Maya</strong>, Engineering lead · may be named in the report:\s*still answering", page)
    noted = changes_section(consultant, public_id)
    assert "ana@consult.example reopened Maya's answers" in noted

    # Maya's link takes her back to her answers; she changes one and finishes again.
    opened = maya.get(step_url(maya_id, "result"))
    assert opened.status_code == 302 and "/assessments/" in opened.location
    now = variant(answers, shared_database="no", call_chains="yes")
    post(maya, maya_id, "signs", signs_form(now))
    assert post(maya, maya_id, "candidates", candidates_form(now)).location.endswith("/result")
    noted = changes_section(consultant, public_id)
    assert "Maya finished answering, changing: Services share a database: Yes → No." in noted, noted
    assert "Combined answers of 2 people, who disagree on" in consultant.get(step_url(agg, "result")).text


def test_reopening_only_finished_answers_of_ones_own_clients(app, consultant, two_respondents):
    public_id, _, _ = two_respondents
    url = reopen_url(consultant, public_id, "Maya")
    assert consultant.post(url).status_code == 302
    again = consultant.post(url, follow_redirects=True)
    assert "Maya has not finished answering, so there is nothing to reopen" in again.text
    with app.app_context():
        assert db.session.scalar(select(ResponseChange.event).order_by(ResponseChange.id.desc())) == "reopened"
        assert list(db.session.scalars(select(ResponseChange.event))).count("reopened") == 1
    outsider = app.test_client()
    assert outsider.post(url).status_code in (302, 401)  # to sign in, never reopened
    make_owner(app, email="other@consult.example", workspace="Other firm")
    other = app.test_client()
    sign_in(other, email="other@consult.example")
    assert other.post(url).status_code == 404


def test_a_deleted_response_leaves_only_the_fact_in_the_record(app, consultant, two_respondents, answers):
    public_id, (maya, maya_id), _ = two_respondents
    post(maya, maya_id, "signs", signs_form(variant(answers, shared_database="partly", call_chains="yes")))
    assert maya.post(step_url(maya_id, "delete")).status_code == 302
    noted = changes_section(consultant, public_id)
    assert "Maya" not in noted and "Yes → Partly" not in noted  # that it happened stays; whose and what goes
    assert "A respondent's answers were deleted" in noted
    assert "A former respondent changed finished answers." in noted and "Tom finished answering." in noted
    with app.app_context():
        left = db.session.scalars(select(ResponseChange).where(ResponseChange.respondent_id.is_(None))).all()
        assert {c.event for c in left} == {"finished", "changed", "deleted"}
        assert all(c.respondent_name is None and c.answers is None and c.detail is None for c in left)
