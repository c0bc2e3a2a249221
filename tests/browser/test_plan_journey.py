"""The improvement plan, in a real browser against the app served by gunicorn.

A team finishes the check, sets targets and sees the planned score beside today's, turns
recommendations into work (owner, date, done), adds an item of its own, then assesses again
with two signs better: the plan says which items the answers resolved and which one was
marked done although the team still answers "Yes". The PDF carries the roadmap. Without
JavaScript, the plan's buttons still work.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.journey import (
    Autosaves,
    answer_questionnaire,
    download_pdf,
    follow,
    label,
    press,
    sign_by_id,
    sign_group,
    visit,
)

pytestmark = pytest.mark.browser

TEAM = "Payments platform"
SIGNS = {
    "deploy_coupling": "yes",
    "cascading_failure": "no",
    "call_chains": "partly",
    "shared_database": "yes",
    "local_testing": "no",
    "breaking_changes": "no",
}
BETTER = {"shared_database": "no", "call_chains": "no"}  # the reassessment: two signs better
OWN_DATA = "Give every service its own data"  # from shared_database
RELEASE = "Make each service releasable on its own"  # from deploy_coupling, which stays "Yes"
EVENTS = "Replace long call chains with events"  # from call_chains


def for_item(words: str, title: str) -> re.Pattern:
    """A button of one item: "Mark done", then the item's title (read out, not shown)."""
    return re.compile(rf"^{words}\W*{re.escape(title)}$")


def item(page, title: str):
    return page.locator("li.plan-item").filter(has=page.get_by_role("heading", name=title, exact=True))


def test_plan_from_targets_to_proof(live_server, new_context, shot, tmp_path):
    page = new_context().new_page()
    autosaves = Autosaves(page)
    visit(page, live_server + "/")
    press(page, "Start the check")
    answer_questionnaire(page, autosaves, SIGNS, team=TEAM, engineers="20", teams="4", services="10")
    result_url = page.url

    # 1. From the result to the plan: every recommendation is an item.
    follow(page, "Make a plan")
    expect(page).to_have_url(re.compile(r"/assessments/[^/]+/plan$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Improvement plan for {TEAM}")
    for title in (OWN_DATA, RELEASE, EVENTS):
        expect(item(page, title)).to_have_count(1)
    scores = page.get_by_role("region", name="Coupling score: today and planned")
    today = int(scores.locator("dd").first.locator("strong").inner_text())
    expect(scores).to_contain_text("Set targets below to see it")
    shot(page, "plan-new")

    # 2. Targets: "Services share a database" and "Deploys go together" to "No".
    for sign_id in ("shared_database", "deploy_coupling"):
        title = sign_by_id(sign_id).title
        page.get_by_label(f"Target for {title}", exact=True).select_option("no")
        page.get_by_label(f"By when, for {title}", exact=True).select_option(index=2)
    press(page, "Save the targets")
    planned = int(scores.locator("dd").nth(1).locator("strong").inner_text())
    assert planned < today, (planned, today)

    # 3. Work: an owner and a date, two items done, one of the team's own.
    own_data = item(page, OWN_DATA)
    own_data.get_by_text("Change owner, date, status or note").click()
    own_data.get_by_label("Owner", exact=True).fill("Priya <b>(data)</b>")
    own_data.get_by_label("Due date", exact=True).fill((date.today() + timedelta(days=60)).isoformat())
    press(page, "Save this item", scope=own_data)
    expect(item(page, OWN_DATA)).to_contain_text("Owner: Priya <b>(data)</b>")  # shown as text
    press(page, for_item("Mark done", OWN_DATA))
    press(page, for_item("Mark done", RELEASE))
    add = page.get_by_role("region", name="Add an item of your own")
    add.get_by_label("What to do", exact=True).fill("Write down who owns each table")
    press(page, "Add to the plan", scope=add)
    expect(item(page, "Write down who owns each table")).to_contain_text("The team's own item")
    shot(page, "plan-working")

    # 4. Assess again: two signs better, "Deploys go together" still "Yes".
    visit(page, result_url)
    press(page, "Assess again")
    press(page, "Save and continue", autosaves)
    for sign_id, answer in BETTER.items():
        sign_group(page, sign_by_id(sign_id)).get_by_label(label("sign", answer), exact=True).check()
    press(page, "Save and continue", autosaves)
    press(page, "See the result", autosaves)
    follow(page, "Make a plan")

    # 5. What the answers prove.
    expect(item(page, OWN_DATA)).to_contain_text("Resolved by the answers: the team no longer answers")
    expect(item(page, EVENTS)).to_contain_text("Resolved by the answers: the team no longer answers")
    flagged = item(page, RELEASE)
    expect(flagged).to_contain_text("Check this:")
    expect(flagged).to_contain_text("Marked done, but the team still answers Yes")
    expect(item(page, "Write down who owns each table")).to_have_count(1)  # the plan carried over
    shot(page, "plan-proven")

    # 6. The PDF carries the roadmap.
    follow(page, "Back to the result")
    _, text = download_pdf(page, tmp_path)
    assert "Roadmap" in text, text[:2000]
    assert re.search(r"Plan: \d+ items?, \d+ done", text), text[:2000]


def test_plan_without_javascript(live_server, new_context):
    page = new_context(java_script_enabled=False).new_page()
    autosaves = Autosaves(page)
    visit(page, live_server + "/")
    press(page, "Start the check")
    answer_questionnaire(page, autosaves, SIGNS, team=TEAM, engineers="20", teams="4", services="10")
    follow(page, "Make a plan")
    press(page, for_item("Mark done", OWN_DATA))
    expect(item(page, OWN_DATA).locator(".badge").first).to_have_text("Done")
    press(page, for_item("Move down", OWN_DATA))
    expect(page.locator("li.plan-item h3").nth(1)).to_have_text(OWN_DATA)
