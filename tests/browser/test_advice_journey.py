"""The advice reads as one plan on the result page and in the PDF, for the four situations that
used to contradict themselves: every sign partly there with too many services, independent
services with too many of them, a distributed monolith, and a candidate ready to split while the
organisation already runs too many services. Each is imported as a file and looked at."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from app import instrument as instruments
from tests.browser.journey import download_pdf, press, squash, visit
from tests.contract_ids import SIGN_IDS

INSTRUMENT = instruments.get()
TOO_MANY = {"engineers": 8, "teams": 1, "services": 12}
SEARCH = {
    "name": "Search",
    "domain_split": "domain",
    "owns_data": "yes",
    "deploy_alone": "yes",
    "survives_outages": "yes",
    "reasons": ["independent_scaling"],
}
DM_SIGNS = dict(zip(SIGN_IDS, ["yes", "yes", "partly", "yes", "no", "yes"], strict=True))
CASES = {
    "all-partly": (dict.fromkeys(SIGN_IDS, "partly"), [], "at_risk"),
    "independent": (dict.fromkeys(SIGN_IDS, "no"), [], "independent"),
    "distributed-monolith": (DM_SIGNS, [], "distributed_monolith"),
    "split-candidate": (dict.fromkeys(SIGN_IDS, "no"), [SEARCH], "independent"),
}
FIGURES = "Your figures: 12 deployable services for 8 engineers and 1 team."


def _file(tmp_path, name: str, signs: dict, candidates: list):
    answers = {
        "instrument": "splitcheck/1",
        "team": {"name": f"Shop ({name})"},
        "context": TOO_MANY,
        "signs": signs,
        "candidates": candidates,
    }
    path = tmp_path / f"{name}.json"
    when = "2026-11-25T10:00:00+00:00"
    path.write_text(
        json.dumps({"format": "splitcheck-assessment/1", "answers": answers, "created_at": when, "submitted_at": when})
    )
    return path


@pytest.mark.parametrize("case", CASES)
def test_the_advice_is_one_plan(live_server, new_context, shot, tmp_path, case):
    signs, candidates, verdict = CASES[case]
    page = new_context().new_page()
    visit(page, live_server + "/")
    page.get_by_label("Assessment file (JSON)", exact=True).set_input_files(_file(tmp_path, case, signs, candidates))
    press(page, "Import")
    expect(page).to_have_url(re.compile(r"/result$"))

    # The verdict says the organisation runs too many services, in its own words.
    worded = INSTRUMENT.verdicts[verdict].flagged["premature_split"]
    expect(page.locator(".verdict")).to_have_text(worded.label)
    expect(page.get_by_text(worded.headline, exact=True)).to_be_visible()
    if verdict == "independent":  # never shown green while there are too many services
        colour = page.locator(".verdict-label").evaluate("e => getComputedStyle(e).backgroundColor")
        assert colour != "rgb(6, 118, 71)", colour

    # What to do first starts with running fewer services; the plan goes phase by phase.
    expect(page.locator(".top-actions li").first).to_contain_text(re.compile(r"Merge services|Run fewer services"))
    recommendations = page.get_by_role("region", name=re.compile(r"^Recommendations"))
    phases = recommendations.locator(".phase-title")
    expect(phases.first).to_have_text("First: run fewer services")
    expect(recommendations.get_by_role("heading", level=3, name="Then, for the services you keep")).to_be_visible()
    expect(recommendations.get_by_text(FIGURES).first).to_be_visible()
    if candidates:
        expect(page.get_by_text("Split it out, after consolidating")).to_be_visible()
        expect(phases.last).to_have_text("Last, for the services you might split out")
        expect(
            recommendations.get_by_role("heading", name=re.compile("Run fewer services before splitting"))
        ).to_be_visible()
    shot(page, f"advice-{case}")

    _, text = download_pdf(page, tmp_path)
    for part in (worded.headline, "First: run fewer services", "Then, for the services you keep", FIGURES):
        assert squash(part) in text, part
    # (page 1's "What to do first" may name the second phase too; the plan's own order is checked)
    assert text.index(squash("First: run fewer services")) < text.rindex(squash("Then, for the services you keep"))
