"""Every route of the app, from its URL map, tried by three outsiders: only the intended get in.

A new route fails this test until it is given a rule below, so none is forgotten.
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path

import pytest
import yaml

from app import instrument

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
}
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
    make_owner(app, "rival@other.example", "Rival Partners")
    rival = app.test_client()
    sign_in(rival, "rival@other.example")
    return {
        "team_assessment": team_assessment,
        "aggregate": aggregate,
        "client_id": client_id,
        "respondent": respondent,
        "respondent_assessment": respondent_assessment,
        "rival": rival,
        "owner_id": owner_id,
        "lens_id": uploaded.location.rsplit("/", 1)[1],
    }


def paths(rule, world) -> list[str]:
    values = {
        "step_id": "context",
        "link_id": 1,
        "note_id": 1,
        "respondent_id": 1,
        "action": "close",
        "user_id": world["owner_id"],
        "token": secrets.token_urlsafe(24),
        "filename": "css/site.css",
    }
    if "public_id" not in rule.arguments:
        return [rule.build(values, append_unknown=False)[1]]
    if rule.endpoint in LENS_ENDPOINTS:
        targets = [world["lens_id"]]
    elif rule.endpoint.startswith("consultants."):
        targets = [world["client_id"]]
    else:  # someone else's team assessment, a client's combined result, another person's answers
        targets = [world["team_assessment"], world["aggregate"]]
    return [rule.build({**values, "public_id": t}, append_unknown=False)[1] for t in targets]


def test_every_route_has_a_rule(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    classified = PUBLIC | TOKEN | OWN_WORKSPACE
    unclassified = {
        e
        for e in endpoints
        if e not in classified
        and "public_id" not in next(r for r in app.url_map.iter_rules() if r.endpoint == e).arguments
    }
    assert unclassified == set(), "give these routes an access rule in this test"


@pytest.mark.parametrize("actor", ["anonymous", "respondent", "rival"])
def test_outsiders_get_nothing_of_anyone_else(app, world, actor):
    client = {"anonymous": app.test_client(), "respondent": world["respondent"], "rival": world["rival"]}[actor]
    tried = 0
    # Signing out last, so the rest is tried while signed in.
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint == "consultants.sign_out"):
        for path in paths(rule, world):
            for method in sorted(rule.methods & {"GET", "POST"}):
                response = client.open(path, method=method, data={"text": "x", "expiry": "7", "role": "owner"})
                readable = response.mimetype.startswith(("text/", "application/json"))
                body = response.get_data(as_text=True) if readable else ""
                tried += 1
                assert response.status_code < 500, (actor, method, path)
                for secret in ("Victim Team", "Victim Client", "victim note", "victim@consult.example", "Victim Lens"):
                    assert secret not in body, (actor, method, path, secret)
                if rule.endpoint in TOKEN:
                    assert response.status_code in (404, 410, 429), (actor, method, path)
                elif rule.endpoint in PUBLIC_BY_ID:
                    assert response.status_code == 404, (actor, method, path, response.status_code)
                elif "public_id" in rule.arguments:
                    expected = {404} if actor == "rival" or not rule.endpoint.startswith("consultants.") else {302}
                    assert response.status_code in expected, (actor, method, path, response.status_code)
                    if response.status_code == 302:
                        assert "/sign-in" in response.location
                elif rule.endpoint in OWN_WORKSPACE and actor != "rival":
                    assert response.status_code == 302 and "/sign-in" in response.location, (actor, method, path)
                elif rule.endpoint == "consultants.remove_member":
                    assert response.status_code == 404  # the victim's account is not the rival's to remove
    assert tried >= 60


def test_the_owners_still_get_in(app, world):
    assert world["respondent"].get(step_url(world["respondent_assessment"], "result")).status_code == 200
    assert world["rival"].get("/clients").status_code == 200
