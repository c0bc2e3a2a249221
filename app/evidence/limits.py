"""Limits that keep a hostile or accidental input from exhausting the server."""

from __future__ import annotations

from dataclasses import dataclass

MEGABYTE = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """How much the importer accepts.

    max_bytes: size of one file.
    max_depth: nesting of lists and maps in one YAML or JSON file.
    max_files: number of files in one import.
    max_documents: YAML documents (``---`` sections) in one file.
    max_spans: trace spans over all files of one import.
    max_seconds: time one analysis may take (None: as long as it needs, as on the command line).
    """

    max_bytes: int = 50 * MEGABYTE
    max_depth: int = 64
    max_files: int = 50
    max_documents: int = 10_000
    max_spans: int = 5_000_000
    max_seconds: float | None = None


def describe_size(size: int) -> str:
    """A byte count as people say it: '51.2 MB', '800 bytes'."""
    if size >= MEGABYTE:
        return f"{size / MEGABYTE:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} bytes"
