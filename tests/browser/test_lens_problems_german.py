"""A broken lens on a German page, on a phone: the problems are listed in German, each line
fits the screen, and the page passes axe."""

from __future__ import annotations

import pytest
import yaml
from playwright.sync_api import expect

from tests.browser.journey import MOBILE, press, visit
from tests.browser.mobile import phone_problems
from tests.web.test_lenses_german import broken_lens

pytestmark = pytest.mark.browser


def test_a_broken_lens_on_a_german_phone(live_server, new_context, consultant, shot, tmp_path):
    page = new_context(storage_state=consultant.storage_state, locale="de-DE", **MOBILE).new_page()
    visit(page, live_server + "/workspace/lenses")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    path = tmp_path / "plattform.yaml"
    path.write_text(yaml.safe_dump(broken_lens(), allow_unicode=True, sort_keys=False), encoding="utf-8")
    page.get_by_label("Fragebogen-Datei (YAML)", exact=True).set_input_files(str(path))
    assert press(page, "Fragebogen prüfen").status == 422
    problems = page.get_by_role("alert")
    expect(problems).to_contain_text("Die Datei wurde nicht gespeichert: 8 Probleme zu beheben")
    expect(problems).to_contain_text("plattform.yaml: signs[0].weight: muss eine Zahl sein")
    expect(problems).to_contain_text("plattform.yaml: signs[2].example: darf höchstens 2.000 Zeichen lang sein")
    expect(problems).not_to_contain_text("must be")
    shot(page, "lens-problems-de-mobile")
    assert phone_problems(page) == []
