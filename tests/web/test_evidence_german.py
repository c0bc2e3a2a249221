"""The evidence import read in German: the upload page, the findings, skipped files and the
report's Evidence section, what changes together in a history, the changes between versions of
API contracts, and what changed between a pipeline's posts; the stored document, the API and the
command line stay English."""

from __future__ import annotations

import html
import io
import json
import re
from pathlib import Path

from app.evidence_import.models import EvidenceImport
from tests.contract_ids import SIGN_IDS

from .journey import candidates_form, complete, context_form, post, signs_form, start, step_url
from .test_evidence_contracts import COMPOSE, EXPECTED, NEW, OLD
from .test_evidence_posts import SHARED, send, token_of
from .test_report import pdf_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def fixture_files(*folders: str) -> list[tuple[str, bytes]]:
    """A real project's files as a folder upload sends them: named by their path."""
    named = []
    for folder in folders:
        root = FIXTURES / folder
        named += [(p.relative_to(FIXTURES).as_posix(), p.read_bytes()) for p in sorted(root.rglob("*")) if p.is_file()]
    return named


def upload(client, public_id: str, named: list[tuple[str, bytes]]):
    data = {"files": [(io.BytesIO(content), name) for name, content in named]}
    return client.post(step_url(public_id, "evidence"), data=data, content_type="multipart/form-data")


def pix_portal_with_a_chart() -> list[tuple[str, bytes]]:
    """pix-portal's compose files, with online-boutique's Helm chart put in one of its folders."""
    chart = [(f"pix-portal/deploy/{name}", content) for name, content in fixture_files("online-boutique/helm-chart")]
    return fixture_files("pix-portal") + chart


def test_a_german_reader_sees_the_evidence_in_german(app, client, answers):
    public_id = start(client)
    post(client, public_id, "context", context_form(answers))
    page = client.get(step_url(public_id, "evidence") + "?lang=de").get_data(as_text=True)
    assert "<h1>Belege importieren</h1>" in page and "Dateien lesen" in page
    assert "Import evidence" not in page and "Read the files" not in page
    response = upload(client, public_id, pix_portal_with_a_chart())
    assert response.status_code == 302
    signs = client.get(step_url(public_id, "signs")).get_data(as_text=True)
    assert "Belege gelesen." in signs  # the flash
    assert "Vorschlag aus Ihren Dateien: " in signs and "Diese Antwort übernehmen" in signs
    # Findings of pix-portal's compose files, and why its README and the Helm chart were not read.
    assert "Die Einstellungen verdrahten einen Pfad aus 4 Aufrufen zwischen Services" in signs
    assert "brauchen mindestens die Hälfte des Systems, um zu laufen" in signs
    assert "keine Deployment-, Manifest- oder Trace-Datei" in signs
    assert "gehört zu einem Helm-Chart" in signs and "gehört zum Helm-Chart in" in signs
    for english in ("Settings wire a path", "at least half of the system", "not a deployment, manifest", "Helm chart"):
        assert english not in signs
    # The document kept is CONTRACT.md's, in English, with the German beside it.
    with app.app_context():
        record = app.extensions["sqlalchemy"].session.query(EvidenceImport).one()
        summaries = " ".join(f["summary"] for f in record.document["findings"])
        assert "Settings wire a path of 4 service-to-service calls" in summaries
        assert record.texts is not None and set(record.texts) == {"de"}

    form = signs_form(answers)
    assert post(client, public_id, "signs", form, action="accept-local_testing").status_code == 302
    form["local_testing"] = "yes"  # the answer used, as the page now shows it
    assert post(client, public_id, "signs", form).status_code == 302
    assert post(client, public_id, "candidates", candidates_form(answers)).location.endswith("/result")
    result = client.get(step_url(public_id, "result")).get_data(as_text=True)
    section = result.split('id="evidence"')[1].split("</section>")[0]
    assert "Belege aus den Dateien des Systems" in section and "Gelesen aus " in section
    assert "Wie die Belege genutzt wurden" in section and "das Team hat diese Antwort übernommen." in section
    assert "Gefunden: " in section and "brauchen mindestens die Hälfte des Systems" in section
    assert "Wie viel die Dateien zeigen konnten" in section and "Was die Dateien nicht zeigen konnten" in section
    assert "Der Service-Graph" in section and 'aria-label="Service-Graph: Services, Datenspeicher' in section
    for english in (
        "Evidence from the system's own files",
        "How the evidence was used",
        "the team used this answer",
        "Settings wire a path",
        "What the files could not show",
        "applications' data connections seen",
    ):
        assert english not in section
    text = pdf_text(client.get(step_url(public_id, "report.pdf")).data)
    assert "Belege aus den Dateien des Systems" in text and "Evidence from the system's own files" not in text

    # The same stored import, read in English, is as it always was.
    english = client.get(step_url(public_id, "result") + "?lang=en").get_data(as_text=True)
    section = english.split('id="evidence"')[1].split("</section>")[0]
    assert "Evidence from the system's own files" in section and "the team used this answer." in section
    assert "Settings wire a path of 4 service-to-service calls" in section and "Belege" not in section


def test_a_refused_upload_is_explained_in_german_and_nothing_is_kept(app, client, answers):
    public_id = start(client)
    post(client, public_id, "context", context_form(answers))
    client.get("/?lang=de")
    response = upload(client, public_id, [("logo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))])
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Die Dateien konnten nicht gelesen werden" in page
    assert "logo.png: ist keine Textdatei" in page and "Es wurde nichts importiert" in page
    assert "is not a text file" not in page
    with app.app_context():
        assert app.extensions["sqlalchemy"].session.query(EvidenceImport).count() == 0


def test_machine_interfaces_stay_english_whatever_the_browser_asks(client, runner):
    response = client.post(
        "/api/v1/evidence",
        data={"files": [(io.BytesIO(content), name) for name, content in fixture_files("pix-portal")]},
        content_type="multipart/form-data",
        headers={"Accept-Language": "de"},
    )
    doc = response.get_json()
    said = json.dumps(doc, ensure_ascii=False)
    assert "Settings wire a path of 4 service-to-service calls" in said
    assert "applications' data connections seen" in doc["coverage"]["shared_database"]
    assert "not a deployment, manifest or trace file" in said
    assert "Aufrufe" not in said and "Anwendungen" not in said and "keine Deployment" not in said
    refused = client.post(
        "/api/v1/evidence",
        data={"files": [(io.BytesIO(b"\x00\x01binary"), "blob.bin")]},
        content_type="multipart/form-data",
        headers={"Accept-Language": "de"},
    )
    assert refused.status_code == 422 and "is not a text file" in refused.get_json()["errors"][0]["message"]
    printed = runner.invoke(args=["evidence", str(FIXTURES / "pix-portal")])
    assert printed.exit_code == 0
    assert json.loads(printed.stdout)["findings"] == doc["findings"]


def words(page: str) -> str:
    """A page's text as one line, tags and entities gone."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def finished_in_german(client, answers, named: list[tuple[str, bytes]], accept: str | None = None) -> str:
    """An assessment whose team reads German, finished with the evidence of ``named``."""
    public_id = start(client)
    post(client, public_id, "context", context_form(answers))
    client.get("/?lang=de")
    response = upload(client, public_id, named)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    if accept:
        post(client, public_id, "signs", signs_form(answers), action=f"accept-{accept}")
    assert post(client, public_id, "signs", signs_form(answers)).status_code == 302
    assert post(client, public_id, "candidates", candidates_form(answers)).location.endswith("/result")
    return public_id


def evidence_of(client, public_id: str, language: str = "de") -> str:
    page = client.get(step_url(public_id, "result") + f"?lang={language}").get_data(as_text=True)
    return page.split('id="evidence"')[1].split("</section>")[0]


HISTORY = FIXTURES / "online-boutique-early-history" / "history.txt"
PAIR_DE = (
    "productcatalogservice und shippingservice wurden gemeinsam geändert: in 20 der 36 Änderungen an "
    "productcatalogservice und in 20 der 31 an shippingservice (history.txt). Keiner der beiden wird also in der "
    "Regel ohne den anderen geändert oder ausgeliefert."
)
PAIR_EN = (
    "productcatalogservice and shippingservice changed together in 20 of the 36 changes to productcatalogservice "
    "and in 20 of the 31 to shippingservice (history.txt), so neither is usually changed, or released, without "
    "the other."
)


def test_a_history_reads_in_german_on_the_signs_step_the_report_and_its_pdf(client, answers):
    public_id = finished_in_german(client, answers, [("history.txt", HISTORY.read_bytes())], accept=SIGN_IDS[0])
    signs = words(client.get(step_url(public_id, "signs")).get_data(as_text=True))
    assert PAIR_DE in signs
    assert "Die Versionsgeschichte zeigt 270 Änderungen an 13 Services in 736 Tagen" in signs
    section = words(evidence_of(client, public_id))
    assert PAIR_DE in section
    assert "Versionsgeschichte gelesen: 270 Änderungen in 736 Tagen" in section  # how much the files could show
    # What a history alone cannot show, for this sign and for contracts, in German.
    assert "Es wurde keine Compose-Datei und kein Manifest übergeben" in section
    assert "Es wurden keine API-Verträge (OpenAPI- oder .proto-Dateien) übergeben" in section
    for english in ("changed together in 20", "so neither is usually changed", "No compose file", "No API contracts"):
        assert english not in section
    pdf = " ".join(pdf_text(client.get(step_url(public_id, "report.pdf")).data).split())
    assert "Keiner der beiden wird also in der Regel ohne den anderen geändert oder ausgeliefert." in pdf
    assert "so neither is usually changed" not in pdf
    # The same import read in English is as it always was.
    assert PAIR_EN in words(evidence_of(client, public_id, "en"))


PETCLINIC = fixture_files("contracts-petclinic-rest")


def test_two_versions_of_a_real_contract_read_in_german(client, answers):
    public_id = finished_in_german(client, answers, PETCLINIC)
    section = words(evidence_of(client, public_id))
    assert (
        "Die API „Spring PetClinic“ hat sich von before/openapi.yml zu after/openapi.yml so geändert, dass ihre "
        "Aufrufer brechen würden; in diesen Dateien ist kein Aufrufer zu sehen. Die Operation POST /pets wurde "
        "entfernt, daher erhalten ihre Aufrufer einen Fehler."
    ) in section
    assert (  # how much the contracts could show
        "1 API-Vertrag gelesen, 1 davon mit einer früheren Version zum Vergleich; Aufrufer gebrochen durch 1 von "
        "1 Änderung zwischen Versionen; Aufrufer gesehen für 0 von 1"
    ) in section
    # what they could not: who serves the API (no compose file names it), whether callers test the contract
    assert "Welcher Service after/openapi.yml bereitstellt, geht aus den Namen der Ordner" in section
    assert "Ob die Aufrufer Vertragstests ausführen" in section
    for english in ("in a way that would break", "was removed", "API contract read", "contract tests", "serves"):
        assert english not in section
    english = words(evidence_of(client, public_id, "en"))
    assert "The operation POST /pets was removed, so its callers get an error." in english
    assert "1 API contract read, 1 with an earlier version to compare" in english


def test_each_change_that_breaks_callers_is_listed_in_german(client, answers):
    public_id = finished_in_german(client, answers, [("shop/docker-compose.yml", COMPOSE), OLD, NEW])
    section = html.unescape(evidence_of(client, public_id))
    assert (
        "Die API von orders hat sich in Version 2.3 so geändert, dass ihre Aufrufer brechen, während sie noch von "
        "billing und shipping aufgerufen wird."
    ) in section
    assert "Insgesamt brechen 2 Änderungen in dieser Version Aufrufer." in section
    assert "<li>Das Feld total wurde aus der Antwort von GET /orders/{id} entfernt" in section
    assert "<li>Der Typ von id in GET /orders/{id} hat sich von string zu integer geändert" in section
    assert "was removed from the response" not in section and "changed from string to integer" not in section
    pdf = " ".join(pdf_text(client.get(step_url(public_id, "report.pdf")).data).split())
    assert "Das Feld total wurde aus der Antwort von GET /orders/{id} entfernt" in pdf
    assert EXPECTED in html.unescape(evidence_of(client, public_id, "en"))


def test_history_and_contracts_stay_english_for_the_api_and_the_command_line(client, runner):
    named = [("history.txt", HISTORY.read_bytes()), *PETCLINIC]
    response = client.post(
        "/api/v1/evidence",
        data={"files": [(io.BytesIO(content), name) for name, content in named]},
        content_type="multipart/form-data",
        headers={"Accept-Language": "de"},
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    said = json.dumps(response.get_json(), ensure_ascii=False)
    assert PAIR_EN in said and "The operation POST /pets was removed, so its callers get an error." in said
    assert "1 API contract read" in said and "version-control history read: 270 changes over 736 days" in said
    assert "geändert" not in said and "Aufrufer" not in said and "Versionsgeschichte" not in said
    printed = runner.invoke(args=["evidence", str(FIXTURES / "contracts-petclinic-rest")])
    assert printed.exit_code == 0
    assert "The operation POST /pets was removed" in printed.stdout and "Aufrufer" not in printed.stdout


def test_what_changed_between_posts_reads_in_german(app, client, answers):
    public_id = complete(client, answers)
    token = token_of(client, public_id)
    script = app.test_client()
    assert send(script, public_id, token).status_code == 201
    second = send(script, public_id, token, "release-42", [(SHARED, "docker-compose.yml")])
    assert "A second service started using user-db in release-42: orders, alongside user." in second.json["changes"]
    section = words(evidence_of(client, public_id))
    assert "Was sich in Ihren Dateien geändert hat" in section
    assert "Ein zweiter Service nutzt in release-42 nun user-db: orders, zusätzlich zu user." in section
    assert "Die ersten empfangenen Dateien: 10 Services, 4 Datenspeicher, 1 Message-Broker und 1 Verbindung." in section
    assert "started using" not in section and "The first files received" not in section
    english = words(evidence_of(client, public_id, "en"))
    assert "A second service started using user-db in release-42: orders, alongside user." in english


def test_a_broken_json_or_yaml_file_is_explained_in_german(client, answers):
    public_id = start(client)
    post(client, public_id, "context", context_form(answers))
    client.get("/?lang=de")
    page = html.unescape(upload(client, public_id, [("traces.json", b'{"data": [1, 2,]}')]).get_data(as_text=True))
    assert (
        "traces.json: ist kein gültiges JSON (Zeile 1, Spalte 16: Wert erwartet); erwartet wurde ein Trace-Export"
        in page
    )
    assert "is not valid JSON" not in page and "Expecting value" not in page
    page = html.unescape(upload(client, public_id, [("compose.yml", b"services:\n  a: [b\n")]).get_data(as_text=True))
    assert "compose.yml: ist kein gültiges YAML in Zeile 3, Spalte 1:" in page and "is not valid YAML" not in page
