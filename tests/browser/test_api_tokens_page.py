"""The workspace owner's API tokens page in a real browser against gunicorn: a token refused
without what it may do, made, copied with the Copy token button, used by a script, shown as used,
and revoked. Every page is checked with axe."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.browser.journey import copy_link, follow, new_link, press, reload, visit

pytestmark = pytest.mark.browser

NAME = "Weekly portfolio report"


def api_status(live_server: str, token: str) -> tuple[int, dict]:
    request = urllib.request.Request(live_server + "/api/v1/clients", headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as refused:
        return refused.code, json.load(refused)


def test_an_owner_makes_copies_and_revokes_a_token(live_server, new_context, consultant, shot):
    context = new_context(storage_state=consultant.storage_state)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    page = context.new_page()
    visit(page, live_server + "/workspace")
    follow(page, "make and revoke API tokens")
    expect(page.get_by_role("heading", level=1)).to_have_text("API tokens")

    # Nothing ticked: refused, with the name kept as typed.
    page.get_by_label("Token name", exact=True).fill(NAME)
    assert press(page, "Make the token").status == 422
    expect(page.get_by_role("alert")).to_contain_text("Choose at least one thing this token may do.")
    expect(page.get_by_label("Token name", exact=True)).to_have_value(NAME)

    page.get_by_role("group", name="What it may do").get_by_role("checkbox", name=re.compile(r"^Read clients")).check()
    press(page, "Make the token")
    token = new_link(page, "Your new token")
    assert re.fullmatch(r"sc_[A-Za-z0-9_-]{32}", token)
    assert copy_link(page, "Your new token", button="Copy token") == token
    shot(page, "api-token-made")

    status, body = api_status(live_server, token)
    assert status == 200 and "clients" in body
    reload(page)
    expect(page.get_by_role("region", name="Your new token")).to_have_count(0)  # shown once
    row = page.get_by_role("row", name=re.compile(NAME))
    expect(row).to_contain_text("Read clients")
    expect(row).to_contain_text("UTC")  # last used just now
    expect(row).not_to_contain_text("Never used")

    press(page, f"Revoke “{NAME}”")
    expect(page.get_by_role("status").filter(has_text="is revoked")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(NAME))).to_contain_text("Revoked")
    shot(page, "api-token-revoked")
    assert api_status(live_server, token)[0] == 401
