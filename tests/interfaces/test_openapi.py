"""The OpenAPI document (/api/v1/openapi.json): valid OpenAPI 3.1, naming every route under
/api/v1, its examples true to its schemas, its answers schema refusing what scoring refuses.
The API tests check each exchange against it (tests/openapi_checks.py); so do these."""

from __future__ import annotations

import copy
import re

import pytest
from jsonschema import Draft202012Validator
from openapi_core import OpenAPI
from openapi_spec_validator import OpenAPIV31SpecValidator

from app.api.openapi import document
from app.scoring import AnswersInvalid, parse_answers
from tests import openapi_checks
from tests.question_bank import LENS_ID

pytestmark = pytest.mark.usefixtures("openapi_checked")

METHODS = ("get", "put", "post", "delete", "patch")


def routes(app) -> set[tuple[str, str]]:
    """(method, path) of every Flask route under /api/v1, written as OpenAPI writes paths."""
    return {
        (method.lower(), re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule))
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
        for method in rule.methods or ()
        if method not in ("HEAD", "OPTIONS")
    }


def documented(doc: dict) -> set[tuple[str, str]]:
    return {(method, path) for path, item in doc["paths"].items() for method in item if method in METHODS}


def validator(doc: dict, schema: dict) -> Draft202012Validator:
    return Draft202012Validator({**schema, "components": doc["components"]})


def test_the_document_is_valid_openapi_3_1(client):
    served = client.get("/api/v1/openapi.json")
    assert served.status_code == 200 and served.json["openapi"].startswith("3.1")
    assert served.json == document()
    OpenAPIV31SpecValidator(served.json).validate()


def test_every_api_route_is_in_the_document_and_nothing_else(app):
    doc = document()
    assert sorted(routes(app) - documented(doc)) == [], "routes missing from app/api/openapi.yaml"
    assert sorted(documented(doc) - routes(app)) == [], "operations in the document that no route serves"


def test_a_route_missing_from_the_document_is_noticed(app):
    doc = document()
    del doc["paths"]["/api/v1/clients"]["post"]
    del doc["paths"]["/api/v1/clients/{public_id}/history"]
    missing = routes(app) - documented(doc)
    assert missing == {("post", "/api/v1/clients"), ("get", "/api/v1/clients/{public_id}/history")}


def _examples(doc: dict):
    """(where, schema, example) of every example given with a request or an answer."""
    named = doc["components"]["examples"]
    responses = doc["components"]["responses"]
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            bodies = [("request", operation.get("requestBody", {}))]
            for status, answer in operation["responses"].items():
                bodies.append((status, responses[answer["$ref"].rsplit("/", 1)[1]] if "$ref" in answer else answer))
            for what, body in bodies:
                for media, content in body.get("content", {}).items():
                    where = f"{method.upper()} {path} {what} {media}"
                    if "example" in content:
                        yield where, content["schema"], content["example"]
                    for name, example in content.get("examples", {}).items():
                        value = named[example["$ref"].rsplit("/", 1)[1]] if "$ref" in example else example
                        yield f"{where} ({name})", content["schema"], value["value"]


def test_every_example_matches_its_schema():
    doc = document()
    checked = list(_examples(doc))
    assert len(checked) >= 25
    for where, schema, example in checked:
        problems = [e.message for e in validator(doc, schema).iter_errors(example)]
        assert problems == [], where
    used = set(re.findall(r"#/components/examples/(\w+)", str(doc["paths"]) + str(doc["components"]["responses"])))
    assert used == set(doc["components"]["examples"]), "an example that no operation shows"


def test_the_result_example_is_what_scoring_the_answers_example_gives(client):
    examples = document()["components"]["examples"]
    scored = client.post("/api/v1/score", json=examples["Answers"]["value"])
    assert scored.status_code == 200 and scored.json == examples["Result"]["value"]


def _broken(answers: dict) -> list[dict]:
    """Answers documents that scoring refuses, each broken one way."""
    cases = []
    for change in (
        lambda a: a["signs"].pop(next(iter(a["signs"]))),
        lambda a: a["signs"].update({next(iter(a["signs"])): "often"}),
        lambda a: a.update(extra=1),
        lambda a: a["context"].update({next(iter(a["context"])): 0}),
        lambda a: a["candidates"][0].pop(list(a["candidates"][0])[1]),
        lambda a: a["candidates"][0].update({list(a["candidates"][0])[-1]: ["not-a-reason"]}),
        lambda a: a.pop("signs"),
        lambda a: a.update(instrument=7),
    ):
        broken = copy.deepcopy(answers)
        change(broken)
        cases.append(broken)
    return cases


def test_the_answers_schema_refuses_what_scoring_refuses(answers):
    doc = document()
    schema = validator(doc, {"$ref": "#/components/schemas/Answers"})
    assert schema.is_valid(answers)
    for broken in _broken(answers):
        with pytest.raises(AnswersInvalid):
            parse_answers(broken)
        assert not schema.is_valid(broken), broken


def test_the_answers_schema_follows_the_installed_questionnaires(lens, answers):
    """A question bank installed on the server brings its own answers schema, with its signs."""
    doc = document()
    own = doc["components"]["schemas"]["Answers-" + re.sub(r"[^A-Za-z0-9]+", "-", LENS_ID).strip("-")]
    assert set(own["properties"]["signs"]["required"]) == set(lens.sign_ids) and len(lens.sign_ids) == 7
    lens_answers = {**answers, "instrument": LENS_ID}
    schema = validator(doc, {"$ref": "#/components/schemas/Answers"})
    assert not schema.is_valid(lens_answers)  # its seventh sign is missing
    lens_answers["signs"] = {**answers["signs"], **{s: "no" for s in lens.sign_ids if s not in answers["signs"]}}
    lens_answers["candidates"] = []
    assert schema.is_valid(lens_answers)


def test_a_request_the_document_refuses_must_be_refused_by_the_api(client, answers, monkeypatch):
    """The checking client itself: a document stricter than the API is caught."""
    _, errors = openapi_checks.checkers()
    doc = document()
    doc["components"]["schemas"]["Answers"] = {"type": "object", "required": ["not-a-field"]}

    monkeypatch.setattr(openapi_checks, "checkers", lambda: (OpenAPI.from_dict(doc), errors))
    with pytest.raises(AssertionError, match="the document refuses the request"):
        client.post("/api/v1/score", json=answers)


def test_an_answer_the_document_does_not_describe_is_caught(client, answers, monkeypatch):
    _, errors = openapi_checks.checkers()
    doc = document()
    doc["components"]["schemas"]["Result"]["properties"]["coupling_score"] = {"type": "string"}
    monkeypatch.setattr(openapi_checks, "checkers", lambda: (OpenAPI.from_dict(doc), errors))
    with pytest.raises(AssertionError, match="coupling_score|is not of type 'string'"):
        client.post("/api/v1/score", json=answers)
