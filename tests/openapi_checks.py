"""The API kept true to its OpenAPI document: a test client that checks every request to /api/v1
and its answer against `app.api.openapi.document()` (openapi-core).

- The answer must match the document: its status is one the operation lists (or its `default`),
  with the body, media type and required headers the document gives it.
- A request the document refuses must be refused by the API too (4xx): so the document is never
  stricter than the API.
- An address or method the document does not have (a 404 or 405) must still answer with the
  document's `Errors` shape.

Used by the API tests through the `openapi_checked` fixture (tests/conftest.py).
"""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from jsonschema import Draft202012Validator
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_core.templating.paths.exceptions import PathError
from werkzeug.test import TestResponse
from werkzeug.wrappers import Request

from app import instrument as instruments
from app.api.openapi import document

_documents: dict[tuple[str, ...], tuple[OpenAPI, Draft202012Validator]] = {}


def checkers() -> tuple[OpenAPI, Draft202012Validator]:
    """The document as openapi-core reads it, and a validator of its `Errors` schema: made once
    for each set of installed questionnaires (the answers schemas follow them)."""
    key = tuple(instruments.known())
    if key not in _documents:
        doc = document()
        errors = Draft202012Validator({"$ref": "#/components/schemas/Errors", "components": doc["components"]})
        _documents[key] = (OpenAPI.from_dict(doc), errors)
    return _documents[key]


def _explain(problem: BaseException) -> str:
    """What the document found wrong: its schema's messages, else the start of each cause."""
    found: list[str] = []
    cause: BaseException | None = problem
    while cause is not None:
        errors = getattr(cause, "schema_errors", None)
        found += [e.message[:300] for e in errors] if errors else [str(cause)[:300]]
        cause = cause.__cause__
    return " / ".join(found)


def check_exchange(response: TestResponse) -> None:
    """Raises AssertionError when the request or its answer disagrees with the document."""
    sent = response.request
    if not sent.path.startswith("/api/v1/") or sent.method in ("HEAD", "OPTIONS"):
        return
    sent.environ["wsgi.input"].seek(0)  # the test client's body, read once by the app
    request = WerkzeugOpenAPIRequest(Request(sent.environ))
    answer = WerkzeugOpenAPIResponse(response)
    api, errors = checkers()
    where = f"{sent.method} {sent.full_path.rstrip('?')} -> {response.status_code}"
    try:
        api.validate_request(request)
    except PathError:
        assert 400 <= response.status_code < 500, f"{where}: not in the OpenAPI document, yet not refused"
        problems = [e.message for e in errors.iter_errors(response.get_json(silent=True))]
        assert not problems, f"{where}: the error is not in the document's Errors shape: {problems}"
        return
    except Exception as refused:  # the document says this request is wrong: so must the API
        assert 400 <= response.status_code < 500, f"{where}: the document refuses the request ({_explain(refused)})"
    try:
        api.validate_response(request, answer)
    except Exception as wrong:
        raise AssertionError(f"{where}: the answer does not match the document: {_explain(wrong)}") from wrong


class OpenAPIChecked(FlaskClient):
    """Flask's test client, checking each API exchange against the OpenAPI document."""

    def open(self, *args: Any, **kwargs: Any) -> TestResponse:
        response = super().open(*args, **kwargs)
        check_exchange(response)
        return response
