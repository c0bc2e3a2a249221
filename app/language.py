"""The product's languages, and the one way any part of it translates a sentence.

Pure: the scoring, the evidence import and the Flask pages all call :func:`gettext` (imported
as ``_``), :func:`ngettext` and :func:`lazy_gettext` (``_l``, for texts defined at import time,
such as form labels). Where the sentences come from is set once with :func:`use`: the web app
passes Flask-Babel's catalogue of the request's language (``app.translation``); without it (a
test of the pure core, the offline commands) every sentence is the English it is written in.

A sentence with values names them: ``_("%(count)s services", count=n)``; the German catalogue
must keep the same names (``tests/unit/test_translations.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from gettext import NullTranslations
from typing import Any

from babel.numbers import format_decimal
from babel.support import LazyProxy

# Each language of the product, by its code, named in its own language (the switch shows these).
LANGUAGES = {"en": "English", "de": "Deutsch"}
DEFAULT_LANGUAGE = "en"
# The locale each language formats dates and numbers with: English as written in Britain
# ("6 December 2026"), German as in Germany ("6. Dezember 2026").
LOCALES = {"en": "en_GB", "de": "de_DE"}

_NULL = NullTranslations()
_catalogue: Callable[[], NullTranslations] = lambda: _NULL  # noqa: E731
_current: Callable[[], str] = lambda: DEFAULT_LANGUAGE  # noqa: E731
# Inside `english()`: every sentence is the English it is written in, whatever the request's language.
_in_english: ContextVar[bool] = ContextVar("in_english", default=False)


def use(catalogue: Callable[[], NullTranslations], language: Callable[[], str] | None = None) -> None:
    """Where sentences are looked up from now on: a function giving the current catalogue, and
    one giving the code of the current language (for texts that are not in the catalogue, such
    as the questionnaire's own, which ``app.instrument`` gives in :func:`current`)."""
    global _catalogue, _current
    _catalogue = catalogue
    if language is not None:
        _current = language


def current() -> str:
    """The code of the language being spoken now ("en" without a catalogue in use)."""
    if _in_english.get():
        return DEFAULT_LANGUAGE
    return known(_current()) or DEFAULT_LANGUAGE


@contextmanager
def english() -> Iterator[None]:
    """Everything said inside is in English, whatever the language of the page or request: for
    documents made for programs (CONTRACT.md's result document) inside a request in German."""
    token = _in_english.set(True)
    try:
        yield
    finally:
        _in_english.reset(token)


def _translations() -> NullTranslations:
    return _NULL if _in_english.get() else _catalogue()


def known(code: object) -> str | None:
    """``code`` if it is one of the product's languages, else None."""
    return code if isinstance(code, str) and code in LANGUAGES else None


def language_of(locale: object) -> str:
    """The product's language of a Babel locale or locale name (``de_DE`` -> ``de``)."""
    code = str(locale or "").replace("-", "_").split("_")[0].lower()
    return known(code) or DEFAULT_LANGUAGE


def number(value: float) -> str:
    """A number written as the current language writes it: 12,345 in English, 12.345 in German."""
    return format_decimal(value, locale=LOCALES[current()])


def gettext(message: str, **values: Any) -> str:
    text = _translations().gettext(message)
    return text % values if values else text


def ngettext(singular: str, plural: str, num: int, **values: Any) -> str:
    """The sentence for ``num`` things; ``num`` is also a value (``%(num)s``)."""
    values.setdefault("num", num)
    return _translations().ngettext(singular, plural, num) % values


def lazy_gettext(message: str, **values: Any) -> Any:
    """A sentence looked up only when shown, in the language of that moment."""
    return LazyProxy(gettext, message, enable_cache=False, **values)


_ = gettext
_l = lazy_gettext
