"""Deleting takes everything derived with it; abandoned drafts are removed on schedule."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text, update

from app.assessments.models import Assessment
from app.extensions import db
from app.timestamps import utcnow

from .consulting import make_owner, new_client, respond, sign_in
from .journey import complete, start, step_url
from .test_evidence_import import SHARED_DB, upload


def every_row(app) -> str:
    """The text of every row of every table."""
    with app.app_context():
        dump = []
        for table in db.metadata.sorted_tables:
            for row in db.session.execute(select(table)):
                dump.append(f"{table.name}: {row!r}")
        return "\n".join(dump)


def leftovers(app, *needles: str) -> list[str]:
    return [line for line in every_row(app).splitlines() if any(n in line for n in needles)]


@pytest.mark.parametrize("store", ["directory", "database"])
def test_deleting_an_assessment_removes_everything_derived(app, client, answers, stored, store):
    app.config["PDF_STORE"] = store
    kept = complete(app.test_client(), {**answers, "team": {"name": "Kept Co"}})
    answers["team"]["name"] = "Doomed Co"
    public_id = start(client)
    upload(client, public_id, ("compose.yml", SHARED_DB), keep=True)
    from .journey import candidates_form, context_form, post, signs_form

    post(client, public_id, "context", context_form(answers))
    post(client, public_id, "signs", signs_form(answers), action="accept-shared_database")
    post(client, public_id, "signs", signs_form(answers))
    post(client, public_id, "candidates", candidates_form(answers))
    client.post(step_url(public_id, "share"), data={"label": "for the board", "expiry": "7"})
    share_page = client.get(step_url(public_id, "share")).get_data(as_text=True)
    share = re.search(r'value="http://splitcheck.test(/s/[^"]+)"', share_page)[1]
    assert client.get(step_url(public_id, "report.pdf")).status_code == 200
    doomed_id = stored(public_id).id
    pdf_dir = Path(app.config["PDF_CACHE_DIR"]) / f"a{doomed_id}"
    assert pdf_dir.exists() == (store == "directory")
    assert leftovers(app, "Doomed Co", "for the board", "orders")  # it is all there before

    page = client.get(step_url(public_id, "delete")).get_data(as_text=True)
    assert "This can't be undone" in page
    assert client.post(step_url(public_id, "delete")).status_code == 302

    assert leftovers(app, "Doomed Co", public_id, "for the board", "shop/orders", "postgres://app@db") == []
    with app.app_context():
        for table in ("share_links", "evidence_imports", "evidence_files", "rendered_pdfs"):
            assert (
                db.session.execute(
                    text(
                        f"SELECT count(*) FROM {table} WHERE "
                        + ("assessment_id" if table != "evidence_files" else "import_id")
                        + f" = {doomed_id}"
                    )
                ).scalar()
                == 0
            )
    assert not pdf_dir.exists()
    assert app.test_client().get(share).status_code == 404
    assert client.get(step_url(public_id, "result")).status_code == 404
    assert stored(kept) is not None
    assert app.test_client().get(step_url(kept, "result")).status_code == 404  # still private
    assert leftovers(app, "Kept Co")


def test_deleting_a_client_removes_its_people_reports_and_notes(app, answers):
    make_owner(app)
    consultant = app.test_client()
    sign_in(consultant)
    kept_id, _ = new_client(consultant, "Kept Retail")
    client_id, intake = new_client(consultant, "Doomed Retail")
    person, person_id = respond(app, intake, "Maya", "Engineering lead", {**answers, "team": {"name": "Doomed Retail"}})
    consultant.post(f"/clients/{client_id}/notes", data={"text": "secret budget figure"})
    page = consultant.get(f"/clients/{client_id}").get_data(as_text=True)
    aggregate = re.search(r'href="/assessments/([^/]+)/result"', page)[1]
    consultant.get(step_url(aggregate, "report.pdf"))
    assert consultant.post(f"/clients/{client_id}/delete").status_code == 302
    assert leftovers(app, "Doomed Retail", "Maya", "secret budget figure", client_id, aggregate, person_id) == []
    assert app.test_client().get(intake).status_code == 404
    assert person.get(step_url(person_id, "result")).status_code == 404
    assert leftovers(app, "Kept Retail")


def test_retention_removes_only_abandoned_drafts(app, client, answers, runner):
    finished = complete(client, answers)
    old_draft, recent_draft = start(client), start(client)
    with app.app_context():
        long_ago = utcnow() - timedelta(days=120)
        for public_id in (finished, old_draft):
            db.session.execute(update(Assessment).where(Assessment.public_id == public_id).values(updated_at=long_ago))
        db.session.commit()
    result = runner.invoke(args=["retention", "--days", "90"])
    assert result.exit_code == 0 and "Removed 1 abandoned draft older than 90 days." in result.output
    with app.app_context():
        left = set(db.session.scalars(select(Assessment.public_id)))
    assert left == {finished, recent_draft}
    assert runner.invoke(args=["retention", "--days", "0"]).exit_code == 2


def test_head_requests_change_nothing_on_any_page_that_takes_a_form(app, client, answers):
    """HEAD is GET without the body: it must never take a form's path (HEAD to a delete page
    deleted the assessment; CSRF protection doesn't cover HEAD). Every rule that takes both
    GET and POST is here, so a new one must be added."""
    make_owner(app)
    consultant = app.test_client()
    sign_in(consultant)
    client_id, intake = new_client(consultant, "Acme Retail")
    public_id = complete(client, answers)
    assert client.post(step_url(public_id, "share"), data={"expiry": "7"}).status_code == 302  # share link 1
    requests = [(client, step_url(public_id, step)) for step in ("context", "signs", "candidates")] + [
        (client, step_url(public_id, "share")),
        (client, step_url(public_id, "share/1/new-link")),
        (client, step_url(public_id, "delete")),
        (client, step_url(public_id, "evidence")),
        (app.test_client(), "/sign-in"),
        (app.test_client(), "/sign-up"),
        (app.test_client(), "/join/not-a-real-invitation"),
        (app.test_client(), "/reset/not-a-real-reset"),
        (consultant, "/clients/new"),
        (consultant, f"/clients/{client_id}/delete"),
        (consultant, f"/clients/{client_id}/intake/new-link"),
        (app.test_client(), intake),
        (consultant, "/workspace"),
        (consultant, "/workspace/lenses"),
        (consultant, "/workspace/api-tokens"),
    ]
    with app.app_context():
        taking_forms = {rule.rule for rule in app.url_map.iter_rules() if {"GET", "POST"} <= rule.methods}
        covered = {app.url_map.bind("splitcheck.test").match(path)[0] for _, path in requests}
        covered = {rule.rule for rule in app.url_map.iter_rules() if rule.endpoint in covered}
    assert covered == taking_forms
    before = every_row(app)
    for browser, path in requests:
        response = browser.head(path)
        assert response.status_code in (200, 404, 410) and response.data == b"", (path, response.status_code)
    assert every_row(app) == before
