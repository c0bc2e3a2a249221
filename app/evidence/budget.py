"""A time budget for one analysis, so one upload can never hold a server process for minutes.

`within(seconds)` sets a deadline for the analysis running in this thread (or task); the loops
of the analysis call `check()`, which ends it with `AnalysisTooLong` once the deadline has passed.
`AnalysisTooLong` is an `EvidenceError`, so every caller already answers it with its message.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from time import monotonic

from app.language import _

from .errors import EvidenceError

_deadline: ContextVar[tuple[float, float] | None] = ContextVar("evidence_deadline", default=None)


class AnalysisTooLong(EvidenceError):
    """The analysis ran out of its time budget; nothing was imported."""

    def __init__(self, seconds: float) -> None:
        super().__init__(
            "",
            _(
                "These files describe more than Splitcheck can analyse within %(seconds)s seconds, so nothing "
                "was imported. Give it the files of one part of the system at a time, or fewer trace files.",
                seconds=f"{seconds:g}",
            ),
        )


@contextmanager
def within(seconds: float | None) -> Iterator[None]:
    """Run the block under a budget of `seconds` (None: no budget)."""
    token = _deadline.set((monotonic() + seconds, seconds) if seconds else None)
    try:
        yield
    finally:
        _deadline.reset(token)


def check() -> None:
    """Raise `AnalysisTooLong` if the running analysis is past its deadline."""
    deadline = _deadline.get()
    if deadline is not None and monotonic() > deadline[0]:
        raise AnalysisTooLong(deadline[1])
