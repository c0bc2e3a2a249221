"""Workspace API tokens: the owner's page (made, shown once, stored hashed, last used, revoked)
and what a script does with one (the clients' list and its pages, a new client, results,
history, the PDF and the plan), always within its own workspace."""

from __future__ import annotations

import hashlib
import re

import pytest

from app.consultants.models import ApiToken
from app.extensions import db

from .consulting import PASSWORD, make_owner, new_client, sign_in

pytestmark = pytest.mark.usefixtures("openapi_checked")  # every API exchange matches the OpenAPI document
TOKEN_FIELD = re.compile(r'id="new-token" class="link-field" value="([^"]+)"')
ALL_SCOPES = ("read:results", "write:assessments", "write:evidence")


def make_token(client, name: str = "Portfolio script", scopes=("read:results",)) -> str:
    """Makes a token on the page as its owner does; returns it as the page shows it, once."""
    response = client.post("/workspace/api-tokens", data={"name": name, "scopes": list(scopes)})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return TOKEN_FIELD.search(client.get(response.location).get_data(as_text=True))[1]


def csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page)[1]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def rows(app) -> list[ApiToken]:
    with app.app_context():
        found = list(db.session.scalars(db.select(ApiToken).order_by(ApiToken.id)))
        db.session.expunge_all()
        return found


def test_a_token_is_shown_once_and_only_its_hash_is_kept(app, consultant):
    token = make_token(consultant, "Weekly report", ALL_SCOPES)
    assert re.fullmatch(r"sc_[A-Za-z0-9_-]{32}", token)
    again = consultant.get("/workspace/api-tokens").get_data(as_text=True)
    assert token not in again and "Weekly report" in again and "Never used" in again
    (row,) = rows(app)
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in repr(vars(row)) and row.scope_list == list(ALL_SCOPES)
    assert make_token(consultant, "Another") != token


def test_a_token_needs_a_name_and_something_to_do_and_keeps_what_was_typed(consultant, count_rows):
    response = consultant.post("/workspace/api-tokens", data={"name": "Nightly export"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Choose at least one thing this token may do." in page
    assert 'value="Nightly export"' in page
    response = consultant.post("/workspace/api-tokens", data={"name": "x" * 101, "scopes": ["read:results"]})
    assert response.status_code == 422 and "at most 100 characters" in response.get_data(as_text=True)
    assert consultant.post("/workspace/api-tokens", data={"name": "n", "scopes": ["admin"]}).status_code == 422
    assert count_rows(ApiToken) == 0


def test_only_the_workspace_owner_manages_tokens(app, consultant):
    make_token(consultant)
    consultant.post("/workspace/invitations", data={"role": "consultant"})
    join = re.search(r'href="https?://[^/"]+(/join/[^"]+)"', consultant.get("/workspace").get_data(as_text=True))[1]
    colleague = app.test_client()
    colleague.post(join, data={"email": "cy@consult.example", "password": PASSWORD})
    assert colleague.get("/workspace/api-tokens").status_code == 404
    made = colleague.post("/workspace/api-tokens", data={"name": "Mine", "scopes": ["read:results"]})
    assert made.status_code == 404
    assert colleague.post(f"/workspace/api-tokens/{rows(app)[0].id}/revoke").status_code == 404
    assert len(rows(app)) == 1 and rows(app)[0].revoked_at is None


def test_making_and_revoking_a_token_need_the_forms_csrf_token(csrf_app):
    make_owner(csrf_app)
    owner = csrf_app.test_client()
    signing_in = owner.get("/sign-in").get_data(as_text=True)
    owner.post("/sign-in", data={"email": "ana@consult.example", "password": PASSWORD, "csrf_token": csrf(signing_in)})
    form = {"name": "Script", "scopes": ["read:results"]}
    assert owner.post("/workspace/api-tokens", data=form).status_code == 400 and rows(csrf_app) == []
    page = owner.get("/workspace/api-tokens").get_data(as_text=True)
    assert owner.post("/workspace/api-tokens", data={**form, "csrf_token": csrf(page)}).status_code == 302
    (made,) = rows(csrf_app)
    assert owner.post(f"/workspace/api-tokens/{made.id}/revoke").status_code == 400
    assert rows(csrf_app)[0].revoked_at is None
    page = owner.get("/workspace/api-tokens").get_data(as_text=True)
    assert owner.post(f"/workspace/api-tokens/{made.id}/revoke", data={"csrf_token": csrf(page)}).status_code == 302
    assert rows(csrf_app)[0].revoked_at is not None


def test_without_a_token_or_with_a_wrong_one_the_api_answers_401(client):
    for headers in ({}, {"Authorization": "Basic YTpi"}, bearer("sc_" + "A" * 32), bearer("x" * 500)):
        response = client.get("/api/v1/clients", headers=headers)
        assert response.status_code == 401, headers
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert response.json["errors"][0]["field"] == "Authorization"
    assert (
        'error="invalid_token"' in client.get("/api/v1/clients", headers=bearer("sc_nope")).headers["WWW-Authenticate"]
    )


def test_a_revoked_token_stops_at_once_and_stays_listed(app, consultant):
    token = make_token(consultant, "Old script")
    assert app.test_client().get("/api/v1/clients", headers=bearer(token)).status_code == 200
    response = consultant.post(f"/workspace/api-tokens/{rows(app)[0].id}/revoke", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "“Old script” is revoked" in page and "Revoked " in page
    assert app.test_client().get("/api/v1/clients", headers=bearer(token)).status_code == 401


def test_the_page_says_when_each_token_was_last_used(app, consultant):
    token = make_token(consultant, "Used one")
    make_token(consultant, "Unused one")
    assert rows(app)[0].last_used_at is None
    app.test_client().get("/api/v1/clients", headers=bearer(token))
    used, unused = rows(app)
    assert used.last_used_at is not None and unused.last_used_at is None
    page = consultant.get("/workspace/api-tokens").get_data(as_text=True)
    assert used.last_used_at.strftime("%-d %B %Y, %H:%M UTC") in page and "Never used" in page


def test_a_token_may_do_only_what_its_scopes_say(app, consultant):
    reader = make_token(consultant, "Reader", ("read:results",))
    writer = make_token(consultant, "Writer", ("write:assessments",))
    script = app.test_client()
    refused = script.post("/api/v1/clients", json={"name": "Initech"}, headers=bearer(reader))
    assert refused.status_code == 403 and "write:assessments" in refused.json["errors"][0]["message"]
    assert 'error="insufficient_scope"' in refused.headers["WWW-Authenticate"]
    assert script.get("/api/v1/clients", headers=bearer(writer)).status_code == 403
    assert script.post("/api/v1/clients", json={"name": "Initech"}, headers=bearer(writer)).status_code == 201


def test_a_new_client_by_script_gets_its_intake_link_once(app, consultant):
    token = make_token(consultant, "CRM sync", ("read:results", "write:assessments"))
    script = app.test_client()
    made = script.post("/api/v1/clients", json={"name": " Initech ", "contact": "Bill Lumbergh"}, headers=bearer(token))
    assert made.status_code == 201
    body = made.json
    assert made.headers["Location"] == body["url"] and body["url"].endswith(f"/api/v1/clients/{body['id']}")
    assert body["name"] == "Initech" and body["status"] == "invited" and body["instrument"] == "splitcheck/1"
    intake = re.sub(r"^https?://[^/]+", "", body["intake_url"])
    assert intake.startswith("/i/") and app.test_client().get(intake).status_code == 200
    shown = script.get(made.headers["Location"], headers=bearer(token))
    assert shown.status_code == 200 and "intake_url" not in shown.json and len(shown.json["rounds"]) == 1
    assert "Initech" in consultant.get("/clients").get_data(as_text=True)


def test_a_new_client_with_bad_input_is_refused_with_every_problem(app, consultant, count_rows):
    from app.consultants.models import Client

    token = make_token(consultant, "CRM sync", ("write:assessments",))
    script = app.test_client()
    refused = script.post(
        "/api/v1/clients",
        json={"name": "x" * 201, "contact": 7, "instrument": "acme/9", "owner": "me"},
        headers=bearer(token),
    )
    assert refused.status_code == 422
    problems = {e["field"]: e["message"] for e in refused.json["errors"]}
    assert set(problems) == {"name", "contact", "instrument", "owner"}
    assert problems["name"] == "is 201 characters; the limit is 200" and "splitcheck/1" in problems["instrument"]
    assert script.post("/api/v1/clients", json=["Initech"], headers=bearer(token)).status_code == 422
    assert script.post("/api/v1/clients", data="not json", headers=bearer(token)).status_code == 415
    assert count_rows(Client) == 0


def test_the_clients_list_filters_and_pages_like_the_dashboard(app, consultant):
    for name in ("Acme Retail", "Globex", "Initech", "Acme Logistics"):
        new_client(consultant, name)
    token = make_token(consultant)
    script = app.test_client()
    first = script.get("/api/v1/clients?sort=name&per_page=3", headers=bearer(token))
    assert first.status_code == 200 and first.headers["X-Total-Count"] == "4"
    assert first.json["total"] == 4 and first.json["pages"] == 2 and first.json["per_page"] == 3
    assert [c["name"] for c in first.json["clients"]] == ["Acme Logistics", "Acme Retail", "Globex"]
    links = dict((rel, url) for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', first.headers["Link"]))
    assert set(links) == {"first", "last", "next"} and "page=2" in links["next"] and "per_page=3" in links["next"]
    second = script.get(links["next"], headers=bearer(token))
    assert [c["name"] for c in second.json["clients"]] == ["Initech"]
    assert 'rel="prev"' in second.headers["Link"] and 'rel="next"' not in second.headers["Link"]
    searched = script.get("/api/v1/clients?q=acme&status=invited", headers=bearer(token)).json
    assert searched["total"] == 2 and {c["name"] for c in searched["clients"]} == {"Acme Retail", "Acme Logistics"}
    assert script.get("/api/v1/clients?verdict=at_risk", headers=bearer(token)).json["total"] == 0
    bad = script.get("/api/v1/clients?per_page=1000&status=lost&page=0", headers=bearer(token))
    assert bad.status_code == 422 and {e["field"] for e in bad.json["errors"]} == {"per_page", "status", "page"}


def test_results_history_and_plan_with_etags(app, consultant, two_respondents):
    public_id, _, _ = two_respondents
    token = make_token(consultant)
    script = app.test_client()
    shown = script.get(f"/api/v1/clients/{public_id}", headers=bearer(token)).json
    assert shown["status"] == "submitted" and shown["verdict"] and shown["rounds"][0]["finished"] == 2
    combined = shown["rounds"][0]["assessment"]

    result = script.get(f"/api/v1/clients/{public_id}/result", headers=bearer(token))
    assert result.status_code == 200 and result.json["instrument"] == "splitcheck/1"
    assert result.json["verdict"] == shown["verdict"] and result.json["coupling_score"] == shown["coupling_score"]
    assert result.headers["Content-Location"].endswith(f"/api/v1/assessments/{combined}/result")
    etag = result.headers["ETag"]
    unchanged = script.get(f"/api/v1/clients/{public_id}/result", headers={**bearer(token), "If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.data == b""
    by_id = script.get(f"/api/v1/assessments/{combined}/result", headers=bearer(token))
    assert by_id.json == result.json and by_id.headers["ETag"] == etag

    history = script.get(f"/api/v1/clients/{public_id}/history", headers=bearer(token)).json
    (only,) = history["rounds"]
    assert only["assessment"] == combined and only["respondents"] == 2 and only["date"]
    assert (only["verdict"], only["coupling_score"]) == (shown["verdict"], shown["coupling_score"])

    plan = script.get(f"/api/v1/assessments/{combined}/plan", headers=bearer(token))
    assert plan.status_code == 200 and plan.json["assessment"] == combined and plan.json["items"]
    again = script.get(
        f"/api/v1/assessments/{combined}/plan", headers={**bearer(token), "If-None-Match": plan.headers["ETag"]}
    )
    assert again.status_code == 304


def test_the_pdf_report_by_script(app, consultant, two_respondents):
    public_id, _, _ = two_respondents
    token = make_token(consultant)
    script = app.test_client()
    combined = script.get(f"/api/v1/clients/{public_id}", headers=bearer(token)).json["rounds"][0]["assessment"]
    pdf = script.get(f"/api/v1/assessments/{combined}/report.pdf", headers=bearer(token))
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    again = script.get(
        f"/api/v1/assessments/{combined}/report.pdf", headers={**bearer(token), "If-None-Match": pdf.headers["ETag"]}
    )
    assert again.status_code == 304 and again.data == b""


def test_a_pdf_still_being_prepared_is_a_202_with_retry_after(redis_app, consultant, two_respondents):
    public_id, _, _ = two_respondents
    token = make_token(consultant)
    script = redis_app.test_client()
    combined = script.get(f"/api/v1/clients/{public_id}", headers=bearer(token)).json["rounds"][0]["assessment"]
    waiting = script.get(f"/api/v1/assessments/{combined}/report.pdf", headers=bearer(token))
    assert waiting.status_code == 202 and waiting.json["status"] == "preparing"
    assert int(waiting.headers["Retry-After"]) > 0


def test_a_token_reaches_nothing_of_another_workspace(app, consultant, two_respondents):
    public_id, _, _ = two_respondents
    combined = consultant.get(f"/clients/{public_id}").get_data(as_text=True)
    combined = re.search(r'href="/assessments/([^/]+)/result"', combined)[1]
    make_owner(app, "rival@other.example", "Rival Partners")
    rival = app.test_client()
    sign_in(rival, "rival@other.example")
    new_client(rival, "Rival's Own Client")
    theirs = make_token(rival, "Rival script", ALL_SCOPES)
    script = app.test_client()
    listed = script.get("/api/v1/clients", headers=bearer(theirs)).json
    assert [c["name"] for c in listed["clients"]] == ["Rival's Own Client"]
    for path in (
        f"/api/v1/clients/{public_id}",
        f"/api/v1/clients/{public_id}/result",
        f"/api/v1/clients/{public_id}/history",
        f"/api/v1/assessments/{combined}/result",
        f"/api/v1/assessments/{combined}/report.pdf",
        f"/api/v1/assessments/{combined}/plan",
    ):
        response = script.get(path, headers=bearer(theirs))
        assert response.status_code == 404, path
        assert "Acme" not in response.get_data(as_text=True)


def test_one_tokens_requests_are_rate_limited_together(app, consultant):
    app.config["API_RATE_LIMIT"] = "3 per minute"
    busy, other = make_token(consultant, "Busy"), make_token(consultant, "Other")
    script = app.test_client()
    assert [script.get("/api/v1/clients", headers=bearer(busy)).status_code for _ in range(3)] == [200] * 3
    limited = script.get("/api/v1/clients/nope/history", headers=bearer(busy))
    assert limited.status_code == 429 and limited.json["errors"] and "Retry-After" in limited.headers
    assert script.get("/api/v1/clients", headers=bearer(other)).status_code == 200


def test_wrong_tokens_count_against_the_guessing_limit_of_every_private_link(client):
    for _ in range(20):
        assert client.get("/api/v1/clients", headers=bearer("sc_wrong")).status_code == 401
    assert client.get("/api/v1/clients", headers=bearer("sc_wrong")).status_code == 429
    assert client.get("/i/not-an-intake-link").status_code == 429


@pytest.mark.parametrize("path", ["/api/v1/score", "/api/v1/evidence"])
def test_the_open_endpoints_need_no_token(client, path, answers):
    response = client.post(path, json=answers) if path.endswith("score") else client.post(path, data={})
    assert response.status_code in (200, 422)
