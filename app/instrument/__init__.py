"""The questionnaire as data: questions, answers, verdict rules, recommendations.

Pure: imports nothing from Flask or the database.

Every question id, answer, limit and text comes from an instrument file; the
built-in one is `splitcheck-1.yaml`. Other instruments (a test's, later a
workspace's own question bank) are added with `register`.

The file's `translations` give its texts in the product's other languages
(`translations.py`). `get`, `find` and `installed` give the instrument in the
language being spoken (`app.language.current`): the same ids, points and rules,
the texts in that language, so every page, report and plan shows them without
asking. The result document of CONTRACT.md is always in English (`english`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from app import language

from .loader import BUILT_IN as _FILES
from .loader import InstrumentError, load, loads
from .model import CANDIDATE_VERDICTS, FLAGS, NO_REASON, VERDICTS, Instrument

CURRENT = "splitcheck/1"
_registered: dict[str, Instrument] = {}
# Where else an instrument may come from: the web app registers one that reads a workspace's
# published question banks from the database. A resolver returns None for an id it doesn't know.
resolvers: list[Callable[[str], Instrument | None]] = []


def get(instrument_id: str = CURRENT) -> Instrument:
    """The instrument with this id (KeyError if none has it)."""
    found = find(instrument_id)
    if found is None:
        raise KeyError(f"unknown instrument {instrument_id!r}")
    return found


def find(instrument_id: object) -> Instrument | None:
    """The instrument with this id: built in, registered, or from a resolver; None if none has it."""
    if not isinstance(instrument_id, str):
        return None
    found = installed(instrument_id)
    for resolve in resolvers if found is None else ():
        if (found := resolve(instrument_id)) is not None:
            return found.in_language(language.current())
    return found


def installed(instrument_id: object) -> Instrument | None:
    """A built-in or registered instrument: those anyone may score answers for, without an account."""
    if not isinstance(instrument_id, str):
        return None
    if instrument_id in _registered:
        return _registered[instrument_id].in_language(language.current())
    return _load(instrument_id).in_language(language.current()) if instrument_id in _FILES else None


def english(instrument: Instrument) -> Instrument:
    """The instrument with its English texts: what the machine interfaces (the result document,
    the API's schema) speak, whatever the language of the request."""
    return instrument.in_language(language.DEFAULT_LANGUAGE)


@cache
def _load(instrument_id: str) -> Instrument:
    filename = _FILES[instrument_id]
    instrument = load(Path(__file__).parent / filename, complete=True)
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
    """The ids of the built-in and registered instruments."""
    return (*_FILES, *_registered)


__all__ = [
    "CANDIDATE_VERDICTS",
    "CURRENT",
    "FLAGS",
    "NO_REASON",
    "VERDICTS",
    "Instrument",
    "english",
    "InstrumentError",
    "find",
    "get",
    "installed",
    "known",
    "load",
    "loads",
    "register",
    "resolvers",
    "unregister",
]
