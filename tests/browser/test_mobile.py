"""The key pages on a phone (390 × 844), with long names where people type them.

For each page (tests/browser/mobile.py): no sideways scrolling, text
readable without zooming, tap targets at least 44 px high. Every problem on
every page is listed together at the end. Each page is also saved as a
screenshot (tests/artifacts/*-mobile.png) for people to look at, and checked
with axe at this size.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import audit
from tests.browser.journey import (
    MOBILE,
    SIGNS,
    Autosaves,
    candidate_section,
    fill_candidate,
    fill_context,
    follow,
    label,
    new_link,
    press,
    sign_group,
    visit,
)
from tests.browser.mobile import phone_problems

pytestmark = pytest.mark.browser

TEAM = "Customer-facing checkout, payments and fulfilment platform (EU region)"
CANDIDATE = {
    "name": "NotificationsAndEmailDeliveryServiceVersion2",
    "domain_split": "layer",
    "owns_data": "shared",
    "deploy_alone": "no",
    "survives_outages": "unsure",
    "reasons": ["team_independence"],
}
ANSWERS = {
    "deploy_coupling": "yes",
    "cascading_failure": "yes",
    "call_chains": "unsure",
    "shared_database": "partly",
    "local_testing": "yes",
    "breaking_changes": "no",
}
CLIENT = "Initech International Holdings — platform and infrastructure group"


def test_key_pages_on_a_phone(live_server, new_context, consultant, shot):
    page = new_context(**MOBILE).new_page()
    autosaves = Autosaves(page)
    problems: dict[str, list[str]] = {}

    def check(name: str) -> None:
        audit(page)  # at this size too (it knows the pages it has seen)
        shot(page, name)
        found = phone_problems(page)
        if found:
            problems[name] = found

    visit(page, live_server + "/")
    check("01-landing-mobile")
    press(page, "Start the check")
    fill_context(page, team=TEAM, engineers="40", teams="6", services="fifty")
    assert press(page, "Save and continue", autosaves).status == 422
    check("02-context-error-mobile")
    fill_context(page, services="50")
    press(page, "Save and continue", autosaves)

    expect(page).to_have_url(re.compile(r"/signs$"))
    for sign in SIGNS:
        sign_group(page, sign).get_by_label(label("sign", ANSWERS[sign.id]), exact=True).check()
    page.get_by_role("region", name=SIGNS[0].title).get_by_text(re.compile(r"add a note", re.I)).click()
    check("03-signs-mobile")
    press(page, "Save and continue", autosaves)

    press(page, "Add a service to check", autosaves)
    fill_candidate(candidate_section(page, 1), CANDIDATE)
    check("04-candidates-mobile")
    press(page, "See the result", autosaves)
    expect(page).to_have_url(re.compile(r"/result$"))
    check("05-result-mobile")
    result_url = page.url

    # The improvement plan: targets, an item opened for editing with a long owner, the roadmap.
    follow(page, "Make a plan")
    check("plan-new-mobile")
    title = SIGNS[0].title
    page.get_by_label(f"Target for {title}", exact=True).select_option("no")
    page.get_by_label(f"By when, for {title}", exact=True).select_option(index=2)
    press(page, "Save the targets")
    first = page.locator("li.plan-item").first
    first.get_by_text("Change owner, date, status or note").click()
    first.get_by_label("Owner", exact=True).fill("Platform-infrastructure-and-developer-experience-team")
    press(page, "Save this item", scope=first)
    page.locator("li.plan-item").first.get_by_text("Change owner, date, status or note").click()
    check("plan-working-mobile")
    visit(page, result_url)
    expect(page.locator("#roadmap")).to_be_visible()
    check("result-roadmap-mobile")

    follow(page, "Share with leadership")
    check("share-manage-empty-mobile")
    page.get_by_label("Who is it for? (optional)", exact=True).fill("for the VP of Engineering and the CFO")
    press(page, "Create a link")
    share_url = new_link(page, "Your new link")
    check("share-manage-mobile")
    visit(page, share_url)
    check("share-page-mobile")

    page = new_context(storage_state=consultant.storage_state, **MOBILE).new_page()
    visit(page, live_server + "/clients/new")
    page.get_by_label("Company name", exact=True).fill(CLIENT)
    press(page, "Add the client")
    check("client-mobile")
    follow(page, "Clients", scope=page.get_by_role("navigation", name="Site"))
    expect(page.get_by_role("link", name=CLIENT, exact=True)).to_be_visible()
    check("dashboard-long-name-mobile")

    report = "\n\n".join(f"{name}:\n" + "\n".join(found) for name, found in problems.items())
    assert not problems, f"pages that don't suit a {MOBILE['viewport']['width']} px wide phone:\n{report}"
