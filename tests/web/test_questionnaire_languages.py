"""The questionnaire's own texts in the page's language: questions, answer labels, the verdict and
the recommendations in German with ?lang=de, and in English, as before, with ?lang=en."""

from __future__ import annotations

import html

from tests.contract_ids import SIGN_IDS

from .journey import complete, start, step_url


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.get_data(as_text=True))


def test_the_signs_step_asks_in_german(client):
    public_id = start(client)
    german = page(client, step_url(public_id, "signs") + "?lang=de")
    assert "Mehrere Services lesen oder schreiben dieselben Datenbanktabellen." in german
    assert german.count("Teilweise") >= len(SIGN_IDS) and german.count("Nicht sicher") >= len(SIGN_IDS)
    assert "Several services read or write the same database tables." not in german
    assert "Partly" not in german
    english = page(client, step_url(public_id, "signs") + "?lang=en")
    assert "Several services read or write the same database tables." in english
    assert "Teilweise" not in english


def test_the_result_shows_the_verdict_and_recommendations_in_german(client, answers):
    public_id = complete(client, answers)
    german = page(client, step_url(public_id, "result") + "?lang=de")
    assert "Verteilter Monolith" in german
    assert "Geben Sie jedem Service seine eigenen Daten" in german
    assert "Services teilen sich eine Datenbank" in german
    assert "Give every service its own data" not in german
    assert "Services share a database" not in german
    english = page(client, step_url(public_id, "result") + "?lang=en")
    assert "Distributed monolith" in english and "Give every service its own data" in english
    assert "Verteilter Monolith" not in english


def test_how_the_score_works_in_german(client):
    german = page(client, "/how-the-score-works?lang=de")
    assert "Auslieferungen hängen zusammen" in german
    assert "Geben Sie jedem Service seine eigenen Daten" in german
    assert "„Services teilen sich eine Datenbank“ wurde mit „Ja“ oder „Teilweise“ beantwortet." in german
    assert (
        "ein Kandidat, der sich herauslösen ließe, sobald seine Hindernisse behoben sind, beantwortet „Ließe er sich "
        "allein ausliefern, ohne etwas anderes mit auszuliefern?“ mit „Nein“ oder „Nicht sicher“."
    ) in german
    assert "“Services share a database” answered “Yes” or “Partly”." not in german
    english = page(client, "/how-the-score-works?lang=en")
    assert "“Services share a database” answered “Yes” or “Partly”." in english
    assert "Auslieferungen hängen zusammen" not in english


def test_the_api_result_document_stays_english(client, answers):
    english = client.post("/api/v1/score", json=answers).get_json()
    german_request = client.post("/api/v1/score?lang=de", json=answers, headers={"Accept-Language": "de"})
    assert german_request.status_code == 200
    assert german_request.get_json() == english
    assert english["verdict_label"] == "Distributed monolith"
    assert english["signs"][SIGN_IDS[3]]["title"] == "Services share a database"
