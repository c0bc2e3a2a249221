"""Which language an assessment, a client and an intake link are in: an assessment keeps the
language it is answered in for whoever holds its link, a consultant sets a client's, and the intake
link opens in it; the person's own choice (the switch, ?lang=) still wins."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.assessments.models import Assessment
from app.consultants.models import Client
from app.extensions import db

from .consulting import make_owner, respond, sign_in
from .journey import candidates_form, context_form, post, signs_form, step_url
from .test_intake import aggregate_id
from .test_sharing import create_link

ENGLISH_BROWSER = {"Accept-Language": "en-GB,en;q=0.9"}
GERMAN_BROWSER = {"Accept-Language": "de-DE,de;q=0.9"}


def language_of_page(response) -> str:
    return re.search(r'<html lang="([a-z]+)">', response.get_data(as_text=True))[1]


def stored_language(app, public_id: str) -> str:
    with app.app_context():
        return db.session.scalar(select(Assessment.language).where(Assessment.public_id == public_id))


def client_language(app, public_id: str) -> str:
    with app.app_context():
        return db.session.scalar(select(Client.language).where(Client.public_id == public_id))


def start_in(client, headers: dict) -> str:
    response = client.post("/start", headers=headers)
    assert response.status_code == 302
    return re.search(r"/assessments/([^/]+)/context", response.location)[1]


def complete_in(client, answers: dict, headers: dict) -> str:
    """Every step answered by someone who started with `headers`' browser."""
    public_id = start_in(client, headers)
    assert post(client, public_id, "context", context_form(answers)).status_code == 302
    assert post(client, public_id, "signs", signs_form(answers)).status_code == 302
    assert post(client, public_id, "candidates", candidates_form(answers)).location.endswith("/result")
    return public_id


def test_an_assessment_started_in_german_stays_german_for_its_holder(app, client, answers):
    public_id = start_in(client, GERMAN_BROWSER)
    assert stored_language(app, public_id) == "de"
    # The same person later, with a browser that prefers English: the steps are still German.
    page = client.get(step_url(public_id, "context"), headers=ENGLISH_BROWSER)
    assert language_of_page(page) == "de" and "Zum Inhalt springen" in page.get_data(as_text=True)
    assert post(client, public_id, "context", context_form(answers)).status_code == 302
    assert language_of_page(client.get(step_url(public_id, "signs"), headers=ENGLISH_BROWSER)) == "de"
    assert stored_language(app, public_id) == "de"
    # Someone without the link gets a 404, in whatever language: nothing of the assessment.
    assert app.test_client().get(step_url(public_id, "signs"), headers=ENGLISH_BROWSER).status_code == 404


def test_an_assessment_started_in_english_is_english_whatever_the_browser_says(app, client):
    public_id = start_in(client, ENGLISH_BROWSER)
    assert stored_language(app, public_id) == "en"
    page = client.get(step_url(public_id, "context"), headers=GERMAN_BROWSER)
    assert language_of_page(page) == "en" and "Skip to content" in page.get_data(as_text=True)


def test_the_switch_wins_and_answers_saved_after_it_are_in_the_chosen_language(app, client, answers):
    public_id = start_in(client, GERMAN_BROWSER)
    switched = client.get(step_url(public_id, "context") + "?lang=en", headers=GERMAN_BROWSER)
    assert language_of_page(switched) == "en"
    # The choice is kept on the next steps, and the answers saved now are answered in English.
    assert post(client, public_id, "context", context_form(answers)).status_code == 302
    assert stored_language(app, public_id) == "en"
    assert language_of_page(client.get(step_url(public_id, "signs"), headers=GERMAN_BROWSER)) == "en"


def test_the_result_page_is_in_the_language_answered_in(app, answers):
    person = app.test_client()
    public_id = complete_in(person, answers, GERMAN_BROWSER)
    result = person.get(step_url(public_id, "result"), headers=ENGLISH_BROWSER)
    assert result.status_code == 200 and language_of_page(result) == "de"


def new_client_in(consultant, language: str, name: str = "Acme Retail") -> tuple[str, str]:
    response = consultant.post("/clients/new", data={"name": name, "contact": "Jo", "language": language})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    public_id = response.location.rsplit("/", 1)[1]
    page = consultant.get(response.location).get_data(as_text=True)
    return public_id, re.search(r'value="https?://[^/"]+(/i/[^"]+)"', page)[1]


def test_the_new_client_form_offers_the_language_and_starts_with_the_consultants(app):
    make_owner(app)
    consultant = app.test_client()
    sign_in(consultant)
    english = consultant.get("/clients/new", headers=ENGLISH_BROWSER).get_data(as_text=True)
    assert "Language of the questionnaire and report" in english
    assert '<option value="en" selected>English</option>' in english
    assert '<option value="de">Deutsch</option>' in english
    german = consultant.get("/clients/new", headers=GERMAN_BROWSER).get_data(as_text=True)
    assert "Sprache von Fragebogen und Bericht" in german
    assert '<option value="de" selected>Deutsch</option>' in german


def test_a_client_in_german_gets_a_german_intake_and_german_questionnaires(app, answers):
    make_owner(app)
    consultant = app.test_client()
    sign_in(consultant)
    client_id, intake = new_client_in(consultant, "de")
    assert client_language(app, client_id) == "de"
    # The client's people, with English browsers: the intake page and their questionnaire are German.
    landing = app.test_client().get(intake, headers=ENGLISH_BROWSER)
    assert landing.status_code == 200 and language_of_page(landing) == "de"
    assert "Zum Inhalt springen" in landing.get_data(as_text=True)
    person, respondent_id = respond(app, intake, "Maya", "Engineering lead", answers)
    assert stored_language(app, respondent_id) == "de"
    step = person.get(step_url(respondent_id, "context"), headers=ENGLISH_BROWSER)
    assert language_of_page(step) == "de"
    # The combined result is in the client's language; the consultant's own pages stay theirs.
    combined = aggregate_id(consultant, client_id)
    assert stored_language(app, combined) == "de"
    assert language_of_page(consultant.get(f"/clients/{client_id}", headers=ENGLISH_BROWSER)) == "en"
    read = consultant.get(step_url(respondent_id, "result"), headers=ENGLISH_BROWSER)
    assert read.status_code == 200 and language_of_page(read) == "en"


def test_a_person_who_switches_on_the_intake_page_answers_in_their_language(app):
    make_owner(app)
    consultant = app.test_client()
    sign_in(consultant)
    _, intake = new_client_in(consultant, "de")
    person = app.test_client()
    assert language_of_page(person.get(intake + "?lang=en")) == "en"
    started = person.post(intake, data={"name": "Sam", "role": "Developer", "timeline": "quarter"})
    respondent_id = re.search(r"/assessments/([^/]+)/context", started.location)[1]
    assert stored_language(app, respondent_id) == "en"
    assert language_of_page(person.get(step_url(respondent_id, "context"))) == "en"


def test_the_consultant_changes_a_clients_language_on_its_page(app, answers):
    make_owner(app)
    consultant = app.test_client()
    sign_in(consultant)
    client_id, intake = new_client_in(consultant, "en")
    respond(app, intake, "Maya", "Engineering lead", answers)
    page = consultant.get(f"/clients/{client_id}").get_data(as_text=True)
    assert f'action="/clients/{client_id}/language"' in page and "Save the language" in page
    refused = consultant.post(f"/clients/{client_id}/language", data={"language": "fr"})
    assert refused.status_code == 302 and client_language(app, client_id) == "en"
    told = consultant.get(refused.location).get_data(as_text=True)
    assert "Choose one of the languages offered; the language was not changed." in told
    changed = consultant.post(f"/clients/{client_id}/language", data={"language": "de"})
    assert changed.status_code == 302 and changed.location.endswith("#language")
    assert "Language saved." in consultant.get(changed.location).get_data(as_text=True)
    assert client_language(app, client_id) == "de"
    assert stored_language(app, aggregate_id(consultant, client_id)) == "de"
    assert language_of_page(app.test_client().get(intake, headers=ENGLISH_BROWSER)) == "de"
    page = consultant.get(f"/clients/{client_id}").get_data(as_text=True)
    assert '<option value="de" selected>Deutsch</option>' in page


def test_a_clients_language_is_changed_only_by_its_own_workspace(app):
    make_owner(app)
    owner = app.test_client()
    sign_in(owner)
    client_id, _ = new_client_in(owner, "en")
    make_owner(app, "rival@other.example", "Rival Partners")
    rival = app.test_client()
    sign_in(rival, "rival@other.example")
    assert rival.post(f"/clients/{client_id}/language", data={"language": "de"}).status_code == 404
    assert client_language(app, client_id) == "en"


def test_a_shared_report_opens_in_the_language_answered_in_and_can_be_switched(app, client, answers):
    public_id = complete_in(client, answers, GERMAN_BROWSER)
    url = create_link(client, public_id)
    leadership = app.test_client()
    shared = leadership.get(url, headers=ENGLISH_BROWSER)
    assert shared.status_code == 200 and language_of_page(shared) == "de"
    assert "Set-Cookie" not in shared.headers  # a shared page sets no cookie until someone chooses
    assert language_of_page(leadership.get(url + "?lang=en")) == "en"
    assert language_of_page(leadership.get(url, headers=GERMAN_BROWSER)) == "en"  # the choice is kept


def test_a_german_clients_shared_combined_report_is_german(app, answers):
    make_owner(app)
    consultant = app.test_client()
    sign_in(consultant)
    client_id, intake = new_client_in(consultant, "de")
    respond(app, intake, "Maya", "Engineering lead", answers)
    combined = aggregate_id(consultant, client_id)
    made = consultant.post(f"/assessments/{combined}/share", data={"label": "CTO", "expiry": "30"})
    page = consultant.get(made.location).get_data(as_text=True)
    url = re.search(r'value="http://splitcheck.test(/s/[^"]+)"', page)[1]
    assert language_of_page(app.test_client().get(url, headers=ENGLISH_BROWSER)) == "de"
