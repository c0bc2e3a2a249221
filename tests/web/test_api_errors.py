"""Every error of the API has one shape, the contract's `{"errors": [{"field", "message"}]}`,
whatever refused the request: a view, the token check, a limit, Flask or Werkzeug, or a fault."""

from __future__ import annotations

import io

import pytest
from flask import abort

from app.api import views

from .test_api_tokens import bearer, make_token

pytestmark = pytest.mark.usefixtures("openapi_checked")  # the one shape is the document's Errors


def bad_request(app, client, consultant, answers):
    with pytest.MonkeyPatch.context() as patch:  # a view that finds the request malformed
        patch.setattr(views, "score_document", lambda data: abort(400))
        return client.post("/api/v1/score", json=answers)


def no_token(app, client, consultant, answers):
    return client.get("/api/v1/clients")


def wrong_scope(app, client, consultant, answers):
    return client.post("/api/v1/clients", json={"name": "Initech"}, headers=bearer(make_token(consultant)))


def nothing_here(app, client, consultant, answers):
    return client.get("/api/v1/no-such-thing")


def wrong_method(app, client, consultant, answers):
    return client.put("/api/v1/score", json=answers)


def too_large(app, client, consultant, answers):
    app.config["EVIDENCE_MAX_BYTES"] = 1_000
    return client.post("/api/v1/evidence", data={"files": [(io.BytesIO(b"x" * 5_000), "compose.yml")]})


def not_json(app, client, consultant, answers):
    return client.post("/api/v1/score", data="signs=yes", content_type="text/plain")


def invalid(app, client, consultant, answers):
    return client.post("/api/v1/score", json={**answers, "signs": {}})


def too_many(app, client, consultant, answers):
    app.config["API_RATE_LIMIT"] = "1 per minute"
    token = make_token(consultant)
    client.get("/api/v1/clients", headers=bearer(token))
    return client.get("/api/v1/clients", headers=bearer(token))


def fault(app, client, consultant, answers):
    def broken(data):
        raise RuntimeError("the disk filled up")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(views, "score_document", broken)
        return client.post("/api/v1/score", json=answers)


@pytest.mark.parametrize(
    ("status", "make"),
    [
        (400, bad_request),
        (401, no_token),
        (403, wrong_scope),
        (404, nothing_here),
        (405, wrong_method),
        (413, too_large),
        (415, not_json),
        (422, invalid),
        (429, too_many),
        (500, fault),
    ],
)
def test_every_error_has_the_one_shape(app, consultant, answers, status, make):
    client = app.test_client()
    response = make(app, client, consultant, answers)
    assert response.status_code == status and response.mimetype == "application/json"
    problems = response.json["errors"]
    assert problems and all(set(p) == {"field", "message"} and p["field"] and p["message"] for p in problems)
    assert "Traceback" not in response.get_data(as_text=True) and "disk filled" not in response.get_data(as_text=True)


def test_a_wrong_method_says_which_methods_the_address_takes(client):
    response = client.get("/api/v1/score")
    assert response.status_code == 405 and "POST" in response.headers["Allow"].split(", ")
    assert response.json["errors"][0]["field"] == "(request)"
    page = client.delete("/how-the-score-works")  # and so does a page
    assert page.status_code == 405 and "GET" in page.headers["Allow"] and page.mimetype == "text/html"
