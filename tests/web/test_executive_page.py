"""Page 1 of the PDF is the executive summary, and stays one page whatever the answers."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from app.reports import document
from app.scoring import parse_answers
from tests.contract_ids import SIGN_IDS

END_OF_PAGE_ONE = "many services are not."


def extreme(answers: dict, name: str, candidates: int, signs: str) -> dict:
    answers["team"]["name"] = name
    answers["context"].update(engineers=3, teams=1, services=90)
    answers["signs"] = {s: signs for s in SIGN_IDS}
    answers["candidates"] = [
        {
            "name": f"{'Ünïcödé service with a very long name ' * 5}"[:190] + f" {i}",
            "domain_split": "layer",
            "owns_data": "shared",
            "deploy_alone": "no",
            "survives_outages": "unsure",
            "reasons": [],
        }
        for i in range(candidates)
    ]
    return answers


@pytest.mark.parametrize(
    "name, candidates, signs",
    [
        ("W" * 200, 30, "yes"),
        ("مراجعة الخدمات " * 13, 12, "unsure"),
        ("结账平台" * 50, 0, "partly"),
        ("A", 1, "no"),
    ],
)
def test_page_one_holds_the_whole_summary_and_nothing_else(app, answers, name, candidates, signs):
    doc = extreme(answers, name, candidates, signs)
    with app.test_request_context():
        report = document.build(
            parse_answers(doc),
            datetime(2026, 11, 25, tzinfo=UTC),
            {s: "A long note. " * 40 for s in SIGN_IDS},
            "https://splitcheck.example/how",
        )
        pages = PdfReader(io.BytesIO(document.render_pdf(report))).pages
    first, second = pages[0].extract_text(), pages[1].extract_text()
    for part in (
        "Splitcheck report",
        report.result.verdict_label,
        "coupling score",
        "What is a distributed monolith?",
        END_OF_PAGE_ONE,
    ):
        assert part in first, part
    if report.result.recommendations:
        assert "What to do first" in first
        for rec in report.result.recommendations[:3]:
            assert rec.title in " ".join(first.split())  # a title may wrap onto the next line
    assert "The six signs in detail" not in first
    assert END_OF_PAGE_ONE not in second and "What to do first" not in second
