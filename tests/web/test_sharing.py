"""Share links end to end through the test client."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

import pytest

from app import links
from app.sharing import services as sharing
from app.timestamps import utcnow

from .journey import complete, step_url
from .test_report import pdf_text


def create_link(client, public_id: str, label: str = "for the CTO", expiry: str = "30") -> str:
    response = client.post(step_url(public_id, "share"), data={"label": label, "expiry": expiry})
    assert response.status_code == 302
    page = client.get(step_url(public_id, "share")).get_data(as_text=True)
    return re.search(r'value="http://splitcheck.test(/s/[^"]+)"', page)[1]


@pytest.fixture
def shared(client, answers):
    public_id = complete(client, answers)
    return public_id, create_link(client, public_id)


def test_anonymous_visitor_reads_report_and_pdf(app, shared):
    public_id, url = shared
    visitor = app.test_client()  # no session cookie
    response = visitor.get(url)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Checkout" in page and "a distributed monolith" in page and "Give every service its own data" in page
    assert "Set-Cookie" not in response.headers
    pdf = visitor.get(f"{url}/report.pdf")
    assert pdf.status_code == 200 and "Distributed monolith" in pdf_text(pdf.data)


def test_share_page_offers_nothing_that_edits_or_leads_elsewhere(app, client, shared):
    public_id, url = shared
    page = app.test_client().get(url).get_data(as_text=True)
    hrefs = re.findall(r'(?:href|action)="([^"]+)"', page)
    assert not [h for h in hrefs if "/assessments/" in h or "/r/" in h]
    assert public_id not in page
    assert "<form" not in page
    with client.session_transaction() as session:
        (token,) = session["teams"].values()
    assert token not in page


def test_share_responses_carry_private_headers(app, shared):
    _, url = shared
    visitor = app.test_client()
    unknown = "/s/" + secrets.token_urlsafe(24)
    for response in (visitor.get(url), visitor.get(f"{url}/report.pdf"), visitor.get(unknown)):
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert response.headers["Cache-Control"] == "no-store"
        assert "noindex" in response.headers["X-Robots-Tag"]


def test_link_list_shows_label_expiry_and_views(app, client, shared):
    public_id, url = shared
    visitor = app.test_client()
    visitor.get(url)
    visitor.get(url)
    page = client.get(step_url(public_id, "share")).get_data(as_text=True)
    assert "for the CTO" in page and "2 views" in page and "Expires" in page and "last on" in page
    assert url not in page  # the link is shown once, never again


def test_revoked_link_is_gone_on_the_very_next_request(app, client, shared):
    public_id, url = shared
    visitor = app.test_client()
    assert visitor.get(url).status_code == 200
    page = client.get(step_url(public_id, "share")).get_data(as_text=True)
    revoke = re.search(r'action="(/assessments/[^"]+/revoke)"', page)[1]
    assert client.post(revoke).status_code == 302
    response = visitor.get(url)
    assert response.status_code == 410
    assert "This link is no longer valid" in response.get_data(as_text=True)
    assert visitor.get(f"{url}/report.pdf").status_code == 410
    assert "Withdrawn" in client.get(step_url(public_id, "share")).get_data(as_text=True)


def test_link_expires(app, client, answers, monkeypatch):
    public_id = complete(client, answers)
    url = create_link(client, public_id, expiry="7")
    never = create_link(client, public_id, label="board", expiry="never")
    visitor = app.test_client()
    assert visitor.get(url).status_code == 200
    later = utcnow() + timedelta(days=7, seconds=1)
    monkeypatch.setattr(sharing, "utcnow", lambda: later)
    assert visitor.get(url).status_code == 410
    assert visitor.get(never).status_code == 200


def test_unknown_token_is_404(app):
    visitor = app.test_client()
    assert visitor.get("/s/" + secrets.token_urlsafe(24)).status_code == 404
    assert visitor.get("/s/" + "x" * 500).status_code == 404


def test_token_is_random_and_stored_hashed(app, shared):
    from app.extensions import db
    from app.sharing.models import ShareLink

    _, url = shared
    token = url.removeprefix("/s/")
    assert len(token) >= 32  # 24 random bytes = 192 bits
    with app.app_context():
        link = db.session.scalar(db.select(ShareLink))
        assert token not in link.token_hash and link.token_hash == links.token_hash(token)


def test_only_the_owner_manages_links(app, shared):
    public_id, _ = shared
    stranger = app.test_client()
    assert stranger.get(step_url(public_id, "share")).status_code == 404
    assert stranger.post(step_url(public_id, "share"), data={"expiry": "7"}).status_code == 404
    assert stranger.post(step_url(public_id, "share/1/revoke")).status_code == 404


def test_bad_share_form_is_shown_again(client, answers):
    public_id = complete(client, answers)
    response = client.post(step_url(public_id, "share"), data={"label": "x" * 101, "expiry": "forever"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'value="' + "x" * 101 + '"' in page and "error-summary" in page
