"""The report, its PDF, the share links and the history pages in German, and English unchanged."""

from __future__ import annotations

import io
import json
import re

import pytest
from pypdf import PdfReader

from app.reports import running
from app.reports.charts import text_width

from .consulting import new_client, respond, variant
from .journey import complete, step_url
from .test_history import again, finish
from .test_intake import aggregate_id
from .test_report import pdf_text
from .test_sharing import create_link

GERMAN = {"Accept-Language": "de-DE,de;q=0.9"}


def in_german(url: str) -> str:
    """The address asking for German: an assessment's pages open in its own language otherwise."""
    return f"{url}{'&' if '?' in url else '?'}lang=de"


def page(client, url: str, **headers) -> str:
    """The page as a German reader opens it (or with these headers)."""
    response = client.get(url if headers else in_german(url), headers=headers or GERMAN)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


@pytest.fixture
def twice(client, answers):
    """A team assessed twice, getting better."""
    first = complete(client, answers)
    second = again(client, first)
    answers["signs"].update(shared_database="no", deploy_coupling="partly")
    finish(client, second, answers)
    return first, second


def test_the_result_page_reads_in_german(client, twice):
    html = page(client, step_url(twice[1], "result"))
    assert '<html lang="de">' in html
    for german in (
        "Was zuerst zu tun ist",
        "Was ist ein verteilter Monolith?",
        "Der <strong>Kopplungswert</strong> reicht von 0 bis 100",
        "Seit der letzten Bewertung am ",
        "Empfehlungen, die wichtigste zuerst",
        "Erste Schritte:",
        "Weil Sie so geantwortet haben:",
        "Anhang: alle Antworten",
        "Begriffe in diesem Bericht",
        "Fortschritt im Verlauf",
        "Mit dieser vergleichen",
        "Dieses Ergebnis aufbewahren",
        "PDF-Bericht herunterladen",
        "lose gekoppelt",
    ):
        assert german in html, german
    for english in (
        "What to do first",
        "What is a distributed monolith?",
        "Recommendations, most important first",
        "First steps:",
        "Appendix: every answer",
        "Words used in this report",
        "Download the PDF report",
        "less coupled",
        "Your figures:",
    ):
        assert english not in html, english
    # The team's own figures, in German words and with a decimal comma.
    assert "Das System: 8 Entwickler, 1 Team und 12 einzeln auslieferbare Services, 1,5 pro Entwickler." in html
    assert "Ihre Zahlen: 12 einzeln auslieferbare Services, dazu 8 Entwickler und 1 Team." in html
    assert "höchstens 0,5 pro Entwickler oder 3 pro Team." in html
    # Dates as Germans write them, in the kicker and the trend.
    assert re.search(r"Splitcheck-Bericht · \d{1,2}\. \w+ \d{4}", html)
    assert re.search(r"Was sich seit dem \d{1,2}\. \w+ \d{4} verändert hat", html)


def test_the_result_page_in_english_is_as_it_was(client, twice):
    html = page(client, step_url(twice[1], "result"), **{"Accept-Language": "en"})
    assert '<html lang="en">' in html
    assert "What to do first" in html and "Was zuerst zu tun ist" not in html
    assert re.search(r"Splitcheck report · \d{1,2} \w+ \d{4}", html)
    assert "Your figures: 12 deployable services for 8 engineers and 1 team." in html
    assert "The system: 8 engineers, 1 team and 12 deployable services, 1.5 for each engineer." in html


def test_the_pdf_is_german_with_german_page_numbers_and_language(client, answers):
    public_id = complete(client, answers)
    data = client.get(step_url(public_id, "report.pdf?lang=de")).data
    reader = PdfReader(io.BytesIO(data))
    assert str(reader.trailer["/Root"].get("/Lang", "")).lower().startswith("de")
    pages = [p.extract_text() for p in reader.pages]
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        assert f"Vertraulich, für das Team und seine Leitung · Seite {number} von {total}" in text
        assert "Confidential" not in text and "Page " not in text
    assert "Splitcheck-Bericht · Checkout" not in pages[0]  # page 1 has the title itself
    assert "Splitcheck-Bericht · Checkout" in pages[1]
    text = pdf_text(data)
    for german in ("Begriffe in diesem Bericht", "Verteilter Monolith", "Modularer Monolith", "Kopplungswert"):
        assert german in text, german
    assert "Words used in this report" not in text and "What to do first" not in text


def test_the_english_pdf_keeps_its_english_header_footer_and_language(client, answers):
    data = client.get(step_url(complete(client, answers), "report.pdf")).data
    reader = PdfReader(io.BytesIO(data))
    assert str(reader.trailer["/Root"].get("/Lang", "")).lower().startswith("en")
    assert "Confidential, for the team and its leadership · Page 1 of" in reader.pages[0].extract_text()
    assert "Splitcheck report · Checkout" in reader.pages[1].extract_text()


def test_the_share_pages_read_in_german(app, client, answers):
    public_id = complete(client, answers)
    link = create_link(client, public_id)
    manage = page(client, step_url(public_id, "share"))
    for german in ("Den Bericht mit der Leitung teilen", "Links zu diesem Bericht", "Für wen ist er? (optional)"):
        assert german in manage, german
    assert "0 Aufrufe" in manage and "Läuft ab am " in manage and "Share the report" not in manage
    refused = client.post(in_german(step_url(public_id, "share")), data={"label": "x" * 101})
    assert refused.status_code == 422
    assert "Wählen Sie, wann der Link ungültig werden soll." in refused.get_data(as_text=True)
    shared = page(app.test_client(), link)
    assert "Dies ist eine schreibgeschützte Kopie eines Splitcheck-Berichts" in shared
    assert "Was zuerst zu tun ist" in shared and "read-only copy" not in shared
    pdf = app.test_client().get(in_german(f"{link}/report.pdf")).data
    assert "Seite 1 von" in pdf_text(pdf)


def test_compare_and_a_failed_import_read_in_german(client, twice):
    first, second = twice
    html = page(client, f"/assessments/{second}/compare?with={first}")
    assert "Zwei Bewertungen von Checkout im Vergleich" in html
    assert "Eindeutig vorhandene Anzeichen" in html and "Signs clearly present" not in html
    bad = client.post(
        "/import",
        data={"file": (io.BytesIO(b"{not json"), "a.json")},
        content_type="multipart/form-data",
        headers=GERMAN,
    )
    assert bad.status_code == 422
    text = bad.get_data(as_text=True)
    assert "Die Datei konnte nicht importiert werden" in text and "Die Datei ist kein JSON." in text
    assert "could not be imported" not in text


def test_the_export_stays_english_on_a_german_page(client, answers):
    public_id = complete(client, answers)
    english = client.get(step_url(public_id, "export.json")).get_data(as_text=True)
    german = client.get(step_url(public_id, "export.json?lang=de")).get_data(as_text=True)
    assert json.loads(german)["result"] == json.loads(english)["result"]
    assert "Your figures:" in german


def test_a_combined_report_in_german(app, consultant, answers):
    public_id, intake = new_client(consultant)
    respond(app, intake, "Maya", "Engineering lead", variant(answers, shared_database="yes"))
    respond(app, intake, "Tom", "Backend developer", variant(answers, shared_database="no"))
    html = page(consultant, step_url(aggregate_id(consultant, public_id), "result"))
    assert "Zusammengeführte Antworten von 2 Personen, die sich bei 1 der" in html
    assert "Wo Ihr Team uneinig ist" in html and "Strittig: " in html and "2 people" not in html
    assert "Weil die Befragten so geantwortet haben" in html


@pytest.mark.parametrize(
    "sentence",
    ["Seite %(page)s von %(pages)s", 'a "quoted" \\ word %(page)s', "</style><script>x</script> %(pages)s"],
)
def test_running_sentences_stay_inside_their_css_strings(sentence):
    css = running.css_content(sentence)
    assert "</" not in css and "<" not in css
    # Outside the strings there is nothing but the layout's values.
    outside = re.sub(r'"(?:[^"\\]|\\.)*"', "", css).split()
    assert set(outside) <= set(running.VALUES.values()) and outside


def test_the_running_header_puts_the_values_where_the_sentence_says():
    assert running.css_content("Seite %(page)s von %(pages)s") == '"Seite " counter(page) " von " counter(pages)'
    assert running.css_content("%(title)s") == "string(report-title)"


def test_the_api_result_document_stays_english_when_german_is_asked_for(client, answers):
    english = client.post("/api/v1/score", json=answers).get_json()
    german = client.post("/api/v1/score?lang=de", json=answers, headers=GERMAN).get_json()
    figures = [r["figures"] for r in german["recommendations"] if r["figures"]]
    assert figures and all(f.startswith("Your figures: ") and "1.5 for each engineer" in f for f in figures)
    assert german == english


def chart_words(html: str) -> tuple[int, list[tuple[str, int, str]]]:
    """The signs chart's width and its words: (class, x, text)."""
    svg = html.split('class="signs-chart"', 1)[0].rsplit("<svg", 1)[1] + html.split('class="signs-chart"', 1)[1]
    svg = svg.split("</svg>", 1)[0]
    width = int(re.search(r'viewBox="0 0 (\d+) ', svg)[1])
    words = re.findall(r'<text x="(\d+)"[^>]*class="(chart-\w+)"[^>]*>([^<]*)</text>', svg)
    return width, [(cls, int(x), text.replace("&amp;", "&")) for x, cls, text in words]


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_chart_is_wide_enough_for_its_words(client, answers, language):
    url = step_url(complete(client, answers), "result")
    html = page(client, url) if language == "de" else page(client, url, **{"Accept-Language": "en"})
    width, words = chart_words(html)
    titles = [(x, text) for cls, x, text in words if cls == "chart-label"]
    values = [(x, text) for cls, x, text in words if cls == "chart-value"]
    (less_x, less), (more_x, more) = [(x, text) for cls, x, text in words if cls == "chart-axis"]
    assert len(titles) == len(values) == 6
    assert all(x - text_width(text) >= 0 for x, text in titles)  # drawn ending at x
    assert all(x + text_width(text) <= width for x, text in values)
    assert less_x + text_width(less) < more_x - text_width(more)
    if language == "de":
        assert "Zum Testen braucht es das ganze System" in [text for _, text in titles] and width > 600
    else:
        assert width == 600 and more_x == less_x + 220  # the English chart as it was
