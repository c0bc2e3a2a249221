"""The API's reference page in a real browser: reached from the footer, checked with axe with its
examples closed and open, and photographed."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import axe
from tests.browser.journey import follow, visit

pytestmark = pytest.mark.browser


def test_the_api_page(live_server, new_context, shot):
    page = new_context().new_page()
    visit(page, live_server + "/")
    follow(page, "API for scripts", scope=page.get_by_role("contentinfo"))
    expect(page.get_by_role("heading", level=1)).to_have_text("The Splitcheck API")
    for heading in ("Scoring", "Evidence", "Clients", "Assessments", "The documents"):
        expect(page.get_by_role("heading", level=2, name=heading, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", level=3, name="Score an answers document")).to_be_visible()
    shot(page, "api-reference-top", full_page=False)

    page.get_by_role("link", name="List the workspace's clients").click()
    example = page.locator("#listClients").locator("xpath=..").locator("details").first
    example.locator("summary").click()
    expect(example.locator("pre")).to_contain_text('"per_page": 50')
    axe.audit(page, "API reference with an example open")
    shot(page, "api-reference-example", full_page=False)
    shot(page, "api-reference")
