"""Which importer reads a file: a registry keyed by format, found by sniffing.

The file name never matters; the content decides:

* text starting with ``{`` or ``[`` is read as JSON. A top-level array of
  spans (or of traces) is Zipkin; an object whose ``data`` array holds traces
  is Jaeger; one whose ``resourceSpans`` array holds resource spans is OTLP.
  The trace array is streamed straight into the trace statistics.
* text whose first line is a commit line of the documented ``git log`` format
  (``history_log``) is a version-control history.
* anything else, and JSON objects that are no trace export, are matched as
  documents: a map with a ``services`` map is a compose file; documents that
  all carry ``apiVersion`` and ``kind`` are Kubernetes manifests; one document with
  ``openapi: 3.x`` or ``swagger: "2.0"`` is an OpenAPI contract. Text that
  starts like JSON but is not (``---``-separated flow-style YAML) is tried as
  YAML before it is called broken.
* text that opens as a ``.proto`` file does (``syntax = "proto3";``, ``package``, ``message X {``,
  after comments) is a protobuf contract. Contracts are read whole later, together
  (``contracts``), since one may refer to another.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from app.language import _

from . import compose, history_log, kubernetes, unrendered
from .contracts import openapi, protobuf
from .errors import EvidenceError, PartlyRead, Unrecognised
from .json_documents import UTF16_MARKS, JsonText, check_depth, decode_text, first_character
from .limits import Limits, describe_size
from .trace_formats import looks_like_jaeger, looks_like_otlp, looks_like_zipkin, read_jaeger, read_otlp, read_zipkin
from .trace_stats import TraceStats
from .yaml_documents import load_yaml_documents


def unknown() -> str:
    """Why a file of no known format is refused, and what was expected."""
    return _(
        "not a docker-compose file, Kubernetes manifest, or Jaeger/Zipkin/OTLP trace JSON or API contract "
        "(expected a compose file with a 'services' map, manifests with 'apiVersion' and "
        "'kind', a Jaeger export with a 'data' list of traces, a Zipkin list of spans, "
        "OTLP JSON with 'resourceSpans', an OpenAPI document with 'openapi' or 'swagger', or a .proto file)"
    )


def _expected() -> str:
    return _(
        "expected a docker-compose file, Kubernetes manifest, or Jaeger/Zipkin/OTLP trace JSON or API contract "
        "(expected a compose file with a 'services' map, manifests with 'apiVersion' and "
        "'kind', a Jaeger export with a 'data' list of traces, a Zipkin list of spans, "
        "OTLP JSON with 'resourceSpans', an OpenAPI document with 'openapi' or 'swagger', or a .proto file)"
    )


def not_evidence() -> str:
    """The reason a folder's other files are skipped."""
    return _("not a deployment, manifest or trace file")


def not_text() -> str:
    return _(
        "is not a text file (it looks like an image or other binary file); expected a docker-compose "
        "or Kubernetes YAML file, or a trace export in JSON"
    )


def not_text_reason() -> str:
    return _("not a text file")


SNIFF_BYTES = 8192  # how much of a file is looked at to tell text from binary
_MISSING = object()


@dataclass(frozen=True, slots=True)
class DocumentImporter:
    format: str
    recognises: Callable[[list[Any]], bool]


@dataclass(frozen=True, slots=True)
class TraceImporter:
    format: str
    stream_key: str | None  # the member holding the big array; None: the top-level array
    recognises: Callable[[Any], bool]
    read: Callable[[Iterator[Any], TraceStats, str], tuple[int, int]]


IMPORTERS: dict[str, DocumentImporter | TraceImporter] = {
    "compose": DocumentImporter("compose", compose.recognises),
    "kubernetes": DocumentImporter("kubernetes", kubernetes.recognises),
    "openapi": DocumentImporter("openapi", openapi.recognises),
    "jaeger": TraceImporter("jaeger", "data", looks_like_jaeger, read_jaeger),
    "zipkin": TraceImporter("zipkin", None, looks_like_zipkin, read_zipkin),
    "otlp": TraceImporter("otlp", "resourceSpans", looks_like_otlp, read_otlp),
}
_STREAM_KEYS = {i.stream_key for i in IMPORTERS.values() if isinstance(i, TraceImporter)}


@dataclass(slots=True)
class InputFile:
    file: str
    format: str
    documents: list[Any] = field(default_factory=list)
    traces: int = 0
    spans: int = 0


def _trace_importer(key: str | None, first: Any) -> TraceImporter | None:
    """The trace format whose big array this is (an empty one counts too)."""
    for importer in IMPORTERS.values():
        if (
            isinstance(importer, TraceImporter)
            and importer.stream_key == key
            and (first is _MISSING or importer.recognises(first))
        ):
            return importer
    return None


def _document_format(documents: list[Any], file: str) -> str:
    for importer in IMPORTERS.values():
        if isinstance(importer, DocumentImporter) and importer.recognises(documents):
            return importer.format
    raise Unrecognised(file, unknown(), not_evidence())


class _JsonReading:
    def __init__(self, data: bytes | str, file: str, stats: TraceStats) -> None:
        self.json = JsonText(data, file)
        self.file, self.stats = file, stats
        self.found: InputFile | None = None
        self.streams = 0

    def _stream(self, importer: TraceImporter, items: Iterator[Any]) -> None:
        self.streams += 1
        traces, spans = importer.read(items, self.stats, self.file)
        if self.found is None:
            self.found = InputFile(self.file, importer.format)
        elif self.found.format != importer.format:
            raise EvidenceError(self.file, _("mixes trace formats in one file"))
        self.found.traces += traces
        self.found.spans += spans

    def value(self, pos: int) -> tuple[Any, int]:
        """Read one top-level value; trace arrays go to the trace statistics."""
        reader = self.json
        if reader.char(pos) == "[":
            items = reader.items(pos)
            first = next(items, _MISSING)
            importer = _trace_importer(None, first)
            if importer:
                self._stream(importer, chain([first], items))
                return None, reader.end
            rest = list(items)
            return ([] if first is _MISSING else [first]) + rest, reader.end
        if reader.char(pos) != "{":
            return reader.value(pos)
        members: dict[str, Any] = {}
        pos = reader.skip_space(pos + 1)
        if reader.char(pos) == "}":
            return members, pos + 1
        while True:
            key, pos = reader.key(pos)
            pos = reader.skip_space(pos)
            if reader.char(pos) != ":":
                raise reader.fail(pos, "expected ':' after a member name")
            pos = reader.skip_space(pos + 1)
            if key in _STREAM_KEYS and reader.char(pos) == "[":
                items = reader.items(pos)
                first = next(items, _MISSING)
                importer = _trace_importer(key, first)
                if importer:
                    self._stream(importer, chain([first], items))
                    value: Any = None
                else:
                    value = ([] if first is _MISSING else [first]) + list(items)
                pos = reader.end
            else:
                value, pos = reader.value(pos)
            members[key] = value
            pos = reader.skip_space(pos)
            mark = reader.char(pos)
            if mark == "}":
                return members, pos + 1
            if mark != ",":
                raise reader.fail(pos, "expected ',' or '}' between object members")
            pos = reader.skip_space(pos + 1)

    def read(self) -> InputFile:
        reader = self.json
        pos = reader.skip_space(0)
        value, pos = self.value(pos)
        pos = reader.skip_space(pos)
        while self.found is not None and not reader.at_end(pos):  # JSON lines of trace exports
            streams, start = self.streams, pos
            value, pos = self.value(pos)
            if self.streams == streams:
                raise reader.fail(start, "a line that is not part of the trace export")
            pos = reader.skip_space(pos)
        if not reader.at_end(pos):
            raise reader.fail(pos, "extra text after the JSON value")
        if self.found is not None:
            return self.found
        documents = [value]
        return InputFile(self.file, _document_format(documents, self.file), documents)


def looks_binary(data: bytes) -> bool:
    """A NUL byte early on: an image, a jar, a compiled file (UTF-16 text has a byte-order mark)."""
    return b"\x00" in data[:SNIFF_BYTES] and not data.startswith(UTF16_MARKS)


def _text(data: bytes, file: str) -> str:
    try:
        return decode_text(data, file)
    except EvidenceError:
        raise Unrecognised(file, not_text(), not_text_reason()) from None


def read_input(file: str, data: bytes, limits: Limits, stats: TraceStats) -> InputFile:
    """Sniff and read one file; EvidenceError if it is unsupported or broken.

    Empty files, binary files (told from their first bytes, never parsed) and files of no known
    format raise :class:`Unrecognised`; a trace export that breaks after some of its spans were
    counted raises :class:`PartlyRead`.
    """
    if not isinstance(data, (bytes, bytearray)):
        raise EvidenceError(file, _("was not given as bytes"))
    if looks_binary(data):
        raise Unrecognised(file, not_text(), not_text_reason())
    if len(data) > limits.max_bytes:
        raise EvidenceError(
            file,
            _(
                "is %(size)s, over the limit of %(limit)s per file",
                size=describe_size(len(data)),
                limit=describe_size(limits.max_bytes),
            ),
        )
    data = bytes(data)
    source: bytes | str = data
    if data.startswith(UTF16_MARKS):
        source = _text(data, file)
        data = source.encode()
    start = first_character(data)
    if not start:
        raise Unrecognised(file, _("is empty; %(expected)s", expected=_expected()), _("empty file"))
    history = _history_input(file, data)
    if history is not None:
        return history
    if start not in b"{[" or unrendered.opens_with_template(data):
        text = _text(data, file)
        if protobuf.looks_like_proto(text):
            return InputFile(file, "protobuf", [text])
        return _yaml_input(text, file, limits)
    check_depth(data, file, limits)
    reading = _JsonReading(source, file, stats)
    try:
        return reading.read()
    except EvidenceError as not_json:
        if reading.streams:
            raise PartlyRead(file, not_json.problem) from None
        try:  # YAML written in flow style, e.g. "---"-separated JSON-like documents
            return _yaml_input(_text(data, file), file, limits)
        except EvidenceError:
            raise not_json from None


def _history_input(file: str, data: bytes) -> InputFile | None:
    """A ``git log`` export in the documented format; one in another format is refused with the
    command that writes the right one."""
    if history_log.recognises(data):
        return InputFile(file, history_log.FORMAT, [history_log.read_history(file, data)])
    if history_log.looks_like_other_git_log(data):
        raise Unrecognised(file, history_log.not_this_format(), _("a git log in another format"))
    return None


def _yaml_input(text: str, file: str, limits: Limits) -> InputFile:
    """YAML documents and their format; Helm chart and Kustomize sources are Unrecognised."""
    unrendered.check_template(text, file)
    try:
        loaded = load_yaml_documents(text, file, limits)
    except EvidenceError:
        unrendered.check_unparsable_template(text, file)
        raise
    documents = [doc for doc in loaded if doc is not None]
    if not documents:
        raise EvidenceError(file, _("holds no YAML content; %(expected)s", expected=_expected()))
    unrendered.check_documents(documents, file)
    return InputFile(file, _document_format(documents, file), documents)
