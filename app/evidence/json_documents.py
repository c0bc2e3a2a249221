"""Reading JSON safely and in pieces.

Nesting depth is checked on the raw bytes before any parsing, without
recursion: escaped characters are dropped, everything but brackets and quotes
is deleted (one C-speed pass), string contents are removed, and matched
bracket pairs are peeled off one level per pass. A file nested deeper than the
limit is refused before the parser sees it.

Big arrays are not parsed in one go: :class:`JsonText` hands out their
elements one at a time (the standard library's C scanner parses each one), so
a trace file of a million spans never exists as one giant object.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from json.decoder import scanstring
from typing import Any

from .errors import EvidenceError
from .limits import Limits

_KEEP = b'[]{}"'
_DELETE = bytes(b for b in range(256) if b not in _KEEP)
_SQUARE = bytes.maketrans(b"{}", b"[]")
_QUOTED = re.compile(rb'"[^"]*"')
_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def decode_text(data: bytes, file: str) -> str:
    """UTF-8 (or UTF-16 with a byte-order mark) bytes as text."""
    try:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16")
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise EvidenceError(
            file,
            f"is not UTF-8 text (undecodable byte at position {error.start}); "
            "expected a YAML or JSON text file",
        ) from None


def nesting_depth_exceeds(data: bytes, max_depth: int) -> bool:
    """True when the JSON in ``data`` nests arrays/objects deeper than allowed."""
    skeleton = data.replace(b"\\\\", b"").replace(b'\\"', b"")
    skeleton = skeleton.translate(None, _DELETE).replace(b'""', b"")
    if b'"' in skeleton:
        skeleton = _QUOTED.sub(b"", skeleton)
    skeleton = skeleton.translate(_SQUARE)
    for _ in range(max_depth):
        if not skeleton:
            return False
        peeled = skeleton.replace(b"[]", b"")
        if len(peeled) == len(skeleton):
            return False  # unbalanced: the parser will say what is broken
        skeleton = peeled
    return bool(skeleton) and b"[]" in skeleton


def check_depth(data: bytes, file: str, limits: Limits) -> None:
    if nesting_depth_exceeds(data, limits.max_depth):
        raise EvidenceError(
            file,
            f"nests arrays and objects more than {limits.max_depth} levels deep; "
            "real exports are far shallower, so the file was refused",
        )


def broken(file: str, error: json.JSONDecodeError) -> EvidenceError:
    return EvidenceError(
        file,
        f"is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})",
    )


class JsonText:
    """A JSON text read value by value, keeping big arrays out of memory."""

    def __init__(self, text: str, file: str) -> None:
        self.text = text
        self.file = file
        self.end = 0  # where the last array read by items() ended

    def skip_space(self, pos: int) -> int:
        return _SPACE.match(self.text, pos).end()

    def fail(self, pos: int, what: str) -> EvidenceError:
        line = self.text.count("\n", 0, pos) + 1
        column = pos - self.text.rfind("\n", 0, pos)
        return EvidenceError(
            self.file, f"is not valid JSON (line {line}, column {column}: {what})"
        )

    def char(self, pos: int) -> str:
        if pos >= len(self.text):
            raise self.fail(pos, "the text ends before the JSON is complete")
        return self.text[pos]

    def value(self, pos: int) -> tuple[Any, int]:
        try:
            return _DECODER.raw_decode(self.text, pos)
        except json.JSONDecodeError as error:
            raise broken(self.file, error) from None
        except RecursionError:
            raise EvidenceError(self.file, "nests too deeply to be read") from None

    def key(self, pos: int) -> tuple[str, int]:
        if self.char(pos) != '"':
            raise self.fail(pos, "expected a quoted member name")
        try:
            return scanstring(self.text, pos + 1)
        except json.JSONDecodeError as error:
            raise broken(self.file, error) from None

    def items(self, pos: int) -> Iterator[Any]:
        """Elements of the array starting at ``pos``; sets ``self.end`` after it."""
        text = self.text
        pos = self.skip_space(pos + 1)
        if self.char(pos) == "]":
            self.end = pos + 1
            return
        while True:
            element, pos = self.value(pos)
            yield element
            pos = self.skip_space(pos)
            mark = self.char(pos)
            if mark == ",":
                pos = self.skip_space(pos + 1)
            elif mark == "]":
                self.end = pos + 1
                return
            else:
                raise self.fail(pos, "expected ',' or ']' between array elements")
            del element
            if pos >= len(text):
                raise self.fail(pos, "the text ends inside an array")
