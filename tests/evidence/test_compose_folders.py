"""Compose projects imported as a folder: the .env and env files travel with the compose files.

The fixtures' README.md files say where the files come from and what was checked.
"""

from pathlib import Path

from app.evidence import Limits, analyse
from app.evidence.folders import read_folder

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def folder(system: str, *names: str):
    """The files of a fixture folder as a folder import gives them (only ``names``, if given)."""
    items = read_folder(FIXTURES / system, Limits(), system)
    assert not names or {i.name for i in items} >= set(names)
    return [item for item in items if not names or item.name in names]


def parts(doc) -> dict:
    return {p["name"]: p for p in doc["services"] + doc["datastores"] + doc["brokers"]}


def test_the_env_file_beside_the_project_names_images_and_brokers():
    doc = analyse(folder("opentelemetry-demo", "docker-compose.yml", ".env"))
    found = parts(doc)
    assert found["accountingservice"]["image"] == "ghcr.io/open-telemetry/demo:latest-accountingservice"
    assert found["valkey-cart"]["image"] == "valkey/valkey:7.2-alpine"
    assert {
        (e["to"], e["kind"])
        for e in doc["edges"]
        if e["from"] == "accountingservice" and e.get("setting") == "KAFKA_SERVICE_ADDR"
    } == {("kafka", "async")}
    assert not any("${IMAGE_NAME}" in u for u in doc["unseen"])


def test_services_in_profiles_are_listed_with_their_profiles():
    doc = analyse(folder("opentelemetry-demo", "docker-compose.yml", ".env"))
    assert {n: p["profiles"] for n, p in parts(doc).items() if "profiles" in p} == {
        "frontendTests": ["tests"],
        "traceBasedTests": ["tests"],
        "tracetest-server": ["tests", "odd"],
        "tracetest-postgres": ["tests", "odd"],
    }
    named = " ".join(f["summary"] for f in doc["findings"])
    assert doc["findings"] and "traceBasedTests" not in named and "frontendTests" not in named


def test_a_file_of_includes_alone_declares_no_containers_itself():
    doc = analyse(folder("kodehode-monorepo-compose"))
    assert set(parts(doc)) == {"example-static-page", "example-next-app", "traefik", "minio", "nats"}
    assert {i["file"]: i["containers"] for i in doc["inputs"] if i.get("format") == "compose"} == {
        "compose.yaml": 0,
        "frontend/compose.yaml": 2,
        "platform/services/compose.yaml": 0,
        "platform/services/gateway/gateway.yaml": 1,
        "platform/services/message-bus/message-bus.yaml": 1,
        "platform/services/object-storage/object-storage.yaml": 1,
    }
    assert not any("not among the files" in u for u in doc["unseen"])


def test_env_files_give_each_pix_service_its_own_database():
    doc = analyse(folder("pix-portal"))
    databases = {(e["from"], e["to"], e["file"]) for e in doc["edges"] if e["kind"] == "database"}
    assert databases == {
        (name, f"{name}-db", f"backend/services/{name}/.env")
        for name in ("users", "projects", "processing-requests", "assets", "files")
    }
    assert not [f for f in doc["findings"] if f["sign"] == "shared_database"]
    assert not [f for f in doc["findings"] if "same build" in f["summary"]]
    calls = {(e["from"], e["to"]) for e in doc["edges"] if e["kind"] == "call" and e["to"] != "otel-collector"}
    assert {("projects", "users"), ("projects", "assets"), ("assets", "files")} <= calls


def test_one_sentry_build_runs_as_many_containers():
    doc = analyse(folder("sentry-self-hosted"))  # .env turns the feature-complete profile on
    shared = [
        f
        for f in doc["findings"]
        if f["sign"] == "deploy_coupling" and "the image sentry-self-hosted-local" in f["summary"]
    ]
    assert len(shared) == 1 and shared[0]["strength"] == "strong"
    assert {"web", "taskworker", "taskscheduler", "events-consumer"} <= set(shared[0]["services"])
    assert "sentry-cleanup" not in shared[0]["services"]  # its own image, sentry-cleanup-self-hosted-local
    assert not [p for p in parts(doc).values() if "profiles" in p]


def test_extends_and_the_env_file_name_the_highlight_backend_release():
    doc = analyse(folder("highlight", "compose.enterprise.yml", ".env"))
    [shared] = [f for f in doc["findings"] if f["sign"] == "deploy_coupling" and "all run the image" in f["summary"]]
    assert "ghcr.io/highlight/highlight-backend:docker-v0.5.2" in shared["summary"]
    assert shared["strength"] == "strong" and len(shared["services"]) == 10


def test_the_env_file_a_project_reads_is_listed_as_read_for_its_variables():
    doc = analyse(folder("opentelemetry-demo", "docker-compose.yml", ".env", "README.md"))
    inputs = {entry["file"]: entry for entry in doc["inputs"]}
    assert inputs[".env"]["skipped"] == "read for the compose files' variables and settings, not evidence on its own"
    assert inputs["README.md"]["skipped"] == "not a deployment, manifest or trace file"


def test_several_compose_files_of_one_folder_are_merged_and_the_user_is_told():
    # the demo publishes docker-compose.minimal.yml beside docker-compose.yml: an alternative set-up
    doc = analyse(folder("opentelemetry-demo"))
    assert [u for u in doc["unseen"] if "merged" in u] == [
        "docker-compose.minimal.yml and docker-compose.yml were read as one system, merged in that order as "
        "`docker compose -f docker-compose.minimal.yml -f docker-compose.yml` would merge them. If they are "
        "alternatives rather than layers of one set-up, import the one you run on its own."
    ]
    one = analyse(folder("opentelemetry-demo", "docker-compose.yml", ".env"))
    assert not [u for u in one["unseen"] if "merged" in u]
