"""Sharing and client intake with JavaScript switched off, end to end.

(The questionnaire itself without JavaScript is test_core_journey's second
test.) Everything here is plain links and form posts; axe checks each page
(run through the DevTools protocol, see axe.py).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.journey import INSTRUMENT, answer_questionnaire, follow, new_link, press, reload, visit

pytestmark = pytest.mark.browser

NO_JS = {"java_script_enabled": False}
SIGNS_AT_RISK = {
    "deploy_coupling": "partly",
    "cascading_failure": "no",
    "call_chains": "no",
    "shared_database": "yes",
    "local_testing": "no",
    "breaking_changes": "no",
}
CLIENT = "Globex Logistics, a client with a rather long company name that must still fit on a phone"


def test_share_flow_without_javascript(live_server, new_context):
    page = new_context(**NO_JS).new_page()
    visit(page, live_server + "/")
    press(page, "Start the check")
    answer_questionnaire(page, None, SIGNS_AT_RISK, team="Plain HTML team", engineers="5", teams="1", services="2")
    expect(page.locator(".verdict")).to_have_text(INSTRUMENT.verdicts["at_risk"].label)

    # An empty list of links, then a link made with plain form posts.
    follow(page, "Share with leadership")
    expect(page.get_by_text("No links yet.")).to_be_visible()
    page.get_by_label("Who is it for? (optional)", exact=True).fill("for the board")
    page.get_by_role("group", name="The link stops working after").get_by_label("7 days", exact=True).check()
    assert press(page, "Create a link").status == 200
    share_url = new_link(page, "Your new link")
    expect(page.get_by_role("button", name="Copy link")).to_be_hidden()  # the field is there to copy from

    # Someone else opens it, also without JavaScript.
    reader = new_context(**NO_JS).new_page()
    assert visit(reader, share_url).status == 200
    expect(reader.get_by_role("heading", level=1)).to_have_text("Plain HTML team")
    expect(reader.get_by_role("link", name="Download the PDF report")).to_be_visible()

    # The link gets a new address, after a page that says the old one stops working.
    item = page.locator(".share-links > li").filter(has_text="for the board")
    follow(page, re.compile(r"^Make a new address"), scope=item)
    expect(page.get_by_role("heading", level=1)).to_have_text("Make a new address for the link for the board?")
    press(page, "Make a new address")
    new_url = new_link(page, "Your new link")
    assert new_url != share_url
    expect(item).to_contain_text("1 view")  # the same link, with its views
    assert reload(reader).status == 404
    assert visit(reader, new_url).status == 200

    # Withdraw it: the reader's next visit gets the "gone" page.
    press(page, re.compile(r"^Withdraw"), scope=item)
    expect(page.get_by_role("status").filter(has_text="withdrawn")).to_be_visible()
    expect(item).to_contain_text("Withdrawn")
    assert reload(reader).status == 410
    expect(reader.get_by_role("heading", level=1)).to_have_text("This link is no longer valid")


def test_intake_without_javascript(live_server, new_context, consultant):
    # The consultant adds a client, with JavaScript off.
    desk = new_context(storage_state=consultant.storage_state, **NO_JS).new_page()
    visit(desk, live_server + "/clients")
    follow(desk, "Add a client")
    assert press(desk, "Add the client").status == 422  # the name is required
    expect(desk.locator("#error-summary")).to_contain_text("Company name")
    desk.get_by_label("Company name", exact=True).fill(CLIENT)
    press(desk, "Add the client")
    intake_url = new_link(desk, "The intake link to send")
    client_url = desk.url

    # A respondent answers, with JavaScript off; the radio group is required.
    page = new_context(**NO_JS).new_page()
    assert visit(page, intake_url).status == 200
    page.get_by_label("Your name", exact=True).fill("Sam")
    page.get_by_label("Your role", exact=True).fill("Site reliability engineer")
    assert press(page, "Start answering").status == 422
    timeline = page.get_by_role("group", name="When do you need it?")
    expect(timeline).to_have_attribute("aria-describedby", re.compile(r"-error$"))
    timeline.get_by_label("This year", exact=True).check()
    press(page, "Start answering")
    answer_questionnaire(page, None, SIGNS_AT_RISK, engineers="12", teams="2", services="7")
    expect(page.get_by_role("heading", level=1)).to_have_text(CLIENT)

    # The consultant sees the answer, then closes the link; a newcomer is told so.
    visit(desk, client_url)
    people = desk.get_by_role("region", name="Respondents").get_by_role("listitem")
    expect(people).to_have_count(1)
    expect(people.first).to_contain_text("Sam, Site reliability engineer")
    press(desk, "Close the link")
    expect(desk.get_by_text("The intake link is closed")).to_be_visible()
    newcomer = new_context(**NO_JS).new_page()
    visit(newcomer, intake_url)
    expect(newcomer.get_by_role("heading", level=1)).to_have_text("This intake link is closed")
