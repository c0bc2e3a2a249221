"""The questionnaire through the test client: steps, saving, resuming, bad input."""

from __future__ import annotations

import re

from markupsafe import escape

from .journey import candidates_form, complete, context_form, post, signs_form, start, step_url, version_on_page


def test_landing_explains_and_offers_start(client):
    page = client.get("/").get_data(as_text=True)
    assert "distributed monolith" in page
    assert 'action="/start"' in page and "Start the check" in page


def test_whole_questionnaire_to_result(client, answers, stored):
    public_id = complete(client, answers, notes={"shared_database": "Billing reads the orders table"})
    page = client.get(step_url(public_id, "result")).get_data(as_text=True)
    assert "a distributed monolith" in page
    assert "<svg" in page and page.count('class="chart-label"') == 6
    assert "Notifications" in page and "Split it out" in page
    assert "Give every service its own data" in page and "Because you answered" in page
    assert "Billing reads the orders table" in page
    assert "/how-the-score-works" in page
    row = stored(public_id)
    assert row.verdict == "distributed_monolith" and row.coupling_score == 67 and row.submitted


def test_each_step_is_saved_when_moving_on_and_back_keeps_answers(client, answers, stored):
    public_id = start(client)
    post(client, public_id, "context", context_form(answers))
    assert stored(public_id).draft["context"] == {
        "team": "Checkout",
        "engineers": 8,
        "teams": 1,
        "services": 12,
        "deploys_per_week": 2.0,
    }
    # Half the signs, then Back: saved without being complete.
    half = {k: v for k, v in answers["signs"].items() if k in ("deploy_coupling", "call_chains")}
    response = post(client, public_id, "signs", half, action="back")
    assert response.status_code == 302 and response.location.endswith("/context")
    assert stored(public_id).draft["signs"] == half
    page = client.get(step_url(public_id, "signs")).get_data(as_text=True)
    assert re.search(r'name="deploy_coupling" value="yes"\s+checked', page)
    page = client.get(step_url(public_id, "context")).get_data(as_text=True)
    assert 'value="Checkout"' in page and 'value="12"' in page


def test_next_requires_a_complete_step(client, answers):
    public_id = start(client)
    post(client, public_id, "context", context_form(answers))
    response = post(client, public_id, "signs", {"deploy_coupling": "yes"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert page.count("Choose an answer.") == 5 * 2  # in the summary and beside each field
    assert 'id="error-summary"' in page


def test_invalid_input_is_shown_again_with_messages_and_nothing_saved(client, answers, stored):
    public_id = start(client)
    post(client, public_id, "context", context_form(answers))
    before = stored(public_id).draft
    bad = dict(context_form(answers), services="twelve", engineers="-3", team="T" * 201)
    response = post(client, public_id, "context", bad)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'value="twelve"' in page and 'value="-3"' in page
    assert 'aria-describedby="services-hint services-error"' in page
    assert "Enter a whole number, like 8." in page and "Enter a number from 1 to 100,000." in page
    assert "200 characters" in page
    assert stored(public_id).draft == before


def test_unknown_values_in_radios_are_refused(client, answers, stored):
    public_id = start(client)
    response = post(client, public_id, "signs", dict(signs_form(answers), call_chains="maybe"))
    assert response.status_code == 422
    assert "Choose one of the answers shown." in response.get_data(as_text=True)
    assert stored(public_id).draft["signs"] == {}


def test_candidates_can_be_added_and_removed_without_javascript(client, answers, stored):
    public_id = start(client)
    url = step_url(public_id, "candidates")
    assert post(client, public_id, "candidates", {}, action="add").location.endswith("#candidate-1")
    form = candidates_form(answers)
    post(client, public_id, "candidates", form, action="add")
    draft = stored(public_id).draft["candidates"]
    assert [c["name"] for c in draft] == ["Notifications", ""]
    page = client.get(url).get_data(as_text=True)
    assert "candidates-1-name" in page and "Candidate 2" in page
    post(client, public_id, "candidates", {**form, "candidates-1-name": ""}, action="remove-0")
    assert stored(public_id).draft["candidates"] == [{"name": "", "reasons": None}]


def test_finishing_with_an_unnamed_candidate_asks_for_a_name(client, answers, stored):
    public_id = start(client)
    post(client, public_id, "context", context_form(answers))
    post(client, public_id, "signs", signs_form(answers))
    post(client, public_id, "candidates", {}, action="add")
    response = post(client, public_id, "candidates", {"candidates-0-domain_split": "domain"})
    assert response.status_code == 422
    assert "Give the service a name, or remove it." in response.get_data(as_text=True)
    assert not stored(public_id).submitted


def test_finishing_with_an_earlier_step_missing_goes_back_to_it(client, answers):
    public_id = start(client)
    post(client, public_id, "context", context_form(answers))
    response = post(client, public_id, "candidates", {})
    assert response.status_code == 302 and response.location.endswith("/signs")
    assert client.get(step_url(public_id, "result")).status_code == 302


def test_resume_link_brings_another_browser_back(app, client, answers):
    public_id = start(client)
    post(client, public_id, "context", context_form(answers))
    page = client.get(step_url(public_id, "signs")).get_data(as_text=True)
    resume = re.search(r'href="http://splitcheck.test(/r/[^"]+)"', page)[1]
    other = app.test_client()
    assert other.get(step_url(public_id, "signs")).status_code == 404
    response = other.get(resume)
    assert response.status_code == 302 and response.location.endswith(f"/assessments/{public_id}/signs")
    assert 'value="Checkout"' in other.get(step_url(public_id, "context")).get_data(as_text=True)
    assert other.get("/r/not-a-real-token").status_code == 404


def test_token_is_stored_hashed(app, client):
    from app.assessments.models import Team
    from app.extensions import db

    start(client)
    with client.session_transaction() as session:
        (token,) = session["teams"].values()
    with app.app_context():
        team = db.session.scalar(db.select(Team))
        assert token not in team.resume_token_hash and len(token) >= 32
        assert team.resume_token_hash == __import__("hashlib").sha256(token.encode()).hexdigest()


def test_unknown_assessment_and_step_are_404(client):
    assert client.get("/assessments/nope/context").status_code == 404
    public_id = start(client)
    assert client.get(step_url(public_id, "payment")).status_code == 404
    assert "Page not found" in client.get("/assessments/nope/result").get_data(as_text=True)


def test_landing_lists_drafts_to_continue(client, answers):
    public_id = start(client)
    post(client, public_id, "context", context_form(answers))
    page = client.get("/").get_data(as_text=True)
    assert "Continue where you left off" in page and "Checkout: continue" in page


def test_background_save_answers_without_a_page(client, answers, stored):
    public_id = start(client)
    version = version_on_page(client, public_id, "signs")
    response = client.post(step_url(public_id, "signs") + "/save", data={"call_chains": "yes", "version": version})
    assert response.status_code == 200 and response.get_json() == {"saved": True, "version": 2}
    assert stored(public_id).draft["signs"] == {"call_chains": "yes"}
    version = response.get_json()["version"]  # as the page's script keeps it
    response = client.post(step_url(public_id, "signs") + "/save", data={"call_chains": "often", "version": version})
    assert response.status_code == 422 and stored(public_id).draft["signs"] == {"call_chains": "yes"}


def test_changing_answers_after_the_result_updates_the_verdict(client, answers, stored):
    public_id = complete(client, answers)
    post(client, public_id, "signs", signs_form({"signs": {k: "no" for k in answers["signs"]}}))
    row = stored(public_id)
    assert row.verdict == "independent" and row.coupling_score == 0


def test_health_check(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_how_the_score_works_is_generated_from_the_instrument(client):
    page = client.get("/how-the-score-works").get_data(as_text=True)
    assert "3 or more signs are “Yes”" in page
    assert "Give every service its own data" in page and "“Services share a database” answered" in page
    assert "50%" in page  # "Not sure" counts half


def test_a_signs_page_shows_what_was_saved_and_then_what_was_wrong(client):
    public_id = start(client)
    post(client, public_id, "signs", {"shared_database": "yes", "shared_database_note": "Orders"}, action="save")
    first = client.get(step_url(public_id, "signs")).get_data(as_text=True)
    second = client.get(step_url(public_id, "signs")).get_data(as_text=True)
    without_token = re.compile(r'name="csrf_token" value="[^"]*"')
    assert without_token.sub("", second) == without_token.sub("", first)
    assert re.search(r'name="shared_database" value="yes"\s+checked', second) and ">Orders</textarea>" in second
    # A page showing what was posted (here with a message) builds the form and says what is wrong.
    response = post(client, public_id, "signs", {"shared_database": "maybe"}, action="save")
    assert response.status_code == 422 and 'id="shared_database-error"' in response.get_data(as_text=True)


def test_a_step_opens_for_the_link_holder_and_no_one_else(app, client):
    from app.assessments.access import SESSION_KEY
    from app.links import new_link

    public_id = start(client)
    post(client, public_id, "signs", {"call_chains": "partly"}, action="save")
    page = client.get(step_url(public_id, "signs")).get_data(as_text=True)
    assert re.search(r'name="call_chains" value="partly"\s+checked', page)
    with client.session_transaction() as session:
        held = dict(session[SESSION_KEY])
    stranger = app.test_client()
    with stranger.session_transaction() as session:
        session[SESSION_KEY] = {team: new_link()[0] for team in held}  # made-up links for the same team
    assert stranger.get(step_url(public_id, "signs")).status_code == 404


def test_head_of_a_step_answers_like_get_and_saves_nothing(client, answers, stored):
    public_id = start(client)
    post(client, public_id, "context", context_form(answers), action="save")
    before = stored(public_id)
    for step in ("context", "signs", "candidates"):
        response = client.head(step_url(public_id, step))
        assert response.status_code == 200 and response.data == b"", step
        assert int(response.headers["Content-Length"]) == len(client.get(step_url(public_id, step)).data)
    after = stored(public_id)
    assert (after.version, after.draft, after.step) == (before.version, before.draft, before.step)


def test_each_person_sees_their_own_answers_and_notes_on_the_signs_step(app):
    """Several people answering at once each see their own answers and notes, every change, and
    their own errors."""
    turns = [
        ("ana", "yes", "Ana's <b>private</b> note"),
        ("bo", "yes", ""),
        ("cy", "no", "Cy's note"),
        ("ana", "partly", "Ana's second note"),
        ("bo", "yes", ""),
    ]
    people = {who: app.test_client() for who, _, _ in turns}
    drafts = {who: start(browser) for who, browser in people.items()}
    for who, answer, note in turns:
        browser, public_id = people[who], drafts[who]
        post(browser, public_id, "signs", {"shared_database": answer, "shared_database_note": note}, action="save")
        page = browser.get(step_url(public_id, "signs")).get_data(as_text=True)
        assert re.search(rf'name="shared_database" value="{answer}"\s+checked', page)
        assert len(re.findall(r"\bchecked\b", page)) == 1
        shown = re.search(r'name="shared_database_note"[^>]*>([^<]*)</textarea>', page)[1]
        assert shown == escape(note)
        assert all(escape(other) not in page for _, _, other in turns if other and other != note)
    response = post(people["bo"], drafts["bo"], "signs", {"shared_database": "maybe"}, action="save")
    assert response.status_code == 422 and 'id="shared_database-error"' in response.get_data(as_text=True)
