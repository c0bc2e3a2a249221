"""Sharing the report with leadership, in a real browser against gunicorn.

The team lead finishes a short questionnaire, makes a read-only share link
"for the CTO" and opens it in a fresh browser (the CTO's): the report and its
PDF, and nothing that edits. The lead sees the view counted, withdraws the
link, and the CTO's next reload says the link is gone (410). Then the lead
assesses again with one thing better and sees what changed, shares that result
"for the board", and changes an answer back: the board's page keeps the answers
as submitted, with their date, until the lead shows the latest answers on it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from tests.browser.journey import (
    INSTRUMENT,
    MOBILE,
    Autosaves,
    answer_questionnaire,
    download_pdf,
    field,
    follow,
    horizontal_overflow,
    hrefs,
    label,
    new_link,
    press,
    reload,
    sign_by_id,
    sign_group,
    squash,
    visit,
)

pytestmark = pytest.mark.browser

TEAM = "Payments platform"
SIGN_ANSWERS = {  # a distributed monolith (coupling score 58)
    "deploy_coupling": "yes",
    "cascading_failure": "partly",
    "call_chains": "no",
    "shared_database": "yes",
    "local_testing": "no",
    "breaking_changes": "yes",
}
BETTER_SIGN, BETTER_ANSWER = "shared_database", "no"  # assessed again: at risk (42)
LABEL = "for the CTO"
BOARD = "for the board"
SEVEN_DAYS = "7 days"


def test_share_with_leadership(live_server, new_context, shot, tmp_path):
    lead = new_context()
    page = lead.new_page()
    autosaves = Autosaves(page)
    verdict = INSTRUMENT.verdicts["distributed_monolith"]

    # The lead answers a short questionnaire.
    visit(page, live_server + "/")
    press(page, "Start the check")
    answer_questionnaire(page, autosaves, SIGN_ANSWERS, team=TEAM, engineers="8", teams="2", services="6")
    expect(page.get_by_role("heading", level=1)).to_have_text(TEAM)
    expect(page.locator(".verdict")).to_have_text(verdict.label)
    result_url = page.url

    # "Share with leadership": a link for the CTO, valid 7 days.
    follow(page, "Share with leadership")
    expect(page).to_have_url(re.compile(r"/assessments/[^/]+/share$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Share the report with leadership")
    expect(page.get_by_text("No links yet.")).to_be_visible()
    page.get_by_label("Who is it for? (optional)", exact=True).fill(LABEL)
    expiry = page.get_by_role("group", name="The link stops working after")
    expect(expiry.get_by_label("30 days", exact=True)).to_be_checked()  # the default
    expiry.get_by_label(SEVEN_DAYS, exact=True).check()
    response = press(page, "Create a link")
    assert response.status == 200
    share_url = new_link(page, "Your new link")
    assert re.fullmatch(rf"{re.escape(live_server)}/s/[A-Za-z0-9_-]{{20,}}", share_url), share_url
    links = page.locator(".share-links > li")
    expect(links).to_have_count(1)
    expect(links.first).to_contain_text(LABEL)
    expect(links.first).to_contain_text("Active")
    expect(links.first).to_contain_text("Expires")
    expect(links.first).to_contain_text("0 views")
    shot(page, "share-manage")
    manage_url = page.url

    # The CTO opens it in a fresh browser: the report, read-only.
    cto = new_context()
    assert cto.cookies() == []
    shared = cto.new_page()
    response = visit(shared, share_url)
    assert response.status == 200
    assert response.headers.get("referrer-policy") == "no-referrer"
    assert "noindex" in response.headers.get("x-robots-tag", "")
    expect(shared.get_by_role("heading", level=1)).to_have_text(TEAM)
    expect(shared.locator(".verdict")).to_have_text(verdict.label)
    expect(shared.get_by_text(verdict.headline, exact=True)).to_be_visible()
    expect(shared.get_by_text(re.compile(r"read-only copy"))).to_be_visible()
    leaks = [h for h in hrefs(shared) if "/assessments/" in h or "/r/" in h]
    assert not leaks, f"the shared report links to editing or resuming: {leaks}"
    for name in ("Share with leadership", "Change answers"):
        expect(shared.get_by_role("link", name=name)).to_have_count(0)
    expect(shared.get_by_role("button", name="Assess again")).to_have_count(0)
    expect(shared.get_by_role("complementary", name="Keep this result")).to_have_count(0)
    assert cto.cookies() == [], "reading a shared report should leave no cookie behind"
    shot(shared, "share-page")
    filename, text = download_pdf(shared, tmp_path)
    assert "payments-platform" in filename, filename
    assert verdict.label in text and squash(verdict.headline) in text
    assert TEAM in text

    # The same report on a phone (another view of the link).
    phone = new_context(**MOBILE).new_page()
    assert visit(phone, share_url).status == 200
    expect(phone.get_by_role("link", name="Download the PDF report")).to_be_visible()
    shot(phone, "share-page-mobile")
    overflow = {"share-page-mobile": horizontal_overflow(phone)}

    # Back as the lead: the link is listed with its label and the views.
    response = visit(page, manage_url)
    link_item = page.locator(".share-links > li").filter(has_text=LABEL)
    expect(link_item).to_have_count(1)
    expect(link_item).to_contain_text(re.compile(r"\b[1-9]\d* views?\b"))
    expect(link_item).to_contain_text("last on")
    expect(page.get_by_text(share_url)).to_have_count(0)  # shown once, never again
    manage_phone = new_context(storage_state=lead.storage_state(), **MOBILE).new_page()
    visit(manage_phone, manage_url)
    expect(manage_phone.get_by_role("button", name=re.compile(r"^Withdraw"))).to_be_visible()
    shot(manage_phone, "share-manage-mobile")
    overflow["share-manage-mobile"] = horizontal_overflow(manage_phone)

    # Withdraw it.
    press(page, re.compile(r"^Withdraw"), scope=link_item)
    expect(page.get_by_role("status").filter(has_text="The link was withdrawn")).to_be_visible()
    expect(link_item).to_contain_text("Withdrawn")
    expect(link_item.get_by_role("button")).to_have_count(0)

    # The CTO reloads: gone.
    response = reload(shared)
    assert response.status == 410
    expect(shared.get_by_role("heading", level=1)).to_have_text("This link is no longer valid")
    expect(shared.get_by_text(TEAM)).to_have_count(0)
    assert cto.request.get(share_url + "/report.pdf").status == 410
    shot(shared, "share-gone")

    # Assess again, one thing better: the new result says what changed.
    visit(page, result_url)
    press(page, "Assess again")
    expect(page).to_have_url(re.compile(r"/assessments/[^/]+/context$"))
    assert page.url.split("/")[-2] != result_url.split("/")[-2], "assessing again should start a new assessment"
    expect(field(page, "team")).to_have_value(TEAM)
    press(page, "Save and continue", autosaves)
    better = sign_by_id(BETTER_SIGN)
    for sign_id, answer in SIGN_ANSWERS.items():  # last time's answers are already there
        expect(sign_group(page, sign_by_id(sign_id)).get_by_label(label("sign", answer), exact=True)).to_be_checked()
    sign_group(page, better).get_by_label(label("sign", BETTER_ANSWER), exact=True).check()
    press(page, "Save and continue", autosaves)
    press(page, "See the result", autosaves)
    expect(page).to_have_url(re.compile(r"/assessments/[^/]+/result$"))
    at_risk = INSTRUMENT.verdicts["at_risk"]
    expect(page.locator(".verdict")).to_have_text(at_risk.label)
    trend = page.get_by_role("region", name=re.compile(r"^What changed since "))
    expect(trend).to_be_visible()
    expect(trend).to_contain_text(f"Verdict: {verdict.label} → {at_risk.label}")
    expect(trend).to_contain_text("points better")
    change = trend.get_by_role("listitem").filter(has_text=better.title)
    expect(change).to_have_text(
        f"{better.title}: {label('sign', SIGN_ANSWERS[BETTER_SIGN])} → {label('sign', BETTER_ANSWER)} (better)"
    )
    history = page.get_by_role("region", name="Progress over time")
    expect(history.get_by_role("listitem")).to_have_count(2)
    shot(page, "trend")

    # The lead shares the new result "for the board"; the board sees it as submitted today.
    today = f"Answers as submitted on {datetime.now(UTC):%-d %B %Y}"
    new_result_url = page.url
    follow(page, "Share with leadership")
    page.get_by_label("Who is it for? (optional)", exact=True).fill(BOARD)
    press(page, "Create a link")
    board_url = new_link(page, "Your new link")
    board = new_context().new_page()
    assert visit(board, board_url).status == 200
    expect(board.locator(".verdict")).to_have_text(at_risk.label)
    expect(board.locator(".report-kicker")).to_have_text(f"Splitcheck report · {today}")

    # The lead changes an answer back; the change is saved at once, but the board's page does not move.
    visit(page, new_result_url)
    follow(page, "Change answers")
    press(page, "Save and continue", autosaves)
    sign_group(page, better).get_by_label(label("sign", SIGN_ANSWERS[BETTER_SIGN]), exact=True).check()
    autosaves.settle()
    assert autosaves.statuses and set(autosaves.statuses) == {200}, autosaves.statuses
    reload(board)
    expect(board.locator(".verdict")).to_have_text(at_risk.label)
    expect(board.locator(".report-kicker")).to_have_text(f"Splitcheck report · {today}")
    shot(board, "share-snapshot-while-editing")
    press(page, "Save and continue", autosaves)
    press(page, "See the result", autosaves)
    expect(page.locator(".verdict")).to_have_text(verdict.label)
    reload(board)
    expect(board.locator(".verdict")).to_have_text(at_risk.label)
    _, text = download_pdf(board, tmp_path)
    assert today in text and f"verdict {verdict.label} → {at_risk.label}" in text  # page 1's trend line

    # The share page says the link shows older answers; the lead shows the latest on it.
    follow(page, "Share with leadership")
    board_item = page.locator(".share-links > li").filter(has_text=BOARD)
    expect(board_item).to_contain_text("Your answers have changed since")
    shot(page, "share-manage-newer")
    press(page, f"Show the latest answers on the link {BOARD}", scope=board_item)
    expect(page.get_by_role("status").filter(has_text="The link now shows your latest answers")).to_be_visible()
    expect(board_item).not_to_contain_text("Your answers have changed since")
    reload(board)
    expect(board.locator(".verdict")).to_have_text(verdict.label)
    expect(board.locator(".report-kicker")).to_have_text(f"Splitcheck report · {today}")
    _, text = download_pdf(board, tmp_path)
    assert today in text and f"verdict {verdict.label} → {verdict.label}" in text

    wide = {name: px for name, px in overflow.items() if px > 0}
    assert not wide, f"pages scroll sideways on a 390 px wide phone (px too wide): {wide}"
