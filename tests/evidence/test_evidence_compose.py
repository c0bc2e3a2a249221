"""docker-compose reading: merge order, list/map forms, interpolation, connections."""

import textwrap

from app.evidence import analyse
from app.evidence.compose import interpolate


def y(text: str) -> bytes:
    return textwrap.dedent(text).encode()


BASE = y("""
    services:
      ordering-api:
        image: eshop/ordering.api:${TAG:-latest}
        environment:
          - ASPNETCORE_ENVIRONMENT=Development
      ordering-backgroundtasks:
        image: eshop/ordering.backgroundtasks:${TAG:-latest}
      sqldata:
        image: mcr.microsoft.com/mssql/server:2019-latest
        ports: ["5433:1433"]
""")
OVERRIDE = y("""
    services:
      ordering-api:
        environment:
          ConnectionString: Server=sqldata;Database=Microsoft.eShop.OrderingDb;User Id=sa;Password=Pass@word
      ordering-backgroundtasks:
        environment:
          - ConnectionString=Server=sqldata;Database=Microsoft.eShop.OrderingDb;User Id=sa;Password=Pass@word
""")


def findings(doc, sign):
    return [f for f in doc["findings"] if f["sign"] == sign]


def test_shared_database_appears_only_after_merging_the_override():
    alone = analyse([("docker-compose.yml", BASE)])
    assert findings(alone, "shared_database") == []
    assert alone["suggested"]["shared_database"] == "unsure"

    merged = analyse([("docker-compose.yml", BASE), ("docker-compose.override.yml", OVERRIDE)])
    [finding] = findings(merged, "shared_database")
    assert finding["strength"] == "strong"
    assert finding["services"] == ["ordering-api", "ordering-backgroundtasks"]
    assert finding["datastore"] == "sqldata"
    assert finding["database"] == "Microsoft.eShop.OrderingDb"
    assert finding["files"] == ["docker-compose.override.yml"]
    assert "docker-compose.override.yml" in finding["summary"]
    assert merged["suggested"]["shared_database"] == "yes"
    store = merged["datastores"][0]
    assert store["engine"] == "mssql" and store["used_by"] == ["ordering-api", "ordering-backgroundtasks"]
    # the base file's own variable survives the merge (maps merge, not replace)
    api_edges = [e for e in merged["edges"] if e["from"] == "ordering-api"]
    assert api_edges == [
        {
            "from": "ordering-api",
            "to": "sqldata",
            "kind": "database",
            "source": "environment",
            "database": "Microsoft.eShop.OrderingDb",
            "setting": "ConnectionString",
            "file": "docker-compose.override.yml",
        }
    ]


def test_merge_order_later_file_wins_and_image_is_replaced():
    first = y("""
        services:
          orders:
            image: shop/orders:1
            environment: {DB_URL: "postgres://db-a:5432/orders"}
          db-a: {image: "postgres:16"}
          db-b: {image: "postgres:16"}
    """)
    second = y("""
        services:
          orders:
            image: shop/orders:2
            environment: ["DB_URL=postgres://db-b:5432/orders"]
    """)
    doc = analyse([("a.yml", first), ("b.yml", second)])
    orders = next(s for s in doc["services"] if s["name"] == "orders")
    assert orders["image"] == "shop/orders:2"
    assert [(e["to"], e["file"]) for e in doc["edges"]] == [("db-b", "b.yml")]
    reverse = analyse([("b.yml", second), ("a.yml", first)])
    assert [e["to"] for e in reverse["edges"]] == ["db-a"]


def test_environment_and_depends_on_in_list_and_map_forms():
    listed = y("""
        services:
          web:
            image: shop/web
            environment: ["API_URL=http://api:8080/v1", "MODE=fast"]
            depends_on: [api, cache]
          api:
            image: shop/api
            environment: {REDIS_HOST: cache}
            depends_on:
              cache: {condition: service_healthy}
          cache: {image: "redis:7"}
    """)
    doc = analyse([("docker-compose.yml", listed)])
    edges = {(e["from"], e["to"], e["kind"]) for e in doc["edges"]}
    assert edges == {
        ("web", "api", "call"),
        ("web", "api", "depends_on"),
        ("web", "cache", "depends_on"),
        ("api", "cache", "database"),
        ("api", "cache", "depends_on"),
    }


def test_depends_on_merges_across_files():
    base = y("""
        services:
          web: {image: shop/web, depends_on: [api]}
          api: {image: shop/api}
          queue: {image: "rabbitmq:3"}
    """)
    extra = y("""
        services:
          web:
            depends_on:
              queue: {condition: service_started}
    """)
    doc = analyse([("a.yml", base), ("b.yml", extra)])
    assert {(e["to"], e["file"]) for e in doc["edges"] if e["kind"] == "depends_on"} == {
        ("api", "a.yml"),
        ("queue", "b.yml"),
    }


def test_ports_concatenate_and_reset_removes():
    base = y("""
        services:
          store:
            image: acme/store-db
            ports: ["27017:27017"]
            environment: {A: "1"}
    """)
    extra = y("""
        services:
          store:
            ports: ["9000:9000"]
            environment: !reset {}
    """)
    doc = analyse([("a.yml", base), ("b.yml", extra)])
    # the 27017 port from the first file survives the merge and tells the engine
    store = doc["datastores"][0]
    assert store["engine"] == "mongo" and store["engine_from"] == "its port 27017"


def test_interpolation_with_defaults():
    assert interpolate("${DB_HOST:-pg}:${DB_PORT-5432}", []) == "pg:5432"
    missing = []
    assert interpolate("postgres://${DB_HOST}/x", missing) == "postgres:///x"
    assert missing == ["DB_HOST"]
    assert interpolate("$$HOME ${A:+set} ${B:-${C:-deep}}", []) == "$HOME  deep"
    doc = analyse(
        [
            (
                "docker-compose.yml",
                y("""
        services:
          orders:
            image: shop/orders
            environment:
              DATABASE_URL: "postgres://${PGHOST:-ordersdb}:5432/${PGDB-orders}"
          ordersdb: {image: "postgres:16"}
    """),
            )
        ]
    )
    assert [(e["to"], e["database"]) for e in doc["edges"]] == [("ordersdb", "orders")]


def test_variable_without_default_in_a_connection_setting_is_reported():
    doc = analyse(
        [
            (
                "docker-compose.yml",
                y("""
        services:
          orders:
            image: shop/orders
            environment:
              - DB_HOST=${DB_HOST}
              - DB_PASSWORD=${DB_PASSWORD}
          db: {image: "postgres:16"}
    """),
            )
        ]
    )
    assert doc["edges"] == []
    notes = [u for u in doc["unseen"] if "DB_HOST" in u]
    assert len(notes) == 1 and "orders" in notes[0]
    assert not any("DB_PASSWORD" in u for u in doc["unseen"])  # a password hides no wiring


def test_version_one_file_without_services_key():
    doc = analyse(
        [
            (
                "old.yml",
                y("""
        web:
          image: shop/web
          links: ["db:database"]
          environment: {DATABASE_HOST: database}
        db:
          image: mysql:5.7
    """),
            )
        ]
    )
    assert doc["inputs"][0]["format"] == "compose"
    assert {(e["to"], e["kind"]) for e in doc["edges"]} == {("db", "database"), ("db", "depends_on")}


def test_depends_on_alone_is_only_a_weak_shared_database_hint():
    doc = analyse(
        [
            (
                "docker-compose.yml",
                y("""
        services:
          a: {image: shop/a, depends_on: [db]}
          b: {image: shop/b, depends_on: [db]}
          db: {image: "postgres:16"}
    """),
            )
        ]
    )
    [finding] = findings(doc, "shared_database")
    assert finding["strength"] == "weak"
    assert finding["services"] == ["a", "b"]
    assert doc["suggested"]["shared_database"] == "partly"


def test_same_server_different_databases_is_weak():
    doc = analyse(
        [
            (
                "docker-compose.yml",
                y("""
        services:
          a: {image: shop/a, environment: {DB: "postgresql://pg:5432/alpha"}}
          b: {image: shop/b, environment: {DB: "jdbc:postgresql://pg:5432/beta?ssl=true"}}
          pg: {image: "postgres:16"}
    """),
            )
        ]
    )
    [finding] = findings(doc, "shared_database")
    assert finding["strength"] == "weak"
    assert finding["databases"] == ["alpha", "beta"]
    assert sorted(doc["datastores"][0]["databases"]) == ["alpha", "beta"]


def test_every_store_owned_by_one_visible_service_suggests_no():
    doc = analyse(
        [
            (
                "docker-compose.yml",
                y("""
        services:
          a: {image: shop/a, environment: {MONGO_URL: "mongodb://a-db:27017/a"}}
          b: {image: shop/b, environment: {MONGO_URL: "mongodb://b-db:27017/b"}}
          a-db: {image: "mongo:7"}
          b-db: {image: "mongo:7"}
    """),
            )
        ]
    )
    assert findings(doc, "shared_database") == []
    assert doc["suggested"]["shared_database"] == "no"


def test_redis_used_only_as_a_broker_is_a_broker():
    doc = analyse(
        [
            (
                "docker-compose.yml",
                y("""
        services:
          web: {image: shop/web, environment: {CELERY_BROKER_URL: "redis://redis:6379/0"}}
          worker: {image: shop/web-worker, environment: {CELERY_BROKER_URL: "redis://redis:6379/0"}}
          cache-user: {image: shop/api, environment: {REDIS_URL: "redis://cache:6379/1"}}
          redis: {image: "redis:7"}
          cache: {image: "redis:7"}
    """),
            )
        ]
    )
    assert [(b["name"], b["engine"], b["used_by"]) for b in doc["brokers"]] == [("redis", "redis", ["web", "worker"])]
    assert [d["name"] for d in doc["datastores"]] == ["cache"]
    assert {e["kind"] for e in doc["edges"] if e["to"] == "redis"} == {"async"}
    assert findings(doc, "shared_database") == []
