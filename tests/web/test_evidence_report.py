"""The report's Evidence section as people read it: visible edges, one name per service, counts in
words, and what "no findings" means."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from .journey import candidates_form, context_form, post, signs_form, start, step_url
from .test_evidence_import import upload
from .test_report import pdf_text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "evidence"))
from test_evidence_shown import ONE_TRACE, SOCKSHOP, zipkin_traces  # noqa: E402


def finished_with(client, answers, *named, accept: str | None = None) -> str:
    public_id = start(client)
    post(client, public_id, "context", context_form(answers))
    assert upload(client, public_id, *named).status_code == 302
    if accept:
        post(client, public_id, "signs", signs_form(answers), action=f"accept-{accept}")
    form = signs_form({"signs": {**answers["signs"], **({accept: "no"} if accept else {})}})
    assert post(client, public_id, "signs", form).status_code == 302
    assert post(client, public_id, "candidates", candidates_form(answers)).location.endswith("/result")
    return public_id


def evidence_section(client, public_id: str) -> str:
    page = client.get(step_url(public_id, "result")).get_data(as_text=True)
    return page.split('id="evidence"')[1].split("</section>")[0]


def test_the_graph_draws_every_connection_as_a_visible_line(client, answers):
    public_id = finished_with(client, answers, SOCKSHOP, ONE_TRACE)
    section = evidence_section(client, public_id)
    groups = section.split('class="edge"')[1:]
    assert len(groups) == 3  # front-end -> orders -> payment (traced), user -> user-db (settings)
    for group in groups:
        drawn = group.split('class="node"')[0]
        assert re.search(r'<path fill="none" stroke="#[0-9a-f]{6}" stroke-width="1.6"', drawn), drawn[:300]
        if "&gt;user-db" not in drawn:  # a call has an arrowhead; a database connection has none
            assert "<polygon" in drawn, drawn[:300]


def test_one_service_spelled_two_ways_is_shown_once_and_said_so(client, answers):
    public_id = finished_with(client, answers, SOCKSHOP, ONE_TRACE)
    section = evidence_section(client, public_id)
    assert "10 services, 4 data stores, 1 message broker and 3 connections" in section
    assert "Shown under one name: front-end (also named frontend)." in section
    assert "<title>frontend</title>" not in section and "<title>front-end</title>" in section
    assert re.search(r"<title>front-end(-|&#45;)&gt;orders</title>", section)
    signs_page = client.get(step_url(public_id, "signs")).get_data(as_text=True)
    assert "10 services" in signs_page and "front-end and frontend are shown under one name" in signs_page


def test_counts_are_in_words_and_no_findings_is_explained(client, answers):
    public_id = finished_with(client, answers, SOCKSHOP, ONE_TRACE)
    section = evidence_section(client, public_id)
    assert "1 traced requests" not in section and "1 traced request had a failed downstream call" in section
    assert "Only 1 request was traced, at most 2 calls deep" in section
    assert "None. Nothing in these files shows any of the six signs; that is not proof they are absent" in section
    signs_page = client.get(step_url(public_id, "signs")).get_data(as_text=True)
    assert "0 findings" not in signs_page
    assert "and no findings: nothing in these files shows any of the six signs" in signs_page
    text = " ".join(pdf_text(client.get(step_url(public_id, "report.pdf")).data).split())
    assert "1 message broker" in text and "Only 1 traced request had" in text and "1 traced requests" not in text


def test_a_no_taken_from_the_files_says_it_is_not_proof(client, answers):
    public_id = finished_with(client, answers, zipkin_traces(3), accept="call_chains")
    section = evidence_section(client, public_id)
    used = section.split("Long chains of calls</strong>")[1].split("</li>")[0]
    assert "the files suggested “No”" in used and "the team used this answer" in used
    assert "Nothing in these files shows this sign; that is not proof it is absent." in used
