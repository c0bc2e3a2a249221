"""The questionnaire as data: questions, answers, verdict rules, recommendations.

Pure: imports nothing from Flask or the database.

Every question id, answer, limit and text comes from an instrument file; the
built-in one is `splitcheck-1.yaml`. Other instruments (a test's, later a
workspace's own question bank) are added with `register`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .loader import InstrumentError, load, loads
from .model import CANDIDATE_VERDICTS, FLAGS, NO_REASON, VERDICTS, Instrument

CURRENT = "splitcheck/1"
_FILES = {"splitcheck/1": "splitcheck-1.yaml"}
_registered: dict[str, Instrument] = {}


def get(instrument_id: str = CURRENT) -> Instrument:
    """The instrument with this id, loaded and validated once per process."""
    if instrument_id in _registered:
        return _registered[instrument_id]
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


def register(instrument: Instrument) -> None:
    """Make `instrument` known by its id (a built-in id cannot be replaced)."""
    if instrument.id in _FILES:
        raise ValueError(f"{instrument.id!r} is a built-in instrument")
    _registered[instrument.id] = instrument


def unregister(instrument_id: str) -> None:
    _registered.pop(instrument_id, None)


def known() -> tuple[str, ...]:
    return (*_FILES, *_registered)


__all__ = [
    "CANDIDATE_VERDICTS",
    "CURRENT",
    "FLAGS",
    "NO_REASON",
    "VERDICTS",
    "Instrument",
    "InstrumentError",
    "get",
    "known",
    "load",
    "loads",
    "register",
    "unregister",
]
