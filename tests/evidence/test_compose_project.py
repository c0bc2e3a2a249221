"""Compose files read as one project, as ``docker compose`` reads them, on real projects.

Each fixture folder's README.md says where the files come from and which facts were checked
against that project's source. Here the compose reader is given a fixture folder's files
directly: the compose files, and every file's bytes by its path (``.env``, env files).
"""

from pathlib import Path

from app.evidence import Limits, analyse
from app.evidence.compose import read_compose, recognises
from app.evidence.compose_project import _overrides_last
from app.evidence.yaml_documents import load_yaml_documents

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PIX_SERVICES = ("users", "projects", "processing-requests", "assets", "files")


def fixture_files(system: str, *names: str) -> dict[str, bytes]:
    """A fixture folder's files by their path in it (only ``names``, if given)."""
    root = FIXTURES / system
    found = {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != "README.md"
    }
    assert set(found) >= set(names)
    return {name: data for name, data in found.items() if not names or name in names}


def reading_of(system: str, *names: str):
    """What the compose reader makes of those files: workloads by name, and its notes."""
    given = fixture_files(system, *names)
    files = [
        (name, load_yaml_documents(data.decode(), name, Limits())[0])
        for name, data in given.items()
        if name.endswith((".yml", ".yaml"))
    ]
    reading = read_compose(files, given)
    return {w.name: w for w in reading.workloads}, reading.notes


def analysed(system: str, *names: str) -> dict:
    """The evidence document of those compose files, given one by one (no .env)."""
    return analyse(
        [(name, data) for name, data in fixture_files(system, *names).items() if name.endswith((".yml", ".yaml"))]
    )


def settings(workload) -> dict:
    return {s.name: (s.value, s.file) for s in workload.settings}


# ---- include


def test_a_file_that_only_includes_others_is_a_compose_project():
    for name in ("compose.yaml", "platform/services/compose.yaml"):
        doc = load_yaml_documents(fixture_files("kodehode-monorepo-compose", name)[name].decode(), name, Limits())
        assert recognises(doc)
    alone = analysed("kodehode-monorepo-compose", "compose.yaml")
    assert alone["inputs"][0]["format"] == "compose"
    for included in ("platform/services/compose.yaml", "frontend/compose.yaml"):
        notes = [u for u in alone["unseen"] if included in u]
        assert notes == [
            (
                f"compose.yaml includes {included}, which was not among the files, "
                "so the services it defines are not seen."
            )
        ]


def test_nested_includes_are_followed_from_each_including_file():
    workloads, notes = reading_of("kodehode-monorepo-compose")
    assert set(workloads) == {"example-static-page", "example-next-app", "traefik", "minio", "nats"}
    assert workloads["example-next-app"].build == "frontend/example-next-app"
    assert workloads["nats"].files == ["platform/services/message-bus/message-bus.yaml"]
    assert notes == []


# ---- variables from the .env beside the project


def test_the_env_file_beside_the_project_names_the_images_and_the_addresses():
    workloads, notes = reading_of("opentelemetry-demo", "docker-compose.yml", ".env")
    assert workloads["accountingservice"].image == "ghcr.io/open-telemetry/demo:latest-accountingservice"
    assert workloads["valkey-cart"].image == "valkey/valkey:7.2-alpine"
    assert workloads["tracetest-postgres"].image == "postgres:16.3"
    # "- KAFKA_SERVICE_ADDR" takes its value from .env, itself kafka:${KAFKA_SERVICE_PORT}
    assert settings(workloads["accountingservice"])["KAFKA_SERVICE_ADDR"] == ("kafka:9092", "docker-compose.yml")
    assert settings(workloads["cartservice"])["VALKEY_ADDR"] == ("valkey-cart:6379", "docker-compose.yml")
    assert notes == []
    _, without = reading_of("opentelemetry-demo", "docker-compose.yml")
    [note] = [n for n in without if "${IMAGE_NAME}" in n]
    assert "the image of 19 services" in note


def test_an_unset_variable_is_noted_once_with_how_much_it_hides():
    doc = analysed("train-ticket")
    [note] = [u for u in doc["unseen"] if "NAMESPACE" in u]
    assert note.startswith("${NAMESPACE} has no value in these files")
    assert "the image of 42 services" in note and "quickstart-docker-compose.yml" in note
    assert len([u for u in doc["unseen"] if "${TAG}" in u]) == 1


# ---- build folders and env files, resolved per file


def test_each_pix_service_is_built_from_its_own_folder():
    doc = analysed("pix-portal")
    assert not [f for f in doc["findings"] if "same build" in f["summary"]]
    workloads, _ = reading_of("pix-portal")
    assert {n: w.build for n, w in workloads.items() if w.build} == {
        name: f"backend/services/{name}" for name in PIX_SERVICES
    }


def test_env_files_give_each_pix_service_its_settings():
    workloads, notes = reading_of("pix-portal")
    for name in PIX_SERVICES:
        url, file = settings(workloads[name])["DATABASE_URL"]
        assert file == f"backend/services/{name}/.env"
        assert f"@{name}-db:5432/{name.replace('-', '_')}" in url
    assert settings(workloads["assets"])["FILE_SERVICE_URL"][0] == "http://files:8000/files/"
    assert not [n for n in notes if ".env" in n]


# ---- profiles


def test_services_in_profiles_wait_for_them_and_are_not_counted():
    workloads, _ = reading_of("opentelemetry-demo", "docker-compose.yml", ".env")
    assert {n: w.profiles for n, w in workloads.items() if w.profiles} == {
        "frontendTests": ["tests"],
        "traceBasedTests": ["tests"],
        "tracetest-server": ["tests", "odd"],
        "tracetest-postgres": ["tests", "odd"],
    }
    doc = analysed("opentelemetry-demo", "docker-compose.yml")
    named = " ".join(f["summary"] for f in doc["findings"])
    assert doc["findings"] and "traceBasedTests" not in named and "frontendTests" not in named
    assert not [e for e in doc["edges"] if e["from"] in ("traceBasedTests", "frontendTests")]


def test_compose_profiles_in_the_env_file_turns_profiles_on():
    alone, _ = reading_of("sentry-self-hosted", "docker-compose.yml")
    waiting = {n for n, w in alone.items() if w.profiles == ["feature-complete"]}
    assert len(waiting) == 29 and "vroom" in waiting
    with_env, _ = reading_of("sentry-self-hosted")  # .env: COMPOSE_PROFILES=feature-complete
    assert not [w for w in with_env.values() if w.profiles]
    assert with_env["snuba-api"].image == "ghcr.io/getsentry/snuba:nightly"  # image: "$SNUBA_IMAGE"


# ---- extends


def test_extends_brings_the_base_service_image_and_env_file():
    workloads, notes = reading_of("highlight", "compose.enterprise.yml", ".env")
    workers = [n for n in workloads if n.startswith("backend-") and n != "backend-session-worker"]
    assert len(workers) == 8
    assert {workloads[n].image for n in workers} == {"ghcr.io/highlight/highlight-backend:docker-v0.5.2"}
    traces = settings(workloads["backend-public-worker-traces"])
    assert traces["PSQL_DOCKER_HOST"] == ("postgres", ".env")
    assert traces["command"][0].endswith("-worker-handler=public-worker-traces")
    assert not [n for n in notes if "extend" in n]
    doc = analysed("highlight", "compose.enterprise.yml")  # no .env: the image's default, :latest
    [shared] = [f for f in doc["findings"] if f["sign"] == "deploy_coupling" and "all run the image" in f["summary"]]
    assert shared["strength"] == "strong" and len(shared["services"]) == 10


def test_an_override_file_merges_after_its_base_whatever_order_a_folder_lists_them():
    assert _overrides_last(
        [
            "deploy/compose.override.yaml",
            "docker-compose.override.yml",
            "b.yml",
            "docker-compose.yml",
            "deploy/compose.yaml",
        ]
    ) == [
        "b.yml",
        "docker-compose.yml",
        "docker-compose.override.yml",
        "deploy/compose.yaml",
        "deploy/compose.override.yaml",
    ]
