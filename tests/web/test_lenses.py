"""A workspace's own question bank (a lens): upload with every problem listed, preview, publish,
a client answering it with three respondents, and the combined report and PDF with its sections;
seen only by its workspace."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import yaml

from app.assessments.models import Assessment
from app.extensions import db
from tests.question_bank import NEW_QUESTION, NEW_SIGN, lens_answers

from .consulting import make_owner, respond, sign_in
from .test_report import pdf_text

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "acme-platform-1.yaml"
SECTIONS = {
    "observability": ("Observability", "Nobody can follow a request", "No one watches the queues"),
    "team_topology": ("Team topology", "Teams wait on each other", "One team owns most services"),
}


def extending_lens(lens_id: str = "acme-platform/1") -> dict:
    """A lens that extends splitcheck/1 with two sections of two signs each."""
    signs = []
    for key, (section, first, second) in SECTIONS.items():
        for n, title in enumerate((first, second), start=1):
            signs.append(
                {
                    "id": f"{key}_{n}",
                    "section": section,
                    "title": title,
                    "statement": f"{title}, most weeks.",
                    "explanation": f"Why “{title}” matters.",
                    "example": f"An example of “{title}”.",
                    "weight": 1,
                    "meaning": {a: f"{title}: {a}." for a in ("yes", "partly", "no", "unsure")},
                }
            )
    return {
        "id": lens_id,
        "extends": "splitcheck/1",
        "title": "Acme platform review <b>2027</b>",
        "signs": signs,
        "recommendations": [
            {
                "id": "watch-the-queues",
                "phase": "keep",
                "priority": 3,
                "title": "Put someone on the queues",
                "why": "Unwatched queues fill up silently.",
                "steps": ["Alert on queue age."],
                "when": {"signs": ["observability_2"], "answers": ["yes", "partly"]},
            }
        ],
    }


def upload(client, data: dict | str, filename: str = "lens.yaml"):
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return client.post(
        "/workspace/lenses",
        data={"file": (io.BytesIO(text.encode()), filename)},
        content_type="multipart/form-data",
    )


def publish(client, location: str) -> None:
    public_id = location.rsplit("/", 1)[1]
    assert client.post(f"/workspace/lenses/{public_id}/publish").status_code == 302


def test_a_broken_lens_lists_every_problem_and_keeps_the_text(app, client):
    make_owner(app)
    sign_in(client)
    data = extending_lens()
    data["signs"][0]["weight"] = "heavy"
    data["signs"][1]["id"] = "deploy_coupling"  # already splitcheck/1's
    data["recommendations"][0]["when"] = {"signs": ["observability_9"], "answers": ["yes"]}
    data["colour"] = "<script>alert(1)</script>"
    response = upload(client, data, "acme.yaml")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    for problem in (
        "acme.yaml: signs[0].weight: must be a number",
        "acme.yaml: signs[1].id: &#39;deploy_coupling&#39; is used twice",
        "acme.yaml: recommendations[0].when.signs: &#39;observability_9&#39; is not one of",
        "acme.yaml: colour: is not a known key",
    ):
        assert problem in page, problem
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "No lenses yet." in page  # nothing saved


def test_upload_preview_publish_and_versions(app, client):
    make_owner(app)
    sign_in(client)
    saved = upload(client, extending_lens())
    assert saved.status_code == 302
    preview = client.get(saved.location).get_data(as_text=True)
    assert "Acme platform review &lt;b&gt;2027&lt;/b&gt;" in preview  # a lens's texts are escaped
    assert "The ten signs" in preview and "Observability:" in preview and "Team topology:" in preview
    assert "Put someone on the queues" in preview  # How it scores, generated for the lens
    assert "Publish this lens" in preview
    # a draft can be replaced by the same id; a published lens cannot
    assert upload(client, extending_lens()).status_code == 302
    publish(client, saved.location)
    refused = upload(client, extending_lens())
    assert refused.status_code == 422
    assert "is published and never changes; upload the new version with a new id, e.g. acme-platform/2" in (
        refused.get_data(as_text=True)
    )
    assert upload(client, extending_lens("acme-platform/2")).status_code == 302
    form = client.get("/clients/new").get_data(as_text=True)
    assert 'value="acme-platform/1"' in form and 'value="acme-platform/2"' not in form  # drafts aren't offered


def test_a_lens_is_seen_and_used_only_by_its_workspace(app, client):
    make_owner(app)
    sign_in(client)
    saved = upload(client, extending_lens())
    publish(client, saved.location)
    make_owner(app, "bo@other.example", "Other Consulting")
    other = app.test_client()
    sign_in(other, "bo@other.example")
    assert other.get(saved.location).status_code == 404
    assert other.post(saved.location + "/publish").status_code == 404
    assert "acme-platform/1" not in other.get("/workspace/lenses").get_data(as_text=True)
    refused = other.post("/clients/new", data={"name": "Globex", "instrument": "acme-platform/1"})
    assert refused.status_code == 422 and "Not a valid choice" in refused.get_data(as_text=True)
    taken = upload(other, extending_lens())
    assert taken.status_code == 422 and "is already in use" in taken.get_data(as_text=True)
    # the anonymous API scores only the built-in questionnaires
    doc = lens_answers()
    doc["instrument"] = "acme-platform/1"
    answer = app.test_client().post("/api/v1/score", json=doc)
    assert answer.status_code == 422 and answer.get_json()["errors"][0]["field"] == "instrument"


def test_a_client_intake_on_a_lens_gives_the_combined_report_with_its_sections(app, client):
    make_owner(app)
    sign_in(client)
    saved = upload(client, extending_lens())
    publish(client, saved.location)
    created = client.post("/clients/new", data={"name": "Acme Retail", "instrument": "acme-platform/1"})
    assert created.status_code == 302
    page = client.get(created.location).get_data(as_text=True)
    intake = re.search(r'value="https?://[^/"]+(/i/[^"]+)"', page)[1]
    people = []
    for n, (name, answer) in enumerate((("Ana", "yes"), ("Ben", "yes"), ("Cleo", "partly"))):
        doc = lens_answers()
        doc["instrument"] = "acme-platform/1"
        del doc["signs"][NEW_SIGN]
        for candidate in doc["candidates"]:
            del candidate[NEW_QUESTION]
        doc["signs"] |= {sign: answer for sign in ("observability_1", "observability_2", "team_topology_1")}
        doc["signs"]["team_topology_2"] = "partly" if n else "no"
        people.append(respond(app, intake, name, "Engineer", doc))
    _, first = people[0]
    with app.app_context():
        assert db.session.scalar(db.select(Assessment.instrument).where(Assessment.public_id == first)) == (
            "acme-platform/1"
        )
    page = client.get(created.location).get_data(as_text=True)
    combined = re.search(r'href="(/assessments/[^/"]+)/result"', page)[1]
    result = client.get(combined + "/result").get_data(as_text=True)
    assert "The ten signs in detail" in result and "<small> of 10</small>" in result
    assert '<h3 class="sign-part">Observability</h3>' in result and '<h3 class="sign-part">Team topology</h3>' in result
    assert "Put someone on the queues" in result
    text = pdf_text(client.get(combined + "/report.pdf").data)
    for words in ("Observability", "Team topology", "No one watches the queues", "Put someone on the queues"):
        assert words in text, words


def test_the_lens_check_command(runner, tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text(yaml.safe_dump(extending_lens()))
    out = runner.invoke(args=["lens", "check", str(good)])
    assert out.exit_code == 0 and "acme-platform/1, valid: 10 signs" in out.output
    data = extending_lens()
    data["signs"][3]["meaning"].pop("partly")
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(data))
    out = runner.invoke(args=["lens", "check", str(bad)])
    assert out.exit_code == 2
    assert "bad.yaml: signs[3].meaning.partly: is missing" in out.output


def test_the_documented_example_is_a_valid_lens(runner):
    out = runner.invoke(args=["lens", "check", str(EXAMPLE)])
    assert out.exit_code == 0, out.output
    assert "acme-platform/1, valid: 8 signs, 6 questions about a candidate service" in out.output


def published_client(app, client, lens_id: str = "acme-platform/1") -> tuple[str, str, str]:
    """A published lens and a client on it; returns the lens page, the client page and its intake path."""
    saved = upload(client, extending_lens(lens_id))
    publish(client, saved.location)
    created = client.post("/clients/new", data={"name": "Acme Retail", "instrument": lens_id})
    page = client.get(created.location).get_data(as_text=True)
    return saved.location, created.location, re.search(r'value="https?://[^/"]+(/i/[^"]+)"', page)[1]


def lens_doc(lens_id: str, observability: str) -> dict:
    doc = lens_answers()
    doc["instrument"] = lens_id
    del doc["signs"][NEW_SIGN]
    for candidate in doc["candidates"]:
        del candidate[NEW_QUESTION]
    doc["signs"] |= dict.fromkeys(("observability_1", "observability_2", "team_topology_1", "team_topology_2"), "no")
    doc["signs"]["observability_1"] = observability
    return doc


def test_a_report_on_a_lens_links_to_how_that_lens_scores(app, client):
    make_owner(app)
    sign_in(client)
    lens_page, client_page, intake = published_client(app, client)
    respond(app, intake, "Ana", "Engineer", lens_doc("acme-platform/1", "yes"))
    combined = re.search(r'href="(/assessments/[^/"]+)/result"', client.get(client_page).get_data(as_text=True))[1]
    result = client.get(combined + "/result").get_data(as_text=True)
    how = re.search(r'href="(https?://[^"]+/lenses/[^"/]+/how-the-score-works)"', result)[1]
    public = app.test_client().get(how.split("splitcheck.test", 1)[1])  # anyone reading the report
    assert public.status_code == 200 and "Put someone on the queues" in public.get_data(as_text=True)
    draft = upload(client, extending_lens("acme-platform/2")).location.rsplit("/", 1)[1]
    assert app.test_client().get(f"/lenses/{draft}/how-the-score-works").status_code == 404
    assert app.test_client().get("/lenses/nothing-here/how-the-score-works").status_code == 404


def test_a_new_round_on_a_new_version_is_compared_on_the_signs_both_ask(app, client):
    make_owner(app)
    sign_in(client)
    _, client_page, intake = published_client(app, client)
    respond(app, intake, "Ana", "Engineer", lens_doc("acme-platform/1", "yes"))
    second = extending_lens("acme-platform/2")
    second["signs"] = second["signs"][:3]  # version 2 drops "One team owns most services"
    publish(client, upload(client, second).location)
    public_id = client_page.rsplit("/", 1)[1]
    moved = client.post(f"/clients/{public_id}/intake/new-round", data={"instrument": "acme-platform/2"})
    assert moved.status_code == 302
    page = client.get(client_page).get_data(as_text=True)
    assert "Questionnaire: Acme platform review &lt;b&gt;2027&lt;/b&gt; (acme-platform/2)" in page
    new_intake = re.search(r'value="https?://[^/"]+(/i/[^"]+)"', page)[1]
    doc = lens_doc("acme-platform/2", "no")
    del doc["signs"]["team_topology_2"]
    respond(app, new_intake, "Ana", "Engineer", doc)
    combined = re.findall(r'href="(/assessments/[^/"]+)/result"', client.get(client_page).get_data(as_text=True))[0]
    result = client.get(combined + "/result").get_data(as_text=True)
    assert "answered with another version of the questionnaire, so only the signs both versions ask" in result
    changes = result.split("then and now", 1)[1].split("</ul>", 1)[0]
    assert "Nobody can follow a request</span>: Yes → No" in changes
    assert "One team owns most services" not in changes
    refused = client.post(f"/clients/{public_id}/intake/new-round", data={"instrument": "someone-else/1"})
    assert refused.status_code == 400


def test_plan_exports_and_command_line_work_on_a_lens(app, client, runner, tmp_path):
    make_owner(app)
    sign_in(client)
    _, client_page, intake = published_client(app, client)
    respond(app, intake, "Ana", "Engineer", lens_doc("acme-platform/1", "yes"))
    combined = re.search(r'href="/assessments/([^/"]+)/result"', client.get(client_page).get_data(as_text=True))[1]
    plan = client.get(f"/assessments/{combined}/plan")
    assert plan.status_code == 200
    page = plan.get_data(as_text=True)
    assert "Target for Nobody can follow a request" in page and "Target for One team owns most services" in page
    saved = client.post(
        f"/assessments/{combined}/plan",
        data={
            "action": "targets",
            "targets_version": re.search(r'name="targets_version" value="([^"]*)"', page)[1],
            "target-observability_1": "no",
        },
    )
    assert saved.status_code == 302
    assert client.get(f"/assessments/{combined}/plan.json").get_json()["targets"]
    csv = client.get("/clients/export.csv").get_data(as_text=True)
    header = csv.splitlines()[0].split(",")
    assert {"deploy_coupling", "observability_1", "team_topology_2"} <= set(header)
    row = dict(zip(header, csv.splitlines()[1].split(","), strict=False))
    assert row["observability_1"] == "yes"
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(lens_doc("acme-platform/1", "partly")))
    out = runner.invoke(args=["score", str(path)])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["signs"]["observability_1"]["answer"] == "partly"
