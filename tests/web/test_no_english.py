"""A German client team never meets an English sentence: a consultant signed up in German, a client
whose language is German, three people answering its intake in German browsers (one importing
evidence, two disagreeing on a sign), the consultant's pages, the combined report and its PDF, the
plan worked on and proved by a reassessment round, a share link opened by an anonymous German
browser, and the CSV exports. The same journey in English is flagged, so the check can fail."""

from __future__ import annotations

import copy
import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from .consulting import PASSWORD
from .journey import candidates_form, context_form, post, signs_form, step_url
from .test_combined_answers import new_round
from .test_intake import aggregate_id
from .test_plan import items_on, plan_url, set_targets, version_of
from .test_sharing import create_link
from .visible_text import english_in, visible_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GERMAN = "de-DE,de;q=0.9"
ENGLISH = "en-GB,en;q=0.9"
NEXT_YEAR_Q2 = f"{date.today().year + 1}-Q2"
# Everything the people of this journey type, and file and service names of the evidence.
CLIENT, CONTACT, TEAM = "Müller Handel GmbH", "Jo Schmidt", "Kasse"
PEOPLE = (("Maya", "Leiterin Entwicklung"), ("Tom", "Backend-Entwickler"), ("Ira", "Plattform"))
NOTES = {"shared_database": "Bestellung und Lager lesen dieselben Tabellen.", "call_chains": "Fünf Aufrufe je Kauf."}
OWN_ITEM, OWNER = "Datenbank der Bestellung trennen", "Kim"
TYPED = (CLIENT, CONTACT, TEAM, OWN_ITEM, OWNER, "Benachrichtigungen", "Lagerbestand", "ana@beratung.example")
TYPED += tuple(name for person in PEOPLE for name in person) + tuple(NOTES.values())
TYPED += ("history.txt", "docker-compose.yml", "Beratung Nord", "für die Geschäftsführung")


class Pages:
    """Every page of the journey: its name and the text people read on it."""

    def __init__(self) -> None:
        self.read: list[tuple[str, str]] = []
        self.pdf: list[str] = []  # the combined report's PDF, page by page

    def html(self, name: str, response, status: int = 200) -> str:
        assert response.status_code == status, (name, response.status_code)
        html = response.get_data(as_text=True)
        self.read.append((name, visible_text(html)))
        return html

    def text(self, name: str, text: str) -> None:
        self.read.append((name, text))

    def of(self, name: str) -> str:
        return " ".join(" ".join(text.split()) for page, text in self.read if page == name)

    def english(self) -> list[str]:
        return [f"{name}: {sentence}" for name, text in self.read for sentence in english_in(text, TYPED)]


def browser(app, language: str):
    person = app.test_client()
    person.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    return person


def answered(answers: dict, **signs: str) -> dict:
    doc = copy.deepcopy(answers)
    doc["team"] = {"name": TEAM}
    doc["signs"].update(signs)
    doc["candidates"] = [
        {**answers["candidates"][0], "name": "Benachrichtigungen", "owns_data": "shared"},
        {**answers["candidates"][0], "name": "Lagerbestand", "domain_split": "layer", "reasons": []},
    ]
    return doc


def evidence_files() -> dict:
    history = FIXTURES / "online-boutique-early-history" / "history.txt"
    compose = FIXTURES / "sockshop" / "docker-compose.yml"
    return {
        "files": [(io.BytesIO(history.read_bytes()), "history.txt"), (io.BytesIO(compose.read_bytes()), compose.name)]
    }


def answer(app, seen: Pages, intake: str, person: tuple[str, str], doc: dict, language: str, evidence=False):
    """One person answers the intake link in their own browser, reading every step; Tom would
    rather not be named in the report."""
    client = browser(app, language)
    name = person[0]
    seen.html(f"intake ({name})", client.get(intake))
    named = {"name_in_report": "y"} if name != "Tom" else {}
    started = client.post(intake, data={"name": name, "role": person[1], "timeline": "quarter"} | named)
    public_id = re.search(r"/assessments/([^/]+)/context", started.location)[1]
    seen.html(f"context ({name})", client.get(step_url(public_id, "context")))
    too_long = post(client, public_id, "context", {**context_form(doc), "team": "x" * 1000})
    seen.html(f"context too long ({name})", too_long, status=422)
    post(client, public_id, "context", context_form(doc))
    if evidence:
        seen.html("evidence", client.get(step_url(public_id, "evidence")))
        uploaded = client.post(
            step_url(public_id, "evidence"), data=evidence_files(), content_type="multipart/form-data"
        )
        assert uploaded.status_code == 302, uploaded.get_data(as_text=True)[:300]
    seen.html(f"signs ({name})", client.get(step_url(public_id, "signs")))
    post(client, public_id, "signs", signs_form(doc, NOTES))
    seen.html(f"candidates ({name})", client.get(step_url(public_id, "candidates")))
    assert post(client, public_id, "candidates", candidates_form(doc)).location.endswith("/result")
    seen.html(f"result ({name})", client.get(step_url(public_id, "result")))
    return client, public_id


def pdf_pages(response) -> list[str]:
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    return [page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages]


def work_on_the_plan(consultant, seen: Pages, agg: str) -> None:
    targets = {"target-shared_database": "no", "target-shared_database-by": NEXT_YEAR_Q2}
    assert set_targets(consultant, agg, targets | {"target-deploy_coupling": "partly"}).status_code == 302
    html = consultant.get(plan_url(agg)).get_data(as_text=True)
    first = next(iter(items_on(html)))
    fields = {"owner": OWNER, "due": f"{date.today().year + 1}-03-31", "status": "done", "reason": "", "note": ""}
    form = {"action": "save", "item": first, f"{first}-version": version_of(html, first)}
    form |= {f"{first}-title": items_on(html)[first]} | {f"{first}-{k}": v for k, v in fields.items()}
    assert consultant.post(plan_url(agg), data=form).status_code == 302
    own = {"action": "add", "new-title": OWN_ITEM, "new-owner": OWNER, "new-status": "in_progress"}
    assert consultant.post(plan_url(agg), data=own | {"new-sign_id": "shared_database"}).status_code == 302
    refused = consultant.post(plan_url(agg), data={"action": "add", "new-title": "", "new-due": "morgen"})
    seen.html("plan with a mistake", refused, status=422)
    seen.html("plan", consultant.get(plan_url(agg)))


def journey(app, answers: dict, language: str) -> Pages:
    seen = Pages()
    consultant = browser(app, language)
    seen.html("sign up", consultant.get("/sign-up"))
    made = {"workspace": "Beratung Nord", "email": "ana@beratung.example", "password": PASSWORD}
    assert consultant.post("/sign-up", data=made).status_code == 302
    seen.html("dashboard", consultant.get("/clients"))
    seen.html("new client", consultant.get("/clients/new"))
    created = consultant.post("/clients/new", data={"name": CLIENT, "contact": CONTACT, "language": language[:2]})
    public_id = created.location.rsplit("/", 1)[1]
    intake = re.search(r'value="https?://[^/"]+(/i/[^"]+)"', seen.html("client", consultant.get(created.location)))[1]
    maya, tom, ira = PEOPLE
    answer(app, seen, intake, maya, answered(answers, shared_database="yes"), language, evidence=True)
    tom_client, tom_id = answer(app, seen, intake, tom, answered(answers, shared_database="no"), language)
    answer(app, seen, intake, ira, answered(answers, shared_database="yes", call_chains="partly"), language)
    # The consultant gives Tom his answers back; he changes one.
    reopen = re.search(r'action="(/clients/[^/]+/responses/\d+/reopen)"', consultant.get(created.location).text)
    assert reopen and consultant.post(reopen[1]).status_code == 302
    post(tom_client, tom_id, "signs", signs_form(answered(answers, shared_database="partly"), NOTES))
    assert post(tom_client, tom_id, "candidates", candidates_form(answered(answers))).location.endswith("/result")
    seen.html("client with answers", consultant.get(created.location))
    agg = aggregate_id(consultant, public_id)
    seen.html("combined report", consultant.get(step_url(agg, "result")))
    work_on_the_plan(consultant, seen, agg)
    # A reassessment round: the shared database is gone for everyone.
    later = new_round(app, consultant, public_id)
    for person in PEOPLE:
        answer(app, seen, later, person, answered(answers, shared_database="no", deploy_coupling="partly"), language)
    seen.html("client after the round", consultant.get(created.location))
    agg = aggregate_id(consultant, public_id)
    seen.html("combined report after the round", consultant.get(step_url(agg, "result")))
    seen.html("plan after the round", consultant.get(plan_url(agg)))
    seen.pdf = pdf_pages(consultant.get(step_url(agg, "report.pdf")))
    seen.text("PDF", "\n".join(seen.pdf))
    link = create_link(consultant, agg, label="für die Geschäftsführung")
    seen.html("share page", consultant.get(step_url(agg, "share")))
    anonymous = browser(app, language)
    seen.html("shared report", anonymous.get(link))
    seen.text("shared PDF", "\n".join(pdf_pages(anonymous.get(f"{link}/report.pdf"))))
    for name, url in (("client export", "/clients/export.csv"), ("plan export", plan_url(agg) + ".csv")):
        rows = list(csv.reader(io.StringIO(consultant.get(url).get_data(as_text=True))))
        machine = {i for i, header in enumerate(rows[0]) if header == "Status" and name == "plan export"}
        seen.text(name, "\n".join(cell for row in rows for i, cell in enumerate(row) if i not in machine))
    return seen


def test_a_german_client_team_never_meets_an_english_sentence(app, answers):
    seen = journey(app, answers, GERMAN)
    english = seen.english()
    assert not english, f"{len(english)} English sentences:\n" + "\n".join(english)
    # The journey reached what it is meant to check: Tom's change, the dispute, what the round proved.
    assert "Tom hat abgeschlossene Antworten geändert: " in seen.of("client with answers")
    assert "Teilweise" in seen.of("combined report") and "strittig" in seen.of("combined report").lower()
    assert "Durch die Antworten erledigt: " in seen.of("plan after the round")
    assert "Durch die Antworten erledigt: " in seen.of("combined report after the round")
    assert "Gemeinsamen Bericht" in seen.of("client after the round") and "Seite 1 von" in seen.of("PDF")
    # Page 1 of the German PDF still holds the summary alone: the roadmap starts page 2.
    assert "Fahrplan" not in seen.pdf[0] and seen.pdf[1].lstrip().startswith("Fahrplan")


@pytest.mark.parametrize("words", ["Please check what you entered", "Not started"])
def test_the_check_finds_english(words):
    assert english_in(visible_text(f"<main><p>{words}</p><button title='Save it'>x</button></main>"))
    assert len(english_in(visible_text("<p>Speichern</p><code>git log --name-only</code>"))) == 0


def test_the_same_journey_in_english_is_flagged(app, answers):
    found = journey(app, answers, ENGLISH).english()
    pages = {line.split(":", 1)[0] for line in found}
    assert {"sign up", "combined report", "PDF", "shared report", "plan", "plan export"} <= pages
