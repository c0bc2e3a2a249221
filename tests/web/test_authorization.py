"""Every route of the app, from its URL map, tried by outsiders: only the intended get in.

The outsiders: someone with no account, a respondent, a rival workspace's consultant, and
scripts with workspace API tokens (a rival workspace's, one of the victim's without the scope the
route needs, one of the victim's that was revoked). A new route fails this test until it is given
a rule below, so none is forgotten.
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path

import pytest
import yaml

from app import instrument
from app.consultants import api_tokens
from app.consultants.models import User
from app.extensions import db
from app.timestamps import utcnow

from .consulting import make_owner, new_client, respond, sign_in
from .journey import complete, step_url

PUBLIC = {
    "site.landing",
    "site.healthz",
    "site.readyz",
    "site.how_scoring_works",
    "site.accessibility",
    "metrics",
    "static",
    "consultants.sign_in",
    "consultants.sign_up",
    "assessments.start",
    "history.import_assessment",
    "api.score",
    "api.evidence",
    "api.openapi_json",
    "site.api_reference",
}
TOKEN = {
    "assessments.resume",
    "sharing.shared_report",
    "sharing.shared_pdf",
    "consultants.intake",
    "consultants.intake_logo",
    "consultants.join",
    "consultants.reset_password",
}
OWN_WORKSPACE = {
    "consultants.dashboard",
    "consultants.export_csv",
    "consultants.new_client",
    "consultants.workspace",
    "consultants.invite",
    "consultants.sign_out",
    "consultants.remove_member",
    "consultants.lenses",
    "consultants.api_tokens",
    "consultants.revoke_api_token",
}
# A workspace API token's (no public id in the address: the token says whose clients).
WORKSPACE_TOKEN = {"api.list_clients", "api.create_client"}
# Every route that takes a workspace API token: 401 without one or with one not accepted (revoked),
# 403 when the token may not do it, 404 for what is another workspace's.
BY_WORKSPACE_TOKEN = WORKSPACE_TOKEN | {
    "api.client",
    "api.client_result",
    "api.client_history",
    "api.assessment_result",
    "api.assessment_pdf",
    "plans.api_plan",  # also a team's private link, and 404 without any token
    *("api.post_evidence", "api.evidence_history", "api.evidence_post"),  # the same
}
# Also a team's private link: without any token, as every address of an assessment, a 404.
BY_LINK_TOO = {"plans.api_plan", "api.post_evidence", "api.evidence_history", "api.evidence_post"}
TOKEN_ACTORS = ("rival_token", "scopeless_token", "revoked_token")
LENS_ENDPOINTS = {"consultants.lens", "consultants.publish_lens", "consultants.delete_lens", "consultants.lens_scoring"}
# By a published lens's random id, for whoever reads a report made with it: the world's lens is a draft.
PUBLIC_BY_ID = {"consultants.lens_scoring"}


@pytest.fixture
def world(app, answers):
    """A team with a finished assessment and a share link; a consultancy with a client and a respondent."""
    team = app.test_client()
    team_assessment = complete(team, {**answers, "team": {"name": "Victim Team"}})
    team.post(step_url(team_assessment, "share"), data={"expiry": "7"})
    owner_id = make_owner(app, "victim@consult.example", "Victim Consulting")
    consultant = app.test_client()
    sign_in(consultant, "victim@consult.example")
    client_id, intake = new_client(consultant, "Victim Client")
    consultant.post(f"/clients/{client_id}/notes", data={"text": "victim note"})
    lens = yaml.safe_load(Path(instrument.__file__).with_name("splitcheck-1.yaml").read_text())
    lens |= {"id": "victim-lens/1", "title": "Victim Lens"}
    uploaded = consultant.post(
        "/workspace/lenses", data={"source": yaml.safe_dump(lens)}, content_type="multipart/form-data"
    )
    assert uploaded.status_code == 302, uploaded.get_data(as_text=True)[-2000:]
    respondent, respondent_assessment = respond(app, intake, "Maya", "Engineering lead", answers)
    page = consultant.get(f"/clients/{client_id}").get_data(as_text=True)
    aggregate = re.search(r'href="/assessments/([^/]+)/result"', page)[1]
    rival_id = make_owner(app, "rival@other.example", "Rival Partners")
    rival = app.test_client()
    sign_in(rival, "rival@other.example")
    with app.app_context():
        victim, other = db.session.get(User, owner_id), db.session.get(User, rival_id)
        _, scopeless = api_tokens.create(victim.workspace_id, "Evidence only", ["write:evidence"], owner_id)
        revoked, revoked_token = api_tokens.create(victim.workspace_id, "Old", list(api_tokens.API_SCOPES), owner_id)
        revoked.revoked_at = utcnow()
        db.session.commit()
        _, rival_token = api_tokens.create(other.workspace_id, "Rival script", list(api_tokens.API_SCOPES), rival_id)
    return {
        "team_assessment": team_assessment,
        "aggregate": aggregate,
        "client_id": client_id,
        "respondent": respondent,
        "respondent_assessment": respondent_assessment,
        "rival": rival,
        "owner_id": owner_id,
        "lens_id": uploaded.location.rsplit("/", 1)[1],
        "rival_token": rival_token,
        "scopeless_token": scopeless,
        "revoked_token": revoked_token,
    }


def paths(rule, world) -> list[str]:
    values = {
        "step_id": "context",
        "link_id": 1,
        "note_id": 1,
        "token_id": 1,  # the victim's token without a scope that routes need
        "respondent_id": 1,
        "action": "close",
        "user_id": world["owner_id"],
        "token": secrets.token_urlsafe(24),
        "filename": "css/site.css",
        "post_id": "x",
    }
    if "public_id" not in rule.arguments:
        return [rule.build(values, append_unknown=False)[1]]
    if rule.endpoint in LENS_ENDPOINTS:
        targets = [world["lens_id"]]
    elif rule.endpoint.startswith(("consultants.", "api.client")):
        targets = [world["client_id"]]
    else:  # someone else's team assessment, a client's combined result, another person's answers
        targets = [world["team_assessment"], world["aggregate"]]
    return [rule.build({**values, "public_id": t}, append_unknown=False)[1] for t in targets]


def test_every_route_has_a_rule(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    classified = PUBLIC | TOKEN | OWN_WORKSPACE | WORKSPACE_TOKEN
    unclassified = {
        e
        for e in endpoints
        if e not in classified
        and "public_id" not in next(r for r in app.url_map.iter_rules() if r.endpoint == e).arguments
    }
    assert unclassified == set(), "give these routes an access rule in this test"


def by_workspace_token(actor: str, rule, path: str, status: int, aggregate: str) -> None:
    """What a route that takes a workspace API token answers each outsider."""
    if actor == "revoked_token":
        expected = {401, 429}  # a refused token counts against the guessing limit
    elif actor == "scopeless_token" and rule.endpoint == "api.post_evidence":
        # `write:evidence` may post to the victim's client (refused for want of files and label), to no team.
        expected = {422} if path.endswith(f"/{aggregate}/evidence") else {404}
    elif actor == "scopeless_token":
        expected = {403}
    elif actor == "rival_token":
        # Its own workspace's list, a client it may make there (from a body that is no JSON: 415),
        # and nothing of the victim's.
        expected = {404, 429} if "public_id" in rule.arguments else {200, 415}
    else:
        # No token: asked for one; the address may have used up its guesses at private links by now.
        expected = {404, 429} if rule.endpoint in BY_LINK_TOO else {401, 429}
    assert status in expected, (actor, path, status)


@pytest.mark.parametrize("actor", ["anonymous", "respondent", "rival", *TOKEN_ACTORS])
def test_outsiders_get_nothing_of_anyone_else(app, world, actor):
    sessions = {"respondent": world["respondent"], "rival": world["rival"]}
    client = sessions.get(actor) or app.test_client()
    headers = {"Authorization": f"Bearer {world[actor]}"} if actor in TOKEN_ACTORS else {}
    # A token is for the API: everywhere else, a script with one is anyone without an account.
    seen_as = "anonymous" if actor in TOKEN_ACTORS else actor
    tried = 0
    # Signing out last, so the rest is tried while signed in.
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint == "consultants.sign_out"):
        for path in paths(rule, world):
            for method in sorted(rule.methods & {"GET", "POST"}):
                response = client.open(
                    path, method=method, headers=headers, data={"text": "x", "expiry": "7", "role": "owner"}
                )
                readable = response.mimetype.startswith(("text/", "application/json"))
                body = response.get_data(as_text=True) if readable else ""
                tried += 1
                assert response.status_code < 500, (actor, method, path)
                for secret in ("Victim Team", "Victim Client", "victim note", "victim@consult.example", "Victim Lens"):
                    assert secret not in body, (actor, method, path, secret)
                if rule.endpoint in BY_WORKSPACE_TOKEN:
                    by_workspace_token(actor, rule, path, response.status_code, world["aggregate"])
                elif rule.endpoint in TOKEN:
                    assert response.status_code in (404, 410, 429), (actor, method, path)
                elif rule.endpoint in PUBLIC_BY_ID:
                    assert response.status_code == 404, (actor, method, path, response.status_code)
                elif "public_id" in rule.arguments:
                    expected = {404} if seen_as == "rival" or not rule.endpoint.startswith("consultants.") else {302}
                    assert response.status_code in expected, (actor, method, path, response.status_code)
                    if response.status_code == 302:
                        assert "/sign-in" in response.location
                elif rule.endpoint in OWN_WORKSPACE and seen_as != "rival":
                    assert response.status_code == 302 and "/sign-in" in response.location, (actor, method, path)
                elif rule.endpoint in ("consultants.remove_member", "consultants.revoke_api_token"):
                    assert response.status_code == 404  # the victim's account or token is not the rival's
    assert tried >= 60
    with app.app_context():
        assert db.session.get(api_tokens.ApiToken, 1).revoked_at is None


def test_the_owners_still_get_in(app, world):
    assert world["respondent"].get(step_url(world["respondent_assessment"], "result")).status_code == 200
    assert world["rival"].get("/clients").status_code == 200
    script = app.test_client()
    mine = script.get("/api/v1/clients", headers={"Authorization": f"Bearer {world['rival_token']}"})
    assert mine.status_code == 200 and mine.json["total"] == 0
