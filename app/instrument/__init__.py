"""The questionnaire as data: questions, answers, verdict rules, recommendations.

Pure: imports nothing from Flask or the database.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .loader import InstrumentError, load
from .model import (
    BLOCKING_QUESTIONS,
    CANDIDATE_ANSWERS,
    REASONS,
    SIGN_ANSWERS,
    SIGN_IDS,
    Instrument,
)

CURRENT = "splitcheck/1"
_FILES = {"splitcheck/1": "splitcheck-1.yaml"}


def get(instrument_id: str = CURRENT) -> Instrument:
    """The instrument with this id, loaded and validated once per process."""
    return _load(instrument_id)


@cache
def _load(instrument_id: str) -> Instrument:
    try:
        filename = _FILES[instrument_id]
    except KeyError:
        raise KeyError(f"unknown instrument {instrument_id!r}") from None
    instrument = load(Path(__file__).parent / filename)
    if instrument.id != instrument_id:
        raise InstrumentError(f"{filename}: id: must be {instrument_id!r}, found {instrument.id!r}")
    return instrument


def known() -> tuple[str, ...]:
    return tuple(_FILES)


__all__ = [
    "BLOCKING_QUESTIONS",
    "CANDIDATE_ANSWERS",
    "CURRENT",
    "REASONS",
    "SIGN_ANSWERS",
    "SIGN_IDS",
    "Instrument",
    "InstrumentError",
    "get",
    "known",
    "load",
]
