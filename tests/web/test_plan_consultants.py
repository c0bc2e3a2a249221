"""Consultants and plans: the consultant edits a client's one shared plan (the combined result's),
and sees each client's plan progress on the client page and on the dashboard (issue 15)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from .consulting import make_owner, new_client, sign_in
from .test_intake import aggregate_id
from .test_plan import (
    FUTURE,
    csrf_token,
    item_form,
    items_on,
    page,
    plan_item,
    plan_url,
    set_targets,
    targets_version,
    version_of,
)

pytestmark = pytest.mark.usefixtures("openapi_checked")  # every API exchange matches the OpenAPI document
NEXT_YEAR = f"{date.today().year + 1}-Q2"


@pytest.fixture
def combined(consultant, two_respondents) -> str:
    """The public id of the client's combined result."""
    client_id, _, _ = two_respondents
    return aggregate_id(consultant, client_id)


def client_page(consultant, client_id: str) -> str:
    response = consultant.get(f"/clients/{client_id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def plan_box(html: str) -> str:
    return html.split('id="plan-title"')[1].split("</section>")[0]


def dashboard(consultant, query: str = "") -> str:
    response = consultant.get(f"/clients{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def plan_cell(html: str, name: str) -> str:
    row = html.split(f">{name}</a></th>")[1].split("</tr>")[0]
    return re.search(r'<td data-label="Plan">(.*?)</td>', row, re.S)[1]


def set_due(app, team_of: str, days: int, count: int = 1) -> None:
    """Due dates in the past or future for the first `count` items of the plan of this assessment."""
    from app.assessments.models import Assessment
    from app.extensions import db
    from app.plans.services import items_of

    with app.app_context():
        team_id = db.session.scalar(db.select(Assessment.team_id).filter_by(public_id=team_of))
        for item in items_of(team_id)[:count]:
            item.due = date.today() + timedelta(days=days)
        db.session.commit()


# -- the consultant edits the client's shared plan -----------------------------------------------


def test_the_consultant_edits_the_clients_targets_and_items(consultant, combined):
    html = page(consultant, combined)
    assert "Save the targets" in html and "Save this item" in html and "Add to the plan" in html
    response = set_targets(
        consultant, combined, {"target-shared_database": "no", "target-shared_database-by": NEXT_YEAR}
    )
    assert response.status_code == 302
    doc = consultant.get(f"/assessments/{combined}/plan.json").get_json()
    assert [(t["answer"], t["by"]) for t in doc["targets"]] == [("no", NEXT_YEAR)]
    first = next(iter(items_on(html)))
    title = items_on(html)[first]
    saved = consultant.post(
        plan_url(combined), data=item_form(first, version_of(html, first), owner="Jo Smith", due=FUTURE)
    )
    assert saved.status_code == 302
    assert plan_item(consultant, combined, title)["owner"] == "Jo Smith"
    html = page(consultant, combined)
    quick = {"action": "status", "item": first, f"{first}-version": version_of(html, first), f"{first}-status": "done"}
    assert consultant.post(plan_url(combined), data=quick).status_code == 302
    assert plan_item(consultant, combined, title)["status"] == "done"
    added = consultant.post(
        plan_url(combined), data={"action": "add", "new-title": "Workshop with the teams", "new-status": "not_started"}
    )
    assert added.status_code == 302
    assert "Workshop with the teams" in items_on(page(consultant, combined)).values()


def test_the_consultants_edits_keep_versions_and_csrf(app, consultant, combined):
    html = page(consultant, combined)
    first = next(iter(items_on(html)))
    stale = version_of(html, first)
    assert consultant.post(plan_url(combined), data=item_form(first, stale, owner="Ana")).status_code == 302
    conflict = consultant.post(plan_url(combined), data=item_form(first, stale, owner="Ben"))
    assert conflict.status_code == 409 and "Ana" in conflict.get_data(as_text=True)
    stale_targets = set_targets(consultant, combined, {"target-shared_database": "no"}, version="0" * 16)
    assert stale_targets.status_code == 409
    app.config["WTF_CSRF_ENABLED"] = True
    html = page(consultant, combined)
    form = {"action": "targets", "targets_version": targets_version(html), "target-shared_database": "no"}
    assert consultant.post(plan_url(combined), data=form).status_code == 400
    assert consultant.post(plan_url(combined), data={**form, "csrf_token": "forged"}).status_code == 400
    assert consultant.post(plan_url(combined), data={**form, "csrf_token": csrf_token(html)}).status_code == 302


def test_another_workspaces_consultant_finds_no_plan(app, consultant, combined):
    html = page(consultant, combined)
    first = next(iter(items_on(html)))
    make_owner(app, "eve@rival.example", "Rival Consulting")
    rival = app.test_client()
    sign_in(rival, "eve@rival.example")
    assert rival.get(plan_url(combined)).status_code == 404
    assert (
        rival.post(plan_url(combined), data=item_form(first, version_of(html, first), owner="Eve")).status_code == 404
    )
    assert rival.post(plan_url(combined), data={"action": "targets", "target-shared_database": "no"}).status_code == 404
    signed_out = app.test_client()
    assert signed_out.post(plan_url(combined), data=item_form(first, "1", owner="Eve")).status_code == 404
    assert plan_item(consultant, combined, items_on(html)[first])["owner"] is None


def test_a_respondents_link_cannot_change_the_client_plan(consultant, two_respondents):
    client_id, (maya, maya_answers), _ = two_respondents
    combined = aggregate_id(consultant, client_id)
    html = page(consultant, combined)
    first = next(iter(items_on(html)))
    assert maya.get(plan_url(combined)).status_code == 404
    posted = item_form(first, version_of(html, first), owner="Maya")
    assert maya.post(plan_url(combined), data=posted).status_code == 404
    assert maya.post(plan_url(maya_answers), data=posted).status_code == 404  # their answers have no plan
    assert plan_item(consultant, combined, items_on(html)[first])["owner"] is None


def test_a_teams_own_plan_still_changes_only_through_its_link(app, consultant, answers):
    from .journey import complete

    team = app.test_client()
    own = complete(team, answers)
    html = page(team, own)
    first = next(iter(items_on(html)))
    # A consultant has no way into a team's plan: no policy opens a team of its own.
    assert consultant.get(plan_url(own)).status_code == 404
    assert consultant.post(plan_url(own), data=item_form(first, version_of(html, first), owner="X")).status_code == 404
    assert team.post(plan_url(own), data=item_form(first, version_of(html, first), owner="Kim")).status_code == 302


# -- the client page ------------------------------------------------------------------------------


def test_the_client_page_shows_the_plan_in_words(app, consultant, two_respondents, combined):
    client_id, _, _ = two_respondents
    html = page(consultant, combined)
    items = list(items_on(html))
    first = items[0]
    consultant.post(plan_url(combined), data=item_form(first, version_of(html, first), status="done"))
    set_targets(consultant, combined, {"target-shared_database": "no", "target-shared_database-by": NEXT_YEAR})
    set_due(app, combined, -3, count=len(items))  # every item overdue but the done one
    box = plan_box(client_page(consultant, client_id))
    total = len(items)
    assert total > 1
    planned = re.search(
        r"<strong>(\d+)</strong>", page(consultant, combined).split("<dt>Planned</dt>")[1].split("</dd>")[0]
    )[1]
    assert f"{total} items, 1 done, {total - 1} overdue; target score {planned} by {NEXT_YEAR}." in box
    assert f'href="/assessments/{combined}/plan"' in box and "Open the plan" in box


def test_the_client_page_without_a_plan(app, consultant, two_respondents, combined):
    from app.assessments.models import Assessment
    from app.extensions import db
    from app.plans.models import PlanItem

    client_id, _, _ = two_respondents
    with app.app_context():
        team_id = db.session.scalar(db.select(Assessment.team_id).filter_by(public_id=combined))
        db.session.execute(db.delete(PlanItem).where(PlanItem.team_id == team_id))
        db.session.commit()
    box = plan_box(client_page(consultant, client_id))
    assert "No plan yet" in box and "Make a plan" in box and f'href="/assessments/{combined}/plan"' in box
    # Before anyone finishes answering there is nothing to plan from.
    fresh, _ = new_client(consultant, "Globex")
    box = plan_box(client_page(consultant, fresh))
    assert "No plan yet" in box and "once someone finishes answering" in box and "/plan" not in box


def test_the_client_page_without_targets(consultant, two_respondents, combined):
    client_id, _, _ = two_respondents
    added = consultant.post(plan_url(combined), data={"action": "add", "new-title": "Kick-off", "new-status": "done"})
    assert added.status_code == 302
    box = plan_box(client_page(consultant, client_id))
    assert re.search(r"\d+ items, 1 done, none overdue; no targets set yet\.", box), box


# -- the dashboard --------------------------------------------------------------------------------


def test_the_dashboard_shows_each_clients_plan(app, consultant, two_respondents, combined):
    new_client(consultant, "Globex")
    html = page(consultant, combined)
    items = list(items_on(html))
    consultant.post(plan_url(combined), data=item_form(items[0], version_of(html, items[0]), status="done"))
    listing = dashboard(consultant)
    assert '<th scope="col">Plan</th>' in listing
    assert plan_cell(listing, "Acme Retail").strip() == f"1 of {len(items)} done"
    assert "No plan yet" in plan_cell(listing, "Globex")
    set_due(app, combined, -1, count=len(items))
    cell = plan_cell(dashboard(consultant), "Acme Retail")
    assert f"1 of {len(items)} done" in cell and f"{len(items) - 1} overdue" in cell


def test_the_dashboard_filters_by_plan_with_the_other_filters(app, consultant, two_respondents, combined):
    new_client(consultant, "Globex")
    new_client(consultant, "Acme Logistics")
    html = page(consultant, combined)
    items = list(items_on(html))
    none = dashboard(consultant, "?plan=none")
    assert "2 clients match" in none and "Globex" in none and ">Acme Retail<" not in none
    assert "1 client matches" in dashboard(consultant, "?plan=none&q=acme")
    assert "No client matches" in dashboard(consultant, "?plan=overdue")
    set_due(app, combined, -1)
    overdue = dashboard(consultant, "?plan=overdue&sort=name")
    assert "1 client matches" in overdue and ">Acme Retail<" in overdue and "Globex" not in overdue
    assert '<option value="overdue" selected>' in overdue
    assert "No client matches" in dashboard(consultant, "?plan=overdue&status=invited")
    assert "3 clients" in dashboard(consultant, "?plan=evil")
    # An item marked done is no longer overdue.
    html = page(consultant, combined)
    quick = {"action": "status", "item": items[0], f"{items[0]}-version": version_of(html, items[0])}
    assert consultant.post(plan_url(combined), data={**quick, f"{items[0]}-status": "done"}).status_code == 302
    assert "No client matches" in dashboard(consultant, "?plan=overdue")


def test_the_plan_filter_survives_paging(app, consultant):
    for i in range(30):
        new_client(consultant, f"Client {i:02d}")
    listing = dashboard(consultant, "?plan=none&sort=name")
    assert "30 clients match" in listing and "Page 1 of 2" in listing
    assert re.search(r'href="/clients\?[^"]*plan=none[^"]*page=2"', listing.replace("&amp;", "&"))
    assert "Client 29" in dashboard(consultant, "?plan=none&sort=name&page=2")


def _give_plans(app, names: list[str], overdue: bool) -> None:
    from app.consultants.models import Client
    from app.extensions import db
    from app.plans.models import PlanItem

    with app.app_context():
        for name in names:
            team_id = db.session.scalar(db.select(Client.team_id).filter_by(name=name))
            for n in range(3):
                due = date.today() - timedelta(days=2) if overdue and n == 0 else None
                db.session.add(PlanItem(team_id=team_id, title=f"Step {n}", position=n, due=due, status="not_started"))
        db.session.commit()


def test_the_dashboards_plan_figures_take_the_same_queries_for_any_number_of_clients(app, consultant, sql_statements):
    names = [f"Client {i:02d}" for i in range(12)]
    for name in names:
        new_client(consultant, name)
    _give_plans(app, names[:2], overdue=True)
    with sql_statements() as few:
        assert plan_cell(dashboard(consultant, "?sort=name"), "Client 00").strip().startswith("0 of 3 done")
    _give_plans(app, names[2:], overdue=False)
    with sql_statements() as many:
        listing = dashboard(consultant, "?sort=name")
    assert len(many) == len(few)
    assert sum("plan_items" in s for s in many) == 1 and sum("plan_targets" in s for s in many) == 1
    assert "2 overdue" not in listing and "1 overdue" in plan_cell(listing, "Client 01")
    with sql_statements() as filtered:
        assert "2 clients match" in dashboard(consultant, "?plan=overdue")
    assert len(filtered) == len(few)


def test_the_csv_export_has_each_clients_plan(app, consultant, two_respondents, combined):
    import csv
    import io

    new_client(consultant, "Globex")
    items = list(items_on(page(consultant, combined)))
    set_due(app, combined, -1)
    rows = list(csv.DictReader(io.StringIO(consultant.get("/clients/export.csv").get_data(as_text=True))))
    by_name = {row["client"]: row for row in rows}
    acme = by_name["Acme Retail"]
    assert (acme["plan_items"], acme["plan_done"], acme["plan_overdue"]) == (str(len(items)), "0", "1")
    globex = by_name["Globex"]
    assert (globex["plan_items"], globex["plan_done"], globex["plan_overdue"]) == ("", "", "")
