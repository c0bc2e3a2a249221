"""The one error the importer raises: a file it cannot or will not read."""

from __future__ import annotations


class EvidenceError(Exception):
    """A file could not be imported.

    ``file`` is the name the file was given under; ``message`` says, in plain
    words, what was wrong and what was expected, starting with the file name.
    Nothing is half-imported: when this is raised, no evidence document exists.
    """

    def __init__(self, file: str, problem: str) -> None:
        self.file = file
        self.message = f"{file}: {problem}" if file else problem
        super().__init__(self.message)
