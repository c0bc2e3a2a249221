"""POST /api/v1/score and /api/v1/evidence under generated and hostile input.

Never a 500. /score answers 200 exactly for the documents CONTRACT.md calls
valid, with a result that follows its rules; 422 for the others, listing every
problem by field (compared with ``oracle.contract_error_fields``); 415 when the
body is not JSON; 413 over the size limit. /evidence answers 200 with an
evidence document of CONTRACT.md's shape, or 413/422 with errors.

The app is the ``app`` fixture's; neither endpoint writes to the database, so
one test client serves every example.
"""

from __future__ import annotations

import io
import json
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from tests.contract_ids import SIGN_ANSWERS, SIGN_IDS

from . import oracle
from .strategies import answers_documents, json_texts, many_small_uploads, mutated_documents, raw_bodies, uploads
from .support import examples, tally

MAX_BODY = 2 * 1024 * 1024
CONTENT_TYPES = [
    "application/json",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "application/json; charset=latin-1",
    "application/octet-stream",
    "",
    "application/json; x=\x7f",
]


def check_errors(response) -> list[dict]:
    body = response.get_json()
    assert isinstance(body, dict) and isinstance(body.get("errors"), list) and body["errors"], body
    for error in body["errors"]:
        assert isinstance(error.get("field"), str), error
        assert isinstance(error.get("message"), str) and error["message"].strip(), error
    return body["errors"]


def check_result(doc: dict, result: dict) -> None:
    """The result document follows CONTRACT.md's rules for this (valid) answers document."""
    assert oracle.RESULT_KEYS <= set(result), set(result)
    signs = doc["signs"]
    assert result["instrument"] == "splitcheck/1"
    assert result["verdict"] == oracle.verdict(signs)
    assert result["signs_present"] == sum(signs[s] == "yes" for s in SIGN_IDS)
    assert result["coupling_score"] == oracle.coupling_score(signs) and 0 <= result["coupling_score"] <= 100
    assert {s: r["answer"] for s, r in result["signs"].items()} == signs
    assert sorted(result["flags"]) == sorted(oracle.flags(doc))
    given_candidates = doc.get("candidates", [])
    assert [c["name"] for c in result["candidates"]] == [oracle.clean_name(c["name"]) for c in given_candidates]
    for c, r in zip(given_candidates, result["candidates"], strict=True):
        assert (r["verdict"], r["blockers"]) == oracle.candidate_verdict(c), (c, r)
    assert [r["priority"] for r in result["recommendations"]] == list(range(1, len(result["recommendations"]) + 1))
    for rec in result["recommendations"]:
        assert rec["id"] and rec["title"] and rec["because"], rec


def expected_status(body: bytes) -> tuple[int, object]:
    """What CONTRACT.md and docs/api.md promise for a raw body (the server reads JSON as Python does)."""
    if len(body) > MAX_BODY:
        return 413, None
    try:
        doc = json.loads(body)
    except ValueError:
        doc = None
        if body.strip() != b"null":
            return 415, None
    except RecursionError:  # nested deeper than a document could be (B1)
        return 415, None
    if doc is None and body.strip() != b"null":
        return 415, None
    return (200 if oracle.is_valid(doc) else 422), doc


def nesting(body: bytes) -> int:
    """How deep brackets nest (strings not skipped: an upper bound is enough)."""
    depth = deepest = 0
    for byte in body:
        if byte in b"[{":
            depth += 1
            deepest = max(deepest, depth)
        elif byte in b"]}":
            depth -= 1
    return deepest


def check_response(response, status: int, doc, body: bytes = b"") -> None:
    assert response.status_code != 500, response.get_data(as_text=True)[:500]
    if response.status_code == 415 and status != 415 and nesting(body) >= 500:
        return  # near the recursion limit, where the server's stack is deeper than this test's: refused (B1)
    assert response.status_code == status, (response.status_code, status, response.get_data(as_text=True)[:500])
    if status == 200:
        check_result(doc, response.get_json())
    elif status == 422:
        errors = check_errors(response)
        assert Counter(e["field"] for e in errors) == oracle.contract_error_fields(doc), errors
    else:
        check_errors(response)


@pytest.fixture
def api(app):
    # Thousands of generated requests from one address: the limit on analyses per address has
    # its own tests (tests/web/test_evidence_limits.py).
    app.config["EVIDENCE_RATE_LIMIT"] = "1000000 per minute"
    return app.test_client()


@settings(max_examples=examples(25))
@given(doc=answers_documents)
def test_valid_documents_are_scored_by_the_contract_rules(api, doc):
    tally()
    assert oracle.is_valid(doc)
    response = api.post("/api/v1/score", data=json.dumps(doc), content_type="application/json")
    check_response(response, 200, doc)


@settings(max_examples=examples(18))
@given(doc=mutated_documents())
def test_hostile_documents_get_422_naming_every_problem(api, doc):
    tally()
    body = json.dumps(doc, ensure_ascii=False).encode()
    response = api.post("/api/v1/score", data=body, content_type="application/json")
    status, parsed = expected_status(body)
    check_response(response, status, parsed)


@settings(max_examples=examples(8))
@given(body=json_texts(), content_type=st.sampled_from(CONTENT_TYPES))
def test_json_text_with_duplicate_keys_and_any_encoding(api, body, content_type):
    tally()
    status, parsed = expected_status(body)
    response = api.post("/api/v1/score", data=body, content_type=content_type)
    check_response(response, status, parsed)


@settings(max_examples=examples(17))
@given(body=raw_bodies, content_type=st.sampled_from(CONTENT_TYPES))
def test_raw_bytes_get_415_413_or_422(api, body, content_type):
    status, parsed = expected_status(body)
    tally()
    response = api.post("/api/v1/score", data=body, content_type=content_type)
    check_response(response, status, parsed, body)


@settings(max_examples=examples(3))
@given(doc=answers_documents, method=st.sampled_from(["GET", "PUT", "DELETE", "PATCH"]))
def test_other_methods_are_405_in_json(api, doc, method):
    tally()
    response = api.open("/api/v1/score", method=method, json=doc)
    assert response.status_code == 405
    check_errors(response)


# ---- /api/v1/evidence ------------------------------------------------------------------------

FORMATS = {"compose", "kubernetes", "jaeger", "zipkin", "otlp", "openapi", "protobuf", "git-history"}
EDGE_KINDS = {"database", "call", "async", "depends_on"}


def check_evidence(document: dict, sent: int | None) -> None:
    for key in ("inputs", "services", "datastores", "edges", "findings", "suggested", "unseen"):
        assert key in document, key
    assert set(document["suggested"]) == set(SIGN_IDS)
    assert all(answer in SIGN_ANSWERS for answer in document["suggested"].values())
    assert all(i["format"] in FORMATS for i in document["inputs"])
    if sent is not None:
        assert len(document["inputs"]) == sent
    for finding in document["findings"]:
        assert finding["sign"] in SIGN_IDS and finding["strength"] in ("strong", "weak"), finding
    assert all(edge["kind"] in EDGE_KINDS for edge in document["edges"])
    assert all(isinstance(note, str) for note in document["unseen"])


@settings(max_examples=examples(2))
@given(
    files=st.one_of(st.lists(uploads, max_size=4), many_small_uploads),
    field=st.sampled_from(["files", "files", "files", "file", "files[]", ""]),
    extra=st.lists(st.tuples(st.sampled_from(["files", "note", "keep_files"]), st.text(max_size=20)), max_size=2),
)
def test_evidence_uploads_never_500(api, files, field, extra):
    tally()
    data = MultiDict([(field, u.as_file()) for u in files] + extra)
    response = api.post("/api/v1/evidence", data=data, content_type="multipart/form-data")
    assert response.status_code in (200, 413, 422), (response.status_code, response.get_data(as_text=True)[:500])
    if response.status_code == 200:
        simple = field == "files" and all(not set(u.filename) & set('"\r\n\\') for u in files)
        check_evidence(response.get_json(), len(files) if simple else None)
        assert files, "a 200 needs at least one file"
    else:
        check_errors(response)


# ---- bugs found: minimal reproductions ---------------------------------------------------------------
# Found by the properties above; B1, B16 and B18 are fixed (e43e165) and these stay as regression tests.


# B1. POST /api/v1/score with JSON nested deeper than Python's recursion limit answers 500:
#   python3 -c 'print("[" * 100000)' | curl -X POST --data-binary @- -H 'Content-Type: application/json' \
#        http://127.0.0.1:8000/api/v1/score
#   -> 500 {"errors":[{"field":"(request)","message":"Your answers that were already saved are safe..."}]}
# json.loads raises RecursionError, which request.get_json(silent=True) does not swallow (it catches
# ValueError only), so json_body() in app/api/views.py never answers 415.
@pytest.mark.parametrize("body", [b"[" * 100_000, b"[" * 5_000 + b"]" * 5_000, b'{"a":' * 5_000 + b"1" + b"}" * 5_000])
def test_b1_deeply_nested_json_is_refused_not_a_500(api, body):
    response = api.post("/api/v1/score", data=body, content_type="application/json")
    assert response.status_code in (415, 422), response.status_code


# B16. POST /api/v1/evidence with a compose service (or a Kubernetes container) whose `image` is not a
# string answers 500 instead of 422 naming the file:
#   printf 'services:\n  api:\n    image: {a: 1}\n' > c.yml; curl -F files=@c.yml .../api/v1/evidence -> 500
# AttributeError: 'dict' object has no attribute 'split' in image_repository() (app/evidence/engines.py),
# reached from Inventory(...) in analyse(), outside the try in _configuration() that turns wrong shapes
# into EvidenceError. The upload on an assessment (/assessments/<id>/evidence) and `flask evidence` too.
@pytest.mark.parametrize(
    "content",
    [
        b"services:\n  api:\n    image: {a: 1}\n",
        b"services:\n  api:\n    image: 5\n",
        b"services:\n  api:\n    image: [x]\n",
        b"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\n"
        b"spec: {template: {spec: {containers: [{name: api, image: {a: 1}}]}}}\n",
    ],
)
def test_b16_evidence_with_a_non_string_image_is_422(api, content):
    response = api.post(
        "/api/v1/evidence",
        data={"files": (io.BytesIO(content), "docker-compose.yml")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422, response.status_code


# B18. POST /api/v1/evidence with a trace whose span id (or parent id) is a list or an object answers 500:
#   echo '[{"traceId": "a", "id": []}]' > t.json; curl -F files=@t.json .../api/v1/evidence -> 500
# TypeError: unhashable type: 'list' in TraceStats.add_trace (app/evidence/trace_stats.py), run from
# stats.flush() in analyse() after the readers' try blocks (read_zipkin catches TypeError, flush is
# outside it). Zipkin, Jaeger and OTLP alike; also the upload on an assessment.
@pytest.mark.parametrize(
    "trace",
    [
        [{"traceId": "a", "id": []}],
        [{"traceId": "a", "id": "x", "parentId": {}}],
        {"data": [{"traceID": "a", "spans": [{"spanID": [], "traceID": "a"}]}]},
        {"resourceSpans": [{"scopeSpans": [{"spans": [{"spanId": [], "traceId": "a"}]}]}]},
    ],
)
def test_b18_trace_with_an_unhashable_span_id_is_422(api, trace):
    response = api.post(
        "/api/v1/evidence",
        data={"files": (io.BytesIO(json.dumps(trace).encode()), "t.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422, response.status_code
