"""The evidence import read in German: the upload page, the findings, skipped files and the
report's Evidence section; the stored document, the API and the command line stay English."""

from __future__ import annotations

import io
import json
from pathlib import Path

from app.evidence_import.models import EvidenceImport

from .journey import candidates_form, context_form, post, signs_form, start, step_url
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
