"""A consultant's own questionnaire (a lens), in a real browser against gunicorn.

The consultant uploads a broken lens file and reads every problem, fixes it, checks the
questionnaire on the preview, publishes it, adds a client who answers it, and one person at the
client answers the lens's two extra sections; the consultant reads the combined result and its
PDF with those sections.
"""

from __future__ import annotations

import re

import pytest
import yaml
from playwright.sync_api import expect

from app import instrument as instruments
from tests.browser.journey import Autosaves, download_pdf, fill_context, follow, new_link, press, visit
from tests.web.test_lenses import extending_lens

pytestmark = pytest.mark.browser

CLIENT = "Initrode Logistics"


def test_a_lens_from_upload_to_the_combined_report(live_server, new_context, consultant, shot, tmp_path):
    lens = extending_lens("keyboard-platform/1")
    page = new_context(storage_state=consultant.storage_state).new_page()
    visit(page, live_server + "/workspace")
    follow(page, "upload, check and publish lenses")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lenses: your own questionnaires")

    # 1. A broken file: every problem, with where it is, and nothing saved.
    broken = {**lens, "signs": [dict(s) for s in lens["signs"]]}
    broken["signs"][2]["weight"] = "heavy"
    broken["signs"][3].pop("statement")
    path = tmp_path / "platform.yaml"
    path.write_text(yaml.safe_dump(broken, allow_unicode=True))
    page.get_by_label("Lens file (YAML)", exact=True).set_input_files(str(path))
    assert press(page, "Check the lens").status == 422
    problems = page.get_by_role("alert")
    expect(problems).to_contain_text("platform.yaml: signs[2].weight: must be a number")
    expect(problems).to_contain_text("platform.yaml: signs[3].statement: is missing")
    shot(page, "lens-problems")

    # 2. The fixed file: the preview, then publish.
    path.write_text(yaml.safe_dump(lens, allow_unicode=True))
    page.get_by_label("Lens file (YAML)", exact=True).set_input_files(str(path))
    press(page, "Check the lens")
    expect(page.get_by_role("heading", level=1)).to_have_text(lens["title"])
    expect(page.get_by_role("heading", name="The ten signs", exact=True)).to_be_visible()
    expect(page.get_by_text("Put someone on the queues")).to_be_visible()
    shot(page, "lens-preview")
    press(page, "Publish this lens")
    expect(page.get_by_text(re.compile(r"is published: you can choose it when you add a client"))).to_be_visible()

    # 3. A client on the lens, and one person answering it.
    visit(page, live_server + "/clients/new")
    page.get_by_label("Company name", exact=True).fill(CLIENT)
    page.get_by_label("Questionnaire", exact=True).select_option("keyboard-platform/1")
    press(page, "Add the client")
    intake_url = new_link(page, "The intake link to send")
    client_url = page.url

    person = new_context().new_page()
    autosaves = Autosaves(person)
    visit(person, intake_url)
    person.get_by_label("Your name", exact=True).fill("Dana")
    person.get_by_label("Your role", exact=True).fill("Staff engineer")
    person.get_by_role("group", name="When do you need it?").get_by_label("Just exploring", exact=True).check()
    press(person, "Start answering")
    fill_context(person, engineers="30", teams="5", services="12")
    press(person, "Save and continue", autosaves)
    expect(person.get_by_role("heading", level=1)).to_have_text("The ten signs")
    for part in ("Observability", "Team topology"):
        expect(person.get_by_role("heading", name=part, exact=True)).to_be_visible()
    answered = instruments.loads(yaml.safe_dump(lens), "lens")
    for sign in answered.signs:
        choice = "Yes" if sign.section == "Observability" else "No"
        person.get_by_role("group", name=sign.statement, exact=True).get_by_label(choice, exact=True).check()
    shot(person, "lens-signs")
    press(person, "Save and continue", autosaves)
    press(person, "See the result", autosaves)
    expect(person.locator(".verdict")).to_be_visible()

    # 4. The consultant's combined result and its PDF, with the lens's sections.
    visit(page, client_url)
    follow(page, "Open the combined report")
    expect(page.get_by_role("heading", name="The ten signs in detail")).to_be_visible()
    expect(page.get_by_role("heading", name="Observability", exact=True)).to_be_visible()
    expect(page.get_by_text("Put someone on the queues").first).to_be_visible()
    shot(page, "lens-combined-result")
    _, text = download_pdf(page, tmp_path)
    for words in ("The ten signs in detail", "Observability", "Team topology", "Put someone on the queues"):
        assert words in text, words
