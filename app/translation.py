"""Which language a page is in, and the catalogues behind it (Flask-Babel).

The language of a request is, in order: the one asked for in the address (``?lang=de``: the
switch on every page is a link to the same page with it, and a report or PDF can be linked to in
either language), which is also kept in the person's session as their choice; the choice they made
earlier; the language of what the page shows, set by its view (``show_in``: an intake link opens in
its client's language, a respondent's questionnaire in the language it is answered in); the best
match of the browser's Accept-Language; else English. A link rather than a form: choosing a
language changes nothing but how pages read, works without a session, and leaves pages that
set no cookie (share links) as they are until someone clicks it.

``app.language`` looks its sentences up in the catalogue of that language, so Python, templates
and the PDF agree.

Dates and numbers are formatted for the language (``app.language.LOCALES``) by the template
filters ``long_date`` ("6 December 2026" / "6. Dezember 2026"), ``short_date`` and ``date_time``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from urllib.parse import urlencode

from babel import dates
from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import (
    Babel,
    force_locale,
    format_date,
    format_decimal,
    format_time,
    get_locale,
    get_translations,
    refresh,
)

from . import language
from .language import DEFAULT_LANGUAGE, LANGUAGES, LOCALES

babel = Babel()
SESSION_KEY = "language"
PARAMETER = "lang"
# Views that send a file (a PDF): their ``?lang=`` asks for the file in that language, and is not
# the person's choice for the pages they read (see `download`).
_downloads: set[Callable] = set()


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", LOCALES[DEFAULT_LANGUAGE])
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "UTC")
    babel.init_app(app, locale_selector=_selected_locale)
    language.use(get_translations, current)
    app.add_template_filter(long_date)
    app.add_template_filter(short_date)
    app.add_template_filter(date_time)
    app.add_template_filter(number)
    app.add_template_global(switch_url)
    app.before_request(_keep_choice)
    app.context_processor(lambda: {"language": current(), "languages": LANGUAGES})


def _selected_locale() -> str:
    return LOCALES[_selected() if has_request_context() else DEFAULT_LANGUAGE]


def _selected() -> str:
    return (
        language.known(request.args.get(PARAMETER))
        or language.known(session.get(SESSION_KEY))
        or language.known(g.get("show_language"))
        or request.accept_languages.best_match(LANGUAGES, default=DEFAULT_LANGUAGE)
    )


def _keep_choice() -> None:
    code = language.known(request.args.get(PARAMETER))
    if code and session.get(SESSION_KEY) != code and not _is_download():
        session[SESSION_KEY] = code


def download(view: Callable) -> Callable:
    """Mark a view (under its route decorator) whose ``?lang=`` only says which language the file
    it sends is in: "PDF auf Deutsch" on an English page leaves the pages in English."""
    _downloads.add(view)
    return view


def _is_download() -> bool:
    return request.endpoint is not None and current_app.view_functions.get(request.endpoint) in _downloads


def switch_url(code: str) -> str:
    """The page being shown, in ``code``."""
    args = request.args.copy()
    args[PARAMETER] = code
    return f"{request.path}?{urlencode(list(args.items(multi=True)))}"


def current() -> str:
    """The language of what is being made now ("en" or "de")."""
    return language.language_of(get_locale() or LOCALES[DEFAULT_LANGUAGE])


def show_in(code: str | None) -> None:
    """What this request shows is in ``code`` (if it is one of ours), unless the person chose."""
    if language.known(code):
        g.show_language = code
        _forget_locale()


@contextmanager
def speaking(code: str | None) -> Iterator[None]:
    """Everything made inside is in ``code`` (e.g. a PDF made by the worker)."""
    with force_locale(LOCALES[language.known(code) or DEFAULT_LANGUAGE]):
        yield


def _forget_locale() -> None:
    # Flask-Babel keeps the locale it selected for the rest of the request.
    refresh()


def long_date(value: date | datetime) -> str:
    return format_date(value, "long")


def short_date(value: date | datetime) -> str:
    if current() == DEFAULT_LANGUAGE:  # as the pages always wrote it: "6 Sep 2026" (en_GB has "Sept")
        return dates.format_date(value, "d MMM y", locale="en")
    return format_date(value, "medium")


def date_time(value: datetime) -> str:
    return f"{format_date(value, 'long')}, {format_time(value, 'HH:mm')}"


def number(value: float) -> str:
    return format_decimal(value)
