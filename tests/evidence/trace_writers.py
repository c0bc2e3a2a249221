"""Traces for the tests, written by hand: a builder of spans (server, client call, message) and
writers of the same traces as Jaeger, Zipkin and OTLP JSON."""

import json
from dataclasses import dataclass, field
from itertools import count

KIND_NUMBERS = {"internal": 1, "server": 2, "client": 3, "producer": 4, "consumer": 5}


@dataclass
class Span:
    id: str
    parent: str | None
    service: str
    name: str
    kind: str
    error: bool = False
    follows: bool = False  # Jaeger FOLLOWS_FROM reference (no Zipkin/OTLP equivalent)


@dataclass
class Trace:
    id: str
    spans: list[Span] = field(default_factory=list)


class TraceBuilder:
    """Builds traces span by span: server spans, client calls, messages."""

    def __init__(self) -> None:
        self.ids = count(1)
        self.traces: list[Trace] = []

    def new(self, service: str, name: str, error: bool = False) -> tuple[Trace, Span]:
        trace = Trace(f"{next(self.ids):032x}")
        self.traces.append(trace)
        return trace, self._add(trace, None, service, name, "server", error)

    def _add(self, trace, parent, service, name, kind, error=False, follows=False):
        span = Span(f"{next(self.ids):016x}", parent.id if parent else None, service, name, kind, error, follows)
        trace.spans.append(span)
        return span

    def call(self, trace, caller: Span, service: str, name: str, error: bool = False) -> Span:
        client = self._add(trace, caller, caller.service, f"call {service}", "client", error)
        return self._add(trace, client, service, name, "server", error)

    def message(self, trace, sender: Span, service: str, name: str) -> Span:
        producer = self._add(trace, sender, sender.service, f"send {name}", "producer")
        return self._add(trace, producer, service, name, "consumer")


def jaeger(traces: list[Trace]) -> bytes:
    data = []
    for trace in traces:
        services = sorted({s.service for s in trace.spans})
        process = {name: f"p{i}" for i, name in enumerate(services)}
        spans = []
        for s in trace.spans:
            tags = [{"key": "span.kind", "type": "string", "value": s.kind}]
            if s.error:
                tags.append({"key": "error", "type": "bool", "value": True})
            ref_type = "FOLLOWS_FROM" if s.follows else "CHILD_OF"
            refs = [] if s.parent is None else [{"refType": ref_type, "traceID": trace.id, "spanID": s.parent}]
            spans.append(
                {
                    "traceID": trace.id,
                    "spanID": s.id,
                    "operationName": s.name,
                    "references": refs,
                    "startTime": 1,
                    "duration": 1,
                    "tags": tags,
                    "logs": [],
                    "processID": process[s.service],
                }
            )
        data.append(
            {
                "traceID": trace.id,
                "spans": spans,
                "processes": {p: {"serviceName": n, "tags": []} for n, p in process.items()},
            }
        )
    return json.dumps({"data": data, "total": 0, "limit": 0, "offset": 0, "errors": None}).encode()


def zipkin(traces: list[Trace]) -> bytes:
    spans = []
    for trace in traces:
        for s in trace.spans:
            span = {
                "traceId": trace.id,
                "id": s.id,
                "name": s.name,
                "timestamp": 1,
                "duration": 1,
                "localEndpoint": {"serviceName": s.service},
            }
            if s.kind != "internal":
                span["kind"] = s.kind.upper()
            if s.parent:
                span["parentId"] = s.parent
            if s.error:
                span["tags"] = {"error": "true"}
            spans.append(span)
    spans.reverse()  # loose spans in any order must still be grouped right
    return json.dumps(spans).encode()


def otlp(traces: list[Trace]) -> bytes:
    by_service: dict[str, list] = {}
    for trace in traces:
        for s in trace.spans:
            span = {
                "traceId": trace.id,
                "spanId": s.id,
                "name": s.name,
                "kind": KIND_NUMBERS[s.kind],
                "startTimeUnixNano": "1",
                "endTimeUnixNano": "2",
                "status": {"code": 2} if s.error else {},
            }
            if s.parent:
                span["parentSpanId"] = s.parent
            by_service.setdefault(s.service, []).append(span)
    return json.dumps(
        {
            "resourceSpans": [
                {
                    "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": name}}]},
                    "scopeSpans": [{"scope": {"name": "test"}, "spans": spans}],
                }
                for name, spans in by_service.items()
            ]
        }
    ).encode()


EMITTERS = {"jaeger": jaeger, "zipkin": zipkin, "otlp": otlp}
