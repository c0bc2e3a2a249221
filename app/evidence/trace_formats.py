"""Jaeger, Zipkin and OTLP trace files turned into :data:`SpanRow` tuples.

Each reader gets the elements of the file's big array one by one (see
``json_documents.JsonText.items``) and feeds :class:`TraceStats`:

* **Jaeger** (query API export ``{"data": [trace, ...]}``): each element is a
  whole trace, measured as soon as it is read.
* **Zipkin v2** (a list of spans, or a list of traces as ``/api/v2/traces``
  returns): a list of traces is measured trace by trace; loose spans may come
  in any order, so each is kept packed (``TraceStats.collect``) until the end.
* **OTLP/JSON** (``{"resourceSpans": [...]}``, one object or one per line):
  spans of one trace can sit under several resources and batches, so they are
  kept packed until the end too.

A span that names no service of its own gets ``None`` (it runs in its
parent's service, see ``trace_stats``). A client span carrying
``http.redirect`` is a redirect sent back to the browser: its link to the
next request is asynchronous.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from app.language import _, number

from .engines import EMBEDDED_DATABASES, engine_in_words, engine_of_db_system, tokens
from .errors import EvidenceError
from .spans import (
    ASYNC_LINK,
    CLIENT,
    CONSUMER,
    INTERNAL,
    PRODUCER,
    REDIRECT_LINK,
    SERVER,
    SYNC_LINK,
    SpanRow,
)
from .trace_stats import TraceStats

KINDS = {
    "server": SERVER,
    "client": CLIENT,
    "producer": PRODUCER,
    "consumer": CONSUMER,
    "internal": INTERNAL,
    "SERVER": SERVER,
    "CLIENT": CLIENT,
    "PRODUCER": PRODUCER,
    "CONSUMER": CONSUMER,
    "SPAN_KIND_SERVER": SERVER,
    "SPAN_KIND_CLIENT": CLIENT,
    "SPAN_KIND_PRODUCER": PRODUCER,
    "SPAN_KIND_CONSUMER": CONSUMER,
    "SPAN_KIND_INTERNAL": INTERNAL,
    2: SERVER,
    3: CLIENT,
    4: PRODUCER,
    5: CONSUMER,
    1: INTERNAL,
    0: INTERNAL,
}
_INTERESTING = frozenset(
    {
        "span.kind",
        "error",
        "otel.status_code",
        "peer.service",
        "db.system",
        "db.type",
        "db.name",
        "db.namespace",
        "db.instance",
        "server.address",
        "net.peer.name",
        "peer.hostname",
        "http.status_code",
        "http.response.status_code",
        "messaging.system",
        "http.redirect",
    }
)
# Remote service names that tracers write for a datastore whose engine word they shorten
_REMOTE_ENGINES = {"memcache": "memcached"}
_HOST_SUFFIXES = (".svc.cluster.local", ".cluster.local", ".svc")


def host_name(value: Any) -> str | None:
    """A host as a service would be named: no port, no Kubernetes suffix."""
    if not value or not isinstance(value, str):
        return None
    host = value.strip().lower().rsplit("@", 1)[-1]
    if host.count(":") == 1:
        host = host.split(":", 1)[0]
    for suffix in _HOST_SUFFIXES:
        if host.endswith(suffix):
            host = host[: -len(suffix)].split(".", 1)[0]
            break
    return host or None


def _failed_status(value: Any) -> bool:
    if type(value) is int:
        return value >= 500
    try:
        return int(value) >= 500
    except (TypeError, ValueError):
        return False


class SpanFacts:
    """What the interesting tags of one span say (filled by a tag loop)."""

    __slots__ = ("db_name", "db_system", "error", "host", "kind", "messaging", "peer", "redirect")

    def __init__(self, kind: int = INTERNAL) -> None:
        self.kind = kind
        self.error = self.redirect = False
        self.peer = self.host = self.db_system = self.db_name = self.messaging = None

    def note(self, key: str, value: Any) -> None:
        if key == "span.kind":
            self.kind = KINDS.get(value, INTERNAL)
        elif key in ("http.status_code", "http.response.status_code"):
            self.error = self.error or _failed_status(value)
        elif key == "error":
            self.error = value is True or value in ("true", "True", "1", "")
        elif key == "otel.status_code":
            self.error = self.error or value == "ERROR"
        elif key == "peer.service":
            self.peer = value
        elif key in ("db.system", "db.type"):
            self.db_system = self.db_system or value
        elif key in ("db.name", "db.namespace", "db.instance"):
            self.db_name = self.db_name or value
        elif key in ("server.address", "net.peer.name", "peer.hostname"):
            self.host = self.host or value
        elif key == "messaging.system":
            self.messaging = value
        elif key == "http.redirect":
            self.redirect = bool(value)

    def link(self, follows: bool = False) -> int:
        """How the span is linked to its parent's request (``trace_stats`` link values)."""
        if self.redirect and self.kind == CLIENT:
            return REDIRECT_LINK
        return ASYNC_LINK if follows else SYNC_LINK

    def remote_and_db(self, remote: Any = None) -> tuple[Any, Any]:
        """(remote service, database use) for the span's row."""
        if not (remote or self.peer or self.host or self.db_system or self.messaging):
            return None, None
        remote = host_name(self.peer or remote or self.host)
        system = engine_of_db_system(self.db_system)
        if system is None and remote and self.kind == CLIENT:
            system = _REMOTE_ENGINES.get(remote) or engine_in_words(tokens(remote))
            if system in ("rabbitmq", "kafka", "nats", "activemq", "pulsar", "mqtt", "nsq"):
                return remote, None
        if system is not None:
            if system in EMBEDDED_DATABASES:
                return None, None
            return None, (system, self.db_name, remote or host_name(self.host) or system)
        if remote is None and self.kind == PRODUCER and self.messaging:
            remote = host_name(self.messaging)
        return remote, None


def _problem(error: Exception) -> str:
    if isinstance(error, KeyError):
        return _("the field %(name)s is missing", name=repr(error.args[0]))
    return _("a field holds the wrong kind of value")


def _checked(stats: TraceStats, file: str) -> None:
    if stats.over_limit:
        raise EvidenceError(
            file, _("brings the number of spans over the limit of %(most)s", most=number(stats.max_spans))
        )


def read_jaeger(items: Iterator[Any], stats: TraceStats, file: str) -> tuple[int, int]:
    traces = spans = 0
    interesting = _INTERESTING
    for index, trace in enumerate(items):
        try:
            processes = trace.get("processes") or {}
            services = {key: p.get("serviceName") for key, p in processes.items()}
            trace_id = trace.get("traceID")
            rows: list[SpanRow] = []
            for span in trace["spans"]:
                parent = None
                follows = False
                refs = span.get("references")
                if refs:
                    ref = refs[0]
                    if len(refs) > 1:
                        ref = next((r for r in refs if r.get("refType") == "CHILD_OF"), ref)
                    follows = ref.get("refType") == "FOLLOWS_FROM"
                    if ref.get("traceID", trace_id) == trace_id:
                        parent = ref["spanID"]
                elif span.get("parentSpanID"):
                    parent = span["parentSpanID"]
                process_id = span.get("processID")
                if process_id is not None:
                    service = services.get(process_id)
                else:
                    service = (span.get("process") or {}).get("serviceName")
                facts = SpanFacts()
                for tag in span.get("tags") or ():
                    key = tag["key"]
                    if key in interesting:
                        facts.note(key, tag.get("value"))
                remote, db = facts.remote_and_db()
                rows.append(
                    (
                        span["spanID"],
                        parent,
                        service,
                        span.get("operationName", ""),
                        facts.kind,
                        facts.error,
                        remote,
                        facts.link(follows),
                        db,
                    )
                )
        except (KeyError, TypeError, AttributeError) as error:
            raise EvidenceError(
                file,
                _(
                    "trace number %(number)s is not in Jaeger's export shape (%(problem)s)",
                    number=index + 1,
                    problem=_problem(error),
                ),
            ) from None
        stats.add_trace(rows)
        traces += 1
        spans += len(rows)
        if traces % 1000 == 0:
            _checked(stats, file)
    _checked(stats, file)
    return traces, spans


def _zipkin_row(span: dict, trace_ids: set) -> tuple[Any, SpanRow]:
    facts = SpanFacts(KINDS.get(span.get("kind"), INTERNAL))
    tags = span.get("tags") or {}
    for key, value in tags.items():
        if key in _INTERESTING:
            facts.note(key, value)
    if "error" in tags:
        facts.error = True
    local = span.get("localEndpoint") or {}
    remote_end = span.get("remoteEndpoint") or {}
    remote, db = facts.remote_and_db(remote_end.get("serviceName"))
    trace_id = span["traceId"]
    trace_ids.add(trace_id)
    parent = span.get("parentId")
    if parent is not None and not isinstance(parent, (str, int)):
        raise TypeError(f"parentId is a {type(parent).__name__}, not an id")
    return trace_id, (
        span["id"],
        parent or None,
        local.get("serviceName") or None,
        span.get("name", ""),
        facts.kind,
        facts.error,
        remote,
        facts.link(),
        db,
    )


def read_zipkin(items: Iterator[Any], stats: TraceStats, file: str) -> tuple[int, int]:
    trace_ids: set = set()
    spans = 0
    next_check = 10_000
    try:
        for item in items:
            if isinstance(item, list):  # a list of traces
                rows = [_zipkin_row(span, trace_ids)[1] for span in item]
                stats.add_trace(rows)
                spans += len(rows)
            else:
                trace_id, row = _zipkin_row(item, trace_ids)
                stats.collect(trace_id, row)
                spans += 1
            if spans >= next_check:
                _checked(stats, file)
                next_check = spans + 10_000
    except (KeyError, TypeError, AttributeError) as error:
        raise EvidenceError(
            file,
            _(
                "span number %(number)s is not in Zipkin v2 shape (%(problem)s)",
                number=spans + 1,
                problem=_problem(error),
            ),
        ) from None
    _checked(stats, file)
    return len(trace_ids), spans


def _otlp_value(value: dict) -> Any:
    for key in ("stringValue", "intValue", "boolValue", "doubleValue"):
        if key in value:
            return value[key]
    return None


def _otlp_attributes(attributes: list | None) -> Iterator[tuple[str, Any]]:
    for attribute in attributes or ():
        key = attribute["key"]
        if key in _INTERESTING or key == "service.name":
            yield key, _otlp_value(attribute.get("value") or {})


def _otlp_error(status: dict | None) -> bool:
    code = (status or {}).get("code")
    return code == 2 or code == "STATUS_CODE_ERROR"


def read_otlp(items: Iterator[Any], stats: TraceStats, file: str) -> tuple[int, int]:
    trace_ids: set = set()
    spans = 0
    try:
        for resource_spans in items:
            resource = resource_spans.get("resource") or {}
            service = dict(_otlp_attributes(resource.get("attributes"))).get("service.name")
            scopes = resource_spans.get("scopeSpans") or resource_spans.get("instrumentationLibrarySpans") or ()
            for scope in scopes:
                for span in scope.get("spans") or ():
                    facts = SpanFacts(KINDS.get(span.get("kind"), INTERNAL))
                    for key, value in _otlp_attributes(span.get("attributes")):
                        facts.note(key, value)
                    facts.error = facts.error or _otlp_error(span.get("status"))
                    remote, db = facts.remote_and_db()
                    trace_id = span["traceId"]
                    trace_ids.add(trace_id)
                    stats.collect(
                        trace_id,
                        (
                            span["spanId"],
                            span.get("parentSpanId") or None,
                            service,
                            span.get("name", ""),
                            facts.kind,
                            facts.error,
                            remote,
                            facts.link(),
                            db,
                        ),
                    )
                    spans += 1
            _checked(stats, file)
    except (KeyError, TypeError, AttributeError) as error:
        raise EvidenceError(
            file,
            _(
                "span number %(number)s is not in OTLP/JSON shape (%(problem)s)",
                number=spans + 1,
                problem=_problem(error),
            ),
        ) from None
    return len(trace_ids), spans


def looks_like_jaeger(item: Any) -> bool:
    return isinstance(item, dict) and isinstance(item.get("spans"), list) and ("traceID" in item or "processes" in item)


def looks_like_zipkin(item: Any) -> bool:
    if isinstance(item, list) and item:
        item = item[0]
    return isinstance(item, dict) and "traceId" in item and "id" in item


def looks_like_otlp(item: Any) -> bool:
    return isinstance(item, dict) and (
        "scopeSpans" in item or "instrumentationLibrarySpans" in item or "resource" in item
    )
