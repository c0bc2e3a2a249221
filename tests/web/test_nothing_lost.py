"""Nothing a person typed or ticked is dropped without a word: leaving for the evidence import keeps
the answers on the page."""

from __future__ import annotations

import re

from app import instrument as instruments

from .journey import context_form, post, start, step_url
from .test_evidence_import import SHARED_DB, upload

SHARED = "shared_database"  # splitcheck/1's ids (tests/contract_ids.py)
TICKED = {"deploy_coupling": "yes", "call_chains": "partly"}  # half the step: not complete
NOTE = "Billing reads the orders table every night."


def sign_title(sign_id: str) -> str:
    return next(s.title for s in instruments.get().signs if s.id == sign_id)


def checked(page: str, name: str) -> str | None:
    found = re.search(rf'<input type="radio"[^>]*name="{name}" value="([^"]+)" checked>', page)
    return found[1] if found else None


def textarea(page: str, name: str) -> str:
    return re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', page, re.S)[1]


def test_import_evidence_saves_the_ticked_answers_and_notes_first(client, answers, stored):
    public_id = start(client)
    post(client, public_id, "context", context_form(answers))
    page = client.get(step_url(public_id, "signs")).get_data(as_text=True)
    assert re.search(r'<button type="submit" name="action" value="evidence"[^>]*>Import evidence</button>', page)
    assert 'href="/assessments/' + public_id + '/evidence"' not in page  # no link that leaves without saving

    response = post(client, public_id, "signs", {**TICKED, f"{SHARED}_note": NOTE}, action="evidence")
    assert response.status_code == 302  # half-answered is fine: no completeness check on the way out
    assert response.location.endswith(step_url(public_id, "evidence"))
    assert stored(public_id).draft["signs"] == TICKED
    assert stored(public_id).draft["notes"] == {SHARED: NOTE}
    assert stored(public_id).step == "signs"  # it did not move on

    assert upload(client, public_id, ("compose.yml", SHARED_DB)).location.endswith("/signs#evidence")
    page = client.get(step_url(public_id, "signs")).get_data(as_text=True)
    assert {sign: checked(page, sign) for sign in TICKED} == TICKED
    assert checked(page, SHARED) is None  # the import suggests, it does not answer
    assert textarea(page, f"{SHARED}_note") == NOTE
    assert re.search(r'<button type="submit" name="action" value="evidence"[^>]*>Import other files</button>', page)

    # Back from the import page without importing: the answers are there too.
    post(client, public_id, "signs", {**TICKED, SHARED: "no"}, action="evidence")
    assert checked(client.get(step_url(public_id, "signs")).get_data(as_text=True), SHARED) == "no"
