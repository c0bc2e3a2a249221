"""The real Sock Shop files: the facts a correct importer must reproduce."""

from pathlib import Path

import pytest

from app.evidence import analyse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
COMPOSE = FIXTURES / "sockshop" / "docker-compose.yml"
MANIFESTS = FIXTURES / "sockshop" / "complete-demo.yaml"


def fixture_bytes(path: Path) -> bytes:
    if not path.is_file():
        raise FileNotFoundError(f"Sock Shop fixture missing: {path} (expected in tests/fixtures)")
    return path.read_bytes()


@pytest.fixture(scope="module")
def compose_doc():
    return analyse([("docker-compose.yml", fixture_bytes(COMPOSE))])


@pytest.fixture(scope="module")
def k8s_doc():
    return analyse([("complete-demo.yaml", fixture_bytes(MANIFESTS))])


def names(items):
    return sorted(item["name"] for item in items)


def test_compose_has_fifteen_containers(compose_doc):
    total = len(compose_doc["services"]) + len(compose_doc["datastores"]) + len(compose_doc["brokers"])
    assert total == 15
    assert compose_doc["inputs"] == [{"file": "docker-compose.yml", "format": "compose", "containers": 15}]


def test_compose_datastores_and_engines(compose_doc):
    engines = {d["name"]: d["engine"] for d in compose_doc["datastores"]}
    assert engines == {"carts-db": "mongo", "orders-db": "mongo", "catalogue-db": "mysql", "user-db": "mongo"}
    by_name = {d["name"]: d for d in compose_doc["datastores"]}
    # catalogue-db is not a stock mysql image: the engine comes from its own settings
    assert by_name["catalogue-db"]["image"].startswith("weaveworksdemos/catalogue-db")
    assert by_name["catalogue-db"]["engine_from"] != "image"
    assert by_name["catalogue-db"]["databases"] == ["socksdb"]
    assert by_name["user-db"]["engine_from"] != "image"


def test_compose_rabbitmq_is_a_broker(compose_doc):
    assert [(b["name"], b["engine"]) for b in compose_doc["brokers"]] == [("rabbitmq", "rabbitmq")]
    assert "rabbitmq" not in names(compose_doc["services"])


def test_compose_services(compose_doc):
    assert names(compose_doc["services"]) == [
        "carts",
        "catalogue",
        "edge-router",
        "front-end",
        "orders",
        "payment",
        "queue-master",
        "shipping",
        "user",
        "user-sim",
    ]


def test_compose_only_link_is_user_to_user_db(compose_doc):
    assert not any(e["kind"] == "depends_on" for e in compose_doc["edges"])
    assert [(e["from"], e["to"], e["kind"], e["source"], e["setting"]) for e in compose_doc["edges"]] == [
        ("user", "user-db", "database", "environment", "MONGO_HOST")
    ]


def test_compose_no_shared_store_and_honest_suggestions(compose_doc):
    assert not [f for f in compose_doc["findings"] if f["sign"] == "shared_database"]
    for store in compose_doc["datastores"]:
        assert len(store["used_by"]) <= 1
    # wiring is baked into the images: the importer must not claim "no"
    assert set(compose_doc["suggested"].values()) == {"unsure"}
    assert set(compose_doc["suggested"]) == {
        "deploy_coupling",
        "cascading_failure",
        "call_chains",
        "shared_database",
        "local_testing",
        "breaking_changes",
    }
    hidden = [u for u in compose_doc["unseen"] if "baked into images" in u]
    assert hidden and "9 of 10 services" in hidden[0]
    assert any("API" in u for u in compose_doc["unseen"])  # breaking_changes cannot be seen


def test_kubernetes_fourteen_deployments_and_services(k8s_doc):
    objects = k8s_doc["inputs"][0]["objects"]
    assert k8s_doc["inputs"][0]["format"] == "kubernetes"
    assert objects["Deployment"] == 14 and objects["Service"] == 14
    workloads = names(k8s_doc["services"] + k8s_doc["datastores"] + k8s_doc["brokers"])
    compose_names = {
        "front-end",
        "edge-router",
        "catalogue",
        "catalogue-db",
        "carts",
        "carts-db",
        "orders",
        "orders-db",
        "shipping",
        "queue-master",
        "rabbitmq",
        "payment",
        "user",
        "user-db",
        "user-sim",
    }
    assert workloads == sorted(compose_names - {"edge-router", "user-sim"} | {"session-db"})


def test_kubernetes_session_db_is_redis(k8s_doc):
    by_name = {d["name"]: d for d in k8s_doc["datastores"]}
    assert by_name["session-db"]["engine"] == "redis"
    assert by_name["user-db"]["engine"] == "mongo"
    assert by_name["catalogue-db"]["engine"] == "mysql"


def test_kubernetes_user_reaches_user_db_through_env(k8s_doc):
    database_edges = [(e["from"], e["to"], e["setting"]) for e in k8s_doc["edges"] if e["kind"] == "database"]
    assert database_edges == [("user", "user-db", "mongo")]


def test_kubernetes_front_end_redis_flag_reported_not_guessed(k8s_doc):
    assert not any(e["from"] == "front-end" for e in k8s_doc["edges"])
    notes = [u for u in k8s_doc["unseen"] if "SESSION_REDIS" in u]
    assert len(notes) == 1 and "front-end" in notes[0] and "no host" in notes[0]


def test_kubernetes_unknown_host_reported(k8s_doc):
    assert any("zipkin.jaeger.svc.cluster.local" in u and "shipping" in u for u in k8s_doc["unseen"])


def test_compose_and_kubernetes_together_merge_by_name():
    doc = analyse([("docker-compose.yml", fixture_bytes(COMPOSE)), ("complete-demo.yaml", fixture_bytes(MANIFESTS))])
    user = next(s for s in doc["services"] if s["name"] == "user")
    assert user["sources"] == ["compose", "kubernetes"]
    assert len(doc["datastores"]) == 5
    assert {(e["from"], e["to"]) for e in doc["edges"]} == {("user", "user-db")}
    assert not [f for f in doc["findings"] if f["sign"] == "shared_database"]
