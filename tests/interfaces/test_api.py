"""POST /api/v1/score, exactly as CONTRACT.md says."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("openapi_checked")  # every API exchange matches the OpenAPI document


def test_score_returns_the_result_document(client, answers):
    response = client.post("/api/v1/score", json=answers)
    assert response.status_code == 200
    result = response.get_json()
    assert result["verdict"] == "distributed_monolith" and result["signs_present"] == 3
    assert result["candidates"][0]["verdict"] == "split"
    assert all(r["because"] for r in result["recommendations"])


def test_invalid_answers_get_422_with_every_field(client, answers):
    answers["signs"]["call_chains"] = "often"
    del answers["context"]["teams"]
    response = client.post("/api/v1/score", json=answers)
    assert response.status_code == 422
    fields = {e["field"] for e in response.get_json()["errors"]}
    assert fields == {"signs.call_chains", "context.teams"}


def test_body_that_is_not_json_gets_415(client):
    assert client.post("/api/v1/score", data="{not json", content_type="application/json").status_code == 415
    assert (
        client.post("/api/v1/score", data="signs=yes", content_type="application/x-www-form-urlencoded").status_code
        == 415
    )
    assert client.post("/api/v1/score", data=b"\xff\xfe", content_type="application/json").status_code == 415


def test_json_that_is_not_an_object_gets_422(client):
    for body in ("[]", "null", "42"):
        response = client.post("/api/v1/score", data=body, content_type="application/json")
        assert response.status_code == 422
        assert response.get_json()["errors"][0]["field"] == "(document)"


def test_api_errors_are_json(client):
    response = client.get("/api/v1/score")
    assert response.status_code == 405 and "errors" in response.get_json()
