"""The report's Roadmap (issue 15): targets, the planned score, items by quarter and what the last
reassessment proved, on the result page and on page 2 of the PDF, with one line on page 1."""

from __future__ import annotations

import copy
import html as html_lib
import io
import os
import re
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from app.plans import quarters
from app.reports import pdf
from app.scoring import score_document

from .journey import complete, step_url
from .test_history import again, finish
from .test_plan import page, plan_url, save_item, set_targets
from .test_report import pdf_text

NEXT_YEAR_Q2 = f"{date.today().year + 1}-Q2"
pytestmark = pytest.mark.usefixtures("openapi_checked")  # every API exchange matches the OpenAPI document
SOON = date.today() + timedelta(days=30)
LATER = date.today() + timedelta(days=200)
HOSTILE_OWNER = '<img src="file:///etc/passwd">Maya'
HOSTILE_TITLE = "Drop the <script>alert(1)</script> shared table"


def add_own(client, public_id: str, title: str, **values) -> None:
    form = {"action": "add", "new-title": title, "new-status": "not_started"}
    form |= {f"new-{name}": value for name, value in values.items()}
    assert client.post(plan_url(public_id), data=form).status_code == 302


def roadmap_of(html: str) -> str:
    return html.split('id="roadmap"', 1)[1].split("</section>", 1)[0]


@pytest.fixture
def planned(client, answers):
    """A team with targets and ten items: some with owners and dates, two done, one won't do."""
    public_id = complete(client, answers)
    set_targets(
        client,
        public_id,
        {
            "target-shared_database": "no",
            "target-shared_database-by": NEXT_YEAR_Q2,
            "target-deploy_coupling": "partly",
        },
    )
    save_item(client, public_id, "Give every service its own data", owner="Maya", due=SOON.isoformat(), status="done")
    save_item(client, public_id, "Make API changes safe with contracts", owner="Tom", due=LATER.isoformat())
    titles = re.findall(r'<li class="plan-item[^"]*" id="item-[^"]+">\s*<h3>([^<]*)</h3>', page(client, public_id))
    for n in range(10 - len(titles)):
        add_own(client, public_id, f"Team task {n + 1}", sign_id="call_chains", owner=f"Owner {n + 1}")
    add_own(client, public_id, "Write the runbook", owner="Ana", due=SOON.isoformat(), status="done")
    return public_id


def test_the_roadmap_is_on_the_result_page(client, answers, planned):
    html = client.get(step_url(planned, "result")).get_data(as_text=True)
    assert html.index('id="summary"') < html.index('id="roadmap"') < html.index('id="signs"')
    roadmap = html_lib.unescape(roadmap_of(html))
    today = score_document(answers)
    target = copy.deepcopy(answers)
    target["signs"].update(shared_database="no", deploy_coupling="partly")
    target_score = score_document(target)["coupling_score"]
    assert f"Coupling score today: <strong>{today['coupling_score']}</strong>" in roadmap
    assert f"With every answer at its target: <strong>{target_score}</strong>" in roadmap
    assert re.search(
        r"Services share a database</th><td>Yes</td><td><strong>No</strong></td><td>" + NEXT_YEAR_Q2, roadmap
    )
    assert "<td>No date yet</td>" in roadmap  # the deploy target has no quarter
    soon = quarters.quarter_of(SOON)
    items = roadmap.split("What the team will do, by quarter", 1)[1]
    assert f"{soon} <span" in items and quarters.label(soon) in items
    assert items.index(soon) < items.index(quarters.quarter_of(LATER)) < items.index("No date yet</th>")
    row = re.search(r"<td>Give every service its own data</td>.*?</tr>", items, re.S)[0]
    assert "<td>Maya</td>" in row and "<td>Done</td>" in row
    assert "What the last reassessment proved" not in roadmap  # assessed once: nothing to prove yet
    summary = html.split('id="summary"', 1)[1].split("</section>", 1)[0]
    assert f"Plan: 11 items, 2 done, target score {target_score} by {NEXT_YEAR_Q2}." in summary


def test_the_roadmap_is_page_two_of_the_pdf_and_fits_on_it(client, answers, planned):
    data = client.get(step_url(planned, "report.pdf")).data
    if os.environ.get("ROADMAP_PDF"):  # to look at it: ROADMAP_PDF=/tmp/roadmap.pdf
        with open(os.environ["ROADMAP_PDF"], "wb") as out:
            out.write(data)
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]
    first, second, third = pages[0], pages[1], pages[2]
    assert "Plan: 11 items, 2 done, target score" in first and f"by {NEXT_YEAR_Q2}" in first
    assert "many services are not." in first and "Roadmap" not in first  # page 1 still ends the same
    assert second.lstrip().startswith("Roadmap")
    for text in ("Where the team wants to be", "Services share a database", "What the team will do, by quarter"):
        assert text in second, text
    for text in ("Give every service its own data", "Maya", "Team task 1", "Write the runbook", "No date yet"):
        assert text in second, text
    assert "Roadmap" not in third and "Write the runbook" not in third  # the whole roadmap is on page 2


def test_a_reassessment_shows_what_it_proved(client, answers, planned):
    second = again(client, planned)
    answers["signs"].update(shared_database="no", deploy_coupling="no")
    finish(client, second, answers)
    html = html_lib.unescape(roadmap_of(client.get(step_url(second, "result")).get_data(as_text=True)))
    assert "What the last reassessment proved" in html
    assert '<strong>No</strong> <span class="roadmap-reached">(reached)</span>' in html
    # Deploys are now better than their target (Partly): the plan keeps today's answer, so the
    # planned score is not above today's.
    today, target = (int(n) for n in re.findall(r"<strong>(\d+)</strong>", html.split("<h3>")[0])[:2])
    assert target <= today
    assert "Give every service its own data</strong>: Resolved by the answers:" in html
    assert "Write the runbook</strong>: Marked done, but" not in html  # not tied to a sign: nothing to prove
    text = pdf_text(client.get(step_url(second, "report.pdf")).data)
    assert "What the last reassessment proved" in text and "Resolved by the answers" in text
    # The first assessment's report no longer shows the plan: it follows the latest one.
    assert 'id="roadmap"' not in client.get(step_url(planned, "result")).get_data(as_text=True)
    assert "Roadmap" not in pdf_text(client.get(step_url(planned, "report.pdf")).data)


def test_without_targets_the_line_has_no_target_score(client, answers):
    public_id = complete(client, answers)
    save_item(client, public_id, "Give every service its own data", status="done")
    html = client.get(step_url(public_id, "result")).get_data(as_text=True)
    count = len(score_document(answers)["recommendations"])
    assert f"Plan: {count} items, 1 done.</p>" in html
    assert "The team has not set targets yet" in html and "Where the team wants to be" not in html


def roadmap_shown(client, public_id: str) -> bool:
    html = client.get(step_url(public_id, "result")).get_data(as_text=True)
    text = pdf_text(client.get(step_url(public_id, "report.pdf")).data)
    assert ('id="roadmap"' in html) == ("Plan:" in html) == ("Roadmap" in text) == ("Plan:" in text)
    return 'id="roadmap"' in html


@pytest.mark.parametrize(
    "work",
    [
        lambda client, public_id: set_targets(client, public_id, {"target-shared_database": "no"}),
        lambda client, public_id: save_item(client, public_id, "Give every service its own data", owner="Maya"),
        lambda client, public_id: save_item(client, public_id, "Give every service its own data", status="done"),
        lambda client, public_id: add_own(client, public_id, "Write the runbook"),
    ],
    ids=["target", "owner", "status", "own item"],
)
def test_the_roadmap_appears_once_the_team_works_on_its_plan(client, answers, work):
    public_id = complete(client, answers)
    assert "Give every service its own data" in page(client, public_id)  # the items are there to work on
    assert not roadmap_shown(client, public_id)  # but the report does not commit the team to them yet
    work(client, public_id)
    assert roadmap_shown(client, public_id)


def test_no_roadmap_without_a_plan(app, client, answers):
    from sqlalchemy import delete

    from app.extensions import db
    from app.plans.models import PlanItem

    public_id = complete(client, answers)
    with app.app_context():  # a team whose plan is empty: no items, no targets
        db.session.execute(delete(PlanItem))
        db.session.commit()
    html = client.get(step_url(public_id, "result")).get_data(as_text=True)
    assert 'id="roadmap"' not in html and "Plan:" not in html
    text = pdf_text(client.get(step_url(public_id, "report.pdf")).data)
    assert "Roadmap" not in text and "Plan:" not in text


def test_a_changed_plan_makes_a_new_pdf(client, planned, monkeypatch):
    renders = []
    real_render = pdf.render
    monkeypatch.setattr(pdf, "render", lambda html: renders.append(1) or real_render(html))
    first = client.get(step_url(planned, "report.pdf")).data
    assert client.get(step_url(planned, "report.pdf")).data == first and len(renders) == 1  # stored
    save_item(client, planned, "Make API changes safe with contracts", owner="Priya", due=LATER.isoformat())
    second = client.get(step_url(planned, "report.pdf")).data
    assert len(renders) == 2 and "Priya" in pdf_text(second) and "Priya" not in pdf_text(first)
    # A move is no edit (the version stays) but the order is in the report: a new render too.
    html = page(client, planned)
    item = re.findall(r'<li class="plan-item[^"]*" id="item-([^"]+)">', html)[-1]
    assert client.post(plan_url(planned), data={"action": "up", "item": item}).status_code == 302
    client.get(step_url(planned, "report.pdf"))
    assert len(renders) == 3
    set_targets(client, planned, {"target-shared_database": "partly"})
    third = client.get(step_url(planned, "report.pdf")).data
    first_page = PdfReader(io.BytesIO(third)).pages[0].extract_text()
    assert len(renders) == 4 and "target score" in first_page and f"by {NEXT_YEAR_Q2}" not in first_page


def test_owner_and_title_with_html_show_as_text(client, answers, fetched_urls):
    public_id = complete(client, answers)
    save_item(client, public_id, "Give every service its own data", owner=HOSTILE_OWNER)
    add_own(client, public_id, HOSTILE_TITLE, owner="<b>Tom</b>")
    html = roadmap_of(client.get(step_url(public_id, "result")).get_data(as_text=True))
    assert "<img" not in html and "<script>" not in html and "<b>Tom</b>" not in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;Maya" in html
    assert "Drop the &lt;script&gt;alert(1)&lt;/script&gt; shared table" in html
    text = pdf_text(client.get(step_url(public_id, "report.pdf")).data).replace("\n", "")  # wrapped in a cell
    assert '<img src="file:///etc/passwd">Maya' in text and "<script>alert(1)</script>" in text
    assert "<b>Tom</b>" in text
    assert not [u for u in fetched_urls if "passwd" in u]


@pytest.fixture
def fetched_urls(monkeypatch):
    from app.reports.pdf import StaticOnlyFetcher

    urls: list[str] = []
    original = StaticOnlyFetcher.fetch
    monkeypatch.setattr(
        StaticOnlyFetcher, "fetch", lambda self, url, headers=None: urls.append(url) or original(self, url, headers)
    )
    return urls


@pytest.mark.parametrize("name, candidates, signs", [("W" * 200, 30, "yes"), ("结账平台" * 50, 0, "partly")])
def test_page_one_with_the_plan_line_is_still_one_page(app, answers, name, candidates, signs):
    """The extreme answers of the executive page's test, with a plan: page 1 keeps its whole
    summary and the line, and the Roadmap starts page 2."""
    from dataclasses import replace
    from datetime import UTC, datetime

    from app.plans.report import PlanSection, QuarterGroup, RoadmapItem, summary_line
    from app.reports import document
    from app.scoring import parse_answers

    from .test_executive_page import END_OF_PAGE_ONE, extreme

    items = tuple(RoadmapItem("W" * 200, "O" * 200, None, "not_started", "Not started", False, None) for _ in range(10))
    section = PlanSection(
        targets=(),
        score=80,
        verdict_label="Distributed monolith",
        planned_score=None,
        planned_verdict_label=None,
        by=None,
        quarters=(QuarterGroup("No date yet", None, items),),
        reassessed=False,
        proven=(),
        items=10,
        done=0,
        summary=summary_line(10, 0, 35, "2027-Q2"),
    )
    with app.test_request_context():
        report = document.build(
            parse_answers(extreme(answers, name, candidates, signs)), datetime(2026, 11, 25, tzinfo=UTC)
        )
        pages = PdfReader(io.BytesIO(document.render_pdf(replace(report, plan=section)))).pages
    first, second = pages[0].extract_text(), pages[1].extract_text()
    assert "Plan: 10 items, 0 done, target score 35 by 2027-Q2" in first and END_OF_PAGE_ONE in first
    assert "Roadmap" not in first and second.lstrip().startswith("Roadmap")
