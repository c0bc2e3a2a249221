"""The PDF read page by page, for four very different systems: no near-empty page, no page
ending on a heading, every label on the page of its value, every glossary word with its meaning.

To look at the PDFs: PDF_LAYOUT_DIR=/tmp/layout pytest tests/web/test_pdf_layout.py
(then ``pdftoppm -png -r 60 /tmp/layout/startup.pdf /tmp/layout/startup``).
"""

from __future__ import annotations

import copy
import io
import os
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from app import instrument as instruments
from tests.contract_ids import SIGN_IDS

from .consulting import new_client, respond, variant
from .journey import candidates_form, complete, context_form, post, signs_form, start, step_url
from .test_evidence_import import FIXTURES, files
from .test_intake import aggregate_id

MIN_LINES = 8  # a page with fewer lines of text, before the last, is a near-empty page
RUNNING = re.compile(
    r"^(Splitcheck report · .*|Confidential, for the team and its leadership · Page \d+ of \d+"
    r"|Splitcheck-Bericht · .*|Vertraulich, für das Team und seine Leitung · Seite \d+ von \d+)$"
)
GLOSSARY = {
    "Distributed monolith": "A system split into separate services",
    "Coupling score": "A number from 0 to 100",
    "Modular monolith": "One application, deployed as one unit",
}
GERMAN_GLOSSARY = {
    "Verteilter Monolith": "Ein System aus getrennten Services",
    "Kopplungswert": "Eine Zahl von 0 bis 100",
    "Modularer Monolith": "Eine einzige Anwendung, als Ganzes ausgeliefert",
}


def candidate(name: str, **answers) -> dict:
    base = {
        "name": name,
        "domain_split": "layer",
        "owns_data": "shared",
        "deploy_alone": "no",
        "survives_outages": "unsure",
        "reasons": [],
    }
    return {**base, **answers}


def startup(answers: dict) -> dict:
    """Five engineers, one team, forty services, most signs present."""
    doc = copy.deepcopy(answers)
    doc["team"]["name"] = "Lantern Pay"
    doc["context"].update(engineers=5, teams=1, services=40, deploys_per_week=3)
    doc["signs"] = dict.fromkeys(SIGN_IDS, "yes") | {"call_chains": "partly", "local_testing": "unsure"}
    doc["candidates"] = [candidate("Ledger"), candidate("Notifications", domain_split="domain", owns_data="yes")]
    return doc


def large_org(answers: dict) -> dict:
    """Six hundred engineers in forty-five teams, hardly any sign."""
    doc = copy.deepcopy(answers)
    doc["team"]["name"] = "Northwind Logistics platform"
    doc["context"].update(engineers=600, teams=45, services=35, deploys_per_week=120)
    doc["signs"] = dict.fromkeys(SIGN_IDS, "no") | {"breaking_changes": "partly"}
    doc["candidates"] = [
        candidate(
            "Route planning",
            domain_split="domain",
            owns_data="yes",
            deploy_alone="yes",
            survives_outages="yes",
            reasons=["independent_scaling"],
        )
    ]
    return doc


def mostly_unsure(answers: dict) -> dict:
    doc = copy.deepcopy(answers)
    doc["team"]["name"] = "Harbour Insurance claims"
    doc["context"].update(engineers=20, teams=3, services=15, deploys_per_week="")
    doc["signs"] = dict.fromkeys(SIGN_IDS, "unsure") | {"deploy_coupling": "partly"}
    doc["candidates"] = []
    return doc


NOTES = {
    s: f"What we saw about this in the last quarter, told at some length. {'More detail. ' * 12}" for s in SIGN_IDS
}


def _as_team(app, answers, make, language: str = "en") -> bytes:
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    doc = make(answers)
    if make is not startup:
        return client.get(step_url(complete(client, doc, NOTES), "report.pdf")).data
    # The startup also brings its files: a compose file and one short trace.
    public_id = start(client)
    post(client, public_id, "context", context_form(doc))
    evidence = (
        ("docker-compose.yml", (FIXTURES / "sockshop" / "docker-compose.yml").read_bytes()),
        ("jaeger.json", (FIXTURES / "trace-formats" / "jaeger.json").read_bytes()),
    )
    client.post(step_url(public_id, "evidence"), data=files(*evidence), content_type="multipart/form-data")
    form = signs_form(doc, NOTES)
    post(client, public_id, "signs", form, action="accept-call_chains")
    form["call_chains"] = doc["signs"]["call_chains"]
    post(client, public_id, "signs", form, action="override-cascading_failure")
    assert post(client, public_id, "signs", form).status_code == 302
    assert post(client, public_id, "candidates", candidates_form(doc)).location.endswith("/result")
    return client.get(step_url(public_id, "report.pdf")).data


def _combined(app, consultant, answers, language: str = "en") -> bytes:
    """Three people of one client who disagree on four signs."""
    consultant.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    public_id, intake = new_client(consultant)
    base = mostly_unsure(answers) | {"candidates": [candidate("Payments")]}
    base["context"].update(engineers=60, teams=7, services=24)
    respond(app, intake, "Maya", "Engineering lead", variant(base, shared_database="yes", call_chains="no"))
    respond(app, intake, "Tom", "Backend developer", variant(base, shared_database="no", call_chains="yes"))
    respond(app, intake, "Ira", "SRE", variant(base, deploy_coupling="yes", cascading_failure="no"))
    consultant.post(
        f"/clients/{public_id}/notes",
        data={"text": "Start with the shared database.\nThen the deploys.", "in_report": "y"},
    )
    return consultant.get(step_url(aggregate_id(consultant, public_id), "report.pdf")).data


CASES = ["startup", "large_org", "mostly_unsure", "combined"]


def _case(request, app, answers, language: str) -> tuple[str, bytes]:
    name = request.param
    if name == "combined":
        data = _combined(app, request.getfixturevalue("consultant"), answers, language)
    else:
        make = {"startup": startup, "large_org": large_org, "mostly_unsure": mostly_unsure}[name]
        data = _as_team(app, answers, make, language)
    assert data.startswith(b"%PDF"), data[:200]
    if folder := os.environ.get("PDF_LAYOUT_DIR"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / f"{name}{'' if language == 'en' else '-' + language}.pdf").write_bytes(data)
    return name, data


@pytest.fixture(params=CASES)
def case(request, app, answers) -> tuple[str, bytes]:
    return _case(request, app, answers, "en")


@pytest.fixture(params=CASES)
def german_case(request, app, answers) -> tuple[str, bytes]:
    """The same systems, their reports read in German (about a third longer)."""
    return _case(request, app, answers, "de")


def page_lines(data: bytes) -> list[list[str]]:
    """Each page's lines of text, without the running header and footer."""
    pages = []
    for page in PdfReader(io.BytesIO(data)).pages:
        lines = [line.strip() for line in page.extract_text().splitlines()]
        pages.append([line for line in lines if line and not RUNNING.match(line)])
    return pages


def last_line_sizes(data: bytes) -> list[tuple[str, float]]:
    """Per page, the lowest line of text above the footer and its largest bold type size (0 if not bold)."""
    out = []
    for page in PdfReader(io.BytesIO(data)).pages:
        runs: list[tuple[float, str, float]] = []

        def visit(text, cm, tm, font, size, runs=runs):
            if text.strip() and not RUNNING.match(text.strip()):
                bold = "Bold" in str((font or {}).get("/BaseFont", ""))
                runs.append((round(tm[5] * cm[3] + cm[5]), text.strip(), size * tm[3] * cm[3] if bold else 0.0))

        page.extract_text(visitor_text=visit)
        lowest = min(y for y, _, _ in runs)
        line = [(text, size) for y, text, size in runs if y == lowest]
        out.append((" ".join(t for t, _ in line), max(size for _, size in line)))
    return out


def flat(lines: list[str]) -> str:
    return " ".join(" ".join(lines).split())


def labels() -> list[str]:
    """Every label of the appendix, whose value follows it."""
    instrument = instruments.get("splitcheck/1")
    return [
        "Team or system",
        "Engineers",
        "Teams",
        "Deployable services",
        "Deploys per week",
        *(sign.statement for sign in instrument.signs),
        *(q.question for q in instrument.candidate_questions),
    ]


def test_no_near_empty_page_and_no_page_ends_on_a_heading(case):
    name, data = case
    pages = page_lines(data)
    assert len(pages) >= 3, name
    for number, lines in enumerate(pages[:-1], start=1):
        assert len(lines) >= MIN_LINES, f"{name}: page {number} holds only {lines}"
    for number, (line, bold_size) in enumerate(last_line_sizes(data), start=1):
        assert bold_size < 10.4, f"{name}: page {number} ends on a heading: {line!r}"


def test_labels_stay_with_their_values_and_words_with_their_meanings(case):
    name, data = case
    pages = [flat(lines) for lines in page_lines(data)]
    for number, page in enumerate(pages, start=1):
        for label in [*labels(), *GLOSSARY]:
            assert not page.endswith(label), f"{name}: page {number} ends on {label!r}, its value is overleaf"
    for term, meaning in GLOSSARY.items():
        assert any(f"{term} {meaning}" in page for page in pages), f"{name}: {term!r} is apart from its meaning"


def test_page_one_states_the_deciding_facts_and_its_words(case):
    name, data = case
    first = flat(page_lines(data)[0])
    assert re.search(r"The system: \d+ engineers?, \d+ teams? and \d+ deployable services?", first), name
    assert "The coupling score is a number from 0 to 100" in first, name
    assert "A sign is one of six symptoms of a distributed monolith" in first, name
    assert "A modular monolith" in first and "many services are not." in first, name


def test_the_service_graph_has_its_heading_on_its_own_page(app, answers):
    data = _as_team(app, answers, startup)
    pages = [flat(lines) for lines in page_lines(data)]
    graph_page = pages[-1]
    assert graph_page.startswith("The service graph Boxes are services"), graph_page[:200]
    assert {"front-end", "orders", "payment", "user-db"} <= set(graph_page.split())
    assert "The service graph drawn from them is on the last page." in " ".join(pages[:-1])


def test_in_german_page_one_still_holds_the_summary_and_every_page_holds_together(german_case):
    name, data = german_case
    pages = page_lines(data)
    first = flat(pages[0])
    assert re.search(r"Das System: \d+ Entwickler, \d+ Teams? und \d+ einzeln auslieferbarer? Services?", first), name
    assert "Der Kopplungswert reicht von 0 bis 100" in first, name
    # The whole summary, down to its definition's last words, is on page 1 (it ends with a page break).
    assert "Was ist ein verteilter Monolith?" in first and "nicht viele Services." in first, name
    assert "nicht viele Services." not in flat(pages[1]), f"{name}: the summary ran over onto page 2"
    for number, lines in enumerate(pages[:-1], start=1):
        assert len(lines) >= MIN_LINES, f"{name}: page {number} holds only {lines}"
    for number, (line, bold_size) in enumerate(last_line_sizes(data), start=1):
        assert bold_size < 10.4, f"{name}: page {number} ends on a heading: {line!r}"
    flats = [flat(lines) for lines in pages]
    for term, meaning in GERMAN_GLOSSARY.items():
        assert any(f"{term} {meaning}" in page for page in flats), f"{name}: {term!r} is apart from its meaning"
