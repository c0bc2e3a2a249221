"""Folders and archives through the product: the command line, the API and the upload page.

The evidence is the real Sock Shop deployment files (tests/fixtures/sockshop), laid out as in
their repository, beside a README and a picture, as a team's repository holds them.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from app.evidence_import.models import EvidenceFile, EvidenceImport

from .journey import candidates_form, context_form, post, signs_form, start, step_url

SOCKSHOP = Path(__file__).resolve().parents[1] / "fixtures" / "sockshop"
LAYOUT = {
    "deploy/docker-compose/docker-compose.yml": "docker-compose.yml",
    "deploy/kubernetes/complete-demo.yaml": "complete-demo.yaml",
    "README.md": "README.md",
}
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def repository_files() -> dict[str, bytes]:
    files = {path: (SOCKSHOP / source).read_bytes() for path, source in LAYOUT.items()}
    files["docs/logo.png"] = PNG
    return files


def zipped(files: dict[str, bytes], top: str = "microservices-demo-master/") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(top + name, data)
    return out.getvalue()


def multipart(*named: tuple[str, bytes]) -> dict:
    return {"files": [(io.BytesIO(data), name) for name, data in named]}


def evidence_of(doc: dict) -> dict:
    """What the files show, whatever the files were called."""
    text = json.dumps({k: doc[k] for k in ("services", "datastores", "brokers", "edges", "findings", "suggested")})
    return json.loads(text.replace("deploy/docker-compose/", "").replace("deploy/kubernetes/", ""))


@pytest.fixture
def repository(tmp_path) -> Path:
    root = tmp_path / "microservices-demo"
    for path, data in repository_files().items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/master\n")
    return root


def test_the_command_line_reads_a_folder_as_it_reads_the_files_named(runner, repository):
    by_name = runner.invoke(
        args=[
            "evidence",
            str(repository / "deploy/docker-compose/docker-compose.yml"),
            str(repository / "deploy/kubernetes/complete-demo.yaml"),
        ]
    )
    by_folder = runner.invoke(args=["evidence", str(repository)])
    assert by_name.exit_code == 0 and by_folder.exit_code == 0, by_folder.stderr
    doc = json.loads(by_folder.stdout)
    assert evidence_of(doc) == evidence_of(json.loads(by_name.stdout))
    assert [(e["file"], e.get("format") or e["skipped"]) for e in doc["inputs"]] == [
        ("README.md", "not a deployment, manifest or trace file"),
        ("deploy/docker-compose/docker-compose.yml", "compose"),
        ("deploy/kubernetes/complete-demo.yaml", "kubernetes"),
        ("docs/logo.png", "not a text file"),
    ]
    assert "Read 2 files; skipped 2" in by_folder.stderr


def test_the_command_line_reads_a_zip_as_the_folder(runner, repository, tmp_path):
    archive = tmp_path / "shop.zip"
    archive.write_bytes(zipped(repository_files()))
    by_zip, by_folder = (runner.invoke(args=["evidence", str(path)]) for path in (archive, repository))
    assert by_zip.exit_code == 0 and json.loads(by_zip.stdout) == json.loads(by_folder.stdout)


def test_the_command_line_refuses_a_folder_with_nothing_to_read(runner, tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "README.md").write_bytes((SOCKSHOP / "README.md").read_bytes())
    (tmp_path / "docs" / "logo.png").write_bytes(PNG)
    result = runner.invoke(args=["evidence", str(tmp_path / "docs")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{(tmp_path / 'docs').as_posix()}: none of the 2 files looked at is a")


def test_the_api_reads_an_uploaded_zip_and_an_uploaded_folder(client):
    alone = client.post(
        "/api/v1/evidence",
        content_type="multipart/form-data",
        data=multipart(
            ("docker-compose.yml", (SOCKSHOP / "docker-compose.yml").read_bytes()),
            ("complete-demo.yaml", (SOCKSHOP / "complete-demo.yaml").read_bytes()),
        ),
    ).get_json()
    by_zip = client.post(
        "/api/v1/evidence", content_type="multipart/form-data", data=multipart(("shop.zip", zipped(repository_files())))
    )
    folder = [(f"microservices-demo/{path}", data) for path, data in repository_files().items()]
    by_folder = client.post("/api/v1/evidence", content_type="multipart/form-data", data=multipart(*folder))
    assert by_zip.status_code == 200 and by_folder.status_code == 200
    assert by_zip.get_json() == by_folder.get_json()
    assert evidence_of(by_zip.get_json()) == evidence_of(alone)
    assert {"file": "docs/logo.png", "skipped": "not a text file"} in by_folder.get_json()["inputs"]


def test_the_api_refuses_a_bad_archive_with_a_message(app, client):
    archive = zipped(repository_files())
    response = client.post(
        "/api/v1/evidence",
        content_type="multipart/form-data",
        data=multipart(("shop.zip", archive[: len(archive) // 2])),
    )
    assert response.status_code == 422
    (error,) = response.get_json()["errors"]
    assert error["field"] == "shop.zip" and error["message"].startswith("shop.zip: looks like a zip archive")
    app.config["EVIDENCE_MAX_BYTES"] = 5000  # the zip is 4.1 KB; it may unpack to 4 times 5000 bytes, not 22.6 KB
    response = client.post(
        "/api/v1/evidence", content_type="multipart/form-data", data=multipart(("shop.zip", archive))
    )
    assert response.status_code == 413
    (error,) = response.get_json()["errors"]
    assert error["message"].startswith("shop.zip: unpacks to more than 19.5 KB, the most Splitcheck unpacks")


def upload(client, public_id, *named, keep=False):
    data = multipart(*named)
    if keep:
        data["keep_files"] = "y"
    return client.post(step_url(public_id, "evidence"), data=data, content_type="multipart/form-data")


def test_the_page_offers_a_folder_and_takes_an_archive_kept_as_uploaded(app, client, count_rows):
    public_id = start(client)
    page = client.get(step_url(public_id, "evidence")).get_data(as_text=True)
    assert "webkitdirectory" in page and "zip, tar or tar.gz" in page and "At most 64 MB in all" in page
    archive = zipped(repository_files())
    response = upload(client, public_id, ("shop.zip", archive), keep=True)
    assert response.status_code == 302 and response.location.endswith("/signs#evidence")
    from app.extensions import db

    with app.app_context():
        record = db.session.scalars(db.select(EvidenceImport)).one()
        assert {
            "file": "deploy/docker-compose/docker-compose.yml",
            "format": "compose",
            "containers": 15,
        } in record.document["inputs"]
        assert [(f.name, f.content) for f in db.session.scalars(db.select(EvidenceFile))] == [("shop.zip", archive)]


def test_the_page_takes_a_folder_and_lists_the_files_it_did_not_read_apart(client, count_rows, answers):
    public_id = start(client)
    post(client, public_id, "context", context_form(answers))
    folder = [(f"microservices-demo/{path}", data) for path, data in repository_files().items()]
    response = upload(client, public_id, *folder)
    assert response.status_code == 302 and count_rows(EvidenceImport) == 1
    signs = client.get(step_url(public_id, "signs")).get_data(as_text=True)
    assert (
        "(deploy/docker-compose/docker-compose.yml, deploy/kubernetes/complete-demo.yaml; 2 other files skipped)"
    ) in signs
    summary, _, not_read = signs.partition('<details class="evidence-skipped">')
    assert "logo.png" not in summary and "README.md" not in summary
    not_read = not_read.split("</details>")[0]
    assert "Files that were not read (2)" in not_read
    assert "<li><code>docs/logo.png</code>: not a text file.</li>" in not_read
    assert "<li><code>README.md</code>: not a deployment, manifest or trace file.</li>" in not_read
    assert post(client, public_id, "signs", signs_form(answers)).status_code == 302
    assert post(client, public_id, "candidates", candidates_form(answers)).location.endswith("/result")
    result = client.get(step_url(public_id, "result")).get_data(as_text=True)
    assert "Read from deploy/docker-compose/docker-compose.yml, deploy/kubernetes/complete-demo.yaml:" in result


def test_a_bad_archive_on_the_page_is_explained_and_changes_nothing(app, client, stored, count_rows):
    public_id = start(client)
    archive = zipped({"README.md": (SOCKSHOP / "README.md").read_bytes(), "docs/logo.png": PNG})
    response = upload(client, public_id, ("docs.zip", archive))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "docs.zip: none of the 2 files looked at is a docker-compose file" in page
    assert "Nothing was imported" in page and 'id="folder"' in page
    app.config["EVIDENCE_MAX_BYTES"] = 5000
    response = upload(client, public_id, ("shop.zip", zipped(repository_files())))
    assert response.status_code == 413 and "shop.zip: unpacks to more than 19.5 KB" in response.get_data(as_text=True)
    assert count_rows(EvidenceImport) == 0 and "evidence" not in stored(public_id).draft


def test_a_folder_of_more_files_than_a_form_takes_is_told_to_send_an_archive(app, client, count_rows):
    app.config["MAX_FORM_PARTS"] = 5
    public_id = start(client)
    folder = [(f"site/page-{n}.md", b"# page\n") for n in range(8)]
    response = upload(client, public_id, *folder)
    assert response.status_code == 413
    assert "More than 5 files were sent at once. Upload the folder as a zip archive" in response.get_data(as_text=True)
    assert count_rows(EvidenceImport) == 0
