"""Limits that keep a hostile or accidental input from exhausting the server."""

from __future__ import annotations

from dataclasses import dataclass

MEGABYTE = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """How much the importer accepts.

    max_bytes: size of one file.
    max_depth: nesting of lists and maps in one YAML or JSON file.
    max_files: number of files given one by one in one import (not counting what folders and
        archives hold).
    max_documents: YAML documents (``---`` sections) in one file.
    max_spans: trace spans over all files of one import.
    max_seconds: time one analysis may take (None: as long as it needs, as on the command line).
    max_folder_files: files looked at in the folders and archives of one import, skipped ones
        included (a file that is no evidence costs a glance, not a reading).
    max_folder_evidence: of those, files actually read as compose files, manifests or traces.
    max_archive_entries: entries (files, folders, links) in one archive, counted before any is
        unpacked.
    max_unpacked_bytes: what the files of one archive, or of the folders of one import, come to.
    max_ratio: how many times its own size an archive may unpack to (above 1 MB unpacked);
        archives built to exhaust a server ("zip bombs") unpack to hundreds of times their size.
    """

    max_bytes: int = 50 * MEGABYTE
    max_depth: int = 64
    max_files: int = 50
    max_documents: int = 10_000
    max_spans: int = 5_000_000
    max_seconds: float | None = None
    max_folder_files: int = 10_000
    max_folder_evidence: int = 1_000
    max_archive_entries: int = 20_000
    max_unpacked_bytes: int = 512 * MEGABYTE
    max_ratio: int = 200


def describe_size(size: int) -> str:
    """A byte count as people say it: '51.2 MB', '800 bytes'."""
    if size >= MEGABYTE:
        return f"{size / MEGABYTE:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} bytes"
