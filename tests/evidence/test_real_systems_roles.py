"""Who is an application, a datastore, tooling or a platform part, on real systems' files.

The expected facts come from reading each system's source; they are written in the
README.md beside each fixture.
"""

from pathlib import Path

import pytest

from app.evidence import analyse
from app.evidence.archives import Input
from app.evidence.connection_settings import targets_in

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def read(system: str, *names: str) -> dict:
    folder = FIXTURES / system
    files = names or tuple(sorted(p.name for p in folder.glob("*.yaml")))
    return analyse([(name, (folder / name).read_bytes()) for name in files])


@pytest.fixture(scope="module")
def anthos():
    return read("bank-of-anthos")


@pytest.fixture(scope="module")
def hotel():
    return read("deathstarbench-hotel", "docker-compose.yml")


@pytest.fixture(scope="module")
def social():
    return read("deathstarbench-social", "docker-compose.yml")


@pytest.fixture(scope="module")
def petclinic():
    return read("spring-petclinic", "docker-compose.yml")


def roles(doc: dict) -> dict[str, str]:
    out = {s["name"]: s.get("kind") or s.get("role") or "application" for s in doc["services"]}
    out.update({d["name"]: f"datastore:{d['engine']}" for d in doc["datastores"]})
    out.update({b["name"]: f"broker:{b['engine']}" for b in doc["brokers"]})
    return out


def applications(doc: dict) -> list[str]:
    return sorted(name for name, role in roles(doc).items() if role == "application")


# Bank of Anthos: clients carry their database's POSTGRES_* settings through envFrom.


def test_clients_carrying_database_settings_are_applications(anthos):
    assert applications(anthos) == [
        "balancereader",
        "contacts",
        "frontend",
        "ledgerwriter",
        "transactionhistory",
        "userservice",
    ]
    assert {d["name"]: d["engine"] for d in anthos["datastores"]} == {
        "accounts-db": "postgres",
        "ledger-db": "postgres",
    }
    assert roles(anthos)["loadgenerator"] == "tooling"


def test_applications_sharing_a_database_through_a_config_map_are_found(anthos):
    shared = {
        (f["datastore"], f.get("database"), tuple(f["services"]))
        for f in anthos["findings"]
        if f["sign"] == "shared_database"
    }
    assert shared == {
        ("accounts-db", "accounts-db", ("contacts", "userservice")),
        ("ledger-db", "postgresdb", ("balancereader", "ledgerwriter", "transactionhistory")),
    }
    assert all(f["strength"] == "strong" for f in anthos["findings"] if f["sign"] == "shared_database")
    assert anthos["suggested"]["shared_database"] == "yes"
    used_by = {d["name"]: d["used_by"] for d in anthos["datastores"]}
    assert used_by == {
        "accounts-db": ["contacts", "userservice"],
        "ledger-db": ["balancereader", "ledgerwriter", "transactionhistory"],
    }


# DeathStarBench hotelReservation: "hotel" holds "otel"; consul and jaeger are platform parts.


def test_a_name_containing_otel_is_not_tooling(hotel):
    assert applications(hotel) == [
        "attractions",
        "frontend",
        "geo",
        "profile",
        "rate",
        "recommendation",
        "reservation",
        "review",
        "search",
        "user",
    ]
    assert roles(hotel)["jaeger"] == "telemetry"
    assert roles(hotel)["consul"] == "discovery"
    assert sum(1 for r in roles(hotel).values() if r == "datastore:mongo") == 8


def test_wiring_in_a_mounted_config_file_is_not_a_no(hotel):
    assert hotel["suggested"]["local_testing"] == "unsure"
    assert hotel["suggested"]["shared_database"] == "unsure"
    notes = " ".join(hotel["unseen_by_sign"]["local_testing"])
    assert "server_config" in notes and "10 of 10 applications" in notes


# DeathStarBench socialNetwork: every service mounts ./config with service-config.json.


def test_a_mounted_config_folder_keeps_local_testing_unsure(social):
    assert len(applications(social)) == 13 and roles(social)["jaeger-agent"] == "telemetry"
    assert social["suggested"]["local_testing"] == "unsure"
    notes = " ".join(social["unseen_by_sign"]["local_testing"])
    assert "./config (mounted at /social-network-microservices/config)" in notes
    assert social["coverage"]["local_testing"].startswith("6 of 13 applications' connections seen")


# Spring PetClinic: config, discovery, tracing and admin servers; Grafana and Prometheus.


def test_discovery_config_tracing_and_admin_servers_are_platform(petclinic):
    assert applications(petclinic) == [
        "api-gateway",
        "customers-service",
        "genai-service",
        "vets-service",
        "visits-service",
    ]
    found = roles(petclinic)
    assert (found["config-server"], found["discovery-server"]) == ("discovery", "discovery")
    assert (found["tracing-server"], found["admin-server"]) == ("telemetry", "admin")
    assert (found["grafana-server"], found["prometheus-server"]) == ("tooling", "tooling")


def test_edges_to_platform_parts_keep_their_kind_and_are_marked(petclinic):
    to_platform = [e for e in petclinic["edges"] if e["to"] in ("config-server", "discovery-server")]
    assert len(to_platform) == 10
    assert all(e["kind"] == "depends_on" and e["platform"] == "discovery" for e in to_platform)


def test_applications_wired_only_to_a_config_server_are_not_seen(petclinic):
    assert petclinic["suggested"]["local_testing"] == "unsure"
    assert petclinic["coverage"]["local_testing"].startswith("0 of 5 applications")
    assert "config-server (a config or discovery server)" in " ".join(petclinic["unseen_by_sign"]["local_testing"])


# Train-Ticket: application images instrumented for tracing are tagged ...-with-jaeger.


def test_application_images_built_with_jaeger_are_applications():
    doc = read("train-ticket-with-jaeger", "docker-compose-with-jaeger.yml")
    apps = applications(doc)
    assert len(apps) == 41 and "ts-ui-dashboard" in apps
    assert {"ts-config-service", "ts-admin-user-service", "ts-auth-service"} <= set(apps)
    found = roles(doc)
    assert found["jaeger"] == "telemetry"
    assert [name for name, role in found.items() if role == "tooling"] == []
    assert len(doc["datastores"]) == 26


# OpenTelemetry demo (tests/fixtures/opentelemetry-demo, added with its own README): the
# compose file itself groups "Dependent Services" (flagd, kafka, valkey-cart), "Telemetry
# Components" (jaeger, grafana, otelcol, prometheus, opensearch) and "Tests".


def test_telemetry_feature_flags_and_log_store_are_not_applications():
    doc = read("opentelemetry-demo", "docker-compose.yml")
    found = roles(doc)
    assert (found["flagd"], found["otelcol"], found["jaeger"]) == ("feature_flags", "telemetry", "telemetry")
    assert {
        found[n]
        for n in ("grafana", "prometheus", "opensearch", "loadgenerator", "tracetest-server", "tracetest-postgres")
    } == {"tooling"}
    assert found["kafka"] == "broker:kafka"
    for edge in doc["edges"]:
        if edge["to"] in ("flagd", "otelcol", "jaeger"):
            assert edge["platform"] in ("feature_flags", "telemetry")


def test_a_proxy_needs_what_its_one_application_needs_not_the_telemetry_beside_it():
    # frontendproxy depends_on frontend, loadgenerator, jaeger and grafana, and names no other part
    doc = read("opentelemetry-demo", "docker-compose.yml")
    assert sorted(e["to"] for e in doc["edges"] if e["from"] == "frontendproxy") == [
        "frontend",
        "grafana",
        "jaeger",
        "loadgenerator",
    ]
    [finding] = [f for f in doc["findings"] if f["sign"] == "local_testing"]
    assert finding["needs"]["frontendproxy"] == finding["needs"]["frontend"] + 1


# No count may exceed the number of parts that count.


@pytest.mark.parametrize(
    "system",
    ["bank-of-anthos", "deathstarbench-hotel", "deathstarbench-social", "spring-petclinic", "opentelemetry-demo"],
)
def test_no_count_exceeds_the_parts(system):
    doc = read(system) if system == "bank-of-anthos" else read(system, "docker-compose.yml")
    counted = [
        name
        for name, role in roles(doc).items()
        if role in ("application",) or role.startswith(("datastore:", "broker:"))
    ]
    for finding in doc["findings"]:
        others = finding.get("others")
        for need in (finding.get("needs") or {}).values():
            assert need <= len(counted) - 1
            assert others is None or need <= others <= len(counted) - 1


def test_topic_queue_and_channel_names_are_not_hosts():
    # OpenTelemetry demo .env: KAFKA_ADDR=${KAFKA_HOST}:${KAFKA_PORT}, KAFKA_TOPIC=orders
    assert targets_in("KAFKA_TOPIC", "orders") == []
    assert targets_in("REDIS_CHANNEL", "notifications") == []
    assert targets_in("ORDERS_QUEUE_NAME", "orders") == []
    assert [t.host for t in targets_in("KAFKA_ADDR", "kafka:9092")] == ["kafka"]
    assert [t.host for t in targets_in("QUEUE_URL", "amqp://rabbitmq:5672")] == ["rabbitmq"]


def test_the_address_a_service_listens_on_is_not_a_host_it_calls():
    # OpenTelemetry demo: cart's ASPNETCORE_URLS=http://*:${CART_SERVICE_PORT} is where it listens
    folder = FIXTURES / "opentelemetry-demo"
    doc = analyse(
        [Input(name, (folder / name).read_bytes(), "opentelemetry-demo") for name in ("docker-compose.yml", ".env")]
    )
    assert not [note for note in doc["unseen"] if "ASPNETCORE_URLS" in note or "*" in note]
    assert not [e for e in doc["edges"] if e.get("setting") == "ASPNETCORE_URLS"]
    assert targets_in("ASPNETCORE_URLS", "http://*:7070") == []
    assert targets_in("Kestrel__Endpoints__Http__Url", "http://+:80") == []
    assert targets_in("GRPC_LISTEN", "http://[::]:9090") == []
    assert [t.host for t in targets_in("ORDERS_URL", "http://orders:80")] == ["orders"]
