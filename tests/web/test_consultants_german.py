"""The consultants' pages, accounts, the reset e-mail, the CSV exports and the plan in German, with
the English ones as they were."""

from __future__ import annotations

import csv
import io
import re

import pytest

from app.consultants.passwords import MAX_LENGTH, MIN_LENGTH

from .consulting import PASSWORD, make_owner, new_client, sign_in
from .test_intake import aggregate_id

DE = {"Accept-Language": "de-DE,de;q=0.9"}


def page(client, path: str, status: int = 200, **kwargs) -> str:
    response = client.get(path, **kwargs)
    assert response.status_code == status, path
    return response.get_data(as_text=True)


def main_of(html: str) -> str:
    """What the page itself says (the header and footer are another area's)."""
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def test_signing_in_and_up_in_german(app, client):
    make_owner(app)
    german = page(client, "/sign-in", headers=DE)
    assert '<html lang="de">' in german and "<title>Anmelden · Splitcheck</title>" in german
    assert "Passwort vergessen?" in german and "Forgot your password?" not in german
    assert "Legen Sie einen Arbeitsbereich für Ihre Beratung an" in german
    wrong = client.post("/sign-in", data={"email": "ana@consult.example", "password": "nope"}, headers=DE)
    assert wrong.status_code == 422
    assert "E-Mail-Adresse oder Passwort ist falsch." in wrong.get_data(as_text=True)
    empty = client.post("/sign-up", data={"workspace": "", "email": "x", "password": "short"}, headers=DE)
    text = main_of(empty.get_data(as_text=True))
    assert "Diese Angabe fehlt." in text and f"Verwenden Sie {MIN_LENGTH} bis {MAX_LENGTH} Zeichen." in text
    assert "Geben Sie eine E-Mail-Adresse wie name@example.com ein." in text
    assert "This is required." not in text and "Your consultancy" not in text
    # A page that needs signing in says so in German.
    refused = client.get("/clients", headers=DE)
    assert refused.status_code == 302
    assert "Bitte melden Sie sich an, um diese Seite zu sehen." in page(client, refused.location, headers=DE)
    # English, as before.
    english = page(app.test_client(), "/sign-in")
    assert "Forgot your password? Ask your workspace owner or administrator for a reset link." in english
    assert "Passwort" not in english


def test_the_dashboard_and_its_filters_in_german(app, consultant):
    new_client(consultant)
    german = main_of(page(consultant, "/clients?lang=de"))
    for sentence in (
        "Neuen Kunden anlegen",
        "Alle als CSV exportieren",
        "Sortieren nach",
        "Mit überfälligen Maßnahmen",
    ):
        assert sentence in german
    assert "1 Kunde." in german and "Eingeladen" in german and "Noch kein Plan" in german
    assert not re.search(r"\b(Sort by|Add a client|Has overdue items|No plan yet|Invited)\b", german)
    none = main_of(page(consultant, "/clients?q=nobody&plan=overdue"))  # the choice of German is kept
    assert "0 Kunden passen." in none and "Kein Kunde passt." in none and "Show all clients" not in none
    english = main_of(page(consultant, "/clients?q=nobody&lang=en"))
    assert "0 clients match." in english and "No client matches." in english


def test_the_client_page_and_intake_link_in_german(app, consultant, two_respondents):
    public_id, _, _ = two_respondents
    german = main_of(page(consultant, f"/clients/{public_id}?lang=de"))
    for sentence in (
        "Gemeinsames Ergebnis",
        "aus 2 Antworten",
        "Gemeinsamen Bericht öffnen",
        "Wo das Team uneins ist",
        "darf im Bericht genannt werden",
        "im Bericht nur mit Rolle",
        "Für Maya wieder öffnen",
        "Änderungen an Antworten",
        "Maya hat fertig geantwortet.",
        "Private Notizen",
        "Diesen Kunden löschen",
    ):
        assert sentence in german, sentence
    assert not re.search(r"\b(Combined result|still answering|finished answering|Private notes)\b", german)
    # the intake link, for someone whose browser prefers German
    made = consultant.post("/clients/new", data={"name": "Beta GmbH"}, follow_redirects=True)
    intake = re.search(r'value="https?://[^/"]+(/i/[^"]+)"', made.get_data(as_text=True))[1]
    person = app.test_client()
    invited = main_of(page(person, intake, headers=DE))
    assert "Vor unserem Termin: Wie unabhängig sind Ihre Services?" in invited
    assert "Mein Name darf im Bericht erscheinen" in invited and "So bald wie möglich" in invited
    assert "Before we meet" not in invited
    refused = person.post(intake, data={"name": "", "role": "Lead"}, headers=DE)
    assert refused.status_code == 422 and "Bitte wählen Sie eine Option." in refused.get_data(as_text=True)
    beta = re.search(r"/clients/([^/\"#]+)", made.request.path)[1]
    consultant.post(f"/clients/{beta}/intake/close")
    closed = page(person, intake, status=410, headers=DE)
    assert "Dieser Befragungslink ist geschlossen" in closed and "This intake link is closed" not in closed


def test_the_workspace_and_api_tokens_in_german(app, consultant):
    german = main_of(page(consultant, "/workspace?lang=de"))
    assert "Arbeitsbereich: Northwind Consulting" in german and "ana@consult.example · Inhaber" in german
    assert "Kollegin oder Kollegen einladen" in german and "Berater: arbeitet mit Kunden" in german
    assert "Invite a colleague" not in german and "· Owner" not in german
    made = consultant.post(
        "/workspace/api-tokens", data={"name": "Wochenbericht", "scopes": ["read:results"]}, follow_redirects=True
    )
    tokens = main_of(made.get_data(as_text=True))
    assert "Der Token „Wochenbericht“ ist erstellt." in tokens and "Nie genutzt" in tokens
    assert "Kunden, ihre Runden, Ergebnisse, Berichte und Pläne lesen (read:results)" in tokens
    assert "Never used" not in tokens and "Make a token" not in tokens
    refused = consultant.post("/workspace/api-tokens", data={"name": ""})
    assert "Wählen Sie mindestens eine Berechtigung für diesen Token." in refused.get_data(as_text=True)
    english = main_of(page(consultant, "/workspace/api-tokens?lang=en"))
    assert "Never used" in english and "Read clients, their rounds, results, reports and plans" in english


def test_lenses_in_german_with_the_checkers_problems_in_german(app, consultant):
    listed = main_of(page(consultant, "/workspace/lenses?lang=de"))
    assert "Eigenen Fragebogen hochladen" in listed and "Noch keine eigenen Fragebögen." in listed
    refused = consultant.post("/workspace/lenses", data={"source": "id: acme\n"})
    assert refused.status_code == 422
    problems = main_of(refused.get_data(as_text=True))
    count = len(re.findall(r"<li><code>", problems))
    assert count > 1 and f"Die Datei wurde nicht gespeichert: {count} Probleme zu beheben" in problems
    # Each line is file: key: problem, the problem in German (tests/web/test_lenses_german.py).
    assert "<code>eingefügter Text: title: fehlt</code>" in problems and "is missing" not in problems


def test_the_plan_with_a_mistake_and_its_history_in_german(app, consultant, two_respondents):
    public_id, _, _ = two_respondents
    plan = f"/assessments/{aggregate_id(consultant, public_id)}/plan"
    refused = consultant.post(
        plan + "?lang=de", data={"action": "add", "new-title": "", "new-due": "31.12.2027", "new-status": "wont_do"}
    )
    assert refused.status_code == 422
    text = main_of(refused.get_data(as_text=True))
    for sentence in (
        "Bitte prüfen Sie Ihre Eingaben",
        "Die neue Maßnahme muss korrigiert werden",
        "Beschreiben Sie, was das Team tun wird.",
        "Geben Sie das Datum als Jahr-Monat-Tag ein, zum Beispiel 2027-03-31.",
        "Begründen Sie im Feld unten, warum das Team das nicht tun wird.",
        "Kopplungswert: heute und geplant",
        "Aufgrund der Antworten empfohlen.",
    ):
        assert sentence in text, sentence
    assert "31.12.2027" in text  # what was typed stays
    assert not re.search(r"\b(Please check what you entered|Save the targets|Recommended by the answers)\b", text)
    added = consultant.post(
        plan, data={"action": "add", "new-title": "Eigene Aufgabe", "new-owner": "Jo", "new-status": "not_started"}
    )
    assert added.status_code == 302
    shown = page(consultant, plan)
    item = re.findall(r'name="item" value="([^"]+)"', shown)[-1]
    version = re.search(rf'name="{item}-version" value="(\d+)"', shown)[1]
    fields = {f"{item}-title": "Eigene Aufgabe", f"{item}-owner": "Kim", f"{item}-note": "n"}
    saved = consultant.post(
        plan, data={"action": "save", "item": item, f"{item}-version": version, f"{item}-status": "done", **fields}
    )
    assert saved.status_code == 302
    history = main_of(page(consultant, plan))
    assert "Nicht begonnen → Erledigt" in history and "Verantwortliche und Notiz geändert." in history
    assert "Vom Team hinzugefügt." in history
    english = main_of(page(consultant, plan + "?lang=en"))
    assert "Not started → Done" in english and "Changed the owner and note." in english
    assert "Added by the team." in english


def test_the_csv_headers_in_german_and_english(app, consultant, two_respondents):
    public_id, _, _ = two_respondents
    german = next(csv.reader(io.StringIO(page(consultant, "/clients/export.csv?lang=de"))))
    assert german[:8] == [
        "Kunde",
        "Ansprechperson",
        "Status",
        "Befragte",
        "Einschätzung",
        "Kopplungswert",
        "Anzeichen vorhanden",
        "Aktualisiert",
    ]
    assert german[-3:] == ["Plan: Maßnahmen", "Plan: erledigt", "Plan: überfällig"]
    plan = f"/assessments/{aggregate_id(consultant, public_id)}/plan"
    jira = list(csv.reader(io.StringIO(page(consultant, plan + ".csv"))))
    assert jira[0][:6] == ["Zusammenfassung", "Beschreibung", "Bearbeiter", "Fälligkeitsdatum", "Status", "Stichwörter"]
    assert jira[1][1].startswith("Warum: ")
    github = next(csv.reader(io.StringIO(page(consultant, plan + ".csv?for=github"))))
    assert github == ["title", "body", "labels", "assignee", "state"]  # the importer's own field names
    english = next(csv.reader(io.StringIO(page(consultant, "/clients/export.csv?lang=en"))))
    assert english[:3] == ["client", "contact", "status"] and english[-1] == "plan_overdue"
    assert next(csv.reader(io.StringIO(page(consultant, plan + ".csv"))))[0] == "Summary"


@pytest.mark.parametrize(
    ("arguments", "subject", "sentence"),
    [
        ([], "Choose a new Splitcheck password", "Open this link within an hour to choose it. It works once:"),
        (["--language", "de"], "Neues Splitcheck-Passwort wählen", "Öffnen Sie innerhalb einer Stunde diesen Link"),
    ],
)
def test_the_reset_email_in_the_recipients_language(app, runner, monkeypatch, arguments, subject, sentence):
    import smtplib

    sent = []

    class FakeSMTP:
        def __init__(self, host, port, timeout):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def starttls(self):
            pass

        def send_message(self, message):
            sent.append(message)

    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    make_owner(app)
    app.config.update(SMTP_HOST="smtp.example", SMTP_PORT=2525)
    result = runner.invoke(args=["users", "reset-link", "ana@consult.example", *arguments])
    assert result.exit_code == 0, result.output
    link = result.stdout.strip()
    assert "Also sent to ana@consult.example." in result.stderr  # the command line stays English
    (message,) = sent
    assert message["Subject"] == subject and sentence in message.get_content() and link in message.get_content()


def test_a_reset_email_sent_while_serving_a_german_page_is_german(app):
    from app.consultants import mail

    app.config["SMTP_FROM"] = "splitcheck@example.com"
    with app.test_request_context("/", headers=DE):
        message = mail.reset_message("ana@consult.example", "https://splitcheck.test/reset/x")
    assert message["Subject"] == "Neues Splitcheck-Passwort wählen"
    assert "Jemand (hoffentlich Sie) möchte ein neues Passwort für Splitcheck wählen." in message.get_content()


def test_the_plans_words_in_german(app):
    from app.consultants.clients import plan_in_words
    from app.plans import quarters
    from app.plans.report import summary_line

    figures = {"items": 7, "done": 3, "overdue": 1, "target_score": 35, "by": "2027-Q2"}
    with app.test_request_context("/?lang=de"):
        assert summary_line(1, 0, 35, "2027-Q2") == "Plan: 1 Maßnahme, 0 erledigt, Zielwert 35 bis 2027-Q2"
        assert quarters.label("2027-Q2") == "April bis Juni 2027"
        assert plan_in_words(figures) == "7 Maßnahmen, 3 erledigt, 1 überfällig; Zielwert 35 bis 2027-Q2"
    with app.test_request_context("/"):
        assert summary_line(1, 0, 35, "2027-Q2") == "Plan: 1 item, 0 done, target score 35 by 2027-Q2"
        assert summary_line(2, 1, None, None) == "Plan: 2 items, 1 done"
        assert quarters.label("2027-Q2") == "April to June 2027"
        assert plan_in_words(figures) == "7 items, 3 done, 1 overdue; target score 35 by 2027-Q2"
        assert plan_in_words({**figures, "overdue": 0, "target_score": None}) == (
            "7 items, 3 done, none overdue; no targets set yet"
        )


def test_signing_in_still_works_with_german_pages(app, client):
    make_owner(app)
    assert sign_in(client).status_code == 302
    assert client.post("/sign-out", headers=DE).status_code == 302
    assert "Sie sind abgemeldet." in page(client, "/", headers=DE)
    assert client.post("/sign-in", data={"email": "ana@consult.example", "password": PASSWORD}).status_code == 302
