"""Choosing the language of the pages: the browser's preference, the switch on every page, and a
choice that is kept."""

from __future__ import annotations

import re


def test_the_browser_preference_picks_german(client):
    page = client.get("/", headers={"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="de">' in page
    assert "Zum Inhalt springen" in page and "Skip to content" not in page


def test_english_is_the_default_and_unchanged(client):
    page = client.get("/", headers={"Accept-Language": "fr-FR, ja;q=0.8"}).get_data(as_text=True)
    assert '<html lang="en">' in page and "Skip to content" in page
    assert "Questionnaire version splitcheck/1." in page


def test_every_page_offers_the_other_language_and_the_choice_is_kept(client):
    page = client.get("/how-the-score-works?x=1").get_data(as_text=True)
    switch = re.search(r'<a class="language-switch" href="([^"]+)" lang="de" hreflang="de">Deutsch</a>', page)
    assert switch, "the switch to German is on the page"
    href = switch.group(1).replace("&amp;", "&")
    assert href.startswith("/how-the-score-works?") and "x=1" in href and "lang=de" in href
    german = client.get(href).get_data(as_text=True)
    assert '<html lang="de">' in german and 'hreflang="en">English</a>' in german
    # The choice outlives the address, whatever the browser prefers.
    later = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="de">' in later
    assert '<html lang="en">' in client.get("/?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in client.get("/", headers={"Accept-Language": "de"}).get_data(as_text=True)


def test_an_unknown_language_is_ignored(client):
    response = client.get("/how-the-score-works?lang=xx", headers={"Accept-Language": "de"})
    assert response.status_code == 200 and '<html lang="de">' in response.get_data(as_text=True)
    assert "Set-Cookie" not in response.headers


def test_dates_are_written_the_way_each_language_writes_them(app):
    from datetime import date

    from app import translation

    with app.test_request_context("/?lang=de"):
        assert translation.long_date(date(2026, 12, 6)) == "6. Dezember 2026"
        assert translation.short_date(date(2026, 9, 6)) == "06.09.2026"
    with app.test_request_context("/"):
        assert translation.long_date(date(2026, 12, 6)) == "6 December 2026"
        assert translation.short_date(date(2026, 9, 6)) == "6 Sep 2026"  # as English pages always wrote it
        with translation.speaking("de"):
            assert translation.long_date(date(2026, 3, 1)) == "1. März 2026"
