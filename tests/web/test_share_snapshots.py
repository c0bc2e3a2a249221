"""A share link shows the answers as they were when it was made or last published to, never an
edit in progress; its owner publishes newer answers to it when they choose."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select, update

from app.assessments.models import AnswersSnapshot, Assessment
from app.extensions import db
from app.sharing.models import ShareLink
from app.timestamps import utcnow

from .journey import complete, context_form, post, signs_form, step_url
from .test_report import pdf_text
from .test_sharing import create_link

LONG_AGO = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
OLD_DATE = "2 November 2026"
NEWER = "Your answers have changed since"


def today() -> str:
    return utcnow().strftime("%-d %B %Y")


def finished_long_ago(app, public_id: str) -> None:
    """The assessment was finished, and last changed, on 2 November 2026."""
    with app.app_context():
        db.session.execute(
            update(Assessment)
            .where(Assessment.public_id == public_id)
            .values(submitted_at=LONG_AGO, updated_at=LONG_AGO)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()


def verdict(html: str) -> str:
    return re.search(r'<span class="verdict-label">([^<]+)</span>', html)[1]


def publish_form(page: str) -> str:
    return re.search(r'action="(/assessments/[^"]+/publish)"', page)[1]


@pytest.fixture
def shared_long_ago(app, client, answers):
    """A distributed monolith (three signs answered yes), finished on 2 November and shared since."""
    public_id = complete(client, answers)
    finished_long_ago(app, public_id)
    return public_id, create_link(client, public_id)


def make_at_risk(client, public_id: str, answers: dict) -> None:
    """Change one answer of the finished assessment: two signs yes, so at risk."""
    answers["signs"]["breaking_changes"] = "no"
    assert post(client, public_id, "signs", signs_form(answers), action="save").status_code == 302


def test_changing_answers_leaves_the_shared_page_and_pdf_as_they_were(app, client, shared_long_ago, answers):
    public_id, url = shared_long_ago
    visitor = app.test_client()
    make_at_risk(client, public_id, answers)
    post(client, public_id, "context", dict(context_form(answers), team="Payments"), action="save")

    own = client.get(step_url(public_id, "result")).get_data(as_text=True)
    assert verdict(own) == "At risk" and "Payments" in own  # the team sees its new answers

    page = visitor.get(url).get_data(as_text=True)
    assert verdict(page) == "Distributed monolith"
    assert f"Answers as submitted on {OLD_DATE}" in page
    assert "Checkout" in page and "Payments" not in page
    response = visitor.get(f"{url}/report.pdf")
    text = pdf_text(response.data)
    assert "Distributed monolith" in text and "At risk" not in text.split("Page 1")[0]
    assert f"Answers as submitted on {OLD_DATE}" in text
    assert "Checkout" in text and "Payments" not in text
    assert "splitcheck-checkout-2026-11-02.pdf" in response.headers["Content-Disposition"]


def test_owner_sees_newer_answers_and_publishes_them(app, client, shared_long_ago, answers):
    public_id, url = shared_long_ago
    manage = client.get(step_url(public_id, "share")).get_data(as_text=True)
    assert f"Shows the answers as submitted on {OLD_DATE}" in manage
    assert NEWER not in manage and "/publish" not in manage  # nothing newer yet

    make_at_risk(client, public_id, answers)
    manage = client.get(step_url(public_id, "share")).get_data(as_text=True)
    assert NEWER in manage and f"The latest were submitted on {today()}" in manage
    assert "Show the latest answers on the link for the CTO" in manage

    response = client.post(publish_form(manage))
    assert response.status_code == 302
    manage = client.get(response.location).get_data(as_text=True)
    assert "The link now shows your latest answers" in manage
    assert NEWER not in manage and f"Shows the answers as submitted on {today()}" in manage

    visitor = app.test_client()
    page = visitor.get(url).get_data(as_text=True)
    assert verdict(page) == "At risk" and f"Answers as submitted on {today()}" in page
    text = pdf_text(visitor.get(f"{url}/report.pdf").data)
    assert "At risk" in text and f"Answers as submitted on {today()}" in text


def test_publishing_touches_only_that_link(app, client, shared_long_ago, answers):
    public_id, cto_url = shared_long_ago
    board_url = create_link(client, public_id, label="for the board")
    make_at_risk(client, public_id, answers)
    manage = client.get(step_url(public_id, "share")).get_data(as_text=True)
    board = re.search(r'action="(/assessments/[^"]+/publish)"[^<]*<input[^>]*>\s*<button[^>]*>[^<]*the board', manage)
    assert client.post(board[1]).status_code == 302
    visitor = app.test_client()
    assert verdict(visitor.get(board_url).get_data(as_text=True)) == "At risk"
    assert verdict(visitor.get(cto_url).get_data(as_text=True)) == "Distributed monolith"
    with app.app_context():  # both links showed one snapshot; the board's now shows a second
        assert db.session.scalar(select(db.func.count()).select_from(AnswersSnapshot)) == 2


def test_while_the_answers_are_being_changed_the_link_shows_the_last_snapshot(app, client, shared_long_ago, answers):
    public_id, url = shared_long_ago
    incomplete = signs_form(answers)
    del incomplete["shared_database"]  # a sign cleared on the way: a draft again
    assert post(client, public_id, "signs", incomplete, action="save").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Assessment).filter_by(public_id=public_id)).submitted_at is None

    visitor = app.test_client()
    response = visitor.get(url)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert verdict(page) == "Distributed monolith" and f"Answers as submitted on {OLD_DATE}" in page
    assert visitor.get(f"{url}/report.pdf").status_code == 200

    manage = client.get(step_url(public_id, "share"))
    assert manage.status_code == 200  # the links stay listed, and can be withdrawn
    html = manage.get_data(as_text=True)
    assert "Your answers are being changed" in html
    assert "Create a link" not in html and "/publish" not in html and "/revoke" in html
    assert client.post(step_url(public_id, "share"), data={"expiry": "7"}).status_code == 404
    with app.app_context():
        link_id = db.session.scalar(select(ShareLink.id))
    response = client.post(step_url(public_id, f"share/{link_id}/publish"))
    assert response.status_code == 302
    assert "nothing new to show yet" in client.get(response.location).get_data(as_text=True)
    assert f"Answers as submitted on {OLD_DATE}" in visitor.get(url).get_data(as_text=True)


def test_publishing_needs_the_form_token(csrf_app, answers):
    owner = csrf_app.test_client()
    csrf_app.config["WTF_CSRF_ENABLED"] = False
    public_id = complete(owner, answers)
    url = create_link(owner, public_id)
    make_at_risk(owner, public_id, answers)
    csrf_app.config["WTF_CSRF_ENABLED"] = True
    manage = owner.get(step_url(public_id, "share")).get_data(as_text=True)
    action = publish_form(manage)
    assert owner.post(action).status_code == 400
    assert owner.post(action, data={"csrf_token": "forged"}).status_code == 400
    visitor = csrf_app.test_client()
    assert verdict(visitor.get(url).get_data(as_text=True)) == "Distributed monolith"
    token = re.search(r'name="csrf_token" value="([^"]+)"', manage)[1]
    assert owner.post(action, data={"csrf_token": token}).status_code == 302
    assert verdict(visitor.get(url).get_data(as_text=True)) == "At risk"


def test_links_of_another_teams_assessment_cannot_be_published(app, client, shared_long_ago, answers):
    public_id, url = shared_long_ago
    make_at_risk(client, public_id, answers)
    with app.app_context():
        link_id = db.session.scalar(select(ShareLink.id))
    stranger = app.test_client()
    theirs = complete(stranger, answers)
    assert stranger.post(step_url(public_id, f"share/{link_id}/publish")).status_code == 404
    assert stranger.post(step_url(theirs, f"share/{link_id}/publish")).status_code == 404  # not their link
    assert client.post(step_url(public_id, "share/999999/publish")).status_code == 404
    assert verdict(app.test_client().get(url).get_data(as_text=True)) == "Distributed monolith"


def test_a_withdrawn_link_is_not_published_to(app, client, shared_long_ago, answers):
    public_id, url = shared_long_ago
    manage = client.get(step_url(public_id, "share")).get_data(as_text=True)
    client.post(re.search(r'action="(/assessments/[^"]+/revoke)"', manage)[1])
    make_at_risk(client, public_id, answers)
    with app.app_context():
        link_id = db.session.scalar(select(ShareLink.id))
        before = db.session.scalar(select(ShareLink.snapshot_id))
    response = client.post(step_url(public_id, f"share/{link_id}/publish"))
    assert "withdrawn or has expired" in client.get(response.location).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(ShareLink.snapshot_id)) == before


def test_a_link_made_before_snapshots_shows_the_finished_answers(app, client, shared_long_ago, answers):
    public_id, url = shared_long_ago
    with app.app_context():
        db.session.execute(update(ShareLink).values(snapshot_id=None))
        db.session.execute(db.delete(AnswersSnapshot))
        db.session.commit()
    visitor = app.test_client()
    page = visitor.get(url).get_data(as_text=True)
    assert verdict(page) == "Distributed monolith" and f"Answers as submitted on {OLD_DATE}" in page
    make_at_risk(client, public_id, answers)  # from then on, it keeps that snapshot
    assert verdict(visitor.get(url).get_data(as_text=True)) == "Distributed monolith"


def test_the_team_own_report_keeps_its_date_and_no_snapshot_line(client, shared_long_ago):
    public_id, _ = shared_long_ago
    own = client.get(step_url(public_id, "result")).get_data(as_text=True)
    assert f"Splitcheck report · {OLD_DATE}" in own and "Answers as submitted on" not in own


def test_the_worker_renders_the_shared_pdf_from_the_snapshot(redis_app, answers):
    from .test_pdf_worker import work_off

    owner = redis_app.test_client()
    public_id = complete(owner, answers)
    finished_long_ago(redis_app, public_id)
    url = create_link(owner, public_id)
    make_at_risk(owner, public_id, answers)
    visitor = redis_app.test_client()
    assert visitor.get(f"{url}/report.pdf").status_code == 202  # queued, not rendered in the request
    work_off(redis_app)
    ready = visitor.get(f"{url}/report.pdf")
    assert ready.status_code == 200
    text = pdf_text(ready.data)
    assert "Distributed monolith" in text and f"Answers as submitted on {OLD_DATE}" in text
