"""Findings from configuration: deploy coupling, local testing, configured call paths."""

import textwrap

from app.evidence import analyse


def compose(text: str) -> list[tuple[str, bytes]]:
    return [("docker-compose.yml", textwrap.dedent(text).encode())]


def findings(doc, sign):
    return [f for f in doc["findings"] if f["sign"] == sign]


def test_one_image_running_many_services_is_strong_deploy_coupling():
    doc = analyse(
        compose("""
        services:
          api: {image: "shop/monolith:3.2", command: ["serve"]}
          worker: {image: "shop/monolith:3.2", command: ["work"]}
          scheduler: {image: "shop/monolith:3.2", command: ["cron"]}
          search: {image: "shop/search:1.0"}
    """)
    )
    [finding] = findings(doc, "deploy_coupling")
    assert finding["strength"] == "strong"
    assert finding["services"] == ["api", "scheduler", "worker"]
    assert "shop/monolith:3.2" in finding["summary"]
    assert doc["suggested"]["deploy_coupling"] == "yes"


def test_two_services_sharing_a_build_is_weak():
    doc = analyse(
        compose("""
        services:
          api: {build: {context: ./src, dockerfile: Dockerfile}}
          worker: {build: {context: ./src, dockerfile: Dockerfile}}
          web: {build: ./web}
          a: {image: x/a:1}
          b: {image: x/b:2}
          c: {image: x/c:3}
    """)
    )
    [finding] = findings(doc, "deploy_coupling")
    assert finding["strength"] == "weak" and finding["services"] == ["api", "worker"]


def test_every_service_pinned_to_one_tag_is_weak():
    doc = analyse(
        compose("""
        services:
          a: {image: "shop/a:${RELEASE:-2024.05.1}"}
          b: {image: "shop/b:2024.05.1"}
          c: {image: "registry.local:5000/shop/c:2024.05.1"}
    """)
    )
    [finding] = findings(doc, "deploy_coupling")
    assert finding["strength"] == "weak" and finding["tag"] == "2024.05.1"
    latest = analyse(
        compose("""
        services:
          a: {image: "shop/a:latest"}
          b: {image: "shop/b:latest"}
          c: {image: "shop/c:latest"}
    """)
    )
    assert findings(latest, "deploy_coupling") == []


FLEET = """
    services:
      gateway:
        image: shop/gateway:1
        depends_on: [orders, catalogue]
        environment: {ORDERS_URL: "http://orders:8080", CATALOGUE_URL: "http://catalogue:8080"}
      orders:
        image: shop/orders:4
        depends_on: [payments, orders-db]
        environment: {PAYMENTS_URL: "http://payments:8080", DB: "postgres://orders-db:5432/orders"}
      payments:
        image: shop/payments:2
        environment: {FRAUD_URL: "http://fraud:8080", BUS: "amqp://rabbit:5672"}
      fraud:
        image: shop/fraud:9
        environment: {REDIS_URL: "redis://fraud-cache:6379/0"}
      catalogue:
        image: shop/catalogue:3
        environment: {MONGO_URI: "mongodb://catalogue-db:27017/catalogue"}
      orders-db: {image: "postgres:16"}
      catalogue-db: {image: "mongo:7"}
      fraud-cache: {image: "redis:7"}
      rabbit: {image: "rabbitmq:3-management"}
"""


def test_local_testing_and_configured_call_path():
    doc = analyse(compose(FLEET))
    [local] = findings(doc, "local_testing")
    # gateway needs 8 of 8 other parts, orders 5 (payments, fraud, rabbit, fraud-cache, orders-db)
    assert local["needs"]["gateway"] == 8
    assert local["needs"]["orders"] == 5
    assert local["strength"] == "weak"  # 2 of 5 services: not most of them
    [chain] = findings(doc, "call_chains")
    assert chain["strength"] == "weak"
    assert chain["services"] == ["gateway", "orders", "payments", "fraud"]
    assert doc["suggested"]["call_chains"] == "partly"
    assert doc["suggested"]["local_testing"] == "partly"
    assert doc["brokers"] == [
        {
            "name": "rabbit",
            "engine": "rabbitmq",
            "engine_from": "image",
            "image": "rabbitmq:3-management",
            "used_by": ["payments"],
            "declared": True,
        }
    ]


def test_most_services_needing_most_of_the_system_is_strong():
    doc = analyse(
        compose("""
        services:
          a: {image: s/a, depends_on: [b, db]}
          b: {image: s/b, depends_on: [c]}
          c: {image: s/c, depends_on: [d, a]}
          d: {image: s/d, environment: {DB: "mysql://db:3306/d"}}
          db: {image: "mysql:8"}
    """)
    )
    [local] = findings(doc, "local_testing")
    assert local["strength"] == "strong"
    assert doc["suggested"]["local_testing"] == "yes"
    [startup] = findings(doc, "deploy_coupling")
    assert startup["strength"] == "weak" and "depends_on" in startup["summary"]


def test_small_visible_wiring_suggests_no_for_local_testing():
    doc = analyse(
        compose("""
        services:
          a: {image: s/a, environment: {DB: "postgres://a-db:5432/a"}}
          b: {image: s/b, environment: {DB: "postgres://b-db:5432/b"}}
          c: {image: s/c, environment: {DB: "postgres://c-db:5432/c"}}
          a-db: {image: "postgres:16"}
          b-db: {image: "postgres:16"}
          c-db: {image: "postgres:16"}
    """)
    )
    assert findings(doc, "local_testing") == []
    assert doc["suggested"]["local_testing"] == "no"
    assert doc["suggested"]["shared_database"] == "no"
    assert doc["suggested"]["call_chains"] == "unsure"  # configuration alone cannot show short chains


def test_tooling_is_kept_out_of_the_picture():
    doc = analyse(
        compose("""
        services:
          app: {image: s/app, environment: {DB: "postgres://db:5432/app"}}
          db: {image: "postgres:16"}
          adminer: {image: "adminer:4", environment: {ADMINER_DEFAULT_SERVER: db}}
          jaeger: {image: "jaegertracing/all-in-one:1.57"}
    """)
    )
    roles = {s["name"]: s.get("role") for s in doc["services"]}
    assert roles == {"adminer": "tooling", "app": None, "jaeger": "platform"}
    assert doc["datastores"][0]["used_by"] == ["app"]
    assert findings(doc, "shared_database") == []


def test_external_database_named_only_in_a_url():
    doc = analyse(
        compose("""
        services:
          a: {image: s/a, environment: {DATABASE_URL: "postgres://u:p@prod-pg.example.com:5432/shop"}}
          b: {image: s/b, environment: {SPRING_DATASOURCE_URL: "jdbc:postgresql://prod-pg.example.com/shop"}}
          c: {image: s/c, environment: {PAYMENT_API: "https://api.payments.example.net/v2"}}
    """)
    )
    [store] = doc["datastores"]
    assert (store["name"], store["engine"], store["declared"]) == ("prod-pg.example.com", "postgres", False)
    [finding] = findings(doc, "shared_database")
    assert finding["strength"] == "strong" and finding["database"] == "shop"
    assert any("api.payments.example.net" in u for u in doc["unseen"])
