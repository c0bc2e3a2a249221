"""Nothing a person typed or ticked is dropped without a word: leaving for the evidence import keeps
the answers on the page, and text over a limit is refused with a message saying whose text it is,
and shown again as typed."""

from __future__ import annotations

import re

from app import instrument as instruments

from .journey import candidates_form, context_form, post, start, step_url, version_on_page
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


def test_import_evidence_with_a_note_too_long_stays_on_the_page_and_saves_nothing(client, answers, stored):
    public_id = start(client)
    post(client, public_id, "context", context_form(answers))
    before = stored(public_id).draft
    response = post(client, public_id, "signs", {**TICKED, f"{SHARED}_note": "n" * 612}, action="evidence")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f"The note on “{sign_title(SHARED)}” is 612 characters; the limit is 500." in page
    assert textarea(page, f"{SHARED}_note") == "n" * 612
    assert {sign: checked(page, sign) for sign in TICKED} == TICKED
    assert stored(public_id).draft == before


def test_a_note_over_the_limit_is_refused_naming_its_sign_and_kept_as_typed(client, answers, stored):
    public_id = start(client)
    post(client, public_id, "context", context_form(answers))
    before = stored(public_id).draft
    note = ("Orders and billing share one schema. " * 17)[:612]
    response = post(client, public_id, "signs", {**answers["signs"], f"{SHARED}_note": note})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    message = f"The note on “{sign_title(SHARED)}” is 612 characters; the limit is 500."
    summary = page.split('id="error-summary"')[1].split("</div>")[0]
    assert f'<a href="#{SHARED}_note">{message}</a>' in summary  # the message alone says which note
    assert page.count(message) == 2  # in the summary and beside the note
    assert textarea(page, f"{SHARED}_note") == note.strip()
    assert "maxlength" not in page and 'data-limit="500"' in page
    assert page.count("Up to 500 characters.") == len(answers["signs"])  # each note says its limit
    assert stored(public_id).draft == before

    exactly = post(client, public_id, "signs", {**answers["signs"], f"{SHARED}_note": "n" * 500})
    assert exactly.status_code == 302 and stored(public_id).draft["notes"] == {SHARED: "n" * 500}


def test_the_background_save_says_which_note_is_too_long(client, answers, stored):
    public_id = start(client)
    response = client.post(
        step_url(public_id, "signs") + "/save",
        data={**TICKED, f"{SHARED}_note": "n" * 501, "version": version_on_page(client, public_id, "signs")},
    )
    assert response.status_code == 422
    assert response.get_json() == {
        "saved": False,
        "problems": [f"The note on “{sign_title(SHARED)}” is 501 characters; the limit is 500."],
    }
    assert stored(public_id).draft.get("notes", {}) == {}


def test_names_over_the_limit_are_refused_and_kept_as_typed(client, answers, stored):
    public_id = start(client)
    long_team = "Checkout platform " + "x" * 190  # 208 characters
    response = post(client, public_id, "context", dict(context_form(answers), team=long_team))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Team or system name: This name is 208 characters; the limit is 200." in page
    assert f'value="{long_team}"' in page and "maxlength" not in page
    assert "Up to 200 characters." in page
    assert stored(public_id).draft["context"] == {}

    post(client, public_id, "context", context_form(answers))
    post(client, public_id, "signs", answers["signs"])
    form = candidates_form(answers)
    long_name = "N" * 230
    form["candidates-0-name"] = long_name
    response = post(client, public_id, "candidates", form, action="save")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Service name: This name is 230 characters; the limit is 200." in page
    assert f'value="{long_name}"' in page and "maxlength" not in page
    assert "N" * 200 not in str(stored(public_id).draft)


def test_a_long_private_note_is_refused_and_kept(app):
    from .consulting import make_owner, new_client, sign_in

    make_owner(app)
    consultant = app.test_client()
    sign_in(consultant)
    client_id, _ = new_client(consultant, "Acme Retail")
    long_note = "Met the CTO. " * 200  # 2,600 characters
    refused = consultant.post(f"/clients/{client_id}/notes", data={"text": long_note, "in_report": "y"})
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "Use at most 2,000 characters." in page
    assert long_note.strip() in page and 'name="in_report" value="y" checked' in page
    assert 'maxlength="2000"' not in page
    saved = consultant.post(f"/clients/{client_id}/notes", data={"text": "Met the CTO."})
    assert saved.status_code == 302
