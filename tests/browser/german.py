"""The German the browser journeys look for, taken from where the product takes it.

`de("Save and continue")` is the German of a sentence of the site, read from the catalogue
(app/translations/de/LC_MESSAGES/messages.po); it fails if the sentence has no German, so a
journey never finds a button by its English name in a German page. `INSTRUMENT_DE` is the
questionnaire's German copy (its questions and answer labels come from the instrument data).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

from app import instrument as instruments

CATALOGUE = Path(__file__).resolve().parents[2] / "app" / "translations" / "de" / "LC_MESSAGES" / "messages.po"
INSTRUMENT_DE = instruments.get().in_language("de")


@cache
def _catalogue() -> dict[str, str]:
    with CATALOGUE.open("rb") as file:
        return {m.id: m.string for m in read_po(file) if isinstance(m.id, str) and m.string}


def de(english: str, **values: object) -> str:
    """The German of a sentence the site says in English, with its placeholders filled in."""
    german = _catalogue().get(english)
    assert german, f"no German for {english!r} in {CATALOGUE.name}"
    return german % values if values else german


def label(group: str, option_id: str) -> str:
    """An answer's label in German (from the instrument's own translation)."""
    return INSTRUMENT_DE.option_label(group, option_id)
