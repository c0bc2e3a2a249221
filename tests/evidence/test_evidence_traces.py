"""Traces: call chains, async hops, error propagation, and format equivalence.

One logical trace set is written as Jaeger, Zipkin and OTLP by the small
generator in trace_writers.py; the three must give the same findings.
"""

import json
from pathlib import Path

import pytest
from trace_writers import EMITTERS, TraceBuilder, jaeger, zipkin  # beside this file

from app.evidence import analyse

TRACE_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "trace-formats"


def findings(doc, sign):
    return [f for f in doc["findings"] if f["sign"] == sign]


def op(doc, service, name):
    return next(o for o in doc["operations"] if o["service"] == service and o["operation"] == name)


def deep_chain(builder: TraceBuilder, traces: int = 3) -> None:
    for _ in range(traces):
        trace, span = builder.new("gateway", "GET /orders")
        for service in ["orders", "pricing", "tax", "rates", "currency", "fx-feed"]:
            span = builder.call(trace, span, service, f"GET /{service}")


def fan_out(builder: TraceBuilder, traces: int = 3) -> None:
    for _ in range(traces):
        trace, root = builder.new("bff", "GET /home")
        for i in range(7):
            builder.call(trace, root, f"widget-{i}", "GET /widget")


def async_hops(builder: TraceBuilder, traces: int = 3) -> None:
    for _ in range(traces):
        trace, root = builder.new("shop", "POST /checkout")
        orders = builder.call(trace, root, "orders", "POST /orders")
        billing = builder.message(trace, orders, "billing", "OrderPlaced")
        span = billing
        for service in ["ledger", "tax", "mailer", "audit"]:
            span = builder.call(trace, span, service, f"POST /{service}")


@pytest.mark.parametrize("fmt", EMITTERS)
def test_six_deep_chain_is_strong(fmt):
    builder = TraceBuilder()
    deep_chain(builder)
    doc = analyse([("traces.json", EMITTERS[fmt](builder.traces))])
    assert doc["inputs"][0]["format"] == fmt
    stats = op(doc, "gateway", "GET /orders")
    assert (stats["traces"], stats["calls_median"], stats["depth_max"], stats["depth_median"]) == (3, 6, 6, 6)
    [finding] = findings(doc, "call_chains")
    assert (finding["strength"], finding["depth"], finding["calls"]) == ("strong", 6, 6)
    assert (
        "gateway GET /orders: a typical request makes 6 calls to other services, at most 6 deep" in finding["summary"]
    )
    assert doc["suggested"]["call_chains"] == "yes"


@pytest.mark.parametrize("fmt", EMITTERS)
def test_fan_out_of_seven_at_depth_one_is_many_calls_not_a_chain(fmt):
    builder = TraceBuilder()
    fan_out(builder)
    doc = analyse([("traces.json", EMITTERS[fmt](builder.traces))])
    stats = op(doc, "bff", "GET /home")
    assert (stats["calls_median"], stats["calls_p95"], stats["depth_max"]) == (7, 7, 1)
    [finding] = findings(doc, "call_chains")
    assert (finding["strength"], finding["depth"], finding["calls"]) == ("weak", 1, 7)
    assert "a typical request makes 7 calls to other services, at most 1 deep" in finding["summary"]
    assert "chain of 5 or more" not in finding["summary"]
    assert doc["suggested"]["call_chains"] == "partly"


@pytest.mark.parametrize("fmt", EMITTERS)
def test_async_hops_do_not_count_as_synchronous(fmt):
    builder = TraceBuilder()
    async_hops(builder)
    doc = analyse([("traces.json", EMITTERS[fmt](builder.traces))])
    stats = op(doc, "shop", "POST /checkout")
    # shop -> orders is the only synchronous hop; the message to billing and
    # billing's own chain of four calls happen outside the request
    assert (stats["calls_median"], stats["depth_max"]) == (1, 1)
    assert findings(doc, "call_chains") == []
    assert doc["suggested"]["call_chains"] == "no"
    kinds = {(e["from"], e["to"]): e["kind"] for e in doc["edges"]}
    assert kinds[("orders", "billing")] == "async"
    assert kinds[("billing", "ledger")] == "call"
    assert next(e for e in doc["edges"] if e["from"] == "orders")["count"] == 3


def test_jaeger_follows_from_reference_is_async():
    builder = TraceBuilder()
    for _ in range(2):
        trace, root = builder.new("api", "POST /signup")
        span = builder._add(trace, root, "welcome", "send mail", "internal", follows=True)
        for service in ["a", "b", "c", "d", "e"]:
            span = builder.call(trace, span, service, "x")
    doc = analyse([("t.json", jaeger(builder.traces))])
    assert op(doc, "api", "POST /signup")["calls_median"] == 0
    assert ("api", "welcome", "async") in {(e["from"], e["to"], e["kind"]) for e in doc["edges"]}


def propagating_and_absorbed(builder: TraceBuilder, spread: int, absorbed: int) -> None:
    for i in range(spread + absorbed):
        fails = i < spread
        trace, root = builder.new("web", "POST /pay", error=fails)
        payments = builder.call(trace, root, "payments", "POST /charge")
        builder.call(trace, payments, "bank", "POST /debit", error=True)


@pytest.mark.parametrize("fmt", EMITTERS)
def test_errors_that_propagate_are_a_strong_cascade(fmt):
    builder = TraceBuilder()
    propagating_and_absorbed(builder, spread=24, absorbed=6)
    doc = analyse([("traces.json", EMITTERS[fmt](builder.traces))])
    [finding] = findings(doc, "cascading_failure")
    assert finding["strength"] == "strong"
    assert (finding["requests_with_downstream_errors"], finding["failed_at_entry"]) == (30, 24)
    assert "24 of 30" in finding["summary"]
    assert doc["suggested"]["cascading_failure"] == "yes"


def test_absorbed_errors_suggest_no():
    builder = TraceBuilder()
    propagating_and_absorbed(builder, spread=2, absorbed=28)
    doc = analyse([("traces.json", jaeger(builder.traces))])
    assert findings(doc, "cascading_failure") == []
    assert doc["suggested"]["cascading_failure"] == "no"


def test_too_few_error_samples_is_only_a_hint():
    builder = TraceBuilder()
    propagating_and_absorbed(builder, spread=5, absorbed=2)
    doc = analyse([("traces.json", jaeger(builder.traces))])
    [finding] = findings(doc, "cascading_failure")
    assert finding["strength"] == "weak" and "fewer than 20" in finding["summary"]
    assert doc["suggested"]["cascading_failure"] == "partly"


def test_no_errors_at_all_leaves_cascading_unsure():
    builder = TraceBuilder()
    fan_out(builder)
    doc = analyse([("traces.json", zipkin(builder.traces))])
    assert doc["suggested"]["cascading_failure"] == "unsure"
    assert any("no failed downstream calls" in u for u in doc["unseen"])


def test_same_traces_in_three_formats_give_the_same_findings():
    builder = TraceBuilder()
    deep_chain(builder, 2)
    fan_out(builder, 2)
    async_hops(builder, 2)
    propagating_and_absorbed(builder, spread=15, absorbed=10)
    docs = {fmt: analyse([("traces.json", emit(builder.traces))]) for fmt, emit in EMITTERS.items()}
    reference = docs["jaeger"]
    assert {(f["sign"], f["strength"]) for f in reference["findings"]} == {
        ("call_chains", "strong"),
        ("call_chains", "weak"),
        ("cascading_failure", "strong"),
    }
    chain, wide = findings(reference, "call_chains")
    assert [o["operation"] for o in chain["operations"]] == ["GET /orders"]
    assert [o["operation"] for o in wide["operations"]] == ["GET /home"]
    for fmt, doc in docs.items():
        assert doc["findings"] == reference["findings"], fmt
        assert doc["suggested"] == reference["suggested"], fmt
        assert doc["operations"] == reference["operations"], fmt
        assert doc["edges"] == reference["edges"], fmt
        assert doc["inputs"][0]["spans"] == sum(len(t.spans) for t in builder.traces)


def fixture_bytes(name: str) -> bytes:
    path = TRACE_FIXTURES / name
    if not path.is_file():
        raise FileNotFoundError(f"trace fixture missing: {path} (expected in tests/fixtures)")
    return path.read_bytes()


def test_fixture_trace_formats_are_recognised():
    for name, fmt in (("jaeger.json", "jaeger"), ("zipkin.json", "zipkin"), ("otlp.json", "otlp")):
        doc = analyse([(name, fixture_bytes(name))])
        assert doc["inputs"][0]["format"] == fmt
        assert {"frontend", "orders"} <= {s["name"] for s in doc["services"]}
    doc = analyse([("otlp.json", fixture_bytes("otlp.json"))])
    assert doc["datastores"] == [
        {
            "name": "shared-pg",
            "engine": "postgres",
            "engine_from": "database calls in the traces",
            "image": None,
            "databases": ["shop"],
            "used_by": ["orders"],
            "declared": False,
        }
    ]


def test_zipkin_shared_span_ids_and_list_of_traces():
    spans = [
        {"traceId": "a", "id": "1", "kind": "SERVER", "name": "get", "localEndpoint": {"serviceName": "web"}},
        {
            "traceId": "a",
            "id": "2",
            "parentId": "1",
            "kind": "CLIENT",
            "name": "get",
            "localEndpoint": {"serviceName": "web"},
            "remoteEndpoint": {"serviceName": "api"},
        },
        {
            "traceId": "a",
            "id": "2",
            "parentId": "1",
            "kind": "SERVER",
            "shared": True,
            "name": "get",
            "localEndpoint": {"serviceName": "api"},
        },
        {
            "traceId": "a",
            "id": "3",
            "parentId": "2",
            "kind": "CLIENT",
            "name": "query",
            "localEndpoint": {"serviceName": "api"},
            "remoteEndpoint": {"serviceName": "mysql"},
        },
        {
            "traceId": "a",
            "id": "4",
            "parentId": "2",
            "kind": "CLIENT",
            "name": "charge",
            "localEndpoint": {"serviceName": "api"},
            "remoteEndpoint": {"serviceName": "stripe"},
        },
    ]
    doc = analyse([("z.json", json.dumps([spans]).encode())])  # /api/v2/traces shape
    stats = op(doc, "web", "get")
    assert (stats["calls_median"], stats["depth_max"]) == (2, 2)  # web->api, api->stripe
    assert {(e["from"], e["to"], e["kind"]) for e in doc["edges"]} == {
        ("web", "api", "call"),
        ("api", "stripe", "call"),
        ("api", "mysql", "database"),
    }


def test_otlp_json_lines_and_string_enums():
    line = {
        "resourceSpans": [
            {
                "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "cart"}}]},
                "scopeSpans": [
                    {
                        "spans": [
                            {
                                "traceId": "t1",
                                "spanId": "s1",
                                "name": "GET /cart",
                                "kind": "SPAN_KIND_SERVER",
                                "status": {"code": "STATUS_CODE_ERROR"},
                            },
                            {
                                "traceId": "t1",
                                "spanId": "s2",
                                "parentSpanId": "s1",
                                "name": "GET",
                                "kind": "SPAN_KIND_CLIENT",
                                "attributes": [
                                    {"key": "db.system", "value": {"stringValue": "redis"}},
                                    {"key": "server.address", "value": {"stringValue": "cart-cache"}},
                                ],
                            },
                        ]
                    }
                ],
            }
        ]
    }
    text = json.dumps(line) + "\n" + json.dumps(line).replace('"t1"', '"t2"') + "\n"
    doc = analyse([("export.jsonl", text.encode())])
    assert doc["inputs"][0] == {"file": "export.jsonl", "format": "otlp", "traces": 2, "spans": 4}
    assert [(e["to"], e["kind"], e["count"]) for e in doc["edges"]] == [("cart-cache", "database", 2)]


def test_reading_window_boundaries_do_not_change_the_result(monkeypatch):
    from app.evidence import EvidenceError, json_documents

    builder = TraceBuilder()
    deep_chain(builder, 2)
    for _ in range(3):
        trace, root = builder.new("kasse-ü", "POST /zahlung €")
        builder.call(trace, root, "lager-日本", "GET /bestand")
    data = json.dumps(json.loads(jaeger(builder.traces)), ensure_ascii=False, indent=1).encode()
    assert len(data) > len(data.decode())  # multi-byte characters will straddle windows
    expected = analyse([("t.json", data)])
    monkeypatch.setattr(json_documents, "WINDOW", 7)
    assert analyse([("t.json", data)]) == expected
    assert op(expected, "kasse-ü", "POST /zahlung €")["calls_median"] == 1
    lines = data.decode().splitlines()
    broken_at = len(lines) - 5
    lines[broken_at] = lines[broken_at] + " }"
    with pytest.raises(EvidenceError) as caught:
        analyse([("t.json", "\n".join(lines).encode())])
    assert f"line {broken_at + 1}," in caught.value.message


def test_rare_entry_operations_are_lumped_beyond_the_cap(monkeypatch):
    from app.evidence import trace_stats

    monkeypatch.setattr(trace_stats, "MAX_ENTRY_OPERATIONS", 2)
    builder = TraceBuilder()
    for i in range(5):
        trace, root = builder.new("web", f"GET /users/{i}")
        builder.call(trace, root, "users", "GET /user")
    doc = analyse([("t.json", jaeger(builder.traces))])
    assert [(o["operation"], o["traces"]) for o in doc["operations"]] == [
        ("(other operations)", 3),
        ("GET /users/0", 1),
        ("GET /users/1", 1),
    ]
    assert any("counted together" in u for u in doc["unseen"])
