"""A version-control history in the product: the page shows the command, the export is uploaded,
the signs step suggests an answer from it, and the report and its PDF show what changed together."""

from __future__ import annotations

import html
import re
from pathlib import Path

from tests.contract_ids import SIGN_IDS

from .journey import candidates_form, context_form, post, signs_form, start, step_url
from .test_evidence_import import upload
from .test_report import pdf_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HISTORY = (FIXTURES / "online-boutique-early-history" / "history.txt").read_bytes()  # services changed together
UPKEEP_ONLY = (FIXTURES / "online-boutique-history" / "history.txt").read_bytes()  # bots' dependency updates
DEPLOY = SIGN_IDS[0]
PAIR = (
    "productcatalogservice and shippingservice changed together in 20 of the 36 changes to productcatalogservice "
    "(56%) and in 20 of the 31 to shippingservice (65%)."
)


def test_the_page_shows_the_one_command_to_copy(client):
    public_id = start(client)
    page = client.get(step_url(public_id, "evidence")).get_data(as_text=True)
    command = 'git -c core.quotePath=false log --no-renames --name-only --format="commit %H %ct %P"'
    [value] = re.findall(r'id="history-command" class="link-field" value="([^"]*)"', page)
    assert html.unescape(value).startswith(command)
    assert 'data-copy="history-command"' in page and "js/copy.js" in page


def test_an_uploaded_history_is_suggested_on_the_signs_step_and_shown_in_the_report(client, answers):
    public_id = start(client)
    post(client, public_id, "context", context_form(answers))
    response = upload(client, public_id, ("history.txt", HISTORY))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    signs = html.unescape(client.get(step_url(public_id, "signs")).get_data(as_text=True))
    section = signs.split(f'id="{DEPLOY}-suggestion"')[1].split("</div>")[0]
    assert "Suggested from your files: Yes" in section
    assert "productcatalogservice and shippingservice changed together in 20 of the 36 changes" in section
    assert "The version-control history shows 270 changes to 13 services over 736 days." in signs

    post(client, public_id, "signs", signs_form(answers), action=f"accept-{DEPLOY}")
    assert post(client, public_id, "signs", signs_form(answers)).status_code == 302
    assert post(client, public_id, "candidates", candidates_form(answers)).location.endswith("/result")
    page = html.unescape(client.get(step_url(public_id, "result")).get_data(as_text=True))
    section = page.split('id="evidence"')[1].split("</section>")[0]
    report = " ".join(re.sub(r"<[^>]+>", "", section).split())
    assert "What changes together" in report, report
    assert PAIR in report, report
    assert "18% of those changes touched more than one service" in report
    assert "src/cartservice as cartservice" in report
    pdf = " ".join(pdf_text(client.get(step_url(public_id, "report.pdf")).data).split())
    assert PAIR in pdf


def test_a_history_of_dependency_updates_suggests_not_sure_and_says_why(client, answers):
    public_id = start(client)
    post(client, public_id, "context", context_form(answers))
    assert upload(client, public_id, ("history.txt", UPKEEP_ONLY)).status_code == 302
    signs = html.unescape(client.get(step_url(public_id, "signs")).get_data(as_text=True))
    section = signs.split(f'id="{DEPLOY}-suggestion"')[1].split("</div>")[0]
    assert "Suggested from your files: Not sure" in section
    assert "125 changes that only updated services' dependency lists or Dockerfiles were set aside" in section
    assert "currencyservice and paymentservice" not in signs

    post(client, public_id, "signs", signs_form(answers))
    post(client, public_id, "candidates", candidates_form(answers))
    page = html.unescape(client.get(step_url(public_id, "result")).get_data(as_text=True))
    report = " ".join(re.sub(r"<[^>]+>", "", page.split('id="evidence"')[1].split("</section>")[0]).split())
    assert "The version-control history shows 2 changes to 2 services over 362 days" in report
    assert "No two services changed together in the history." in report


def test_service_names_from_a_history_are_escaped(client, answers):
    public_id = start(client)
    post(client, public_id, "context", context_form(answers))
    lines = []
    for number in range(12):
        lines += [f"commit {number:040x} {1767225600 + number * 3600} ", "", "<b>x/a.py", "orders/a.py", ""]
    assert upload(client, public_id, ("history.txt", "\n".join(lines).encode())).status_code == 302
    post(client, public_id, "signs", signs_form(answers))
    post(client, public_id, "candidates", candidates_form(answers))
    page = client.get(step_url(public_id, "result")).get_data(as_text=True)
    assert "<b>x" not in page and "&lt;b&gt;x and orders" in page
