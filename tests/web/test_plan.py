"""The improvement plan: targets and the planned score, items from the recommendations, the
team's changes (CSRF, versions, 409), what a reassessment proves, and the exports and API."""

from __future__ import annotations

import copy
import csv
import html as html_lib
import io
import re
from datetime import date, timedelta

import pytest

from app.scoring import score_document

from .journey import complete, step_url
from .test_history import again, finish

pytestmark = pytest.mark.usefixtures("openapi_checked")  # every API exchange matches the OpenAPI document
FUTURE = (date.today() + timedelta(days=90)).isoformat()


def plan_url(public_id: str) -> str:
    return step_url(public_id, "plan")


def page(client, public_id: str) -> str:
    response = client.get(plan_url(public_id))
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def items_on(html: str) -> dict[str, str]:
    """The plan's items, in order: public id -> title."""
    found = re.findall(r'<li class="plan-item[^"]*" id="item-([^"]+)">\s*<h3>([^<]*)</h3>', html)
    return {item: html_lib.unescape(title) for item, title in found}


def item_titled(html: str, title: str) -> str:
    return next(item for item, shown in items_on(html).items() if shown == title)


def version_of(html: str, item: str) -> str:
    return re.search(rf'name="{re.escape(item)}-version" value="(\d+)"', html)[1]


def targets_version(html: str) -> str:
    return re.search(r'name="targets_version" value="([^"]+)"', html)[1]


def csrf_token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html)[1]


def item_form(item: str, version: str | None, **values) -> dict:
    form = {"action": "save", "item": item}
    if version is not None:
        form[f"{item}-version"] = version
    fields = {"owner": "", "due": "", "status": "not_started", "reason": "", "note": ""} | values
    form.update({f"{item}-{name}": value for name, value in fields.items()})
    return form


def save_item(client, public_id: str, title: str, **values):
    html = page(client, public_id)
    item = item_titled(html, title)
    return client.post(plan_url(public_id), data=item_form(item, version_of(html, item), **values))


def set_targets(client, public_id: str, targets: dict[str, str], version: str | None = None):
    html = page(client, public_id)
    form = {"action": "targets", "targets_version": version or targets_version(html), **targets}
    return client.post(plan_url(public_id), data=form)


def plan_item(client, public_id: str, title: str = "Give every service its own data") -> dict:
    doc = client.get(f"/assessments/{public_id}/plan.json").get_json()
    return next(item for item in doc["items"] if item["title"] == title)


def token_of(client, public_id: str) -> str:
    result = client.get(step_url(public_id, "result")).get_data(as_text=True)
    return re.search(r'class="resume-link"><a href="[^"]*/r/([^"]+)"', result)[1]


@pytest.fixture
def assessed(client, answers):
    return complete(client, answers)


# -- the page and its targets ---------------------------------------------------------------------


def test_the_result_page_leads_to_the_plan(client, assessed):
    result = client.get(step_url(assessed, "result")).get_data(as_text=True)
    assert "Make a plan" in result and f'href="/assessments/{assessed}/plan"' in result


def test_each_recommendation_becomes_an_item_in_order(client, answers, assessed):
    recommended = [r["title"] for r in score_document(answers)["recommendations"]]
    html = page(client, assessed)
    assert list(items_on(html).values()) == recommended
    assert "Recommended by the answers." in html


def test_an_unfinished_assessment_has_no_plan_yet(client):
    from .journey import start

    public_id = start(client)
    response = client.get(plan_url(public_id))
    assert response.status_code == 302 and "/assessments/" in response.location


def test_targets_give_the_planned_score_by_the_same_scoring(client, answers, assessed, count_rows):
    from app.plans.models import PlanTarget

    response = set_targets(
        client,
        assessed,
        {
            "target-shared_database": "no",
            "target-shared_database-by": f"{date.today().year + 1}-Q2",
            "target-deploy_coupling": "partly",
        },
    )
    assert response.status_code == 302 and response.location.endswith("#targets")
    planned = copy.deepcopy(answers)
    planned["signs"].update(shared_database="no", deploy_coupling="partly")
    expected, today = score_document(planned), score_document(answers)
    html = page(client, assessed)
    scores = re.findall(r"<dd><strong>(\d+)</strong> <span>([^<]+)</span>", html)
    assert scores == [
        (str(today["coupling_score"]), today["verdict_label"]),
        (str(expected["coupling_score"]), expected["verdict_label"]),
    ]
    assert re.search(r'name="target-shared_database-by">.*?value="\d{4}-Q2" selected', html, re.S)
    assert count_rows(PlanTarget) == 2
    # Saved again from the same page: the targets stay two, replaced whole.
    set_targets(client, assessed, {"target-shared_database": "no"})
    assert count_rows(PlanTarget) == 1


def test_targets_for_a_candidates_blockers(client, answers):
    answers["candidates"][0].update(owns_data="shared", deploy_alone="no")
    public_id = complete(client, answers)
    html = page(client, public_id)
    assert 'name="target-candidate-0-owns_data"' in html and 'name="target-candidate-0-deploy_alone"' in html
    assert 'name="target-candidate-0-survives_outages"' not in html  # answered yes: no blocker
    assert "Give the candidate its own data before splitting" in items_on(html).values()
    response = set_targets(
        client, public_id, {"target-candidate-0-owns_data": "yes", "target-candidate-0-deploy_alone": "yes"}
    )
    assert response.status_code == 302
    planned = copy.deepcopy(answers)
    planned["candidates"][0].update(owns_data="yes", deploy_alone="yes")
    json_doc = client.get(f"/assessments/{public_id}/plan.json").get_json()
    assert json_doc["planned"]["coupling_score"] == score_document(planned)["coupling_score"]
    assert {"candidate": "Notifications", "question": "owns_data", "answer": "yes", "by": None} in json_doc["targets"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("target-shared_database", "maybe", "Choose one of the answers offered."),
        ("target-shared_database-by", "2020-Q1", "Choose one of the quarters offered."),
        ("target-shared_database-by", "next spring", "Choose one of the quarters offered."),
    ],
)
def test_targets_out_of_the_choices_are_refused(client, assessed, count_rows, field, value, message):
    from app.plans.models import PlanTarget

    form = {"target-shared_database": "no", field: value}
    response = set_targets(client, assessed, form)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count_rows(PlanTarget) == 0


def test_targets_saved_since_in_another_tab_show_both_versions(client, assessed, count_rows):
    stale = targets_version(page(client, assessed))
    assert set_targets(client, assessed, {"target-shared_database": "partly"}).status_code == 302
    response = set_targets(client, assessed, {"target-shared_database": "no"}, version=stale)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "This was changed somewhere else" in html
    row = re.search(r"Services share a database.*?</tr>", html, re.S)[0]
    assert "Partly" in row and "No" in row
    # Nothing lost: the page posts back what was typed, with the version saved now.
    assert 'name="target-shared_database" value="no"' in html
    fresh = re.search(r'name="targets_version" value="([^"]+)"', html)[1]
    repost = {"action": "targets", "targets_version": fresh, "target-shared_database": "no"}
    assert client.post(plan_url(assessed), data=repost).status_code == 302
    assert client.get(f"/assessments/{assessed}/plan.json").get_json()["targets"][0]["answer"] == "no"


# -- items ----------------------------------------------------------------------------------------


def test_an_item_saved_with_owner_date_status_and_note(client, assessed):
    response = save_item(
        client,
        assessed,
        "Give every service its own data",
        owner="Maya <b>lead</b>",
        due=FUTURE,
        status="in_progress",
        note="<script>alert(1)</script> Start with orders",
    )
    assert response.status_code == 302 and "#item-" in response.location
    html = page(client, assessed)
    assert "<script>alert(1)</script>" not in html and "<b>lead</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Start with orders" in html
    assert "Owner: Maya &lt;b&gt;lead&lt;/b&gt;" in html
    assert "Not started → In progress" in html
    item = plan_item(client, assessed)
    assert item["owner"] == "Maya <b>lead</b>" and item["due"] == FUTURE and item["status"] == "in_progress"
    assert item["version"] == 2


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"due": "31/12/2027"}, "Enter the date as year-month-day."),
        ({"due": "2027-02-30"}, "Enter the date as year-month-day."),
        ({"due": "tomorrow"}, "Enter the date as year-month-day."),
        ({"due": (date.today() - timedelta(days=1)).isoformat()}, "Choose today or a later date."),
        ({"note": "x" * 10_000}, "Use at most 5,000 characters."),
        ({"owner": "o" * 201}, "Use at most 200 characters."),
        ({"status": "wont_do"}, "Say why the team won"),
        ({"status": "finished"}, "Choose one of the statuses offered."),
    ],
)
def test_bad_item_values_save_nothing_and_come_back(client, assessed, values, message):
    before = plan_item(client, assessed)
    typed = {"owner": "Maya", "note": "Keep <this>"} | values
    response = save_item(client, assessed, before["title"], **typed)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html and "Please check what you entered" in html
    assert "Keep &lt;this&gt;" in html or len(typed["note"]) == 10_000  # what was typed is still there
    after = plan_item(client, assessed)
    assert after == before


def test_wont_do_with_a_reason(client, assessed):
    response = save_item(
        client, assessed, "Give every service its own data", status="wont_do", reason="The shared DB is read-only"
    )
    assert response.status_code == 302
    html = page(client, assessed)
    assert "Won't do, because: The shared DB is read-only" in html


def test_an_overdue_date_already_saved_may_stay(client, assessed, app):
    from app.extensions import db
    from app.plans.models import PlanItem

    save_item(client, assessed, "Give every service its own data", due=FUTURE)
    past = date.today() - timedelta(days=3)
    with app.app_context():
        item = db.session.scalar(db.select(PlanItem).filter_by(title="Give every service its own data"))
        item.due = past
        db.session.commit()
    html = page(client, assessed)
    assert "(overdue)" in html
    response = save_item(client, assessed, "Give every service its own data", due=past.isoformat(), note="Late")
    assert response.status_code == 302


def test_two_tabs_editing_one_item_409_with_both_versions(client, assessed):
    html = page(client, assessed)
    item = item_titled(html, "Give every service its own data")
    stale = version_of(html, item)
    first = client.post(plan_url(assessed), data=item_form(item, stale, owner="Maya", note="From tab one"))
    assert first.status_code == 302
    second = client.post(plan_url(assessed), data=item_form(item, stale, owner="Tom", note="From tab two"))
    assert second.status_code == 409
    conflict = second.get_data(as_text=True)
    assert "This was changed somewhere else" in conflict
    assert "From tab one" in conflict and "From tab two" in conflict and "Maya" in conflict and "Tom" in conflict
    saved = plan_item(client, assessed)
    assert saved["owner"] == "Maya" and saved["note"] == "From tab one"  # nothing overwritten
    # "Use what is on my page" posts tab two's values again, based on the version saved now.
    repost = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', conflict))
    repost.pop("csrf_token", None)
    assert repost[f"{item}-version"] == "2" and repost[f"{item}-note"] == "From tab two"
    assert client.post(plan_url(assessed), data=repost).status_code == 302
    assert plan_item(client, assessed)["note"] == "From tab two"


def test_a_stale_tab_saving_what_is_saved_is_no_conflict(client, assessed):
    html = page(client, assessed)
    item = item_titled(html, "Give every service its own data")
    stale = version_of(html, item)
    assert client.post(plan_url(assessed), data=item_form(item, stale, owner="Maya")).status_code == 302
    assert client.post(plan_url(assessed), data=item_form(item, stale, owner="Maya")).status_code == 302


def test_an_edit_without_a_version_is_a_conflict(client, assessed):
    html = page(client, assessed)
    item = item_titled(html, "Give every service its own data")
    response = client.post(plan_url(assessed), data=item_form(item, None, owner="Maya"))
    assert response.status_code == 409
    assert "We could not tell whether your page was up to date" in response.get_data(as_text=True)


def test_quick_status_and_moving_items(client, assessed):
    html = page(client, assessed)
    order = list(items_on(html))
    first, second = order[0], order[1]
    response = client.post(
        plan_url(assessed),
        data={
            "action": "status",
            "item": second,
            f"{second}-version": version_of(html, second),
            f"{second}-status": "done",
        },
    )
    assert response.status_code == 302
    response = client.post(
        plan_url(assessed), data={"action": "up", "item": second, f"{second}-version": version_of(html, second)}
    )
    assert response.status_code == 302
    html = page(client, assessed)
    assert list(items_on(html))[:2] == [second, first]
    # Moving is no edit: a tab opened before it still saves its item without a conflict.
    assert client.post(plan_url(assessed), data=item_form(first, "1", owner="Ana")).status_code == 302
    # The first item can't move further up; a move past the end changes nothing either.
    client.post(plan_url(assessed), data={"action": "up", "item": second})
    assert list(items_on(page(client, assessed)))[:2] == [second, first]
    doc = client.get(f"/assessments/{assessed}/plan.json").get_json()
    assert doc["items"][0]["status"] == "done" and doc["items"][0]["position"] == 1


def test_the_team_adds_its_own_item_tied_to_a_sign(client, assessed):
    form = {
        "action": "add",
        "new-title": "Write down who owns <which> table",
        "new-sign_id": "shared_database",
        "new-owner": "Ana",
        "new-due": FUTURE,
        "new-status": "not_started",
    }
    response = client.post(plan_url(assessed), data=form)
    assert response.status_code == 302
    html = page(client, assessed)
    assert list(items_on(html).values())[-1] == "Write down who owns <which> table"
    assert "Write down who owns &lt;which&gt; table" in html and "The team's own item" in html
    own = client.get(f"/assessments/{assessed}/plan.json").get_json()["items"][-1]
    assert own["sign"] == "shared_database" and own["recommendation"] is None
    assert own["history"][0]["event"] == "added_by_team"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"new-title": ""}, "Say what the team will do."),
        ({"new-sign_id": "coffee"}, "Choose one of the signs offered."),
        ({"new-title": "t" * 201}, "Use at most 200 characters."),
    ],
)
def test_an_own_item_needs_a_title_and_a_known_sign(client, assessed, count_rows, values, message):
    from app.plans.models import PlanItem

    before = count_rows(PlanItem)
    form = {"action": "add", "new-title": "Something", "new-status": "not_started"} | values
    response = client.post(plan_url(assessed), data=form)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert count_rows(PlanItem) == before


def test_unknown_items_and_actions(client, assessed):
    assert client.post(plan_url(assessed), data=item_form("no-such-item", "1", owner="x")).status_code == 404
    assert client.post(plan_url(assessed), data={"action": "up", "item": "x" * 5000}).status_code == 404
    assert client.post(plan_url(assessed), data={"action": "explode"}).status_code == 400


def test_another_teams_plan_is_not_found(app, client, answers):
    mine = complete(client, answers)
    other_client = app.test_client()
    theirs = complete(other_client, answers)
    their_html = page(other_client, theirs)
    their_item = next(iter(items_on(their_html)))
    assert client.get(plan_url(theirs)).status_code == 404
    assert client.get(f"/assessments/{theirs}/plan.csv").status_code == 404
    assert client.get(f"/assessments/{theirs}/plan.json").status_code == 404
    posted = item_form(their_item, version_of(their_html, their_item), owner="Mallory")
    assert client.post(plan_url(theirs), data=posted).status_code == 404
    # Their item posted against my own assessment: not in my plan, so not found either.
    assert client.post(plan_url(mine), data=posted).status_code == 404
    assert client.post(plan_url(theirs), data={"action": "targets", "target-shared_database": "no"}).status_code == 404
    doc = other_client.get(f"/assessments/{theirs}/plan.json").get_json()
    assert all(item["owner"] is None for item in doc["items"]) and doc["targets"] == []


# -- CSRF ---------------------------------------------------------------------------------------


def test_every_action_needs_the_csrf_token(app, client, assessed):
    app.config["WTF_CSRF_ENABLED"] = True
    html = page(client, assessed)
    token = csrf_token(html)
    item = item_titled(html, "Give every service its own data")
    version = version_of(html, item)
    actions = [
        {"action": "targets", "targets_version": targets_version(html), "target-shared_database": "no"},
        item_form(item, version, owner="Maya"),
        {"action": "status", "item": item, f"{item}-version": "2", f"{item}-status": "done"},
        {"action": "down", "item": item, f"{item}-version": "3"},
        {"action": "add", "new-title": "Our own", "new-status": "not_started"},
    ]
    for form in actions:
        refused = client.post(plan_url(assessed), data=form)
        assert refused.status_code == 400, form["action"]
        assert client.post(plan_url(assessed), data={**form, "csrf_token": "forged"}).status_code == 400
        assert client.post(plan_url(assessed), data={**form, "csrf_token": token}).status_code == 302, form["action"]
    doc = client.get(f"/assessments/{assessed}/plan.json").get_json()
    assert doc["targets"][0]["answer"] == "no" and doc["items"][-1]["title"] == "Our own"


def test_an_expired_form_keeps_what_was_typed(app, client, assessed):
    app.config["WTF_CSRF_ENABLED"] = True
    html = page(client, assessed)
    item = item_titled(html, "Give every service its own data")
    form = item_form(item, version_of(html, item), note="Typed before lunch")
    response = client.post(plan_url(assessed), data={**form, "csrf_token": "expired"})
    assert response.status_code == 400
    expired = response.get_data(as_text=True)
    assert "Your page had been open for a long time" in expired and "Typed before lunch" in expired
    repost = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', expired))
    assert client.post(plan_url(assessed), data=repost).status_code == 302
    assert plan_item(client, assessed)["note"] == "Typed before lunch"


# -- exports and the API --------------------------------------------------------------------------


def test_csv_for_jira_with_formulas_neutralised(client, assessed):
    save_item(client, assessed, "Give every service its own data", owner='=HYPERLINK("http://x")', due=FUTURE)
    client.post(
        plan_url(assessed),
        data={"action": "add", "new-title": "+SUM(A1:A2)", "new-status": "in_progress", "new-sign_id": "call_chains"},
    )
    response = client.get(f"/assessments/{assessed}/plan.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    header, body = rows[0], rows[1:]
    assert header[:5] == ["Summary", "Description", "Assignee", "Due date", "Status"]
    assert set(header[5:]) == {"Labels"}
    data = next(row for row in body if row[0] == "Give every service its own data")
    first = dict(zip(header[:5], data[:5], strict=True))
    assert first["Summary"] == "Give every service its own data"
    assert first["Assignee"] == '\'=HYPERLINK("http://x")' and first["Due date"] == FUTURE
    assert first["Description"].startswith("Why: ") and "First steps:\n1. " in first["Description"]
    assert first["Status"] == "To Do"
    assert "splitcheck" in data[5:] and "sign-shared_database" in data[5:]
    own = body[-1]
    assert own[0] == "'+SUM(A1:A2)" and own[4] == "In Progress" and "sign-call_chains" in own[5:]
    for row in body:
        assert len(row) == len(header)
        for cell in row:
            assert cell[:1] not in "=+-@" or cell == "", cell


def test_csv_for_github(client, assessed):
    save_item(client, assessed, "Give every service its own data", owner="maya", due=FUTURE, status="done")
    response = client.get(f"/assessments/{assessed}/plan.csv?for=github")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert list(rows[0]) == ["title", "body", "labels", "assignee", "state"]
    data = next(row for row in rows if row["title"] == "Give every service its own data")
    assert data["state"] == "closed"
    assert data["labels"].split(",")[:2] == ["splitcheck", "sign-shared_database"]
    assert data["body"].startswith(f"Due: {FUTURE}") and data["assignee"] == "maya"
    assert all(row["state"] == "open" for row in rows if row is not data)
    assert client.get(f"/assessments/{assessed}/plan.csv?for=excel").status_code == 404


def test_json_and_the_api(app, client, assessed):
    set_targets(
        client, assessed, {"target-shared_database": "no", "target-shared_database-by": f"{date.today().year + 1}-Q1"}
    )
    doc = client.get(f"/assessments/{assessed}/plan.json").get_json()
    assert doc["assessment"] == assessed and doc["planned"]["coupling_score"] < doc["coupling_score"]
    assert doc["items"][0]["history"][0]["assessment"] == assessed
    api = app.test_client()  # no session: the token alone opens it
    url = f"/api/v1/assessments/{assessed}/plan"
    response = api.get(url, headers={"Authorization": f"Bearer {token_of(client, assessed)}"})
    assert response.status_code == 200 and response.get_json() == doc
    assert "Set-Cookie" not in response.headers
    assert api.get(url).status_code == 404  # as every address of an assessment, to an outsider
    basic = api.get(url, headers={"Authorization": "Basic abc"})
    assert basic.status_code == 401 and basic.headers["WWW-Authenticate"].startswith("Bearer")
    assert api.get(url, headers={"Authorization": "Bearer "}).status_code == 401
    assert api.get(url, headers={"Authorization": "Bearer not-the-token"}).status_code == 404
    assert api.get("/api/v1/assessments/nope/plan", headers={"Authorization": "Bearer x"}).status_code == 404
    # A session that holds the link is no way in to the API.
    assert client.get(url).status_code == 404


def test_the_api_refuses_another_teams_token(app, client, answers):
    mine = complete(client, answers)
    other = app.test_client()
    theirs = complete(other, answers)
    response = app.test_client().get(
        f"/api/v1/assessments/{mine}/plan", headers={"Authorization": f"Bearer {token_of(other, theirs)}"}
    )
    assert response.status_code == 404


# -- assessing again ------------------------------------------------------------------------------


def test_assessing_again_proves_the_plan(client, answers, app):
    first = complete(client, answers)
    save_item(client, first, "Give every service its own data", status="done")
    save_item(client, first, "Make each service releasable on its own", status="done", owner="Ana")
    client.post(
        plan_url(first),
        data={"action": "add", "new-title": "Trace checkout", "new-sign_id": "call_chains", "new-status": "done"},
    )
    before = client.get(f"/assessments/{first}/plan.json").get_json()
    second = again(client, first)
    # Two signs improved; deploy_coupling (marked done) did not; call chains now appear.
    answers["signs"].update(shared_database="no", local_testing="no", call_chains="yes")
    finish(client, second, answers)
    doc = client.get(f"/assessments/{second}/plan.json").get_json()
    by_title = {item["title"]: item for item in doc["items"]}
    # The plan carries over: every item is still there, with its id and what the team wrote.
    assert [item["id"] for item in before["items"]] == [item["id"] for item in doc["items"]][: len(before["items"])]
    assert by_title["Make each service releasable on its own"]["owner"] == "Ana"
    data = by_title["Give every service its own data"]
    assert data["proof"] == "resolved_by_answers"
    assert [e["event"] for e in data["history"]] == ["added", "status_changed", "resolved_by_answers"]
    assert data["history"][-1]["assessment"] == second
    assert by_title["Find out what you don't know"]["proof"] == "resolved_by_answers"
    release = by_title["Make each service releasable on its own"]
    assert release["proof"] == "done_not_improved"
    assert "Marked done, but the team still answers Yes" in release["proof_message"]
    assert by_title["Trace checkout"]["proof"] == "done_not_improved"  # call chains got worse
    new = by_title["Replace long call chains with events"]
    assert new["status"] == "not_started" and new["history"][0]["event"] == "added"
    assert new["history"][0]["assessment"] == second
    html = page(client, second)
    assert "Resolved by the answers: the team no longer answers" in html and "Check this:" in html
    assert "Marked done, but the team still answers Yes" in html
    # The first assessment's page shows the same plan, and says where the latest one is.
    assert f'href="/assessments/{second}/plan"' in page(client, first)


def test_plan_summary(client, answers, app):
    from app.assessments.models import Assessment
    from app.extensions import db
    from app.plans.services import plan_summary

    public_id = complete(client, answers)
    save_item(client, public_id, "Give every service its own data", status="done")
    set_targets(
        client, public_id, {"target-shared_database": "no", "target-shared_database-by": f"{date.today().year + 2}-Q3"}
    )
    set_targets(
        client,
        public_id,
        {
            "target-shared_database": "no",
            "target-shared_database-by": f"{date.today().year + 2}-Q3",
            "target-deploy_coupling": "no",
            "target-deploy_coupling-by": f"{date.today().year + 1}-Q1",
        },
    )
    planned = copy.deepcopy(answers)
    planned["signs"].update(shared_database="no", deploy_coupling="no")
    with app.app_context():
        team = db.session.scalar(db.select(Assessment).filter_by(public_id=public_id)).team
        summary = plan_summary(team)
    assert summary == {
        "items": len(score_document(answers)["recommendations"]),
        "done": 1,
        "overdue": 0,
        "target_score": score_document(planned)["coupling_score"],
        "by": f"{date.today().year + 2}-Q3",
    }
