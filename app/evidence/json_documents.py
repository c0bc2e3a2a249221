"""Reading JSON safely and in pieces.

Nesting depth is checked on the raw bytes before any parsing, without
recursion: chunk by chunk, everything but brackets, quotes and escapes is
deleted (C-speed passes), escaped characters and string contents are
dropped, and matched bracket pairs are peeled off one level per pass. A file nested deeper
than the limit is refused before the parser sees it.

Big arrays are not parsed in one go: :class:`JsonText` decodes the bytes into
a sliding window of text and hands out array elements one at a time (the
standard library's C scanner parses each), so a trace export of a million
spans never exists as one giant object, nor as one giant string.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from json.decoder import scanstring  # type: ignore[attr-defined]  # public, not in typeshed
from typing import Any

from app.language import _, _l

from .errors import EvidenceError
from .limits import Limits

_STRUCTURE = b'[]{}"'
_ESCAPES = b'\\"/bfnrtu'  # a backslash and every character that can follow it
_DELETE = bytes(b for b in range(256) if b not in _STRUCTURE)
_DELETE_KEEPING_ESCAPES = bytes(b for b in range(256) if b not in _STRUCTURE + _ESCAPES)
_SQUARE = bytes.maketrans(b"{}", b"[]")
_QUOTED = re.compile(rb'"[^"]*"')
_SPACE = re.compile(r"[ \t\n\r]*")
_LEADING = re.compile(rb"(?:\xef\xbb\xbf)?[ \t\r\n]*")
_DECODER = json.JSONDecoder()
UTF16_MARKS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
WINDOW = 1 << 23  # characters decoded at a time
_CHUNK = 1 << 24  # bytes reduced at a time by the depth check


def _past(pattern: re.Pattern[Any], text: Any, pos: int) -> int:
    """Where a run of what ``pattern`` matches (white space, a byte-order mark) ends."""
    match = pattern.match(text, pos)
    return match.end() if match else pos


def decode_text(data: bytes, file: str) -> str:
    """UTF-8 (or UTF-16 with a byte-order mark) bytes as text."""
    try:
        if data.startswith(UTF16_MARKS):
            return data.decode("utf-16")
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise not_text(file, error) from None


def not_text(file: str, error: UnicodeDecodeError) -> EvidenceError:
    return EvidenceError(
        file,
        _(
            "is not a text file (it looks like an image or other binary file); expected a docker-compose or "
            "Kubernetes YAML file, or a trace export in JSON"
        ),
    )


# What Python's JSON reader says is wrong, in the reader's language (anything else as it says it).
_JSON_PROBLEMS = {
    "Expecting value": _l("Expecting value"),
    "Expecting ',' delimiter": _l("Expecting ',' delimiter"),
    "Expecting ':' delimiter": _l("Expecting ':' delimiter"),
    "Expecting property name enclosed in double quotes": _l("Expecting property name enclosed in double quotes"),
    "Unterminated string starting at": _l("Unterminated string starting at"),
    "Invalid control character at": _l("Invalid control character at"),
    "Invalid \\escape": _l("Invalid \\escape"),
    "Extra data": _l("Extra data"),
}


def _json_problem(what: str) -> str:
    return str(_JSON_PROBLEMS.get(what, what))


def first_character(data: bytes) -> bytes:
    """The first byte after a UTF-8 byte-order mark and white space."""
    start = _past(_LEADING, data, 0)
    return data[start : start + 1]


def _skeleton(data: bytes) -> bytes:
    """Only the brackets and quotes of ``data``, escaped quotes removed, in chunks."""
    escapes = b"\\" in data
    parts = []
    start, size = 0, len(data)
    while start < size:
        end = min(start + _CHUNK, size)
        while end < size and data[end - 1] == 0x5C:  # never split an escape
            end += 1
        chunk = data[start:end]
        if escapes:
            chunk = chunk.translate(None, _DELETE_KEEPING_ESCAPES)
            chunk = chunk.replace(b"\\\\", b"").replace(b'\\"', b"")
        parts.append(chunk.translate(None, _DELETE).replace(b'""', b""))
        start = end
    return b"".join(parts).replace(b'""', b"")


def nesting_depth_exceeds(data: bytes, max_depth: int) -> bool:
    """True when the JSON in ``data`` nests arrays/objects deeper than allowed."""
    skeleton = _skeleton(data)
    if b'"' in skeleton:
        skeleton = _QUOTED.sub(b"", skeleton)
    skeleton = skeleton.translate(_SQUARE)
    for _level in range(max_depth):
        if not skeleton:
            return False
        peeled = skeleton.replace(b"[]", b"")
        if len(peeled) == len(skeleton):
            return False  # unbalanced: the parser will say what is broken
        skeleton = peeled
    return b"[]" in skeleton


def check_depth(data: bytes, file: str, limits: Limits) -> None:
    if nesting_depth_exceeds(data, limits.max_depth):
        raise EvidenceError(
            file,
            _(
                "nests arrays and objects more than %(most)s levels deep; real exports are far shallower, so the "
                "file was refused",
                most=limits.max_depth,
            ),
        )


class JsonText:
    """A JSON text read value by value, through a window of decoded text.

    Positions are offsets into ``self.text``, the current window. The window
    only drops text it has finished with between elements of an array read
    by :meth:`items`, so positions stay valid everywhere else.
    """

    def __init__(self, data: bytes | str, file: str) -> None:
        self.file = file
        self.end = 0  # where the last array read by items() ended
        self._lines = 0  # line breaks in text already dropped from the window
        if isinstance(data, str):
            self.text, self._data, self._next = data, b"", 0
        else:
            self.text, self._data, self._next = "", data, 0
            self._decoder = codecs.getincrementaldecoder("utf-8-sig")()
            self._grow()

    @property
    def complete(self) -> bool:
        return self._next >= len(self._data)

    def _grow(self) -> bool:
        """Decode more of the file into the window; False at the end."""
        if self.complete:
            return False
        size = max(WINDOW, len(self.text))
        chunk = self._data[self._next : self._next + size]
        self._next += len(chunk)
        try:
            self.text += self._decoder.decode(chunk, final=self.complete)
        except UnicodeDecodeError as error:
            raise not_text(self.file, error) from None
        return True

    def _drop_before(self, pos: int) -> int:
        """Forget text before ``pos`` when that is most of the window."""
        if pos < WINDOW or pos * 2 < len(self.text):
            return pos
        self._lines += self.text.count("\n", 0, pos)
        self.text = self.text[pos:]
        return 0

    def at_end(self, pos: int) -> bool:
        return pos >= len(self.text) and not self._grow()

    def skip_space(self, pos: int) -> int:
        pos = _past(_SPACE, self.text, pos)
        while pos >= len(self.text) and self._grow():
            pos = _past(_SPACE, self.text, pos)
        return pos

    def fail(self, pos: int, what: str) -> EvidenceError:
        line = self._lines + self.text.count("\n", 0, pos) + 1
        column = pos - self.text.rfind("\n", 0, pos)
        return EvidenceError(
            self.file,
            _(
                "is not valid JSON (line %(line)s, column %(column)s: %(problem)s); expected a trace export from "
                "Jaeger, Zipkin or OpenTelemetry, or a YAML compose file or manifest",
                line=line,
                column=column,
                problem=_json_problem(what),
            ),
        )

    def char(self, pos: int) -> str:
        while pos >= len(self.text):
            if not self._grow():
                raise self.fail(pos, _("the text ends before the JSON is complete"))
        return self.text[pos]

    def value(self, pos: int) -> tuple[Any, int]:
        while True:
            try:
                found, end = _DECODER.raw_decode(self.text, pos)
                if end < len(self.text) or not self._grow():
                    return found, end
            except json.JSONDecodeError as error:
                if not self._grow():
                    raise self.fail(error.pos, error.msg) from None
            except RecursionError:
                raise EvidenceError(self.file, _("nests too deeply to be read")) from None

    def key(self, pos: int) -> tuple[str, int]:
        if self.char(pos) != '"':
            raise self.fail(pos, _("expected a quoted member name"))
        while True:
            try:
                return scanstring(self.text, pos + 1)
            except json.JSONDecodeError as error:
                if not self._grow():
                    raise self.fail(error.pos, error.msg) from None

    def items(self, pos: int) -> Iterator[Any]:
        """Elements of the array starting at ``pos``; sets ``self.end`` after it."""
        pos = self.skip_space(pos + 1)
        if self.char(pos) == "]":
            self.end = pos + 1
            return
        while True:
            pos = self._drop_before(pos)
            element, pos = self.value(pos)
            yield element
            del element
            pos = self.skip_space(pos)
            mark = self.char(pos)
            if mark == ",":
                pos = self.skip_space(pos + 1)
            elif mark == "]":
                self.end = pos + 1
                return
            else:
                raise self.fail(pos, _("expected ',' or ']' between array elements"))
