"""The main journeys in German, in a real browser: German is about a third longer than English,
so every page is checked with axe, for sideways scrolling, text size and tap targets on a phone
(tests/browser/mobile.py), and saved as a screenshot (tests/artifacts/de-*.png) for people to
look at. Buttons and fields are found by their German names, read from the catalogue
(tests/browser/german.py), or by their names in the form where the page is not translated yet.

* A team with a German browser, on a phone: evidence imported on the signs step, the result,
  the improvement plan and a share link, and the shared report as leadership opens it.
* A consultant's German client, at a desk: two people answer the intake in German (their
  browsers prefer English), disagree on one sign, and the consultant reads the client page,
  the combined report and the dashboard in German; each of those on a phone too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import audit
from tests.browser.german import INSTRUMENT_DE, de, label
from tests.browser.journey import MOBILE, Autosaves, follow, new_link, press, visit
from tests.browser.mobile import phone_problems

pytestmark = pytest.mark.browser

SOCKSHOP = Path(__file__).resolve().parents[1] / "fixtures" / "sockshop" / "docker-compose.yml"
TEAM = "Auftragsabwicklung, Lagerverwaltung und Versandlogistik (Region DACH)"
ANSWERS = {
    "deploy_coupling": "yes",
    "cascading_failure": "partly",
    "call_chains": "no",
    "shared_database": "yes",
    "local_testing": "unsure",
    "breaking_changes": "no",
}
ACCEPT = "call_chains"  # the sign whose suggestion from the files the team uses
CLIENT = "Bergmann Versandhandel GmbH & Co. KG, Plattform- und Infrastrukturabteilung"
DISPUTED = "shared_database"
VERDICTS_DE = re.compile("|".join(f"^{re.escape(v.label)}$" for v in INSTRUMENT_DE.verdicts.values()))
RESPONDENTS = [("Jonas", "Teamleiter Plattform", "yes"), ("Aylin", "Backend-Entwicklerin", "no")]


class Pages:
    """Checks each page it is shown (axe, a screenshot, and on a phone its layout); the layout
    problems of every page are reported together at the end."""

    def __init__(self, shot):
        self.shot = shot
        self.problems: dict[str, list[str]] = {}

    def check(self, page: Page, name: str) -> None:
        expect(page.locator("html")).to_have_attribute("lang", "de")
        expect(page.get_by_role("link", name="English", exact=True)).to_be_visible()  # the way back
        audit(page)
        self.shot(page, name)
        if page.viewport_size["width"] < 600:
            # Known, and the same in English: the service graph is scaled down to the phone's width,
            # so its labels are drawn under 10 px. Everything else on the page is checked.
            found = [p for p in phone_problems(page) if not p.startswith("text") or "<text>" not in p]
            if found:
                self.problems[name] = found

    def assert_fit(self) -> None:
        report = "\n\n".join(f"{name}:\n  " + "\n  ".join(found) for name, found in self.problems.items())
        assert not self.problems, f"German pages that don't suit a phone:\n{report}"


# Runs in the page: the words of an element broken across lines (a word whose text has two boxes).
BROKEN_WORDS = r"""
e => {
  const text = e.firstChild, broken = [];
  for (const m of text.textContent.matchAll(/\S+/g)) {
    const range = document.createRange();
    range.setStart(text, m.index);
    range.setEnd(text, m.index + m[0].length);
    if (range.getClientRects().length > 1) broken.push(m[0]);
  }
  return broken;
}
"""
# Runs in the page: the words of a chart drawn outside what is shown (cut off by the drawing or the page).
CUT_OFF = r"""
svg => {
  const box = svg.closest('.chart').getBoundingClientRect();
  return [...svg.querySelectorAll('text')].filter(t => {
    const r = t.getBoundingClientRect();
    const drawing = svg.getBoundingClientRect();
    const clipped = getComputedStyle(svg).overflow !== 'visible' && r.right > drawing.right + 0.5;
    return clipped || r.right > box.right + 0.5 || r.left < box.left - 0.5;
  }).map(t => t.textContent);
}
"""


def answer_signs(page: Page, answers: dict[str, str]) -> None:
    for sign in INSTRUMENT_DE.signs:
        group = page.get_by_role("group", name=sign.statement, exact=True)
        group.get_by_label(label("sign", answers[sign.id]), exact=True).check()


def test_a_team_in_german_from_evidence_to_sharing_on_a_phone(live_server, new_context, shot):
    assert SOCKSHOP.is_file(), f"the Sock Shop fixture is missing: {SOCKSHOP}"
    pages = Pages(shot)
    page = new_context(locale="de-DE", **MOBILE).new_page()
    autosaves = Autosaves(page)
    visit(page, live_server + "/")
    press(page, de("Start the check"))
    for field, value in {"team": TEAM, "engineers": "35", "teams": "5", "services": "24"}.items():
        page.locator(f"#{field}").fill(value)
    press(page, de("Save and continue"), autosaves)
    expect(page).to_have_url(re.compile(r"/signs$"))

    # Evidence: the upload page and the suggestions under each sign, in German.
    press(page, de("Import evidence"), autosaves)
    expect(page.get_by_role("heading", level=1)).to_have_text(de("Import evidence"))
    page.get_by_label(de("Files"), exact=True).set_input_files(SOCKSHOP)
    pages.check(page, "de-evidence-upload-mobile")
    press(page, de("Read the files"))
    expect(page).to_have_url(re.compile(r"/signs#evidence$"))
    expect(
        page.get_by_role("status").filter(
            has_text=de(
                "Evidence read. Its suggestions are shown next to each sign: use them or keep your own answers."
            )
        )
    ).to_be_visible()
    not_sure = label("sign", "unsure")
    expect(page.get_by_text(de("Suggested from your files: %(answer)s", answer=not_sure), exact=True)).to_have_count(
        len(ANSWERS)
    )
    answer_signs(page, ANSWERS)
    accept = INSTRUMENT_DE.sign(ACCEPT)
    press(page, f"{de('Use this answer')} {de('for “%(sign)s”', sign=accept.title)}", autosaves)
    expect(page.get_by_text(de("You used this answer."), exact=True)).to_have_count(1)
    pages.check(page, "de-evidence-signs-mobile")
    press(page, de("Save and continue"), autosaves)
    press(page, de("See the result"), autosaves)
    expect(page).to_have_url(re.compile(r"/result$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TEAM)
    expect(page.locator(".verdict")).to_have_text(VERDICTS_DE)
    pages.check(page, "de-result-mobile")
    result_url = page.url

    # The improvement plan: a target, and an item opened for editing.
    visit(page, result_url.removesuffix("/result") + "/plan")
    expect(page.get_by_role("heading", level=1)).to_have_text(de("Improvement plan for %(team)s", team=TEAM))
    pages.check(page, "de-plan-new-mobile")
    title = INSTRUMENT_DE.sign("deploy_coupling").title
    page.get_by_label(de("Target for %(question)s", question=title), exact=True).select_option("no")
    page.get_by_label(de("By when, for %(question)s", question=title), exact=True).select_option(index=2)
    press(page, de("Save the targets"))
    first = page.locator("li.plan-item").first
    first.get_by_text(de("Change owner, date, status or note")).click()
    first.get_by_label(de("Owner"), exact=True).fill("Plattform-, Infrastruktur- und Entwicklerwerkzeugteam")
    press(page, de("Save this item"), scope=first)
    page.locator("li.plan-item").first.get_by_text(de("Change owner, date, status or note")).click()
    pages.check(page, "de-plan-working-mobile")

    # Sharing with leadership, and the shared report on a phone that prefers German.
    visit(page, result_url.removesuffix("/result") + "/share")
    page.locator('input[name="label"]').fill("für die Geschäftsführung und den kaufmännischen Leiter")
    with page.expect_navigation():
        page.locator("form.share-form button[type=submit]").click()
    audit(page)
    share_url = page.locator("#share-link").input_value()
    pages.check(page, "de-share-manage-mobile")
    reader = new_context(locale="de-DE", **MOBILE).new_page()
    assert visit(reader, share_url).status == 200
    expect(reader.locator(".verdict")).to_have_text(VERDICTS_DE)
    pages.check(reader, "de-share-page-mobile")

    pages.assert_fit()


def respond(new_context, intake_url: str, name: str, role: str, database: str) -> None:
    """One person at the client, whose browser prefers English: the intake opens in German."""
    page = new_context(locale="en-GB").new_page()
    autosaves = Autosaves(page)
    assert visit(page, intake_url).status == 200
    expect(page.locator("html")).to_have_attribute("lang", "de")
    page.get_by_label(de("Your name"), exact=True).fill(name)
    page.locator('input[name="role"]').fill(role)
    page.locator('input[name="timeline"]').first.check()
    page.get_by_label(de("My name may appear in the report"), exact=True).check()
    press(page, de("Start answering"))
    expect(page.locator("#team")).to_have_value(CLIENT)
    for field, value in {"engineers": "30", "teams": "4", "services": "15"}.items():
        page.locator(f"#{field}").fill(value)
    press(page, de("Save and continue"), autosaves)
    answer_signs(page, {**ANSWERS, DISPUTED: database})
    press(page, de("Save and continue"), autosaves)
    press(page, de("See the result"), autosaves)
    expect(page).to_have_url(re.compile(r"/result$"))
    expect(page.locator("html")).to_have_attribute("lang", "de")
    page.context.close()


def test_a_german_clients_intake_to_the_combined_report(live_server, new_context, consultant, shot):
    pages = Pages(shot)
    page = new_context(storage_state=consultant.storage_state, locale="de-DE").new_page()
    visit(page, live_server + "/clients/new")
    page.get_by_label(de("Company name"), exact=True).fill(CLIENT)
    page.locator('select[name="language"]').select_option("de")
    press(page, de("Add the client"))
    intake_url = new_link(page, de("The intake link to send"))
    client_url = page.url
    for name, role, database in RESPONDENTS:
        respond(new_context, intake_url, name, role, database)

    # The client page: who answered, and where they disagree.
    visit(page, client_url)
    respondents = page.get_by_role("region", name=de("Respondents")).get_by_role("listitem")
    expect(respondents).to_have_count(len(RESPONDENTS))
    combined = page.get_by_role("region", name=de("Combined result"))
    expect(combined.get_by_role("heading", name=de("Where the team disagrees"))).to_be_visible()
    expect(combined.get_by_role("listitem").filter(has_text=INSTRUMENT_DE.sign(DISPUTED).title)).to_have_count(1)
    pages.check(page, "de-client")
    phone = new_context(storage_state=consultant.storage_state, locale="de-DE", **MOBILE).new_page()
    visit(phone, client_url)
    pages.check(phone, "de-client-mobile")

    # The combined report, in the client's language.
    follow(page, de("Open the combined report"))
    expect(page.get_by_role("heading", level=1)).to_have_text(CLIENT)
    expect(page.locator(".verdict")).to_have_text(VERDICTS_DE)
    chart = page.locator("svg.signs-chart")
    expect(chart.get_by_text(label("sign", "unsure"), exact=True)).to_have_count(1)
    assert chart.evaluate(CUT_OFF) == [], "words of the signs chart are cut off"
    pages.check(page, "de-combined-report")
    visit(phone, page.url)
    pages.check(phone, "de-combined-report-mobile")

    # The dashboard: the client's row, under German column headings.
    follow(page, de("Clients"), scope=page.get_by_role("navigation", name=de("Site")))
    table = page.get_by_role("table")
    headers = [h.strip() for h in table.get_by_role("columnheader").all_inner_texts()]
    for heading in ("Client", "Status", "Respondents", "Latest verdict"):
        assert de(heading) in headers, headers
    name = page.get_by_role("link", name=CLIENT, exact=True)
    expect(table.get_by_role("row").filter(has=name)).to_have_count(1)
    # Beside the longer German headings the name keeps room for ordinary words; only a word longer
    # than the column ("Infrastrukturabteilung") is broken, as it would be in English.
    broken = [word for word in name.evaluate(BROKEN_WORDS) if len(word) < 20]
    assert broken == [], f"the client's name is broken inside words beside the German headings: {broken}"
    pages.check(page, "de-dashboard")
    visit(phone, page.url)
    pages.check(phone, "de-dashboard-mobile")

    pages.assert_fit()
