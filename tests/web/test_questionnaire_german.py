"""The questionnaire, the site's pages and the error pages in German: a team whose browser asks
for German answers every step, fixes a mistake and meets a conflict without an English sentence
of Splitcheck's own (the questionnaire's questions come from the instrument's translation)."""

from __future__ import annotations

import json
import re
from html import unescape

from flask import render_template_string

from tests.contract_ids import SIGN_IDS

from .journey import candidates_form, context_form, post, signs_form, start, step_url

GERMAN = {"Accept-Language": "de-DE,de;q=0.9"}


def german_client(app):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = GERMAN["Accept-Language"]
    return client


def text_of(response) -> str:
    return unescape(response.get_data(as_text=True))


def test_a_whole_assessment_in_german(app, answers):
    client = german_client(app)
    public_id = start(client)

    context = text_of(client.get(step_url(public_id, "context")))
    assert '<html lang="de">' in context
    assert "<title>Ihr System (Schritt 1 von 3) · Splitcheck</title>" in context
    assert "Schritt 1 von 3" in context and "Speichern und weiter" in context
    assert "Später weitermachen" in context and "Bis zu 200 Zeichen." in context
    for english in ("Save and continue", "Come back later", "Step 1 of 3", "Up to 200 characters."):
        assert english not in context
    assert post(client, public_id, "context", context_form(answers)).status_code == 302

    signs = text_of(client.get(step_url(public_id, "signs")))
    assert "Aussagen, die einen verteilten Monolithen beschreiben" in signs
    assert "Zum Beispiel:" in signs and "Notiz für den Bericht" in signs and "Notiz hinzufügen" in signs
    assert "Belege importieren" in signs and "Zurück" in signs
    for english in ("For example:", "Note for the report", "Add a note", "Import evidence", ">Back<"):
        assert english not in signs
    assert post(client, public_id, "signs", signs_form(answers)).status_code == 302

    assert post(client, public_id, "candidates", {}, action="add").status_code == 302
    candidates = text_of(client.get(step_url(public_id, "candidates")))
    assert "Kandidat 1" in candidates and "Name des Service" in candidates
    assert "Diesen Kandidaten entfernen" in candidates and "Weiteren Service zur Prüfung hinzufügen" in candidates
    assert "Zum Ergebnis" in candidates
    for english in ("Candidate 1", "Service name", "Remove this candidate", "See the result"):
        assert english not in candidates

    finished = post(client, public_id, "candidates", candidates_form(answers))
    assert finished.status_code == 302 and finished.location.endswith("/result")


def test_a_mistake_is_explained_in_german_and_nothing_is_lost(app, answers):
    client = german_client(app)
    public_id = start(client)
    typed = {**context_form(answers), "engineers": "viele", "services": "0", "team": "Kasse " + "x" * 250}
    response = post(client, public_id, "context", typed)
    page = text_of(response)
    assert response.status_code == 422
    assert "<title>Fehler: Ihr System (Schritt 1 von 3) · Splitcheck</title>" in page
    assert "Bitte prüfen Sie diese 3 Antworten" in page
    assert "Von dieser Seite wurde noch nichts gespeichert" in page
    assert "Geben Sie eine ganze Zahl ein, etwa 8." in page
    assert "Geben Sie eine Zahl von 1 bis 100.000 ein." in page  # German digit grouping
    assert "Dieser Name hat 256 Zeichen; erlaubt sind höchstens 200." in page
    # What was typed is shown again as typed.
    assert 'value="viele"' in page and "Kasse " + "x" * 250 in page
    for english in ("Please check", "Enter a whole number", "Enter a number from", "characters; the limit is"):
        assert english not in page


def test_a_missing_answer_and_a_tampered_choice_are_refused_in_german(app, answers):
    client = german_client(app)
    public_id = start(client)
    assert post(client, public_id, "context", context_form(answers)).status_code == 302
    missing = text_of(post(client, public_id, "signs", {SIGN_IDS[0]: "yes"}))
    assert "Bitte prüfen Sie diese 5 Antworten" in missing and "Wählen Sie eine Antwort." in missing
    assert post(client, public_id, "signs", signs_form(answers)).status_code == 302

    form = {**candidates_form(answers), "candidates-0-reasons": ["made-up"]}
    tampered = text_of(post(client, public_id, "candidates", form))
    assert "Wählen Sie eine der angezeigten Antworten." in tampered
    assert "not a valid choice" not in tampered


def test_the_background_save_and_the_scripts_speak_german(app, answers):
    client = german_client(app)
    public_id = start(client)
    page = client.get(step_url(public_id, "context")).get_data(as_text=True)
    texts = json.loads(re.search(r'<script type="application/json" id="questionnaire-texts">(.*?)</script>', page)[1])
    assert texts["saved"] == "Alle Änderungen gespeichert."
    assert texts["count"] == "{length} von {limit} Zeichen"
    version = re.search(r'name="version" value="(\d+)"', page)[1]
    refused = client.post(
        step_url(public_id, "context") + "/save", data={**context_form(answers), "engineers": "x", "version": version}
    )
    assert refused.status_code == 422
    assert refused.get_json()["problems"] == [
        f"{answers_label(page, 'engineers')}: Geben Sie eine ganze Zahl ein, etwa 8."
    ]


def answers_label(page: str, field_id: str) -> str:
    return unescape(re.search(rf'<label for="{field_id}">([^<]*)</label>', page)[1])


def test_the_conflict_page_in_german(app, answers):
    client = german_client(app)
    public_id = start(client)
    page = client.get(step_url(public_id, "context")).get_data(as_text=True)
    stale = re.search(r'name="version" value="(\d+)"', page)[1]
    assert post(client, public_id, "context", context_form(answers)).status_code == 302
    response = client.post(
        step_url(public_id, "context"),
        data={**context_form(answers), "team": "Kasse", "action": "next", "version": stale},
    )
    conflict = text_of(response)
    assert response.status_code == 409
    assert "Diese Antworten wurden anderswo geändert" in conflict
    assert "„Ihr System“ in einem anderen Tab" in conflict
    assert "Gespeicherte Antworten behalten" in conflict and "Die Antworten auf meiner Seite verwenden" in conflict
    assert "Kasse" in conflict  # what the page held is offered again
    assert "Keep the saved answers" not in conflict


def test_the_landing_page_in_german(app):
    client = german_client(app)
    assert start(client)
    page = text_of(client.get("/"))
    assert "Sind Ihre Microservices wirklich unabhängig?" in page
    assert "<strong>verteilten Monolithen</strong>" in page
    assert "Prüfung starten" in page and "Dort weitermachen, wo Sie aufgehört haben" in page
    assert re.search(r"zuletzt gespeichert am \d{1,2}\. [A-ZÄÖÜ][a-zä]+ \d{4}", page)
    for english in ("Start the check", "Continue where you left off", "last saved", "Unnamed system"):
        assert english not in page


def test_the_error_pages_in_german_and_the_api_errors_in_english(app):
    client = german_client(app)
    missing = client.get("/nothing-here")
    page = text_of(missing)
    assert missing.status_code == 404
    assert "Fehler 404" in page and "Seite nicht gefunden" in page and "Zur Startseite" in page
    assert "Page not found" not in page and "Go to the start page" not in page
    not_allowed = text_of(client.put("/accessibility"))
    assert "Methode nicht erlaubt" in not_allowed and "Method Not Allowed" not in not_allowed
    api = client.get("/api/v1/nothing-here")
    assert api.status_code == 404
    assert api.get_json()["errors"][0]["message"].startswith("There is nothing at this address.")


def test_an_expired_form_is_explained_in_german(csrf_app):
    client = german_client(csrf_app)
    response = client.post("/start")
    page = text_of(response)
    assert response.status_code == 400
    assert "Diese Seite war abgelaufen" in page and "This page had expired" not in page


def test_the_accessibility_statement_and_how_the_score_works_in_german(app):
    client = german_client(app)
    statement = text_of(client.get("/accessibility"))
    assert "<h1>Erklärung zur Barrierefreiheit</h1>" in statement
    assert "Jede Seite ist mit ihrer Sprache ausgezeichnet" in statement and "Bekannte Einschränkungen" in statement
    assert "Known limits" not in statement and "What we aim for" not in statement
    scoring = text_of(client.get("/how-the-score-works"))
    assert "Der Kopplungswert" in scoring and "Punkte je Antwort" in scoring
    assert "in allen übrigen Fällen." in scoring and "Diese Antworten werden als Hindernisse aufgeführt." in scoring
    for english in ("The coupling score", "Points per answer", "otherwise.", "are listed as blockers"):
        assert english not in scoring


def test_the_api_reference_page_in_german(app):
    page = text_of(german_client(app).get("/api"))
    assert "Die Splitcheck-API" in page and "Was zurückkommt" in page and "Statuscodes und Inhalte" in page
    assert "What comes back" not in page and "Status codes and bodies" not in page


def test_a_link_to_copy_says_copied_in_german(app):
    macro = '{% import "_macros/links.html" as links %}{{ links.to_copy("https://example.test/r/x", "link") }}'
    with app.test_request_context("/?lang=de"):
        german = render_template_string(macro)
    with app.test_request_context("/"):
        english = render_template_string(macro)
    assert 'data-copied="Kopiert"' in german and "Link kopieren" in german and ">Der Link<" in german
    assert 'data-copied="Copied"' in english and ">Copy link<" in english


def test_the_evidence_from_files_is_counted_in_german(app, answers):
    from .test_evidence_import import upload
    from .test_evidence_report import ONE_TRACE, SOCKSHOP

    client = german_client(app)
    public_id = start(client)
    assert post(client, public_id, "context", context_form(answers)).status_code == 302
    assert upload(client, public_id, SOCKSHOP, ONE_TRACE).status_code == 302
    page = text_of(client.get(step_url(public_id, "signs")))
    box = re.sub(r"\s+", " ", page.split('id="evidence"')[1].split("</div>")[0])
    assert "Belege aus Ihren Dateien" in box
    assert "10 Services" in box and "4 Datenspeicher" in box
    assert "und keine Befunde: Nichts in diesen Dateien zeigt eines der" in box
    assert "front-end und frontend erscheinen unter einem Namen" in box
    assert "Die Vorschläge stehen beim jeweiligen Anzeichen" in box and "Andere Dateien importieren" in box
    for english in ("Evidence from your files", "services,", "data stores", "no findings", "Import other files"):
        assert english not in box
