"""The pages the main journeys pass by or never reach: information pages,
error pages and empty states, each checked with axe like every other page.

Also a self-test: axe, injected the way the journeys inject it, does report
violations on a page that has them (so "0 violations" means something).
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser import axe
from tests.browser.journey import SIGNS, answer_questionnaire, fill_context, follow, press, visit

pytestmark = pytest.mark.browser


def test_axe_reports_violations_when_there_are_some(live_server, new_context):
    page = new_context().new_page()
    visit(page, live_server + "/")
    page.evaluate("""() => {
        document.documentElement.removeAttribute('lang');
        const img = document.createElement('img');
        img.src = '/static/fonts/DejaVu-LICENSE.txt';
        document.querySelector('main').append(img);
    }""")
    found = {v["id"] for v in axe.violations(page)}
    assert {"html-has-lang", "image-alt"} <= found, found
    page.evaluate("() => document.querySelector('h1').insertAdjacentHTML('afterend', '<h4>Skipped two levels</h4>')")
    assert page.evaluate(axe.HEADINGS) == ['h4 "Skipped two levels" comes after an h1']


def test_information_pages(live_server, new_context, shot):
    page = new_context().new_page()
    visit(page, live_server + "/")
    follow(page, "Accessibility statement", scope=page.get_by_role("contentinfo"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility statement")
    for heading in ("What we aim for", "How it is tested", "Known limits"):
        expect(page.get_by_role("heading", level=2, name=heading)).to_be_visible()
    shot(page, "accessibility-statement")
    follow(page, "How the score works", scope=page.get_by_role("navigation", name="Site"))
    expect(page.get_by_role("heading", level=1)).to_have_text("How the score works")


def test_error_pages(live_server, new_context, shot, tmp_path):
    context = new_context()
    page = context.new_page()

    # Not found: an unknown address, and an assessment nobody has.
    assert visit(page, live_server + "/no-such-page").status == 404
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Go to the start page")).to_be_visible()
    shot(page, "not-found")
    assert visit(page, live_server + "/assessments/not-a-real-id/context").status == 404

    # An import that fails.
    visit(page, live_server + "/")
    bad = tmp_path / "not-an-assessment.json"
    bad.write_text(json.dumps({"hello": "world"}))
    page.get_by_label("Assessment file (JSON)", exact=True).set_input_files(bad)
    assert press(page, "Import").status == 422
    expect(page.get_by_role("heading", level=1)).to_have_text("The file could not be imported")

    # A form posted after the session expired: on the start page, and on a step (answers kept).
    visit(page, live_server + "/")
    context.clear_cookies()
    assert press(page, "Start the check").status == 400
    expect(page.get_by_role("heading", level=1)).to_have_text("This page had expired")
    visit(page, live_server + "/")
    press(page, "Start the check")
    fill_context(page, team="Expired session team", engineers="3", teams="1", services="2")
    context.clear_cookies()
    assert press(page, "Save and continue").status == 400
    expect(page.get_by_role("alert").filter(has_text="open for a long time")).to_be_visible()


def test_conflicting_edits(live_server, new_context):
    context = new_context(java_script_enabled=False)  # no background saves: two plain pages
    first, second = context.new_page(), context.new_page()
    visit(first, live_server + "/")
    press(first, "Start the check")
    visit(second, first.url)
    fill_context(first, team="Saved first", engineers="3", teams="1", services="2")
    press(first, "Save and continue")
    fill_context(second, team="Saved second", engineers="4", teams="1", services="2")
    assert press(second, "Save and continue").status == 409
    expect(second.get_by_role("heading", level=1)).to_have_text(re.compile(r"changed somewhere else"))
    expect(second.get_by_role("table")).to_contain_text("Saved second")


def test_consultant_pages_and_empty_states(live_server, new_context, consultant):
    page = new_context().new_page()
    visit(page, live_server + "/sign-in")
    page.get_by_label("Email address", exact=True).fill(consultant.EMAIL)
    page.get_by_label("Password", exact=True).fill("not the password")
    press(page, "Sign in")
    expect(page.get_by_role("alert")).to_be_visible()

    page = new_context(storage_state=consultant.storage_state).new_page()
    visit(page, live_server + "/clients?q=no+such+client+anywhere")
    expect(page.get_by_text("No client matches.")).to_be_visible()
    follow(page, "Workspace", scope=page.get_by_role("navigation", name="Site"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Workspace")
    visit(page, live_server + "/clients/new")
    page.get_by_label("Company name", exact=True).fill("Soon deleted Ltd")
    press(page, "Add the client")
    follow(page, "Delete this client")
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete Soon deleted Ltd?")


def test_deleting_an_assessment_asks_first(live_server, new_context):
    page = new_context().new_page()
    visit(page, live_server + "/")
    press(page, "Start the check")
    answer_questionnaire(
        page, None, {s.id: "no" for s in SIGNS}, team="Short-lived", engineers="2", teams="1", services="1"
    )
    follow(page, "Delete this assessment")
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete this assessment?")
