"""The core journey, in a real browser against the app served by gunicorn.

A team opens the landing page, answers the three steps (making one mistake
on the way), leaves, comes back through its private link in a fresh browser,
sees the result and downloads the PDF. A second test does a short run with
JavaScript switched off.

The helpers (tests/browser/journey.py) find fields the way a person does:
by the words on the screen, read from the questionnaire itself.
"""

from __future__ import annotations

import re
import shutil

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.journey import (
    CONTEXT_LABELS,
    INSTRUMENT,
    NOTE_LABEL,
    SIGNS,
    Autosaves,
    candidate_section,
    expect_candidate,
    field,
    fill_candidate,
    fill_context,
    label,
    press,
    sign_group,
    squash,
    visit,
)

pytestmark = pytest.mark.browser


# The answers of the journey: three "yes" makes a distributed monolith.
SIGN_ANSWERS = {
    "deploy_coupling": "yes",
    "cascading_failure": "partly",
    "call_chains": "no",
    "shared_database": "yes",
    "local_testing": "unsure",
    "breaking_changes": "yes",
}
NOTE_SIGN = "shared_database"
NOTE = "Billing reads the orders table directly."
TEAM = "Checkout platform"
SPLIT = {  # should come out as "Split it out"
    "name": "Billing",
    "domain_split": "domain",
    "owns_data": "yes",
    "deploy_alone": "yes",
    "survives_outages": "yes",
    "reasons": ["independent_scaling"],
}
MODULE = {  # should come out as "Keep it a module"
    "name": "Notifications",
    "domain_split": "layer",
    "owns_data": "shared",
    "deploy_alone": "no",
    "survives_outages": "no",
    "reasons": [],
}


def test_core_journey(live_server, new_context, shot, tmp_path, artifacts):
    context = new_context()
    page = context.new_page()
    autosaves = Autosaves(page)

    # 1. The landing page explains the product in one screen.
    response = visit(page, live_server + "/")
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_contain_text("microservices")
    expect(page.get_by_text("distributed monolith").first).to_be_visible()
    start = page.get_by_role("button", name="Start the check")
    expect(start).to_be_visible()
    viewport_height = page.viewport_size["height"]
    assert start.bounding_box()["y"] + start.bounding_box()["height"] <= viewport_height, (
        "the Start button should be visible without scrolling"
    )
    shot(page, "01-landing")
    press(page, "Start the check")

    # 2. Step 1, "Your system": a wrong number first.
    expect(page).to_have_url(re.compile(r"/assessments/[^/]+/context$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your system")
    progress = page.get_by_role("navigation", name="Questionnaire progress")
    expect(progress).to_contain_text("Step 1 of 3")
    fill_context(page, team=TEAM, engineers="8", teams="1", services="abc", deploys_per_week="2")
    response = press(page, "Save and continue", autosaves)
    assert response.status == 422
    summary = page.get_by_role("alert").filter(has_text="Please check")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # so a screen reader announces it at once
    expect(summary.get_by_role("link")).to_have_count(1)
    expect(summary.get_by_role("link")).to_contain_text(CONTEXT_LABELS["services"])
    expect(page).to_have_title(re.compile(r"^Error"))
    services = field(page, "services")
    expect(services).to_have_attribute("aria-invalid", "true")
    described_by = services.get_attribute("aria-describedby").split()
    error_ids = [i for i in described_by if i.endswith("-error")]
    assert error_ids, "the services field should point to its error message"
    message = page.locator(f"#{error_ids[0]}")
    expect(message).to_be_visible()
    assert message.inner_text().strip(), "the error message is empty"
    # The message sits beside its field: same field block, just above the input.
    same_block = page.locator(".field", has=page.locator(f"#{error_ids[0]}"))
    expect(same_block.get_by_label(CONTEXT_LABELS["services"], exact=True)).to_have_count(1)
    # What was typed is still there, the wrong value included.
    expect(field(page, "team")).to_have_value(TEAM)
    expect(field(page, "engineers")).to_have_value("8")
    expect(field(page, "teams")).to_have_value("1")
    expect(field(page, "services")).to_have_value("abc")
    expect(field(page, "deploys_per_week")).to_have_value("2")
    # The summary link leads to the field.
    summary.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"#services$"))
    shot(page, "02-context-error")

    field(page, "services").fill("12")
    response = press(page, "Save and continue", autosaves)
    assert response.status == 200

    # 3. Step 2, "The six signs".
    expect(page).to_have_url(re.compile(r"/signs$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("The six signs")
    expect(page.get_by_role("navigation", name="Questionnaire progress")).to_contain_text("Step 2 of 3")
    expect(page.get_by_role("radio")).to_have_count(len(SIGNS) * len(INSTRUMENT.options["sign"]))
    for sign in SIGNS:
        group = sign_group(page, sign)
        expect(group).to_be_visible()
        group.get_by_label(label("sign", SIGN_ANSWERS[sign.id]), exact=True).check()
    note_sign = next(s for s in SIGNS if s.id == NOTE_SIGN)
    note_region = page.get_by_role("region", name=note_sign.title)
    note_box = note_region.get_by_label(NOTE_LABEL)
    if not note_box.is_visible():  # the note may be folded away behind "Add a note"
        note_region.get_by_text(re.compile(r"add a note", re.I)).click()
    note_box.fill(NOTE)
    shot(page, "03-signs")

    # Back once: step 1 kept its values.
    press(page, "Back", autosaves)
    expect(page).to_have_url(re.compile(r"/context$"))
    expect(field(page, "team")).to_have_value(TEAM)
    expect(field(page, "engineers")).to_have_value("8")
    expect(field(page, "teams")).to_have_value("1")
    expect(field(page, "services")).to_have_value("12")
    # Kept, though shown back as "2.0" (a float field); the number is what matters here.
    expect(field(page, "deploys_per_week")).to_have_value(re.compile(r"^2(\.0*)?$"))
    # Forward again: step 2 kept its answers and the note.
    press(page, "Save and continue", autosaves)
    expect(page).to_have_url(re.compile(r"/signs$"))
    for sign in SIGNS:
        expect(sign_group(page, sign).get_by_label(label("sign", SIGN_ANSWERS[sign.id]), exact=True)).to_be_checked()
    note_box = page.get_by_role("region", name=note_sign.title).get_by_label(NOTE_LABEL)
    expect(note_box).to_be_visible()  # a note already written is shown, not folded away
    expect(note_box).to_have_value(NOTE)
    press(page, "Save and continue", autosaves)

    # 4. Step 3: two candidates, each added with a page reload.
    expect(page).to_have_url(re.compile(r"/candidates$"))
    expect(page.get_by_role("navigation", name="Questionnaire progress")).to_contain_text("Step 3 of 3")
    expect(page.get_by_role("region", name=re.compile(r"^Candidate "))).to_have_count(0)
    response = press(page, "Add a service to check", autosaves)
    assert response.status == 200
    expect(page).to_have_url(re.compile(r"/candidates#candidate-1$"))
    expect(page.get_by_role("region", name=re.compile(r"^Candidate "))).to_have_count(1)
    fill_candidate(candidate_section(page, 1), SPLIT)
    press(page, "Add another service to check", autosaves)
    expect(page).to_have_url(re.compile(r"/candidates#candidate-2$"))
    expect(page.get_by_role("region", name=re.compile(r"^Candidate "))).to_have_count(2)
    expect(page.get_by_role("heading", name=f"Candidate 1: {SPLIT['name']}")).to_be_visible()
    expect_candidate(candidate_section(page, 1), SPLIT)  # kept across the reload
    second = candidate_section(page, 2)
    expect(second.get_by_label("Service name", exact=True)).to_have_value("")
    # Fill the second one; the last change must reach the server in the background.
    last_change = re.compile(r'name="candidates-1-reasons"\s+none\b')
    with page.expect_response(
        lambda r: Autosaves.is_autosave(r.request) and bool(last_change.search(r.request.post_data or ""))
    ) as saved:
        fill_candidate(second, MODULE)
    assert saved.value.status == 200
    autosaves.settle()
    expect(page.get_by_role("status").filter(has_text="saved")).to_have_text("All changes saved.")
    assert all(status in (200, 422) for status in autosaves.statuses), autosaves.statuses
    shot(page, "04-candidates")

    # 5. Leave, and come back through the private link in a fresh browser.
    resume = page.get_by_role("complementary", name="Come back later")
    expect(resume).to_be_visible()
    resume_url = resume.get_by_role("link").get_attribute("href")
    assert resume_url.startswith(f"{live_server}/r/"), resume_url
    assert resume.get_by_role("link").inner_text().strip() == resume_url
    context.close()

    context = new_context()
    assert context.cookies() == []
    page = context.new_page()
    autosaves = Autosaves(page)
    visit(page, resume_url)
    expect(page).to_have_url(re.compile(r"/assessments/[^/]+/candidates$"))
    expect(page.get_by_role("region", name=re.compile(r"^Candidate "))).to_have_count(2)
    expect_candidate(candidate_section(page, 1), SPLIT)
    expect_candidate(candidate_section(page, 2), MODULE)
    response = press(page, "See the result", autosaves)
    assert response.status == 200

    # 6. The result page.
    expect(page).to_have_url(re.compile(r"/assessments/[^/]+/result$"))  # opens at the top
    shot(page, "05-result-first-screen", full_page=False)  # the README's picture
    # 12 services for 8 engineers in 1 team: the verdict is worded with "too many services".
    verdict = INSTRUMENT.verdicts["distributed_monolith"].flagged["premature_split"]
    expect(page.get_by_role("heading", level=1)).to_have_text(TEAM)
    expect(page.locator(".verdict")).to_have_text(verdict.label)
    expect(page.get_by_text(verdict.headline, exact=True)).to_be_visible()
    assert "than your organisation needs" in verdict.headline

    chart = page.get_by_role("img", name=re.compile(r"six signs", re.I))
    expect(chart).to_have_count(1)
    assert chart.evaluate("el => el.tagName.toLowerCase()") == "svg", "the chart should be inline SVG"
    bars = chart.locator("rect[stroke]")
    expect(bars).to_have_count(len(SIGNS))
    widths = [float(w) for w in bars.evaluate_all("els => els.map(e => e.getAttribute('width'))")]
    by_answer = dict(zip([SIGN_ANSWERS[s.id] for s in SIGNS], widths, strict=True))
    assert by_answer["yes"] > by_answer["partly"] > by_answer["no"], by_answer
    for sign in SIGNS:
        expect(chart.locator("text", has_text=sign.title)).to_have_count(1)

    candidates = page.get_by_role("region", name="Services you might split out")
    split_label = INSTRUMENT.candidate_verdicts["split"].flagged["premature_split"].label
    module_label = INSTRUMENT.candidate_verdicts["keep_module"].label
    expect(candidates.get_by_role("heading", name=f"{SPLIT['name']} {split_label}", exact=True)).to_be_visible()
    expect(candidates.get_by_role("heading", name=f"{MODULE['name']} {module_label}", exact=True)).to_be_visible()

    recommendations = page.get_by_role("region", name=re.compile(r"^Recommendations"))
    items = recommendations.locator(".recommendation")
    count = items.count()
    assert count >= 3, f"expected several recommendations, got {count}"
    titles = []
    for i in range(count):
        item = items.nth(i)
        heading = item.get_by_role("heading", level=4).inner_text().strip()  # under the plan's phases
        number, _, title = heading.partition(". ")
        assert number == str(i + 1), f"recommendation {i + 1} is numbered {heading!r}"
        titles.append(title)
        expect(item.get_by_text(re.compile(r"^Because you answered: .+"))).to_be_visible()
    recs = {r.id: r.title for r in INSTRUMENT.recommendations}
    # A distributed monolith: merging back comes first; modules-for-no-reason last.
    assert titles[0] == recs["merge-what-changes-together"], titles
    assert titles.index(recs["own-your-data"]) < titles.index(recs["keep-it-a-module"]), titles
    assert titles[-1] == recs["keep-it-a-module"], titles
    top = page.locator(".top-actions li")
    expect(top).to_have_count(3)
    for i in range(3):
        expect(top.nth(i)).to_contain_text(titles[i])
    # The note made on step 2 is in the answers appendix.
    expect(page.get_by_text(f"Note: {NOTE}")).to_be_visible()
    shot(page, "05-result")

    # The PDF report.
    link = page.get_by_role("link", name="Download the PDF report")
    expect(link).to_be_visible()
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.failure() is None
    assert download.suggested_filename.endswith(".pdf"), download.suggested_filename
    assert "checkout-platform" in download.suggested_filename
    pdf_path = tmp_path / download.suggested_filename
    download.save_as(pdf_path)
    shutil.copyfile(pdf_path, artifacts / "report.pdf")  # for people to look at (and the README's picture)
    assert pdf_path.read_bytes().startswith(b"%PDF-")
    text = squash(" ".join(p.extract_text() or "" for p in PdfReader(pdf_path).pages))
    assert verdict.label in text
    assert squash(verdict.headline) in text
    assert TEAM in text
    found = [t for t in titles if squash(t) in text]
    assert len(found) >= 2, f"recommendation titles missing from the PDF: {titles}\n{text[:2000]}"
    assert SPLIT["name"] in text and MODULE["name"] in text


def test_short_run_without_javascript(live_server, new_context, shot):
    context = new_context(java_script_enabled=False)
    page = context.new_page()

    visit(page, live_server + "/")
    press(page, "Start the check")
    expect(page).to_have_url(re.compile(r"/context$"))
    fill_context(page, team="No-script team", engineers="6", teams="2", services="3")
    press(page, "Save and continue")

    expect(page).to_have_url(re.compile(r"/signs$"))
    for sign in SIGNS:
        sign_group(page, sign).get_by_label(label("sign", "no"), exact=True).check()
    press(page, "Save and continue")

    # Adding and removing a candidate works by plain form posts.
    expect(page).to_have_url(re.compile(r"/candidates$"))
    press(page, "Add a service to check")
    expect(page.get_by_role("region", name=re.compile(r"^Candidate "))).to_have_count(1)
    press(page, "Remove this candidate")
    expect(page.get_by_role("region", name=re.compile(r"^Candidate "))).to_have_count(0)
    expect(page.get_by_role("status").filter(has_text="Candidate removed.")).to_be_visible()

    response = press(page, "See the result")
    assert response.status == 200
    expect(page).to_have_url(re.compile(r"/result$"))  # at the top, not at "#candidates"
    independent = INSTRUMENT.verdicts["independent"]
    expect(page.get_by_role("heading", level=1)).to_have_text("No-script team")
    expect(page.locator(".verdict")).to_have_text(independent.label)
    expect(page.get_by_text(independent.headline, exact=True)).to_be_visible()
    expect(page.get_by_role("img", name=re.compile(r"six signs", re.I)).locator("rect[stroke]")).to_have_count(
        len(SIGNS)
    )
    expect(page.get_by_role("region", name="Services you might split out")).to_have_count(0)
    recs = {r.id: r.title for r in INSTRUMENT.recommendations}
    expect(
        page.get_by_role("region", name=re.compile(r"^Recommendations")).get_by_role("heading", level=3)
    ).to_have_text([f"1. {recs['protect-independence']}"])
    expect(page.get_by_role("link", name="Download the PDF report")).to_be_visible()
    shot(page, "06-result-no-javascript")
