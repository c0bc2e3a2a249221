"""A client in German, in a real browser: the consultant chooses the language when adding the
client, and a person at the client, whose phone prefers English, gets the intake page and the
questionnaire in German; the pages hold their layout on a phone in both languages.

Fields are found by their names, not their labels: the labels are translated."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.journey import MOBILE, horizontal_overflow, new_link, press, visit

pytestmark = pytest.mark.browser


def test_a_german_clients_intake_opens_in_german_on_an_english_phone(live_server, new_context, consultant, shot):
    page = new_context(storage_state=consultant.storage_state, java_script_enabled=False, locale="en-GB").new_page()
    visit(page, live_server + "/clients/new")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.locator('input[name="name"]').fill("Hamburg Logistik GmbH")
    page.locator('select[name="language"]').select_option("de")
    press(page, "Add the client")
    intake_url = new_link(page, "The intake link to send")
    expect(page.locator('select[name="language"]')).to_have_value("de")
    client_url = page.url

    phone = new_context(locale="en-GB", **MOBILE).new_page()
    assert visit(phone, intake_url).status == 200
    expect(phone.locator("html")).to_have_attribute("lang", "de")
    assert horizontal_overflow(phone) == 0
    shot(phone, "intake-de-phone")
    phone.locator('input[name="name"]').fill("Jonas")
    phone.locator('input[name="role"]').fill("Teamleiter")
    phone.locator('input[name="timeline"]').first.check()
    with phone.expect_navigation():
        phone.locator('form button[type="submit"]').last.click()
    expect(phone.locator("html")).to_have_attribute("lang", "de")
    expect(phone.locator('input[name="team"]')).to_have_value("Hamburg Logistik GmbH")
    assert horizontal_overflow(phone) == 0
    shot(phone, "questionnaire-de-phone")

    # The client page, in German too: the language form fits a phone.
    reader = new_context(storage_state=consultant.storage_state, locale="de-DE", **MOBILE).new_page()
    assert visit(reader, client_url + "?lang=de").status == 200
    expect(reader.locator("html")).to_have_attribute("lang", "de")
    expect(reader.locator('select[name="language"]')).to_have_value("de")
    assert horizontal_overflow(reader) == 0
    shot(reader, "client-language-de-phone")
