"""The questionnaire in German on a phone (390 × 844): German is longer, so each page is checked
for sideways scrolling, text size and tap targets (tests/browser/mobile.py) and with axe, and
saved as a screenshot (tests/artifacts/de-*-mobile.png). The scripts speak German too."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import audit
from tests.browser.journey import MOBILE, Autosaves, press, visit
from tests.browser.mobile import phone_problems
from tests.contract_ids import SIGN_IDS

pytestmark = pytest.mark.browser

TEAM = "Kundenportal, Zahlungsabwicklung und Versandlogistik (Region Europa)"


def test_the_questionnaire_in_german_fits_a_phone(live_server, new_context, shot):
    page = new_context(**MOBILE, locale="de-DE").new_page()
    autosaves = Autosaves(page)
    problems: dict[str, list[str]] = {}

    def check(name: str) -> None:
        audit(page)
        shot(page, name)
        found = phone_problems(page)
        if found:
            problems[name] = found

    visit(page, live_server + "/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    check("de-01-landing-mobile")
    press(page, "Prüfung starten")
    for field, value in {"team": TEAM, "engineers": "40", "teams": "6", "services": "fünfzig"}.items():
        page.locator(f"#{field}").fill(value)
    assert press(page, "Speichern und weiter", autosaves).status == 422
    expect(page.locator("#error-summary")).to_contain_text("Bitte prüfen Sie diese Antwort")
    check("de-02-context-error-mobile")
    page.locator("#services").fill("50")
    press(page, "Speichern und weiter", autosaves)

    expect(page).to_have_url(re.compile(r"/signs$"))
    for sign in SIGN_IDS:
        page.locator(f"#{sign} input[value='yes']").check()
    autosaves.settle()
    expect(page.locator(".autosave-status")).to_have_text("Alle Änderungen gespeichert.")
    check("de-03-signs-mobile")
    press(page, "Speichern und weiter", autosaves)

    press(page, "Einen Service zur Prüfung hinzufügen", autosaves)
    name = page.locator("#candidates-0-name")
    name.fill("Benachrichtigungs- und E-Mail-Versanddienst " + "x" * 130)
    expect(page.locator("#candidates-0-name-count")).to_have_text("174 von 200 Zeichen")
    check("de-04-candidates-mobile")
    expect(page.get_by_role("button", name="Zum Ergebnis", exact=True)).to_be_visible()

    assert not problems, "\n".join(f"{page}:\n  " + "\n  ".join(found) for page, found in problems.items())
