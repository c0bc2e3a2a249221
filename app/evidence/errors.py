"""The errors the importer raises: a file it cannot or will not read."""

from __future__ import annotations


class EvidenceError(Exception):
    """A file could not be imported.

    ``file`` is the name the file was given under; ``message`` says, in plain
    words, what was wrong and what was expected, starting with the file name;
    ``problem`` is the same without the file name.
    Nothing is half-imported: when this is raised, no evidence document exists.
    """

    def __init__(self, file: str, problem: str) -> None:
        self.file = file
        self.problem = problem
        self.message = f"{file}: {problem}" if file else problem
        super().__init__(self.message)


class Unrecognised(EvidenceError):
    """A file that is none of the formats the importer reads (or one it recognises but can't use,
    such as a Helm chart's source). Named alone, it is refused; found in a folder or an archive, it
    is skipped and listed in the document's ``inputs`` with ``reason`` (by default ``problem``)."""

    def __init__(self, file: str, problem: str, reason: str | None = None) -> None:
        super().__init__(file, problem)
        self.reason = reason or problem


class TooLarge(EvidenceError):
    """Over a size limit once unpacked (an archive, or the files of a folder): the web answers 413."""


class PartlyRead(EvidenceError):
    """A trace export that broke after some of its spans were already counted. Its spans cannot be
    taken back out of the measurements, so even found in a folder it is refused, not skipped."""
