"""YAML anchors, aliases and ``<<`` merge keys in real compose files, expanded as compose does.

The fixtures' README.md files say where the files come from and what was checked.
"""

from pathlib import Path

from app.evidence import Limits, analyse
from app.evidence.yaml_documents import load_yaml_documents

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def fixture(system: str, name: str) -> bytes:
    return (FIXTURES / system / name).read_bytes()


def yaml_of(system: str, name: str):
    return load_yaml_documents(fixture(system, name).decode(), name, Limits())[0]


def test_the_opentelemetry_demo_with_its_logging_anchor_is_read_whole():
    doc = analyse([("docker-compose.yml", fixture("opentelemetry-demo", "docker-compose.yml"))])
    assert [i["containers"] for i in doc["inputs"]] == [28]
    assert len(doc["services"] + doc["datastores"] + doc["brokers"]) == 28
    services = yaml_of("opentelemetry-demo", "docker-compose.yml")["services"]
    assert services["accountingservice"]["logging"] == {
        "driver": "json-file",
        "options": {"max-size": "5m", "max-file": "2", "tag": "{{.Name}}"},
    }
    assert services["flagd"]["logging"] == services["otelcol"]["logging"]


def test_sentry_merge_keys_bring_defaults_and_the_service_own_keys_win():
    services = yaml_of("sentry-self-hosted", "docker-compose.yml")["services"]
    web, events = services["web"], services["events-consumer"]
    # x-sentry-defaults: <<: [*restart_policy, *pull_policy], then web: <<: *sentry_defaults
    assert (web["restart"], web["pull_policy"], web["image"]) == ("unless-stopped", "never", "sentry-self-hosted-local")
    assert web["command"] == ["run", "web"]
    assert events["command"].startswith("run consumer ingest-events")
    assert web["depends_on"]["kafka"] == {"condition": "service_healthy"}
    assert yaml_of("sentry-self-hosted", "docker-compose.yml")["services"]["snuba-api"]["restart"] == "unless-stopped"
