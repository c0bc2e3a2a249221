"""Helpers shared by the browser journeys: finding the questionnaire's fields
the way a person does (by the words on the screen), pressing buttons, and
reading what the app hands out (links, PDFs). Every page reached through
`visit`, `reload`, `press` or `follow` is checked with axe-core (axe.py).

Questions and answer labels are read from the questionnaire itself
(app/instrument), so the tests stay in step with its wording.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from app import instrument as instruments
from tests.browser.axe import audit

INSTRUMENT = instruments.get()
SIGNS = INSTRUMENT.signs
CONTEXT_LABELS = {item.id: item.label for item in INSTRUMENT.context}
QUESTIONS = {q.id: q.question for q in INSTRUMENT.candidate_questions}
NONE_OF_THESE = "None of these: a module would do"
NOTE_LABEL = re.compile(r"\bnote\b", re.I)
MOBILE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def label(group: str, option_id: str) -> str:
    return INSTRUMENT.option_label(group, option_id)


def sign_by_id(sign_id: str):
    return next(s for s in SIGNS if s.id == sign_id)


def squash(text: str) -> str:
    return " ".join(text.split())


class Autosaves:
    """Follows the questionnaire's background saves (questionnaire.js) on one page.

    The script saves the step 400 ms after a change. Before pressing a
    button the tests let those saves finish, so the server sees the
    requests in the order a person working at human speed would produce,
    and a run never depends on which gunicorn worker answers first.
    """

    DEBOUNCE_S = 0.45

    def __init__(self, page: Page):
        self.page = page
        self.pending: set = set()
        self.statuses: list[int] = []
        page.on("request", self._started)
        # A save is over when its response arrives: the script reads no body from an error
        # response, so "requestfinished" may never come for one.
        page.on("response", self._responded)
        page.on("requestfailed", self._failed)

    @staticmethod
    def is_autosave(request) -> bool:
        return request.method == "POST" and request.url.endswith("/save")

    def _started(self, request) -> None:
        if self.is_autosave(request):
            self.pending.add(request)

    def _responded(self, response) -> None:
        if response.request in self.pending:
            self.pending.discard(response.request)
            self.statuses.append(response.status)

    def _failed(self, request) -> None:
        self.pending.discard(request)

    def settle(self, timeout: float = 10.0) -> None:
        self.page.wait_for_timeout(self.DEBOUNCE_S * 1000)
        deadline = time.monotonic() + timeout
        while self.pending:
            assert time.monotonic() < deadline, "a background save never finished"
            self.page.wait_for_timeout(50)


def visit(page: Page, url: str):
    """Open a URL and check the page with axe; returns the response."""
    response = page.goto(url)
    audit(page)
    return response


def reload(page: Page):
    response = page.reload()
    audit(page)
    return response


def press(page: Page, name: str | re.Pattern, autosaves: Autosaves | None = None, scope=None):
    """Click a submit button, wait for the page it leads to and check it with axe; returns its response."""
    if autosaves is not None:
        autosaves.settle()
    exact = None if isinstance(name, re.Pattern) else True
    with page.expect_navigation() as navigation:
        (scope or page).get_by_role("button", name=name, exact=exact).click()
    audit(page)
    return navigation.value


def follow(page: Page, name: str | re.Pattern, scope=None):
    """Click a link, wait for the page it leads to and check it with axe; returns its response."""
    exact = None if isinstance(name, re.Pattern) else True
    with page.expect_navigation() as navigation:
        (scope or page).get_by_role("link", name=name, exact=exact).first.click()
    audit(page)
    return navigation.value


def field(page: Page, context_id: str):
    return page.get_by_label(CONTEXT_LABELS[context_id], exact=True)


def fill_context(page: Page, **values: str) -> None:
    for key, value in values.items():
        field(page, key).fill(value)


def sign_group(page: Page, sign):
    return page.get_by_role("group", name=sign.statement, exact=True)


def answer_signs(page: Page, answers: dict[str, str]) -> None:
    for sign in SIGNS:
        sign_group(page, sign).get_by_label(label("sign", answers[sign.id]), exact=True).check()


def candidate_section(page: Page, number: int):
    return page.get_by_role("region", name=re.compile(rf"^Candidate {number}\b"))


def fill_candidate(section, answers: dict) -> None:
    section.get_by_label("Service name", exact=True).fill(answers["name"])
    for question in ("domain_split", "owns_data", "deploy_alone", "survives_outages"):
        group = section.get_by_role("group", name=QUESTIONS[question], exact=True)
        group.get_by_label(label(question, answers[question]), exact=True).check()
    reasons = section.get_by_role("group", name=QUESTIONS["reasons"], exact=True)
    for reason in answers["reasons"] or ["none"]:
        text = NONE_OF_THESE if reason == "none" else label("reasons", reason)
        reasons.get_by_label(text, exact=True).check()


def expect_candidate(section, answers: dict) -> None:
    expect(section.get_by_label("Service name", exact=True)).to_have_value(answers["name"])
    for question in ("domain_split", "owns_data", "deploy_alone", "survives_outages"):
        group = section.get_by_role("group", name=QUESTIONS[question], exact=True)
        expect(group.get_by_label(label(question, answers[question]), exact=True)).to_be_checked()
    reasons = section.get_by_role("group", name=QUESTIONS["reasons"], exact=True)
    for reason in answers["reasons"] or ["none"]:
        text = NONE_OF_THESE if reason == "none" else label("reasons", reason)
        expect(reasons.get_by_label(text, exact=True)).to_be_checked()


def answer_questionnaire(page: Page, autosaves: Autosaves, signs: dict[str, str], **context: str):
    """From step 1 to the result: the given context and signs, no candidates. Returns the result's response."""
    expect(page).to_have_url(re.compile(r"/assessments/[^/]+/context$"))
    fill_context(page, **context)
    press(page, "Save and continue", autosaves)
    expect(page).to_have_url(re.compile(r"/signs$"))
    answer_signs(page, signs)
    press(page, "Save and continue", autosaves)
    expect(page).to_have_url(re.compile(r"/candidates$"))
    expect(page.get_by_role("region", name=re.compile(r"^Candidate "))).to_have_count(0)
    response = press(page, "See the result", autosaves)
    expect(page).to_have_url(re.compile(r"/assessments/[^/]+/result$"))
    return response


def new_link(page: Page, heading: str) -> str:
    """The link in the "new link" box under `heading` (shown once): in a read-only field to copy."""
    box = page.get_by_role("region", name=heading, exact=True)
    expect(box).to_be_visible()
    field = box.get_by_role("textbox")
    expect(field).to_have_count(1)
    expect(field).not_to_be_editable()
    return field.input_value()


def copy_link(page: Page, heading: str, button: str = "Copy link") -> str:
    """Presses the box's "Copy link" button (copy.js; the context may read the clipboard) and returns
    what the clipboard then holds, once the box has said so."""
    box = page.get_by_role("region", name=heading, exact=True)
    box.get_by_role("button", name=button, exact=True).click()
    expect(box.get_by_role("status")).to_have_text("Copied")
    audit(page)
    return page.evaluate("() => navigator.clipboard.readText()")


def download_pdf(page: Page, tmp_path: Path, name: str = "Download the PDF report") -> tuple[str, str]:
    """Download the PDF through the link called `name`; returns (file name, its text squashed)."""
    with page.expect_download() as info:
        page.get_by_role("link", name=name, exact=True).click()
    download = info.value
    assert download.failure() is None, download.failure()
    assert download.suggested_filename.endswith(".pdf"), download.suggested_filename
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert path.read_bytes().startswith(b"%PDF-")
    return download.suggested_filename, squash(" ".join(p.extract_text() or "" for p in PdfReader(path).pages))


def hrefs(page: Page) -> list[str]:
    """Every link target and form action on the page."""
    return page.locator("a[href], form[action]").evaluate_all(
        "els => els.map(e => e.getAttribute('href') || e.getAttribute('action'))"
    )


def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the viewport (0: no sideways scrolling).

    Measured against the viewport asked for: on a phone, `innerWidth` grows when the browser zooms out
    to fit a page that is too wide.
    """
    return page.evaluate("width => document.documentElement.scrollWidth - width", page.viewport_size["width"])
