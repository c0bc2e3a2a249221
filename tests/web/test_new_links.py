"""Links shown once: each is handed out in a read-only field with a Copy button, and a lost one is
replaced by a new link for the same thing (the same intake round, the same share link); the old one
stops working at once."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.consultants.models import IntakeLink, Respondent
from app.extensions import db
from app.sharing.models import ShareLink

from .consulting import make_owner, new_client, respond, sign_in, variant
from .journey import complete, context_form, post, step_url
from .test_csrf_and_expiry import csrf_token
from .test_response_changes import snapshot_of
from .test_sharing import create_link


def new_intake_link(consultant, public_id: str) -> tuple[str, str]:
    """Confirms a new link for the client's round; returns its path and the client page showing it."""
    assert consultant.post(f"/clients/{public_id}/intake/new-link").status_code == 302
    page = consultant.get(f"/clients/{public_id}").get_data(as_text=True)
    return re.search(r'value="http://splitcheck.test(/i/[^"]+)"', page)[1], page


def rounds_of(app, public_id: str) -> list[tuple[int, str]]:
    from app.consultants.models import Client

    with app.app_context():
        client_id = db.session.scalar(select(Client.id).where(Client.public_id == public_id))
        return [
            (r.id, r.token_hash)
            for r in db.session.scalars(select(IntakeLink).where(IntakeLink.client_id == client_id))
        ]


# -- the link to copy -----------------------------------------------------------------------------


def test_the_intake_link_is_handed_out_in_a_field_to_copy(consultant):
    response = consultant.post("/clients/new", data={"name": "Acme Retail"})
    page = consultant.get(response.location).get_data(as_text=True)
    box = page.split('id="new-link-title"')[1].split("</section>")[0]
    field = re.search(r'<input type="text" id="intake-link" class="link-field" value="([^"]+)" readonly', box)
    assert field and re.fullmatch(r"http://splitcheck\.test/i/[A-Za-z0-9_-]{32}", field[1])
    assert '<label for="intake-link">' in box
    # The button is for browsers that can copy: copy.js shows it; without script the field is enough.
    assert re.search(
        r'<button type="button" class="button secondary" data-copy="intake-link"[^>]* hidden>Copy link</button>', box
    )
    assert '<p class="copy-status" id="intake-link-status" role="status"></p>' in box
    assert '<script src="/static/js/copy.js" defer></script>' in page
    assert "<script>" not in page  # the Content-Security-Policy allows no inline script
    again = consultant.get(response.location).get_data(as_text=True)
    assert field[1] not in again and "Make a new link for this round" in again


def test_a_share_link_is_handed_out_in_a_field_to_copy(client, answers):
    public_id = complete(client, answers)
    client.post(step_url(public_id, "share"), data={"label": "for the CTO", "expiry": "30"})
    page = client.get(step_url(public_id, "share")).get_data(as_text=True)
    box = page.split('id="new-link-title"')[1].split("</section>")[0]
    assert re.search(
        r'<input type="text" id="share-link" class="link-field" value="http://splitcheck.test/s/[^"]+" readonly', box
    )
    assert (
        re.search(r'data-copy="share-link"[^>]* hidden>Copy link</button>', box)
        and 'id="share-link-status" role="status"' in box
    )
    assert '<script src="/static/js/copy.js" defer></script>' in page


# -- a new intake link for the same round ---------------------------------------------------------


def test_a_new_intake_link_keeps_the_round_and_its_answers(app, consultant, answers):
    public_id, old = new_client(consultant)
    maya, maya_id = respond(app, old, "Maya", "Engineering lead", variant(answers, shared_database="yes"))
    tom = app.test_client()
    tom_started = tom.post(old, data={"name": "Tom", "role": "Backend developer", "timeline": "quarter"})
    tom_id = re.search(r"/assessments/([^/]+)/context", tom_started.location)[1]
    assert post(tom, tom_id, "context", context_form(answers)).status_code == 302
    before = rounds_of(app, public_id)
    maya_before = snapshot_of(app, maya_id)

    confirm = consultant.get(f"/clients/{public_id}/intake/new-link")
    assert confirm.status_code == 200
    assert "stops working at once" in confirm.text and "keeps their answers" in confirm.text
    assert rounds_of(app, public_id) == before  # looking at the question changes nothing

    new, page = new_intake_link(consultant, public_id)
    assert new != old
    assert "The link you sent before no longer works" in page
    assert "everyone who already started keeps their answers" in page
    ((round_id, digest),) = rounds_of(app, public_id)
    assert round_id == before[0][0] and digest != before[0][1]  # the same round, another link

    newcomer = app.test_client()
    assert newcomer.get(old).status_code == 404
    assert newcomer.post(old, data={"name": "Late", "role": "Dev", "timeline": "now"}).status_code == 404
    assert newcomer.get(new).status_code == 200
    respond(app, new, "Priya", "Platform engineer", variant(answers, shared_database="no"))

    # Tom carries on with his own private link; Maya's finished answers are as they were.
    assert post(tom, tom_id, "signs", dict(answers["signs"])).status_code == 302
    assert post(tom, tom_id, "candidates", {}).location.endswith("/result")
    assert snapshot_of(app, maya_id) == maya_before
    page = consultant.get(f"/clients/{public_id}").text
    assert page.count("finished:") == 3 and "from 3 respondents" in page
    with app.app_context():
        names = db.session.scalars(select(Respondent.name).where(Respondent.intake_link_id == round_id)).all()
    assert sorted(names) == ["Maya", "Priya", "Tom"]


def test_a_closed_round_stays_closed_with_its_new_link(app, consultant):
    public_id, _ = new_client(consultant)
    consultant.post(f"/clients/{public_id}/intake/close")
    assert (
        "This round's link is closed, and the new one will be too"
        in consultant.get(f"/clients/{public_id}/intake/new-link").text
    )
    new, page = new_intake_link(consultant, public_id)
    assert "reopen it below before you send it" in page
    assert app.test_client().get(new).status_code == 410
    consultant.post(f"/clients/{public_id}/intake/reopen")
    assert app.test_client().get(new).status_code == 200


def test_a_new_intake_link_needs_the_csrf_token(app, consultant):
    public_id, old = new_client(consultant)
    before = rounds_of(app, public_id)
    app.config["WTF_CSRF_ENABLED"] = True
    for data in ({}, {"csrf_token": "forged"}):
        assert consultant.post(f"/clients/{public_id}/intake/new-link", data=data).status_code == 400
    assert rounds_of(app, public_id) == before and app.test_client().get(old).status_code == 200
    token = csrf_token(consultant.get(f"/clients/{public_id}/intake/new-link").text)
    assert consultant.post(f"/clients/{public_id}/intake/new-link", data={"csrf_token": token}).status_code == 302
    assert app.test_client().get(old).status_code == 404


def test_only_the_clients_workspace_makes_a_new_intake_link(app, consultant):
    public_id, old = new_client(consultant)
    before = rounds_of(app, public_id)
    make_owner(app, "rival@other.example", "Rival Partners")
    rival = app.test_client()
    sign_in(rival, "rival@other.example")
    assert rival.get(f"/clients/{public_id}/intake/new-link").status_code == 404
    assert rival.post(f"/clients/{public_id}/intake/new-link").status_code == 404
    anonymous = app.test_client().post(f"/clients/{public_id}/intake/new-link")
    assert anonymous.status_code == 302 and "/sign-in" in anonymous.location
    assert rounds_of(app, public_id) == before and app.test_client().get(old).status_code == 200


# -- a new address for a share link ---------------------------------------------------------------


@pytest.fixture
def shared(client, answers):
    public_id = complete(client, answers)
    return public_id, create_link(client, public_id, label="for the CTO", expiry="30")


def share_link_row(app) -> tuple:
    with app.app_context():
        link = db.session.scalar(select(ShareLink))
        return link.id, link.token_hash, link.label, link.created_at, link.expires_at, link.views


def test_a_share_link_gets_a_new_address_and_keeps_the_rest(app, client, shared):
    public_id, old = shared
    visitor = app.test_client()
    assert visitor.get(old).status_code == 200 and visitor.get(old).status_code == 200
    link_id, digest, *kept = share_link_row(app)
    page = client.get(step_url(public_id, "share")).text
    confirm_url = re.search(r'href="(/assessments/[^"]+/share/\d+/new-link)"', page)[1]
    confirm = client.get(confirm_url)
    assert confirm.status_code == 200
    assert "for the CTO" in confirm.text and "stops working at once" in confirm.text and "2 views" in confirm.text
    assert share_link_row(app)[1] == digest

    assert client.post(confirm_url).status_code == 302
    page = client.get(step_url(public_id, "share")).text
    new = re.search(r'value="http://splitcheck.test(/s/[^"]+)"', page)[1]
    assert "The address you sent before no longer works" in page
    assert new != old
    assert visitor.get(old).status_code == 404 and visitor.get(f"{old}/report.pdf").status_code == 404
    assert visitor.get(new).status_code == 200
    new_id, new_digest, *still = share_link_row(app)
    assert new_id == link_id and new_digest != digest and still[:3] == kept[:3]  # label, created, expiry
    assert still[3] == kept[3] + 1  # the views go on from where they were


def test_a_withdrawn_or_foreign_share_link_gets_no_new_address(app, client, shared, answers):
    public_id, old = shared
    link_id = share_link_row(app)[0]
    other = app.test_client()
    other_id = complete(other, answers)
    path = f"share/{link_id}/new-link"
    assert other.get(step_url(other_id, path)).status_code == 404  # a link of another assessment
    assert other.post(step_url(other_id, path)).status_code == 404
    assert app.test_client().post(step_url(public_id, path)).status_code == 404  # without the team's link
    page = client.get(step_url(public_id, "share")).text
    client.post(re.search(r'action="(/assessments/[^"]+/revoke)"', page)[1])
    assert client.get(step_url(public_id, f"share/{link_id}/new-link")).status_code == 404
    assert client.post(step_url(public_id, f"share/{link_id}/new-link")).status_code == 404
    assert app.test_client().get(old).status_code == 410  # still withdrawn, not given a new life


def test_a_new_share_address_needs_the_csrf_token(app, client, shared):
    public_id, old = shared
    link_id, digest, *_ = share_link_row(app)
    app.config["WTF_CSRF_ENABLED"] = True
    url = step_url(public_id, f"share/{link_id}/new-link")
    assert client.post(url).status_code == 400 and client.post(url, data={"csrf_token": "x"}).status_code == 400
    assert share_link_row(app)[1] == digest and app.test_client().get(old).status_code == 200
    assert client.post(url, data={"csrf_token": csrf_token(client.get(url).text)}).status_code == 302
    assert app.test_client().get(old).status_code == 404


def test_a_consultant_of_another_workspace_gets_no_new_share_address(app, consultant, answers):
    public_id, intake = new_client(consultant)
    respond(app, intake, "Maya", "Engineering lead", answers)
    page = consultant.get(f"/clients/{public_id}").text
    agg = re.search(r'href="/assessments/([^/]+)/result"', page)[1]
    share = create_link(consultant, agg)
    link_id = share_link_row(app)[0]
    make_owner(app, "rival@other.example", "Rival Partners")
    rival = app.test_client()
    sign_in(rival, "rival@other.example")
    url = step_url(agg, f"share/{link_id}/new-link")
    assert rival.get(url).status_code == 404 and rival.post(url).status_code == 404
    assert app.test_client().get(share).status_code == 200
    assert consultant.post(url).status_code == 302  # the client's own consultant may
    assert app.test_client().get(share).status_code == 404
