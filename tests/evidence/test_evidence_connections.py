"""Connection settings: which host, port, engine and database a value names."""

import pytest

from app.evidence.connection_settings import Target, names_engine_without_host, targets_in
from app.evidence.engines import engine_of_image, is_tooling, looks_like_datastore_name


@pytest.mark.parametrize(
    "name, value, expected",
    [
        (
            "ConnectionString",
            "Server=sqldata;Database=OrderingDb;User Id=sa;Password=Pass@word",
            [Target("sqldata", None, None, "OrderingDb", None)],
        ),
        (
            "ConnectionStrings__Db",
            "Data Source=tcp:sql.local,1433;Initial Catalog=Billing;",
            [Target("sql.local", 1433, "mssql", "Billing", None)],
        ),
        (
            "Npgsql",
            "Host=pg;Port=5433;Database=shop;Username=app;Password=x",
            [Target("pg", 5433, "postgres", "shop", None)],
        ),
        (
            "DB_URL",
            "jdbc:mysql://catalogue-db:3306/socksdb?useSSL=false",
            [Target("catalogue-db", 3306, "mysql", "socksdb", "mysql")],
        ),
        (
            "JDBC",
            "jdbc:sqlserver://mssql:1433;databaseName=Orders;encrypt=false",
            [Target("mssql", 1433, "mssql", "Orders", "sqlserver")],
        ),
        (
            "MONGO",
            "mongodb://u:p@m1:27017,m2:27017/carts?replicaSet=rs0",
            [Target("m1", 27017, "mongo", "carts", "mongodb"), Target("m2", 27017, "mongo", "carts", "mongodb")],
        ),
        ("DSN", "catalogue_user:pw@tcp(catalogue-db:3306)/socksdb", [Target("catalogue-db", 3306, "mysql", "socksdb")]),
        ("PG", "host=pgmain port=5432 dbname=ledger user=x", [Target("pgmain", None, "postgres", "ledger")]),
        ("ORACLE", "jdbc:oracle:thin:@ora:1521:ORCL", [Target("ora", 1521, "oracle", "ORCL")]),
        ("MONGO_HOST", "user-db:27017", [Target("user-db", 27017, "mongo")]),
        ("REDIS", "cache:6379,password=x,ssl=False", [Target("cache", 6379, "redis")]),
        ("CATALOGUE_URL", "http://catalogue/", [Target("catalogue", None, None, None, "http")]),
        ("AMQP", "amqp://guest:guest@rabbitmq:5672/", [Target("rabbitmq", 5672, "rabbitmq", None, "amqp")]),
        (
            "SQLALCHEMY_DATABASE_URI",
            "postgresql+psycopg2://app@db/app",
            [Target("db", None, "postgres", "app", "postgresql")],
        ),
        ("EventBusConnection", "rabbitmq", [Target("rabbitmq", None, None, None, None, True)]),
        ("UPSTREAM", "orders", [Target("orders", None, None, None, None, False)]),
        (
            "JAVA_OPTS",
            "-Xms64m -Dspring.data.mongodb.uri=mongodb://carts-db:27017/data",
            [Target("carts-db", 27017, "mongo", "data", "mongodb")],
        ),
    ],
)
def test_targets(name, value, expected):
    assert targets_in(name, value) == expected


@pytest.mark.parametrize(
    "name, value",
    [
        ("MYSQL_DATABASE", "socksdb"),  # a database name, not a host
        ("DB_PASSWORD", "postgres://x"),  # secrets are never read
        ("SESSION_REDIS", "true"),
        ("JAVA_OPTS", "-Xms64m -Xmx128m -Dspring.zipkin.enabled=false"),
        ("START_TIME", "10:30"),
        ("MODE", "orders"),
        ("PORT", "8080"),
    ],
)
def test_not_targets(name, value):
    assert targets_in(name, value) == []


def test_embedded_text_only_counts_explicit_urls():
    body = "server:\n  port: 8080\norders: http://orders:80\nhost: ignored-here:1234\n"
    assert targets_in("config/app.yml", body, embedded=True) == [Target("orders", 80, None, None, "http")]


def test_flags_that_turn_on_an_engine():
    assert names_engine_without_host("SESSION_REDIS", "true") == "redis"
    assert names_engine_without_host("USE_KAFKA", "1") == "kafka"
    assert names_engine_without_host("SESSION_REDIS", "false") is None
    assert names_engine_without_host("DEBUG", "true") is None


@pytest.mark.parametrize(
    "image, engine",
    [
        ("mongo:3.4", "mongo"),
        ("bitnami/postgresql:16", "postgres"),
        ("mcr.microsoft.com/mssql/server:2022-latest", "mssql"),
        ("docker.elastic.co/elasticsearch/elasticsearch:8.1.0", "elasticsearch"),
        ("amazon/dynamodb-local", "dynamodb"),
        ("rabbitmq:3.6.8-management", "rabbitmq"),
        ("confluentinc/cp-kafka:7.6", "kafka"),
        ("nats:2", "nats"),
        ("acme/orders-mongo:1", "mongo"),
        ("weaveworksdemos/catalogue-db:0.3.0", None),
        ("acme/redis-sync-worker:2", None),
        ("weaveworksdemos/carts:0.4.8", None),
        ("oracle/graalvm-ce", None),
    ],
)
def test_engine_of_image(image, engine):
    assert engine_of_image(image) == engine


def test_datastore_names_and_tooling():
    assert looks_like_datastore_name("catalogue-db") and looks_like_datastore_name("ordersdb")
    assert looks_like_datastore_name("orders_database")
    assert not looks_like_datastore_name("dashboard") and not looks_like_datastore_name("feedback")
    assert is_tooling("jaegertracing/all-in-one:1.5", "jaeger")
    assert is_tooling("mongo-express", "admin")
    assert is_tooling("otel/opentelemetry-collector-contrib", "collector")
    assert not is_tooling("shop/express-checkout", "checkout")
