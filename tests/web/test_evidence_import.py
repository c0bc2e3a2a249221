"""Evidence in the product: the API, the CLI, the signs step and the report."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from .journey import candidates_form, context_form, post, signs_form, start, step_url
from .test_report import pdf_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
COMPOSE = (FIXTURES / "sockshop" / "docker-compose.yml").read_bytes()
SHARED_DB = b"""
services:
  orders:
    image: shop/orders:1.0
    environment:
      DATABASE_URL: postgres://app@db:5432/shop
  billing:
    image: shop/billing:1.0
    environment:
      DATABASE_URL: postgres://app@db:5432/shop
  db:
    image: postgres:16
"""


def files(*named: tuple[str, bytes]) -> dict:
    return {"files": [(io.BytesIO(data), name) for name, data in named]}


def test_api_reads_the_sock_shop(client):
    response = client.post(
        "/api/v1/evidence", data=files(("docker-compose.yml", COMPOSE)), content_type="multipart/form-data"
    )
    assert response.status_code == 200
    doc = response.get_json()
    assert doc["inputs"] == [{**doc["inputs"][0], "file": "docker-compose.yml", "format": "compose"}]
    assert {"carts-db", "orders-db", "catalogue-db", "user-db"} <= {d["name"] for d in doc["datastores"]}
    assert set(doc["suggested"]) == {
        "deploy_coupling",
        "cascading_failure",
        "call_chains",
        "shared_database",
        "local_testing",
        "breaking_changes",
    }
    assert doc["unseen"]


def test_api_finds_a_shared_database(client):
    doc = client.post(
        "/api/v1/evidence", data=files(("a.yml", SHARED_DB)), content_type="multipart/form-data"
    ).get_json()
    assert doc["suggested"]["shared_database"] == "yes"
    assert doc["findings"][0]["strength"] == "strong" and "billing" in doc["findings"][0]["summary"]


def test_api_names_the_file_it_cannot_read(client):
    response = client.post(
        "/api/v1/evidence",
        data=files(("a.yml", SHARED_DB), ("notes.txt", b"hello: [")),
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    (error,) = response.get_json()["errors"]
    assert error["field"] == "notes.txt" and error["message"].startswith("notes.txt:")
    assert client.post("/api/v1/evidence", data={}, content_type="multipart/form-data").status_code == 422


def test_api_refuses_uploads_over_the_limit(app, client):
    app.config["EVIDENCE_MAX_BYTES"] = 1000
    response = client.post(
        "/api/v1/evidence", data=files(("big.json", b"[" + b" " * 5000 + b"]")), content_type="multipart/form-data"
    )
    assert response.status_code == 413


def test_cli_prints_the_document_and_refuses_unknown_files(runner, tmp_path):
    compose = tmp_path / "a.yml"
    compose.write_bytes(SHARED_DB)
    result = runner.invoke(args=["evidence", str(compose)])
    assert result.exit_code == 0 and json.loads(result.stdout)["suggested"]["shared_database"] == "yes"
    other = tmp_path / "readme.md"
    other.write_text("# hello\nworld\n")
    result = runner.invoke(args=["evidence", str(compose), str(other)])
    assert result.exit_code == 2 and "readme.md" in result.stderr and "expected" in result.stderr
    assert runner.invoke(args=["evidence", str(tmp_path / "missing.yml")]).exit_code == 2


def upload(client, public_id, *named, keep=False):
    data = files(*named)
    if keep:
        data["keep_files"] = "y"
    return client.post(step_url(public_id, "evidence"), data=data, content_type="multipart/form-data")


def test_suggestions_accepted_and_overridden_reach_the_report(client, answers, stored):
    public_id = start(client)
    post(client, public_id, "context", context_form(answers))
    response = upload(client, public_id, ("compose.yml", SHARED_DB))
    assert response.status_code == 302 and response.location.endswith("/signs#evidence")
    page = client.get(step_url(public_id, "signs")).get_data(as_text=True)
    assert "Suggested from your files: Yes" in page and "billing" in page
    assert stored(public_id).draft["signs"] == {}  # nothing changed by itself
    form = signs_form({"signs": {**answers["signs"], "shared_database": "no", "call_chains": "yes"}})
    assert post(client, public_id, "signs", form, action="accept-shared_database").status_code == 302
    assert stored(public_id).draft["signs"]["shared_database"] == "yes"
    form["shared_database"] = "yes"
    assert post(client, public_id, "signs", form, action="override-call_chains").status_code == 302
    evidence = stored(public_id).draft["evidence"]
    assert evidence["shared_database"]["decision"] == "accepted"
    assert evidence["call_chains"]["decision"] == "overridden"
    assert post(client, public_id, "signs", form).status_code == 302
    assert post(client, public_id, "candidates", candidates_form(answers)).location.endswith("/result")
    result = client.get(step_url(public_id, "result")).get_data(as_text=True)
    section = result.split('id="evidence"')[1].split("</section>")[0]
    assert "Services share a database</strong>: the files suggested “Yes”;\n      the team used this answer" in section
    assert "Long chains of calls</strong>: the files suggested" in section and "“Yes” instead" in section
    assert "<svg" in section and "<script" not in section
    text = pdf_text(client.get(step_url(public_id, "report.pdf")).data)
    assert "Evidence from the system's own files" in text and "the team used this answer" in text


def test_keep_my_answer_needs_an_answer(client, stored):
    public_id = start(client)
    upload(client, public_id, ("compose.yml", SHARED_DB))
    response = post(client, public_id, "signs", {}, action="override-shared_database")
    assert response.status_code == 422 and "Choose your own answer first" in response.get_data(as_text=True)


def test_bad_upload_is_explained_and_changes_nothing(client, stored):
    public_id = start(client)
    response = upload(client, public_id, ("compose.yml", SHARED_DB), ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "photo.png" in page and "Nothing was imported" in page
    assert "evidence" not in stored(public_id).draft


def test_raw_files_are_kept_only_when_asked(app, client):
    from app.evidence_import.models import EvidenceFile
    from app.extensions import db

    public_id = start(client)
    upload(client, public_id, ("compose.yml", SHARED_DB))
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(EvidenceFile)) == 0
    upload(client, public_id, ("compose.yml", SHARED_DB), keep=True)
    with app.app_context():
        kept = db.session.scalars(db.select(EvidenceFile)).all()
        assert [(f.name, f.content) for f in kept] == [("compose.yml", SHARED_DB)]


def test_graph_is_cleaned_of_links_and_scripts():
    from app.evidence_import.graph import _clean

    dirty = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<g onclick="steal()"><a xlink:href="javascript:x"><text>a</text></a>'
        '<image xlink:href="file:///etc/passwd"/><script>alert(1)</script><text>orders</text></g></svg>'
    )
    clean = _clean(dirty)
    for bad in ("onclick", "javascript", "passwd", "<script", "<image", "<a "):
        assert bad not in clean
    assert "orders" in clean and 'role="img"' in clean


@pytest.mark.parametrize("count", [70])
def test_graph_of_seventy_services_is_drawn(count):
    from app.evidence import analyse
    from app.evidence_import.graph import render_svg

    lines = ["services:"]
    for i in range(count):
        lines += [
            f"  svc-{i}:",
            f"    image: shop/svc-{i}:1.0",
            "    environment:",
            f"      DB_URL: postgres://app@db-{i % 10}:5432/app{i % 10}",
            f"      NEXT_URL: http://svc-{(i + 1) % count}:8080/api",
        ]
    lines += [f"  db-{j}:\n    image: postgres:16" for j in range(10)]
    doc = analyse([("big.yml", "\n".join(lines).encode())])
    svg = render_svg(doc)
    assert svg.count('class="node"') == count + 10
    assert "svc-69" in svg
