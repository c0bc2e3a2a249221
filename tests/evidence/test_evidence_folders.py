"""Folders: a repository read as one import; what is no evidence is listed as skipped, with why.

The evidence is the real Sock Shop deployment files (tests/fixtures/sockshop), laid out as in
their repository; the other files are the kind every repository holds beside them.
"""

import json
import shutil
from pathlib import Path

import pytest

from app.evidence import EvidenceError, Limits, analyse, document, importers
from app.evidence.archives import Input
from app.evidence.folders import read_folder, uploaded

SOCKSHOP = Path(__file__).resolve().parents[1] / "fixtures" / "sockshop"
COMPOSE_PATH = "deploy/docker-compose/docker-compose.yml"
MANIFESTS_PATH = "deploy/kubernetes/complete-demo.yaml"
NOT_EVIDENCE = "not a deployment, manifest or trace file"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
WASM = b"\x00asm\x01\x00\x00\x00\x01\x07\x01`\x02\x7f\x7f\x01\x7f"  # valid ASCII, NUL bytes: binary
GO = b"""package main

import (
\t"fmt"
\t"net/http"
)

func main() {
\thttp.HandleFunc("/health", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") })
\thttp.ListenAndServe(":8080", nil)
}
"""
EVIL_COMPOSE = b"services:\n  intruder:\n    image: evil/intruder\n"


def sockshop_repository(root: Path) -> Path:
    """The Sock Shop files where its repository keeps them, and the files around them."""
    for path, source in (
        (COMPOSE_PATH, "docker-compose.yml"),
        (MANIFESTS_PATH, "complete-demo.yaml"),
        ("README.md", "README.md"),
    ):
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SOCKSHOP / source, root / path)
    (root / "docs").mkdir()
    (root / "docs" / "logo.png").write_bytes(PNG)
    (root / "src").mkdir()
    (root / "src" / "main.go").write_bytes(GO)
    (root / ".env").write_text("TAG=0.4.8\n")
    (root / ".git").mkdir()
    (root / ".git" / "compose.yml").write_bytes(EVIL_COMPOSE)  # never walked
    (root / "node_modules" / "pkg").mkdir(parents=True)
    (root / "node_modules" / "pkg" / "compose.yml").write_bytes(EVIL_COMPOSE)  # never walked
    return root


def named_alone() -> dict:
    return analyse(
        [
            ("docker-compose.yml", (SOCKSHOP / "docker-compose.yml").read_bytes()),
            ("complete-demo.yaml", (SOCKSHOP / "complete-demo.yaml").read_bytes()),
        ]
    )


def same_evidence(one: dict, other: dict) -> None:
    """The same evidence, the files named by their path in the folder in one and alone in the other."""
    for key in ("services", "datastores", "brokers", "edges", "findings", "suggested", "unseen"):
        in_folder = json.dumps(one[key]).replace("deploy/docker-compose/", "").replace("deploy/kubernetes/", "")
        assert json.loads(in_folder) == other[key], key


@pytest.fixture
def repository(tmp_path):
    return sockshop_repository(tmp_path / "microservices-demo")


def test_a_repository_reads_its_deployment_files_and_lists_the_rest_as_skipped(repository):
    doc = analyse(read_folder(repository, Limits()))
    assert doc["inputs"] == [
        {"file": ".env", "skipped": NOT_EVIDENCE},
        {"file": "README.md", "skipped": NOT_EVIDENCE},
        {"file": COMPOSE_PATH, "format": "compose", "containers": 15},
        {"file": MANIFESTS_PATH, "format": "kubernetes", "objects": {"Deployment": 14, "Namespace": 1, "Service": 14}},
        {"file": "docs/logo.png", "skipped": "not a text file"},
        {"file": "src/main.go", "skipped": NOT_EVIDENCE},
    ]
    assert "intruder" not in json.dumps(doc)
    same_evidence(doc, named_alone())


def test_binary_files_are_skipped_without_being_parsed(tmp_path, monkeypatch):
    shutil.copy(SOCKSHOP / "docker-compose.yml", tmp_path / "docker-compose.yml")
    (tmp_path / "module.wasm").write_bytes(WASM)
    parsed = []
    real = importers._yaml_input
    monkeypatch.setattr(
        importers, "_yaml_input", lambda text, file, limits: parsed.append(file) or real(text, file, limits)
    )
    inputs = [
        Input(name, path.read_bytes(), "shop")
        for name, path in (
            ("docker-compose.yml", tmp_path / "docker-compose.yml"),
            ("module.wasm", tmp_path / "module.wasm"),
        )
    ]
    doc = analyse(inputs)
    assert doc["inputs"][1] == {"file": "module.wasm", "skipped": "not a text file"}
    assert parsed == ["docker-compose.yml"]
    with pytest.raises(EvidenceError, match="module.wasm: is not a text file"):
        analyse([("module.wasm", WASM)])  # named alone: refused, as any unknown file


def test_a_broken_compose_file_in_a_folder_is_skipped_but_refused_alone(repository):
    broken = repository / "deploy" / "docker-compose" / "docker-compose.override.yml"
    broken.write_bytes(b"services:\n  front-end:\n    image: [weaveworksdemos/front-end\n")
    doc = analyse(read_folder(repository, Limits()))
    (entry,) = [e for e in doc["inputs"] if e["file"].endswith("override.yml")]
    assert entry["skipped"].startswith("could not be read: is not valid YAML at line")
    same_evidence(doc, named_alone())
    with pytest.raises(EvidenceError) as alone:
        analyse([("docker-compose.override.yml", broken.read_bytes())])
    assert alone.value.message == "docker-compose.override.yml: " + entry["skipped"].removeprefix("could not be read: ")


def test_a_folder_with_nothing_readable_is_refused_saying_how_many_files_were_looked_at(tmp_path):
    (tmp_path / "README.md").write_bytes((SOCKSHOP / "README.md").read_bytes())
    (tmp_path / "logo.png").write_bytes(PNG)
    (tmp_path / "compose.yaml").write_bytes(b"services: [\n")
    with pytest.raises(EvidenceError) as caught:
        analyse(read_folder(tmp_path, Limits(), "docs"))
    message = caught.value.message
    assert message.startswith("docs: none of the 3 files looked at is a docker-compose file")
    assert "1 of them could not be read, for example compose.yaml: is not valid YAML" in message


def test_empty_files_in_a_folder_are_skipped_and_refused_alone(repository):
    (repository / "empty.yml").write_bytes(b"")
    doc = analyse(read_folder(repository, Limits()))
    assert {"file": "empty.yml", "skipped": "empty file"} in doc["inputs"]
    with pytest.raises(EvidenceError, match="empty.yml: is empty"):
        analyse([("empty.yml", b"\n\n")])


def test_every_file_of_the_folder_reaches_the_compose_reader_as_bytes(repository, monkeypatch):
    seen = {}
    real = document._configuration

    def spy(files, all_files):
        seen.update(all_files)
        return real(files, all_files)

    monkeypatch.setattr(document, "_configuration", spy)
    analyse(read_folder(repository, Limits()))
    assert seen[".env"] == b"TAG=0.4.8\n"
    assert seen[COMPOSE_PATH] == (SOCKSHOP / "docker-compose.yml").read_bytes()
    assert "README.md" in seen and ".git/compose.yml" not in seen


def test_a_repository_of_more_files_than_are_given_alone_is_read(tmp_path):
    shutil.copy(SOCKSHOP / "docker-compose.yml", tmp_path / "docker-compose.yml")
    for number in range(80):
        (tmp_path / f"page-{number:02}.md").write_text(f"# Page {number}\n")
    limits = Limits()
    assert limits.max_files < 81
    doc = analyse(read_folder(tmp_path, limits))
    assert len(doc["inputs"]) == 81 and doc["inputs"][0]["format"] == "compose"
    with pytest.raises(EvidenceError) as caught:
        analyse(read_folder(tmp_path, Limits(max_folder_files=50), "site"))
    assert caught.value.message.startswith("site: holds more than 50 files, the most Splitcheck looks at")


def test_a_trace_export_broken_halfway_in_a_folder_is_refused_not_skipped(tmp_path):
    trace = (
        b'{"data": [{"traceID": "t1", "processes": {"p": {"serviceName": "web"}}, "spans": '
        b'[{"traceID": "t1", "spanID": "s", "operationName": "GET /", "references": [], '
        b'"processID": "p", "tags": []}]}, {"traceID": '
    )
    shutil.copy(SOCKSHOP / "docker-compose.yml", tmp_path / "docker-compose.yml")
    (tmp_path / "traces.json").write_bytes(trace)
    with pytest.raises(EvidenceError) as caught:
        analyse(read_folder(tmp_path, Limits()))
    assert caught.value.file == "traces.json"


def test_a_folder_uploaded_from_a_browser_is_named_by_paths_inside_it():
    compose = (SOCKSHOP / "docker-compose.yml").read_bytes()
    manifests = (SOCKSHOP / "complete-demo.yaml").read_bytes()
    inputs = uploaded(
        [
            ("sockshop/deploy/kubernetes/complete-demo.yaml", manifests),
            ("sockshop/deploy/docker-compose/docker-compose.yml", compose),
            ("sockshop/docs/logo.png", PNG),
            ("../../etc/passwd.yml", EVIL_COMPOSE),
            ("sockshop/.git/compose.yml", EVIL_COMPOSE),
        ]
    )  # browsers send hidden folders too
    doc = analyse(inputs)
    assert [(e["file"], e.get("format") or e["skipped"]) for e in doc["inputs"]] == [
        ("../../etc/passwd.yml", "its path leads outside its folder or archive; not read"),
        (COMPOSE_PATH, "compose"),
        (MANIFESTS_PATH, "kubernetes"),
        ("docs/logo.png", "not a text file"),
    ]
    assert "intruder" not in json.dumps(doc)
    same_evidence(doc, named_alone())


def test_two_folders_with_the_same_paths_keep_both_files_apart(tmp_path):
    for name in ("shop", "staging"):
        (tmp_path / name).mkdir()
        shutil.copy(SOCKSHOP / "docker-compose.yml", tmp_path / name / "docker-compose.yml")
    limits = Limits()
    doc = analyse(read_folder(tmp_path / "shop", limits, "shop") + read_folder(tmp_path / "staging", limits, "staging"))
    assert [e["file"] for e in doc["inputs"]] == ["docker-compose.yml", "staging/docker-compose.yml"]


def test_links_in_a_folder_are_not_followed(repository, tmp_path):
    outside = tmp_path / "outside.yml"
    outside.write_bytes(EVIL_COMPOSE)
    (repository / "deploy" / "extra.yml").symlink_to(outside)
    (repository / "elsewhere").symlink_to(tmp_path, target_is_directory=True)
    doc = analyse(read_folder(repository, Limits()))
    assert {"file": "deploy/extra.yml", "skipped": "a link, not a file; links are not followed"} in doc["inputs"]
    assert {"file": "elsewhere", "skipped": "a link, not a file; links are not followed"} in doc["inputs"]
    assert "intruder" not in json.dumps(doc)
