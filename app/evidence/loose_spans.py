"""Spans of formats that may interleave traces, kept packed until the file is read.

A Zipkin list of loose spans or an OTLP export cannot tell when a trace is complete, so
every span is kept until the end: in a packed record of 34 bytes (ids as 64-bit numbers,
names as indexes into one table of interned names), not as parsed JSON.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from typing import Any

from .spans import ASYNC_LINK, REDIRECT_LINK, SpanRow

_RECORD = struct.Struct("<QQIIIIH")  # span, parent, service, operation, remote, database, flags
_HEX = frozenset("0123456789abcdefABCDEF")
_KIND_BITS, _ERROR, _ASYNC, _OWN_SPAN_ID, _OWN_PARENT_ID, _HAS_PARENT, _REDIRECT = (7, 8, 16, 32, 64, 128, 256)


class _Bucket:
    """The spans of one trace gathered so far, packed."""

    __slots__ = ("ids", "records")

    def __init__(self) -> None:
        self.records = bytearray()
        self.ids: list[Any] | None = None  # ids that are not 64-bit hex numbers


class LooseSpans:
    """Every trace's spans gathered so far, packed, by trace id."""

    def __init__(self) -> None:
        self.count = 0
        self._traces: dict[Any, _Bucket] = {}
        self._names: dict[Any, int] = {None: 0}
        self._name_list: list[Any] = [None]

    def _name(self, value: Any) -> int:
        index = self._names.get(value)
        if index is None:
            index = self._names[value] = len(self._name_list)
            self._name_list.append(value)
        return index

    def add(self, trace_id: Any, row: SpanRow) -> None:
        """Keep one span, packed."""
        bucket = self._traces.get(trace_id)
        if bucket is None:
            bucket = self._traces[trace_id] = _Bucket()
        sid, parent, service, name, kind, error, remote, follows, db = row
        flags = kind | (_ERROR if error else 0) | (_REDIRECT if follows == REDIRECT_LINK else _ASYNC if follows else 0)
        if type(sid) is str and 0 < len(sid) <= 16 and _HEX.issuperset(sid):
            sid = int(sid, 16)
        else:
            sid = _own_id(sid, bucket)
            flags |= _OWN_SPAN_ID
        if parent is None:
            parent = 0
        else:
            flags |= _HAS_PARENT
            if type(parent) is str and 0 < len(parent) <= 16 and _HEX.issuperset(parent):
                parent = int(parent, 16)
            else:
                parent = _own_id(parent, bucket)
                flags |= _OWN_PARENT_ID
        name_of = self._names.get
        bucket.records += _RECORD.pack(
            sid,
            parent,
            name_of(service) or self._name(service),
            name_of(name) or self._name(name),
            name_of(remote) or self._name(remote),
            name_of(db) or self._name(db),
            flags,
        )
        self.count += 1

    def drain(self) -> Iterator[list[SpanRow]]:
        """Each trace's spans as rows, once; the store is empty afterwards."""
        traces, self._traces, self.count = self._traces, {}, 0
        names = self._name_list
        for bucket in traces.values():
            ids = bucket.ids or []
            rows: list[SpanRow] = []
            for sid, parent, service, name, remote, db, flags in _RECORD.iter_unpack(bucket.records):
                if flags & _OWN_SPAN_ID:
                    sid = ids[sid]
                if not flags & _HAS_PARENT:
                    parent = None
                elif flags & _OWN_PARENT_ID:
                    parent = ids[parent]
                link = REDIRECT_LINK if flags & _REDIRECT else ASYNC_LINK if flags & _ASYNC else 0
                rows.append(
                    (
                        sid,
                        parent,
                        names[service],
                        names[name],
                        flags & _KIND_BITS,
                        bool(flags & _ERROR),
                        names[remote],
                        link,
                        names[db],
                    )
                )
            bucket.records = bytearray()
            yield rows


def _own_id(value: Any, bucket: _Bucket) -> int:
    """A span id that is no 64-bit hex number: its place in the bucket's own list."""
    if bucket.ids is None:
        bucket.ids = []
    bucket.ids.append(value)
    return len(bucket.ids) - 1
