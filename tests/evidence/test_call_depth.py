"""Call chains measured right: depth and calls of real requests, platform services, redirects.

The real traces are Zipkin's own test data (tests/fixtures/zipkin-traces/README.md says
what each request really does, read from its spans).
"""

import json
from pathlib import Path

import pytest
from trace_writers import EMITTERS, TraceBuilder, zipkin  # beside this file

from app.evidence import analyse, trace_stats

ZIPKIN = Path(__file__).resolve().parents[1] / "fixtures" / "zipkin-traces"


def chain_findings(doc):
    return [f for f in doc["findings"] if f["sign"] == "call_chains"]


def op(doc, service, name):
    return next(o for o in doc["operations"] if o["service"] == service and o["operation"] == name)


def real(name):
    return analyse([(name, (ZIPKIN / name).read_bytes())])


def test_yelp_request_is_wide_but_shallow():
    doc = real("yelp.json")
    stats = op(doc, "routing", "post /location/update/v4")
    assert (stats["calls_median"], stats["depth_median"], stats["depth_max"]) == (6, 3, 3)
    [finding] = chain_findings(doc)
    assert (finding["strength"], finding["depth"], finding["calls"]) == ("weak", 3, 6)
    assert (
        "routing post /location/update/v4: a typical request makes 6 calls to other services, at most 3 deep"
    ) in finding["summary"]
    assert "chain of 5 or more" not in finding["summary"]
    assert doc["suggested"]["call_chains"] == "partly"
    # memcache and mysql are the request's datastores, not services it calls
    assert {d["name"] for d in doc["datastores"]} == {"memcache", "mysql"}


def test_smartthings_install_has_a_real_chain_deeper_than_five():
    doc = real("smartthings-mobile-web-install.json")
    [finding] = [f for f in chain_findings(doc) if f["strength"] == "strong"]
    # strongman's GET authorize/finalize: the real chain of 6 waiting calls, 20 calls in all
    assert (finding["depth"], finding["calls"]) == (6, 20)
    assert [(o["service"], o["operation"]) for o in finding["operations"]] == [("strongman", "get authorize/finalize")]
    assert doc["suggested"]["call_chains"] == "yes"
    edges = {(e["from"], e["to"]) for e in doc["edges"] if e["kind"] == "call"}
    # the chain read from the spans: strongman -> platformapi -> execution -> guardian
    # -> platformapi -> paperboy -> auth
    assert {
        ("strongman", "platformapi"),
        ("platformapi", "execution"),
        ("execution", "guardian"),
        ("guardian", "platformapi"),
        ("platformapi", "paperboy"),
        ("paperboy", "auth"),
    } <= edges


def test_a_page_the_browser_asks_for_is_a_request_of_its_own_not_a_call():
    doc = real("smartthings-mobile-web-install.json")
    # stLogin's login pages carry the trace context of strongman's page, with no client span
    # between them: the browser asked for them, strongman never waited on them
    calls = {(e["from"], e["to"]) for e in doc["edges"] if e["kind"] == "call"}
    assert ("strongman", "stLogin") not in calls and ("stLogin", "strongman") not in calls
    assert max(o["depth_max"] for o in doc["operations"]) == 6
    assert op(doc, "stLogin", "get")["traces"] == 1


def test_a_browser_redirect_ends_the_request():
    doc = real("smartthings-mobile-web-install.json")
    # coreSrv answers GET /login/tokenauth with a redirect to strongman: the browser, not
    # coreSrv, makes the next request, so coreSrv's request is two calls to auth, one deep
    stats = op(doc, "coreSrv", "get /login/tokenauth")
    assert (stats["traces"], stats["calls_median"], stats["depth_max"]) == (1, 2, 1)
    assert ("coreSrv", "strongman") not in {(e["from"], e["to"]) for e in doc["edges"]}


def platform_calls(builder: TraceBuilder, traces: int = 3) -> None:
    for _ in range(traces):
        trace, root = builder.new("gateway", "GET /home")
        for service in ["flagd", "otel-collector", "eureka", "config-server"]:
            builder.call(trace, root, service, "GET /")
        orders = builder.call(trace, root, "orders", "GET /orders")
        builder.call(trace, orders, "users", "GET /user")


@pytest.mark.parametrize("fmt", EMITTERS)
def test_calls_to_platform_services_are_not_hops(fmt):
    builder = TraceBuilder()
    platform_calls(builder)
    doc = analyse([("traces.json", EMITTERS[fmt](builder.traces))])
    stats = op(doc, "gateway", "GET /home")
    assert (stats["calls_median"], stats["depth_max"]) == (2, 2)  # orders, and users below it
    assert chain_findings(doc) == []
    assert doc["suggested"]["call_chains"] == "no"
    assert ("gateway", "flagd") in {(e["from"], e["to"]) for e in doc["edges"]}  # still drawn


COMPOSE = b"""
services:
  gateway: {image: acme/gateway:1}
  orders: {image: acme/orders:1}
  pricing: {image: acme/pricing:1}
  tax: {image: acme/tax:1}
  ledger: {image: acme/ledger:1}
  telemetry: {image: otel/opentelemetry-collector-contrib:0.98.0}
"""


def chain_ending_in(last: str) -> bytes:
    builder = TraceBuilder()
    for _ in range(3):
        trace, span = builder.new("gateway", "POST /order")
        for service in ["orders", "pricing", "tax", last]:
            span = builder.call(trace, span, service, f"POST /{service}")
    return zipkin(builder.traces)


def test_a_declared_platform_service_is_not_a_hop_but_an_application_is():
    to_telemetry = analyse([("compose.yml", COMPOSE), ("t.json", chain_ending_in("telemetry"))])
    assert op(to_telemetry, "gateway", "POST /order")["depth_max"] == 3
    assert to_telemetry["suggested"]["call_chains"] == "no"
    to_ledger = analyse([("compose.yml", COMPOSE), ("t.json", chain_ending_in("ledger"))])
    assert op(to_ledger, "gateway", "POST /order")["depth_max"] == 4
    # traces read before the configuration are counted the same way
    reversed_order = analyse([("t.json", chain_ending_in("telemetry")), ("compose.yml", COMPOSE)])
    assert op(reversed_order, "gateway", "POST /order")["depth_max"] == 3


def test_beyond_the_shape_table_traces_are_counted_by_name(monkeypatch):
    monkeypatch.setattr(trace_stats, "MAX_SHAPE_NODES", 4)
    builder = TraceBuilder()
    platform_calls(builder, traces=4)
    doc = analyse([("traces.json", zipkin(builder.traces))])
    stats = op(doc, "gateway", "GET /home")
    assert (stats["traces"], stats["calls_median"], stats["depth_max"]) == (4, 2, 2)
    assert any("counted before the configuration was read" in u for u in doc["unseen"])


def test_spans_with_ids_of_any_form_are_grouped_right():
    spans = [
        {"traceId": "t-1", "id": "root", "kind": "SERVER", "name": "get /a", "localEndpoint": {"serviceName": "a"}},
        {
            "traceId": "t-1",
            "id": "call-b",
            "parentId": "root",
            "kind": "CLIENT",
            "name": "get",
            "localEndpoint": {"serviceName": "a"},
        },
        {
            "traceId": "t-1",
            "id": "00000000000000ff",
            "parentId": "call-b",
            "kind": "SERVER",
            "name": "get /b",
            "localEndpoint": {"serviceName": "b"},
        },
        {
            "traceId": "t-1",
            "id": "ff01",
            "parentId": "ff",
            "kind": "CLIENT",
            "name": "get",
            "localEndpoint": {},
            "remoteEndpoint": {"serviceName": "c"},
        },
    ]
    doc = analyse([("z.json", json.dumps(spans).encode())])
    stats = op(doc, "a", "get /a")
    # a -> b, then b (the span without a service runs in b, its parent ff == 00..ff) -> c
    assert (stats["calls_median"], stats["depth_max"]) == (2, 2)
    assert ("b", "c") in {(e["from"], e["to"]) for e in doc["edges"]}
