"""Every route that names a client or assessment, walked by a consultant of another workspace (with
its API token where a route takes one)."""

from __future__ import annotations

import re

import pytest

from app.consultants.models import API_SCOPES

from .consulting import make_owner, new_client, respond, sign_in
from .test_intake import aggregate_id

VALUES = {
    "respondent_id": 1,
    "note_id": 1,
    "link_id": 1,
    "action": "close",
    "step_id": "context",
    "token_id": 1,
    "post_id": "no-such-post",
}


def test_walk_every_route_as_another_workspace(app, answers):
    make_owner(app)
    owner = app.test_client()
    sign_in(owner)
    client_id, intake = new_client(owner)
    _, respondent_assessment = respond(app, intake, "Maya", "Engineering lead", answers)
    owner.post(f"/clients/{client_id}/notes", data={"text": "private"})
    agg = aggregate_id(owner, client_id)

    make_owner(app, "rival@other.example", "Rival Partners")
    rival = app.test_client()
    sign_in(rival, "rival@other.example")
    made = rival.post("/workspace/api-tokens", data={"name": "Rival script", "scopes": list(API_SCOPES)})
    token = re.search(r'id="new-token" class="link-field" value="([^"]+)"', rival.get(made.location).get_data(True))[1]
    walked = 0
    for rule in app.url_map.iter_rules():
        if "public_id" not in rule.arguments:
            continue
        by_client = rule.endpoint.startswith(("consultants.", "api.client"))
        headers = {"Authorization": f"Bearer {token}"} if rule.endpoint.startswith("api.") else {}
        for target in (client_id,) if by_client else (agg, respondent_assessment):
            path = rule.build({**VALUES, "public_id": target}, append_unknown=False)[1]
            for method in sorted(rule.methods & {"GET", "POST"}):
                response = rival.open(path, method=method, headers=headers, data={"text": "x", "expiry": "7"})
                assert response.status_code == 404, (method, path, response.status_code)
                walked += 1
    assert walked >= 25
    # The owner still sees everything the rival tried to touch, unchanged.
    page = owner.get(f"/clients/{client_id}").get_data(as_text=True)
    assert "open</strong>" in page and "private" in page


@pytest.mark.parametrize("path", ["/clients", "/clients/new", "/workspace", "/clients/export.csv"])
def test_consultant_pages_need_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/sign-in?next=" in response.location
