"""Evidence from a pipeline: `POST /api/v1/assessments/<id>/evidence` with files and a label, by a
team with its private link or a consultancy's script with a workspace token; the history of posts
with what changed; suggestions that follow the latest files without changing any answer.

The files are Sock Shop's compose file (tests/fixtures/sockshop), and a copy changed within these
tests so that `orders` also uses `user-db`, as a release might change it.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from app.evidence_import import posts
from app.evidence_import.models import EvidenceImport, EvidencePost

from .journey import complete, post, step_url
from .test_api_tokens import bearer, make_token

pytestmark = pytest.mark.usefixtures("openapi_checked")  # every API exchange matches the OpenAPI document

SOCKSHOP = (Path(__file__).resolve().parents[1] / "fixtures" / "sockshop" / "docker-compose.yml").read_bytes()
# `orders` also connects to `user-db`, which only `user` used (changed here, not in the fixture).
SHARED = SOCKSHOP.replace(
    b"-Dspring.zipkin.enabled=false\n  orders-db:",
    b"-Dspring.zipkin.enabled=false\n      - MONGO_HOST=user-db:27017\n  orders-db:",
)
assert SHARED.count(b"MONGO_HOST=user-db") == 2


def send(
    client, public_id: str, token: str, label: str | None = "release-41", files=((SOCKSHOP, "docker-compose.yml"),)
):
    data: dict = {"files": [(io.BytesIO(content), name) for content, name in files]}
    if label is not None:
        data["label"] = label
    return client.post(
        f"/api/v1/assessments/{public_id}/evidence",
        headers=bearer(token),
        data=data,
        content_type="multipart/form-data",
    )


def token_of(client, public_id: str) -> str:
    result = client.get(step_url(public_id, "result")).get_data(as_text=True)
    return re.search(r'class="resume-link"><a href="[^"]*/r/([^"]+)"', result)[1]


@pytest.fixture
def team(client, answers):
    """A team that answered "yes" to a shared database, and its private link token."""
    public_id = complete(client, answers)
    return public_id, token_of(client, public_id)


def test_a_team_posts_its_files_and_sees_what_changed(app, client, team, stored):
    public_id, token = team
    script = app.test_client()
    first = send(script, public_id, token)
    assert first.status_code == 201, first.json
    assert first.headers["Location"] == first.json["url"]
    assert first.json["label"] == "release-41" and first.json["summary"]["services"] == 10
    assert first.json["changes"] == [
        "The first files received: 10 services, 4 data stores, 1 message broker and 1 connection."
    ]
    second = send(script, public_id, token, "release-42", [(SHARED, "docker-compose.yml")])
    assert second.status_code == 201
    assert "A second service started using user-db in release-42: orders, alongside user." in second.json["changes"]
    assert second.json["suggested"]["shared_database"] == "partly"

    listed = script.get(f"/api/v1/assessments/{public_id}/evidence", headers=bearer(token))
    assert listed.status_code == 200 and listed.json["kept"] == posts.KEPT
    assert [p["label"] for p in listed.json["posts"]] == ["release-42", "release-41"]
    assert listed.json["posts"][0]["changes"] == second.json["changes"]
    assert (
        script.get(listed.request.path, headers={**bearer(token), "If-None-Match": listed.headers["ETag"]}).status_code
        == 304
    )
    one = script.get(second.headers["Location"], headers=bearer(token))
    assert (
        one.status_code == 200
        and one.json["id"] == second.json["id"]
        and one.json["suggested"]["shared_database"] == "partly"
    )
    assert script.get(f"/api/v1/assessments/{public_id}/evidence/nope", headers=bearer(token)).status_code == 404

    # The report's Evidence section lists what changed, by label.
    page = client.get(step_url(public_id, "result")).get_data(as_text=True)
    assert "What changed in your files" in page
    assert "release-42" in page and "A second service started using user-db in release-42" in page


def test_suggestions_follow_the_latest_post_and_never_change_an_answer(app, client, team, stored):
    public_id, token = team
    script = app.test_client()
    assert send(script, public_id, token, "release-42", [(SHARED, "docker-compose.yml")]).status_code == 201
    draft = stored(public_id).draft
    assert draft["signs"]["shared_database"] == "yes"  # the team's own answer stays
    assert draft["evidence"]["shared_database"]["suggested"] == "partly"
    assert "Suggested from your files: Partly" in client.get(step_url(public_id, "signs")).get_data(as_text=True)

    # Only a person changes the answer, by using the suggestion.
    accepted = post(client, public_id, "signs", dict(draft["signs"]), action="accept-shared_database")
    assert accepted.status_code in (200, 302)
    assert stored(public_id).draft["signs"]["shared_database"] == "partly"
    # The same suggestion again keeps the decision; a new one is offered, the answer kept.
    send(script, public_id, token, "release-43", [(SHARED, "docker-compose.yml")])
    assert stored(public_id).draft["evidence"]["shared_database"]["decision"] == "accepted"
    send(script, public_id, token, "release-44")
    draft = stored(public_id).draft
    assert draft["evidence"]["shared_database"] == draft["evidence"]["shared_database"] | {
        "suggested": "unsure",
        "decision": None,
    }
    assert draft["signs"]["shared_database"] == "partly"


def test_who_may_post_to_a_teams_assessment(app, client, team, answers, count_rows):
    public_id, token = team
    other = app.test_client()
    theirs = complete(other, answers)
    script = app.test_client()
    path = f"/api/v1/assessments/{public_id}/evidence"
    assert script.post(path, data={"label": "x"}).status_code == 404  # no Authorization: as without the link
    basic = script.post(path, headers={"Authorization": "Basic abc"}, data={"label": "x"})
    assert basic.status_code == 401 and basic.headers["WWW-Authenticate"].startswith("Bearer")
    assert send(script, public_id, "not-the-token").status_code == 404
    assert send(script, public_id, token_of(other, theirs)).status_code == 404  # another team's link
    assert send(script, "nope", token).status_code == 404
    assert script.get(path, headers=bearer(token_of(other, theirs))).status_code == 404
    assert count_rows(EvidencePost) == 0 and count_rows(EvidenceImport) == 0


@pytest.mark.parametrize(
    ("label", "message"),
    [
        (None, "is required"),
        ("", "is required"),
        ("release 42", "must name the commit or release"),
        ("-rf", "must name the commit or release"),
        ("<script>", "must name the commit or release"),
        ("v" * 101, "up to 100 letters"),
    ],
)
def test_a_bad_label_is_refused_and_nothing_is_kept(app, team, count_rows, label, message):
    public_id, token = team
    response = send(app.test_client(), public_id, token, label)
    assert response.status_code == 422
    (problem,) = response.json["errors"]
    assert problem["field"] == "label" and message in problem["message"]
    assert count_rows(EvidencePost) == 0 and count_rows(EvidenceImport) == 0


def test_labels_of_commits_tags_and_branches_are_taken(app, team):
    public_id, token = team
    script = app.test_client()
    for label in ("3f9c2a1b7d", "v2.3.1", "release/2027.01", "build+17", "main_42"):
        assert send(script, public_id, token, label).status_code == 201, label


def test_files_that_are_too_large_unreadable_or_missing_keep_nothing(app, team, count_rows):
    public_id, token = team
    script = app.test_client()
    unreadable = send(script, public_id, token, files=[(b"services: [", "docker-compose.yml")])
    assert unreadable.status_code == 422 and unreadable.json["errors"][0]["field"] == "docker-compose.yml"
    missing = send(script, public_id, token, label="", files=())
    assert missing.status_code == 422
    assert {p["field"] for p in missing.json["errors"]} == {"label", "files"}
    app.config["EVIDENCE_MAX_BYTES"] = 1024
    assert send(script, public_id, token).status_code == 413
    assert count_rows(EvidencePost) == 0 and count_rows(EvidenceImport) == 0


def test_the_history_keeps_the_latest_posts(app, team, count_rows, monkeypatch):
    monkeypatch.setattr(posts, "KEPT", 3)
    public_id, token = team
    script = app.test_client()
    for n in range(5):
        assert send(script, public_id, token, f"build-{n}").status_code == 201
    listed = script.get(f"/api/v1/assessments/{public_id}/evidence", headers=bearer(token)).json
    assert [p["label"] for p in listed["posts"]] == ["build-4", "build-3", "build-2"]
    assert listed["posts"][-1]["changes"] == ["Nothing changed since build-1."]  # worked out when it came
    assert count_rows(EvidencePost) == 3 and count_rows(EvidenceImport) == 3


def test_posts_count_against_the_evidence_rate_limit(app, team):
    app.config["EVIDENCE_RATE_LIMIT"] = "2 per minute"
    public_id, token = team
    script = app.test_client()
    assert [send(script, public_id, token).status_code for _ in range(3)] == [201, 201, 429]


def test_a_consultancys_script_posts_for_a_clients_combined_result(app, consultant, two_respondents, stored):
    client_id, _, _ = two_respondents
    reader = make_token(consultant, "Reports", ("read:results",))
    writer = make_token(consultant, "CI", ("write:evidence",))
    script = app.test_client()
    combined = script.get(f"/api/v1/clients/{client_id}", headers=bearer(reader)).json["rounds"][0]["assessment"]
    answers_before = stored(combined).draft

    assert send(script, combined, reader).status_code == 403  # posting needs write:evidence
    posted = send(script, combined, writer, "release-42", [(SHARED, "docker-compose.yml")])
    assert posted.status_code == 201 and posted.json["summary"]["datastores"] == 4
    assert stored(combined).draft == answers_before  # a combined result's answers are its respondents'
    denied = script.get(f"/api/v1/assessments/{combined}/evidence", headers=bearer(writer))
    assert denied.status_code == 403 and "read:results" in denied.headers["WWW-Authenticate"]
    listed = script.get(f"/api/v1/assessments/{combined}/evidence", headers=bearer(reader))
    assert [p["label"] for p in listed.json["posts"]] == ["release-42"]
    page = consultant.get(step_url(combined, "result")).get_data(as_text=True)
    assert "What changed in your files" in page and "release-42" in page


def test_a_workspace_token_reaches_only_its_own_clients(app, consultant, two_respondents, team, count_rows):
    from .consulting import make_owner, sign_in

    client_id, _, _ = two_respondents
    reader = make_token(consultant, "Reports", ("read:results",))
    script = app.test_client()
    combined = script.get(f"/api/v1/clients/{client_id}", headers=bearer(reader)).json["rounds"][0]["assessment"]
    make_owner(app, "rival@other.example", "Rival Partners")
    rival = app.test_client()
    sign_in(rival, "rival@other.example")
    rival_token = make_token(rival, "Rival CI", ("write:evidence", "read:results"))
    assert send(script, combined, rival_token).status_code == 404
    assert script.get(f"/api/v1/assessments/{combined}/evidence", headers=bearer(rival_token)).status_code == 404
    team_assessment, _ = team
    assert send(script, team_assessment, rival_token).status_code == 404  # a team is no workspace's client
    assert count_rows(EvidencePost) == 0
