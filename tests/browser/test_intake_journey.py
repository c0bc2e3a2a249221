"""A consultant's client intake, in a real browser against gunicorn.

The account is made with the command line (as an operator would), against
the live server's database. The consultant signs in, adds a client and gets
an intake link; three people at the client open it in their own browsers,
say who they are (only Maya agrees to be named in the report) and answer,
disagreeing on the shared database. The consultant then sees who finished,
where the team disagrees (by name on the client page; in the combined report
and its PDF by role, but Maya by name, the database shown as disputed), and
the client on the dashboard.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.sync_api import expect

from tests.browser.journey import (
    INSTRUMENT,
    MOBILE,
    Autosaves,
    answer_questionnaire,
    copy_link,
    download_pdf,
    field,
    follow,
    horizontal_overflow,
    label,
    new_link,
    press,
    sign_by_id,
    visit,
)

pytestmark = pytest.mark.browser

EMAIL = "ana@consult.example"
PASSWORD = "correct horse battery staple"
WORKSPACE = "Northwind Consulting"
CLIENT = "Acme Retail"
COMMON_SIGNS = {
    "deploy_coupling": "partly",
    "cascading_failure": "yes",
    "call_chains": "no",
    "local_testing": "partly",
    "breaking_changes": "no",
}
DISPUTED = "shared_database"
RESPONDENTS = [  # name, role, timeline, their answer on the shared database
    ("Maya", "Engineering lead", "As soon as possible", "yes"),
    ("Tom", "Backend developer", "In the next three months", "no"),
    ("Priya", "Platform engineer", "Just exploring", "partly"),
]
NAMED = "Maya"  # the one who agrees that her name may appear in the report
COMBINED_VERDICT = "at_risk"  # the database is disputed, so it counts as "Not sure"


def in_report(name: str, role: str) -> str:
    """How the combined report shows a respondent: by name only if they agreed."""
    return f"{name} ({role})" if name == NAMED else role


def create_account(live_server) -> None:
    """`flask users create`, as an operator would, the password typed twice."""
    created = live_server.flask("users", "create", EMAIL, "--workspace", WORKSPACE, input=f"{PASSWORD}\n{PASSWORD}\n")
    assert created.returncode == 0, f"`flask users create` failed:\n{created.stdout}\n{created.stderr}"
    assert f"Created {EMAIL}, owner of workspace {WORKSPACE}" in created.stdout


def respond(new_context, intake_url: str, name: str, role: str, timeline: str, database: str, shot=None) -> None:
    """One person at the client, in their own browser: who they are, then every answer."""
    context = new_context()
    assert context.cookies() == []
    page = context.new_page()
    autosaves = Autosaves(page)
    assert visit(page, intake_url).status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Before we meet: how independent are your services?")
    expect(page.get_by_text(WORKSPACE, exact=True)).to_be_visible()
    page.get_by_label("Your name", exact=True).fill(name)
    page.get_by_label("Your role", exact=True).fill(role)
    page.get_by_role("group", name="When do you need it?").get_by_label(timeline, exact=True).check()
    consent = page.get_by_label("My name may appear in the report", exact=True)
    expect(consent).not_to_be_checked()
    if name == NAMED:
        consent.check()
    if shot is not None:
        shot(page, "intake-form")
    press(page, "Start answering")
    expect(field(page, "team")).to_have_value(CLIENT)  # filled in from the client
    answer_questionnaire(page, autosaves, {**COMMON_SIGNS, DISPUTED: database}, engineers="20", teams="3", services="9")
    expect(page.get_by_role("heading", level=1)).to_have_text(CLIENT)
    expect(page.locator(".verdict")).to_be_visible()
    expect(page.get_by_role("link", name="Share with leadership")).to_have_count(0)
    context.close()


def replace_intake_link(page, new_context, client_url: str, old_url: str, shot) -> str:
    """The consultant makes a new link for the round, after being told the old one stops working;
    returns the new link, once the old one has been seen to fail."""
    visit(page, client_url)
    follow(page, "Make a new link for this round")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Make a new intake link for {CLIENT}?")
    expect(page.get_by_text(re.compile(r"The link you sent before stops working at once\b"))).to_be_visible()
    shot(page, "new-intake-link-confirm")
    press(page, "Make a new link")
    expect(page.get_by_text(re.compile(r"^Here is a new link for this round\."))).to_be_visible()
    new_url = new_link(page, "The intake link to send")
    assert new_url != old_url and copy_link(page, "The intake link to send") == new_url
    expect(page.get_by_text(re.compile(r"1 respondent in this round"))).to_be_visible()  # Maya's answers stay
    shot(page, "new-intake-link")
    late = new_context().new_page()
    assert visit(late, old_url).status == 404
    return new_url


def expect_read_only(page, title: str) -> None:
    """A respondent's page as their consultant sees it: whose answers, the way back, no way in."""
    expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=f"Back to {CLIENT}", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Change answers")).to_have_count(0)
    expect(page.get_by_role("complementary", name="Come back later")).to_have_count(0)
    expect(page.locator('a[href*="/r/"]')).to_have_count(0)


def test_consultant_intake(live_server, new_context, shot, tmp_path):
    consultant = new_context()
    page = consultant.new_page()
    with ThreadPoolExecutor(max_workers=1) as background:  # the CLI is slow to start: overlap it
        account = background.submit(create_account, live_server)
        # The consultant signs in from the header, once the account exists.
        visit(page, live_server + "/")
        follow(page, "Consultants: sign in", scope=page.get_by_role("navigation", name="Site"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
        page.get_by_label("Email address", exact=True).fill(EMAIL)
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        account.result(timeout=90)
    response = press(page, "Sign in")
    assert response.status == 200
    expect(page).to_have_url(re.compile(r"/clients$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Clients")
    expect(page.get_by_text("No clients yet.")).to_be_visible()

    # Adds the client and gets the intake link.
    follow(page, "Add a client")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a client")
    page.get_by_label("Company name", exact=True).fill(CLIENT)
    press(page, "Add the client")
    expect(page.get_by_role("heading", level=1)).to_have_text(CLIENT)
    intake_url = new_link(page, "The intake link to send")
    assert re.fullmatch(rf"{re.escape(live_server)}/i/[A-Za-z0-9_-]{{20,}}", intake_url), intake_url
    consultant.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    assert copy_link(page, "The intake link to send") == intake_url
    shot(page, "intake-link-copied")
    expect(page.get_by_text("Nobody has opened the intake link yet.")).to_be_visible()
    client_url = page.url

    # Three people answer, each in a fresh browser; they disagree on the database. After the first,
    # the consultant has lost the link and makes a new one for the same round: the old one stops working.
    for i, (name, role, timeline, database) in enumerate(RESPONDENTS):
        respond(new_context, intake_url, name, role, timeline, database, shot=shot if i == 0 else None)
        if i == 0:
            intake_url = replace_intake_link(page, new_context, client_url, intake_url, shot)

    # The client's page: all three finished, and where they disagree.
    visit(page, client_url)
    expect(page.get_by_text(re.compile(r"Submitted · 3 respondents in this round"))).to_be_visible()
    people = page.get_by_role("region", name="Respondents").get_by_role("listitem")
    expect(people).to_have_count(len(RESPONDENTS))
    for person, (name, role, _, _) in zip(people.all(), RESPONDENTS, strict=True):
        expect(person).to_contain_text(f"{name}, {role}")
        expect(person.get_by_role("link", name=re.compile(r"^finished: "))).to_be_visible()
    combined = page.get_by_role("region", name="Combined result")
    expect(combined.get_by_role("heading", name="Where the team disagrees")).to_be_visible()
    database = sign_by_id(DISPUTED)
    disputed = combined.get_by_role("listitem").filter(has_text=database.title)
    expect(disputed).to_have_count(1)
    for name, role, _, answer in RESPONDENTS:  # "Yes: Maya (Engineering lead)", whatever the punctuation
        expect(disputed).to_contain_text(
            re.compile(rf"\b{re.escape(label('sign', answer))}\b[\s:(]+{re.escape(f'{name} ({role})')}")
        )
    shot(page, "client")

    # The combined report says who said what, by role unless they agreed to be named.
    follow(page, "Open the combined report")
    expect(page.get_by_role("heading", level=1)).to_have_text(CLIENT)
    verdict = INSTRUMENT.verdicts[COMBINED_VERDICT]
    expect(page.locator(".verdict")).to_have_text(verdict.label)
    expect(page.get_by_text(re.compile(r"^Combined answers of 3 people\b"))).to_be_visible()
    section = page.get_by_role("region", name="Where your team disagrees")
    expect(section).to_be_visible()
    block = section.locator(".disagreement").filter(has=page.get_by_role("heading", name=database.title))
    expect(block).to_have_count(1)
    for name, role, _, answer in RESPONDENTS:
        expect(block.get_by_role("listitem").filter(has_text=role)).to_have_text(
            f"{label('sign', answer)}, 1 person: {in_report(name, role)}"
        )
    expect(section).not_to_contain_text("Tom")
    said = ", ".join(f"1 {label('sign', a)}" for a in ("yes", "partly", "no"))
    expect(
        page.get_by_role("region", name=re.compile(r"in detail$")).get_by_role(
            "heading", level=3, name=re.compile(database.title)
        )
    ).to_contain_text(f"Disputed: {said}")
    expect(page.get_by_role("link", name="Change answers")).to_have_count(0)  # worked out, never typed in
    shot(page, "combined-report")
    filename, text = download_pdf(page, tmp_path)
    assert "acme-retail" in filename, filename
    assert "Where your team disagrees" in text
    assert CLIENT in text and verdict.label in text
    for name, role, _, _ in RESPONDENTS:
        assert in_report(name, role) in text, f"{in_report(name, role)} missing from the PDF"
        assert (name in text) is (name == NAMED), f"{name} named in the PDF without agreeing to it"

    # The dashboard lists the client, submitted, with three respondents.
    follow(page, "Clients", scope=page.get_by_role("navigation", name="Site"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Clients")
    table = page.get_by_role("table")
    headers = [h.strip() for h in table.get_by_role("columnheader").all_inner_texts()]
    row = table.get_by_role("row").filter(has=page.get_by_role("link", name=CLIENT, exact=True))
    expect(row).to_have_count(1)
    cells = dict(
        zip(
            headers,
            [
                c.strip()
                for c in row.get_by_role("rowheader").all_inner_texts() + row.get_by_role("cell").all_inner_texts()
            ],
            strict=True,
        )
    )
    assert cells["Client"] == CLIENT, cells
    assert cells["Status"] == "Submitted", cells
    assert cells["Respondents"] == "3", cells
    assert cells["Latest verdict"] == verdict.label, cells
    shot(page, "dashboard")

    phone = new_context(storage_state=consultant.storage_state(), **MOBILE).new_page()
    visit(phone, page.url)
    expect(phone.get_by_role("link", name=CLIENT, exact=True)).to_be_visible()
    shot(phone, "dashboard-mobile")
    overflow = horizontal_overflow(phone)
    assert overflow <= 0, f"the dashboard scrolls sideways on a 390 px wide phone ({overflow} px too wide)"

    # A respondent's answers are theirs: the consultant reads them, and can only give them back.
    visit(page, client_url)
    changes = page.get_by_role("region", name="Changes to responses")
    for name, _, _, _ in RESPONDENTS:
        expect(changes.get_by_text(re.compile(rf"{name} finished answering\."))).to_be_visible()
    people = page.get_by_role("region", name="Respondents").get_by_role("listitem")
    follow(page, re.compile(r"^finished: "), scope=people.first)
    maya = f"{RESPONDENTS[0][0]} ({RESPONDENTS[0][1]})'s answers — read-only"
    expect_read_only(page, maya)
    shot(page, "response-result-read-only")
    follow(page, "See the answers")
    expect_read_only(page, maya)
    expect(page.get_by_text("Only the person who gave these answers can change them.", exact=False)).to_be_visible()
    expect(field(page, "engineers")).to_be_disabled()
    expect(page.get_by_role("button", name="Save and continue")).to_have_count(0)
    shot(page, "response-read-only")
    follow(page, f"Back to {CLIENT}")
    expect(page).to_have_url(client_url)
    press(page, "Reopen for Maya")
    expect(page.get_by_text(re.compile(r"^Maya's answers are open again\."))).to_be_visible()
    expect(page.get_by_role("region", name="Changes to responses").get_by_role("listitem").first).to_contain_text(
        f"{EMAIL} reopened Maya's answers"
    )
    expect(page.get_by_role("region", name="Combined result")).to_contain_text("from 2 respondents (1 still answering)")
    shot(page, "client-changes")
