"""The whole questionnaire with the keyboard alone: Tab and Shift+Tab, arrow
keys in radio groups, Space for checkboxes and Enter on buttons and links.

Every Tab is checked (tests/browser/keyboard.py): the focus goes to the next
control in reading order, never jumps back up the page, is scrolled into view
and visibly marked. The journey starts with the skip link, makes a mistake on
step 1 and follows the error summary back to the field, opens a folded note,
adds a candidate, and reads the result.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.german import de
from tests.browser.journey import CONTEXT_LABELS, INSTRUMENT, SIGNS, Autosaves, label, visit
from tests.browser.keyboard import Keyboard

pytestmark = pytest.mark.browser

TEAM = "Keyboard team"
SIGN_ANSWERS = {
    "deploy_coupling": "yes",
    "cascading_failure": "no",
    "call_chains": "partly",
    "shared_database": "yes",
    "local_testing": "unsure",
    "breaking_changes": "yes",
}
NOTE_SIGN, NOTE = "local_testing", "Nobody has tried running one service alone."
CANDIDATE = {
    "name": "Search",
    "domain_split": "domain",
    "owns_data": "yes",
    "deploy_alone": "no",
    "survives_outages": "yes",
    "reasons": ["independent_scaling"],
}
# The header ends with the switch to the other language.
HEADER = ["Skip to content", "Splitcheck", "How the score works", "Consultants: sign in", "Deutsch"]


def test_questionnaire_with_the_keyboard_only(live_server, new_context):
    page = new_context().new_page()
    autosaves = Autosaves(page)
    keys = Keyboard(page)

    # The landing page: skip link first, then the header, then the page in reading order, then back.
    visit(page, live_server + "/")
    stops = keys.tab_to_end()
    names = [s["name"] for s in stops]
    assert names[: len(HEADER)] == HEADER, names
    assert names[len(HEADER)] == "Start the check", names
    assert names[-1] == "Accessibility statement", names
    for expected in reversed(stops[:-1]):
        assert keys.tab(back=True)["key"] == expected["key"]
    page.keyboard.press("Enter")  # the skip link, reached again with Shift+Tab
    assert page.evaluate("document.activeElement.id") == "main"
    assert keys.tab()["name"] == "Start the check"
    keys.activate()

    # Step 1, with a wrong number; Enter in a text field submits the step.
    expect(page).to_have_url(re.compile(r"/context$"))
    keys.skip_to_content()
    for key, value in (
        ("team", TEAM),
        ("engineers", "8"),
        ("teams", "1"),
        ("services", "many"),
        ("deploys_per_week", "3"),
    ):
        assert keys.tab()["name"] == CONTEXT_LABELS[key]
        keys.type(value)
    autosaves.settle()
    assert keys.activate().status == 422
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()  # the summary takes the focus, so it is read out first
    link = keys.tab()
    assert link["tag"] == "a" and link["name"].startswith(CONTEXT_LABELS["services"]), link
    page.keyboard.press("Enter")  # the summary's link leads to the field itself
    expect(page.get_by_label(CONTEXT_LABELS["services"], exact=True)).to_be_focused()
    keys.type("12")
    autosaves.settle()
    keys.activate()

    # Step 2: one radio group per sign, answered with the arrow keys; one note opened with Enter.
    expect(page).to_have_url(re.compile(r"/signs$"))
    keys.skip_to_content()
    assert [keys.tab()["name"] for _ in range(2)] == ["Your system", "Import evidence"]  # step 1 done
    for sign in SIGNS:
        first = keys.tab()
        assert first["key"] == f"radio:{sign.id}", f"expected the radio group of {sign.title}, got {first}"
        keys.choose(label("sign", SIGN_ANSWERS[sign.id]))
        fold = keys.tab()
        assert fold["tag"] == "summary", fold
        if sign.id == NOTE_SIGN:
            page.keyboard.press("Enter")
            note = keys.tab()
            assert note["tag"] == "textarea", note
            page.keyboard.type(NOTE)
    assert keys.tab()["name"] == "Back"
    assert keys.tab()["name"] == "Save and continue"
    autosaves.settle()
    keys.activate()

    # Step 3: add a candidate with Enter, answer with arrows and Space.
    expect(page).to_have_url(re.compile(r"/candidates$"))
    keys.skip_to_content()
    assert [keys.tab()["name"] for _ in range(2)] == ["Your system", "The six signs"]  # steps done
    keys.tab_to("Add a service to check")
    autosaves.settle()
    keys.activate()
    expect(page).to_have_url(re.compile(r"/candidates#candidate-1$"))
    assert keys.tab()["name"] == "Service name"  # Tab starts at the new candidate
    keys.type(CANDIDATE["name"])
    for question in ("domain_split", "owns_data", "deploy_alone", "survives_outages"):
        assert keys.tab()["type"] == "radio"
        keys.choose(label(question, CANDIDATE[question]))
    reasons = {label("reasons", r) for r in CANDIDATE["reasons"]}
    while (box := keys.tab())["type"] == "checkbox":
        if box["name"] in reasons:
            page.keyboard.press("Space")
            reasons.discard(box["name"])
    assert not reasons, f"reasons not offered: {reasons}"
    assert box["name"].startswith("Remove"), box
    keys.tab_to("See the result")
    autosaves.settle()
    assert keys.activate().status == 200

    # The result: what was chosen with the keyboard, and a keyboard path through the page.
    expect(page).to_have_url(re.compile(r"/result$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TEAM)
    expect(page.locator(".verdict")).to_have_text(INSTRUMENT.verdicts["distributed_monolith"].label)
    expect(page.get_by_text(f"Note: {NOTE}")).to_be_visible()
    split = page.get_by_role("region", name="Services you might split out")
    expect(split.get_by_role("heading", name=re.compile(rf"^{CANDIDATE['name']} "))).to_be_visible()
    appendix = page.get_by_role("region", name="Appendix: every answer")
    expect(appendix).to_contain_text(label("reasons", "independent_scaling"))
    keys.skip_to_content()
    names = [s["name"] for s in keys.tab_to_end()]
    assert names[:3] == ["Download the PDF report", "Share with leadership", "Change answers"], names
    assert names[-1] == "Accessibility statement", names


def test_the_language_switch_with_the_keyboard(live_server, new_context):
    """A German browser gets the page in German; the switch is the header's last stop, visibly
    focused, and Enter on it gives the same page in English, with the way back in the same place."""
    page = new_context(locale="de-DE").new_page()
    keys = Keyboard(page)
    visit(page, live_server + "/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    header = [de("Skip to content"), "Splitcheck", de("How the score works"), de("Consultants: sign in"), "English"]
    assert [keys.tab()["name"] for _ in header] == header
    switch = page.get_by_role("link", name="English", exact=True)
    expect(switch).to_be_focused()
    expect(switch).to_have_attribute("lang", "en")
    keys.activate()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert [keys.tab()["name"] for _ in HEADER] == HEADER
    expect(page.get_by_role("link", name="Deutsch", exact=True)).to_have_attribute("lang", "de")
