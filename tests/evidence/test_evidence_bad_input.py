"""Bad, hostile and oddly named input: refused with a plain message, never half-read."""

import json
import time

import pytest

from app.evidence import EvidenceError, Limits, analyse, json_documents
from app.evidence.json_documents import nesting_depth_exceeds

COMPOSE = (
    b"services:\n  web:\n    image: shop/web\n    environment: {DB_URL: 'postgres://db/x'}\n"
    b"  db:\n    image: postgres:16\n"
)
JAEGER = json.dumps(
    {
        "data": [
            {
                "traceID": "t",
                "processes": {"p": {"serviceName": "web"}},
                "spans": [
                    {
                        "traceID": "t",
                        "spanID": "s",
                        "operationName": "GET /",
                        "references": [],
                        "processID": "p",
                        "tags": [],
                    }
                ],
            }
        ]
    }
).encode()

BILLION_LAUGHS = b"""
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
services: {web: {image: x, environment: *i}}
"""


def refused(inputs, **kwargs) -> EvidenceError:
    with pytest.raises(EvidenceError) as caught:
        analyse(inputs, **kwargs)
    return caught.value


def test_billion_laughs_is_rejected_quickly():
    started = time.perf_counter()
    error = refused([("bomb.yml", BILLION_LAUGHS)])
    assert time.perf_counter() - started < 0.5
    assert error.file == "bomb.yml"
    assert error.message.startswith("bomb.yml: ")
    # counted (one visit per distinct value), never built
    assert "aliases" in error.message and "expand to 926,177,121 values, more than the 250,000" in error.message


def test_an_alias_that_contains_itself_is_refused():
    error = refused([("loop.yml", b"x-a: &a [1, *a]\nservices: {web: {image: x, command: *a}}\n")])
    assert error.file == "loop.yml" and "contains itself" in error.message


def test_aliases_cannot_nest_deeper_than_written_files_may():
    nested = "[" * 40 + "]" * 40
    text = f"x-a: &a {nested}\nx-b: &b [[[[[[[[[[[[[[[[[[[[[[[[[[[[[*a]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\nservices: {{}}\n"
    error = refused([("deep.yml", text.encode())])
    assert "64 levels" in error.message


@pytest.mark.parametrize("depth", [65, 100_000])
def test_over_deep_yaml_is_refused(depth):
    text = b"services: " + b"[" * depth + b"]" * depth
    started = time.perf_counter()
    error = refused([("deep.yml", text)])
    assert time.perf_counter() - started < 5
    assert "64 levels" in error.message and error.file == "deep.yml"


@pytest.mark.parametrize("depth", [65, 1_000_000])
def test_over_deep_json_is_refused(depth):
    text = b'{"data": ' + b"[" * depth + b"]" * depth + b"}"
    error = refused([("deep.json", text)])
    assert "64 levels" in error.message


@pytest.mark.parametrize("chunk", [3, 1 << 24])
def test_depth_limit_is_exact_and_ignores_brackets_in_strings(monkeypatch, chunk):
    monkeypatch.setattr(json_documents, "_CHUNK", chunk)
    assert not nesting_depth_exceeds(b"[" * 64 + b"]" * 64, 64)
    assert nesting_depth_exceeds(b"[" * 65 + b"]" * 65, 64)
    assert not nesting_depth_exceeds(json.dumps({"a": "[[[[[[" * 100, "b": ['\\"[[[']}).encode(), 3)
    nested = {"k": "\\\\"}
    for _ in range(10):
        nested = {"k": [nested, ']]}}"[']}
    assert nesting_depth_exceeds(json.dumps(nested).encode(), 15)
    assert not nesting_depth_exceeds(json.dumps(nested).encode(), 21)


def test_unknown_format_names_the_file_and_what_was_expected():
    error = refused([("orders.txt", b"just some notes about orders\n")])
    assert error.file == "orders.txt"
    assert error.message.startswith(
        "orders.txt: not a docker-compose file, Kubernetes manifest, or Jaeger/Zipkin/OTLP trace JSON"
    )
    error = refused([("weird.json", b'{"hello": [1, 2, 3]}')])
    assert error.file == "weird.json" and "not a docker-compose file" in error.message


def test_broken_yaml_and_json_name_the_file_and_the_place():
    error = refused([("docker-compose.yml", b"services:\n  web: [unclosed\n")])
    assert error.file == "docker-compose.yml"
    assert "not valid YAML" in error.message and "line" in error.message
    error = refused([("traces.json", b'{"data": [{"traceID": "x", "spans": [}]}')])
    assert error.file == "traces.json" and "not valid JSON" in error.message and "line 1" in error.message


def test_nothing_is_half_imported_when_a_later_file_is_bad():
    error = refused([("docker-compose.yml", COMPOSE), ("traces.json", JAEGER), ("notes.md", b"# hi")])
    assert error.file == "notes.md"


def test_format_is_detected_from_content_not_name():
    doc = analyse([("traces.yaml", COMPOSE), ("compose.json", JAEGER)])
    assert [(i["file"], i["format"]) for i in doc["inputs"]] == [("traces.yaml", "compose"), ("compose.json", "jaeger")]
    compose_as_json = json.dumps({"services": {"web": {"image": "shop/web"}}}).encode()
    assert analyse([("x.yml", compose_as_json)])["inputs"][0]["format"] == "compose"


def test_size_limit():
    error = refused([("big.yml", COMPOSE)], limits=Limits(max_bytes=20))
    assert error.file == "big.yml" and "over the limit" in error.message


def test_span_limit():
    error = refused([("t.json", JAEGER), ("u.json", JAEGER)], limits=Limits(max_spans=1))
    assert "limit" in error.message


def test_file_count_and_shape_of_inputs():
    assert "no files" in refused([]).message
    assert "at most 2" in refused([("a", COMPOSE)] * 3, limits=Limits(max_files=2)).message
    assert "bytes" in refused([("a.yml", "services: {}")]).message


def test_empty_binary_and_python_tags():
    assert "empty" in refused([("empty.yml", b"  \n")]).message
    assert "not a text file" in refused([("blob.bin", b"\xff\xfe\xfa\x00garbage")]).message
    error = refused([("evil.yml", b"services: !!python/object/apply:os.system ['true']\n")])
    assert "not valid YAML" in error.message


def test_wrong_shapes_inside_a_recognised_format_are_refused():
    error = refused([("t.json", b'{"data": [{"traceID": "t", "spans": [{"operationName": "x"}]}]}')])
    assert error.file == "t.json" and "Jaeger" in error.message
    error = refused([("z.json", b'[{"traceId": "t", "id": "1", "localEndpoint": 5}]')])
    assert error.file == "z.json" and "Zipkin" in error.message


def test_utf16_json_with_byte_order_mark_is_read():
    doc = analyse([("t.json", JAEGER.decode().encode("utf-16"))])
    assert doc["inputs"][0]["format"] == "jaeger"
