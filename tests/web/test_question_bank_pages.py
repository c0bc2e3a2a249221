"""The seventh sign and the sixth candidate question of a question bank, through every page:
the form, its validation, the result, the PDF, the history comparison, the API and the CLI."""

from __future__ import annotations

import json
import re

from app.assessments.models import Assessment
from app.extensions import db
from tests.question_bank import LENS_ID, NEW_QUESTION, NEW_QUESTION_TEXT, NEW_SIGN, NEW_SIGN_TITLE, lens_answers

from .journey import candidates_form, context_form, post, signs_form, start, step_url
from .test_history import again, finish
from .test_report import pdf_text


def lens_assessment(app, client) -> str:
    """A new assessment answered with the lens (as a client of a consultant's lens would be)."""
    public_id = start(client)
    with app.app_context():
        assessment = db.session.scalar(db.select(Assessment).where(Assessment.public_id == public_id))
        assessment.instrument = LENS_ID
        db.session.commit()
    return public_id


def test_the_form_asks_checks_and_scores_the_new_questions(app, client, lens):
    doc = lens_answers(new_sign="yes", owner="no")
    public_id = lens_assessment(app, client)
    assert post(client, public_id, "context", context_form(doc)).status_code == 302

    page = client.get(step_url(public_id, "signs")).get_data(as_text=True)
    assert "<h1>The seven signs</h1>" in page and NEW_SIGN_TITLE in page
    assert f'name="{NEW_SIGN}"' in page and f'name="{NEW_SIGN}_note"' in page
    missing = {k: v for k, v in signs_form(doc).items() if k != NEW_SIGN}
    refused = post(client, public_id, "signs", missing)
    assert refused.status_code == 422
    assert f'id="{NEW_SIGN}-error"><span>Choose an answer.</span>' in refused.get_data(as_text=True)
    assert post(client, public_id, "signs", signs_form(doc)).status_code == 302

    post(client, public_id, "candidates", {}, action="add")
    page = client.get(step_url(public_id, "candidates")).get_data(as_text=True)
    assert NEW_QUESTION_TEXT in page and f'name="candidates-0-{NEW_QUESTION}"' in page
    assert "answer six questions about it" in page
    form = candidates_form(doc)
    incomplete = {k: v for k, v in form.items() if not k.endswith(NEW_QUESTION)}
    assert post(client, public_id, "candidates", incomplete).status_code == 422
    done = post(client, public_id, "candidates", form)
    assert done.status_code == 302 and done.location.endswith("/result")

    result = client.get(step_url(public_id, "result")).get_data(as_text=True)
    assert "<small> of 7</small>" in result and NEW_SIGN_TITLE in result
    assert "The seven signs in detail" in result
    assert "Trace requests across services" in result and "Give the candidate one owning team" in result
    text = pdf_text(client.get(step_url(public_id, "report.pdf")).data)
    for words in ("The seven signs in detail", NEW_SIGN_TITLE, "Trace requests across services", NEW_QUESTION_TEXT):
        assert words in text, words


def test_history_compares_the_new_sign(app, client, lens):
    public_id = lens_assessment(app, client)
    finish(client, public_id, lens_answers(new_sign="yes"))
    second = again(client, public_id)
    finish(client, second, lens_answers(new_sign="no", owner="yes"))
    page = client.get(f"/assessments/{second}/compare?with={public_id}").get_data(as_text=True)
    row = re.search(rf'<tr class="changed">\s*<th scope="row">{NEW_SIGN_TITLE}</th><td>Yes</td><td>No</td>', page)
    assert row, page
    result = client.get(step_url(second, "result")).get_data(as_text=True)
    assert "The seven signs, then and now" in result


def test_the_api_and_the_command_line_score_the_lens(client, runner, lens, tmp_path):
    doc = lens_answers()
    response = client.post("/api/v1/score", json=doc)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["signs"][NEW_SIGN]["answer"] == "yes"
    del doc["signs"][NEW_SIGN]
    refused = client.post("/api/v1/score", json=doc)
    assert refused.status_code == 422
    assert [e["field"] for e in refused.get_json()["errors"]] == [f"signs.{NEW_SIGN}"]

    path = tmp_path / "answers.json"
    path.write_text(json.dumps(lens_answers()))
    out = runner.invoke(args=["score", str(path)])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["candidates"][0]["blockers"] == [NEW_QUESTION]
