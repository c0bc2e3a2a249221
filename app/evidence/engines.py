"""What kind of thing a container is: a datastore, a broker, tooling or a service.

Recognition, in order of trust:

1. **Image**: the image path names an engine (``postgres``, ``bitnami/mongodb``,
   ``mcr.microsoft.com/mssql/server``, ``rabbitmq:3-management`` ...). Name
   tokens are matched, so ``acme/orders-mongo`` counts, but an image whose
   last part also says ``api``, ``service``, ``worker`` ... is an application.
2. **Name**: a container or image called ``*-db``, ``*db``, ``*-database`` is a
   datastore even when the engine is unknown (Sock Shop's
   ``weaveworksdemos/catalogue-db``).
3. **Own settings** that only a database server reads (``MYSQL_ROOT_PASSWORD``,
   ``PGDATA``, ``MONGO_INITDB_*``, ``ACCEPT_EULA`` ...).
4. **Ports** the container exposes (27017, 3306 ... or a port named ``mongo``).
5. **How clients connect** to it (``mongodb://``, ``MONGO_HOST``, ``:27017``).

When none of these says which engine, the engine is ``"unknown"``.
"""

from __future__ import annotations

import re

DATASTORE_ENGINES = {
    "postgres": "postgres", "postgresql": "postgres", "postgis": "postgres",
    "timescaledb": "postgres", "pgvector": "postgres", "pg": "postgres",
    "mysql": "mysql", "percona": "mysql", "mariadb": "mariadb",
    "mongo": "mongo", "mongodb": "mongo",
    "redis": "redis", "valkey": "redis", "keydb": "redis",
    "mssql": "mssql", "sqlserver": "mssql", "azure-sql-edge": "mssql",
    "cassandra": "cassandra", "scylla": "cassandra", "scylladb": "cassandra",
    "elasticsearch": "elasticsearch", "opensearch": "elasticsearch",
    "couchdb": "couchdb", "couchbase": "couchbase", "neo4j": "neo4j",
    "dynamodb": "dynamodb", "dynamodb-local": "dynamodb",
    "cockroach": "cockroachdb", "cockroachdb": "cockroachdb",
    "influxdb": "influxdb", "memcached": "memcached", "clickhouse": "clickhouse",
    "arangodb": "arangodb", "db2": "db2",
    "ravendb": "ravendb", "eventstore": "eventstore", "etcd": "etcd",
}
BROKER_ENGINES = {
    "rabbitmq": "rabbitmq", "rabbit": "rabbitmq", "amqp": "rabbitmq",
    "kafka": "kafka", "redpanda": "kafka", "nats": "nats",
    "activemq": "activemq", "artemis": "activemq", "nsq": "nsq", "nsqd": "nsq",
    "pulsar": "pulsar", "mosquitto": "mqtt", "emqx": "mqtt", "servicebus": "servicebus",
}
TOOLING = {
    "jaeger", "zipkin", "prometheus", "grafana", "seq", "kibana", "logstash",
    "fluentd", "fluentbit", "adminer", "pgadmin", "pgadmin4", "phpmyadmin",
    "mailhog", "mailpit", "portainer", "cadvisor", "exporter", "loki", "promtail",
    "zookeeper", "kafdrop", "akhq", "redisinsight", "kowl", "otel", "opentelemetry",
}
TOOLING_NAMES = ("mongo-express", "redis-commander", "redpanda-console", "otel-collector",
                 "kafka-ui", "fluent-bit", "elasticsearch-exporter")
_APPLICATION_WORDS = {"api", "service", "svc", "worker", "app", "web", "backend",
                      "frontend", "ui", "sync", "proxy", "gateway", "client", "job"}
_DB_NAME = re.compile(r"(?:^|[-_.])(?:db|database|datastore)$|.db$")
_TOKENS = re.compile(r"[a-z0-9]+")

WELL_KNOWN_PORTS = {
    5432: "postgres", 3306: "mysql", 27017: "mongo", 6379: "redis", 1433: "mssql",
    9042: "cassandra", 9200: "elasticsearch", 5984: "couchdb", 7687: "neo4j",
    26257: "cockroachdb", 8086: "influxdb", 11211: "memcached", 1521: "oracle",
    5672: "rabbitmq", 5671: "rabbitmq", 9092: "kafka", 4222: "nats",
    61616: "activemq", 6650: "pulsar", 4150: "nsq", 1883: "mqtt",
}
URL_SCHEMES = {
    "postgres": "postgres", "postgresql": "postgres", "pgsql": "postgres",
    "mysql": "mysql", "mysql2": "mysql", "mysqlx": "mysql", "mariadb": "mariadb",
    "mongodb": "mongo", "mongodb+srv": "mongo", "redis": "redis", "rediss": "redis",
    "sqlserver": "mssql", "mssql": "mssql", "cassandra": "cassandra",
    "neo4j": "neo4j", "bolt": "neo4j", "couchdb": "couchdb", "oracle": "oracle",
    "amqp": "rabbitmq", "amqps": "rabbitmq", "kafka": "kafka", "nats": "nats",
    "stomp": "activemq", "mqtt": "mqtt", "pulsar": "pulsar",
}
CALL_SCHEMES = {"http", "https", "grpc", "grpcs", "ws", "wss", "h2c", "dns", "thrift"}
# OpenTelemetry db.system values and OpenTracing db.type values
DB_SYSTEMS = {
    "postgresql": "postgres", "postgres": "postgres", "mysql": "mysql",
    "mariadb": "mariadb", "mongodb": "mongo", "mongo": "mongo", "redis": "redis",
    "mssql": "mssql", "cassandra": "cassandra", "elasticsearch": "elasticsearch",
    "opensearch": "elasticsearch", "couchdb": "couchdb", "couchbase": "couchbase",
    "neo4j": "neo4j", "dynamodb": "dynamodb", "cockroachdb": "cockroachdb",
    "memcached": "memcached", "clickhouse": "clickhouse", "oracle": "oracle",
    "db2": "db2", "sql": "sql", "other_sql": "sql", "influxdb": "influxdb",
}
EMBEDDED_DATABASES = {"sqlite", "h2", "hsqldb", "derby"}
SERVER_SETTINGS = (
    ("MYSQL_ROOT_PASSWORD", "mysql"), ("MYSQL_ALLOW_EMPTY_PASSWORD", "mysql"),
    ("MYSQL_RANDOM_ROOT_PASSWORD", "mysql"), ("MARIADB_ROOT_PASSWORD", "mariadb"),
    ("MARIADB_ALLOW_EMPTY_ROOT_PASSWORD", "mariadb"), ("PGDATA", "postgres"),
    ("POSTGRES_PASSWORD", "postgres"), ("POSTGRES_HOST_AUTH_METHOD", "postgres"),
    ("MONGO_INITDB_", "mongo"), ("MSSQL_SA_PASSWORD", "mssql"), ("MSSQL_PID", "mssql"),
    ("ACCEPT_EULA", "mssql"), ("NEO4J_AUTH", "neo4j"), ("CASSANDRA_CLUSTER_NAME", "cassandra"),
    ("DISCOVERY.TYPE", "elasticsearch"), ("COUCHDB_USER", "couchdb"),
    ("RABBITMQ_DEFAULT_USER", "rabbitmq"), ("RABBITMQ_ERLANG_COOKIE", "rabbitmq"),
    ("KAFKA_BROKER_ID", "kafka"), ("KAFKA_ADVERTISED_LISTENERS", "kafka"),
)
OWN_DATABASE_SETTINGS = ("MYSQL_DATABASE", "MARIADB_DATABASE", "POSTGRES_DB",
                         "MONGO_INITDB_DATABASE", "COUCHDB_DATABASE")


def is_broker(engine: str | None) -> bool:
    return engine in BROKER_ENGINES.values()


def tokens(text: str) -> list[str]:
    return _TOKENS.findall(text.lower())


def image_repository(image: str) -> str:
    """``registry/org/name`` without tag or digest, lower case."""
    repo = image.split("@", 1)[0].lower()
    last = repo.rsplit("/", 1)
    if ":" in last[-1]:
        repo = repo[: repo.rindex(":")]
    return repo


def image_tag(image: str) -> str | None:
    repo = image.split("@", 1)[0]
    last = repo.rsplit("/", 1)[-1]
    return last.split(":", 1)[1] if ":" in last else None


def engine_in_words(words: list[str]) -> str | None:
    for word in words:
        if word in DATASTORE_ENGINES:
            return DATASTORE_ENGINES[word]
        if word in BROKER_ENGINES:
            return BROKER_ENGINES[word]
    return None


def engine_of_image(image: str | None) -> str | None:
    """The engine an image is, or is built on, judging by its name."""
    if not image:
        return None
    repo = image_repository(image)
    last = repo.rsplit("/", 1)[-1]
    if set(tokens(last)) & _APPLICATION_WORDS:
        return None
    if repo.endswith("mssql/server") or "azure-sql-edge" in repo:
        return "mssql"
    if repo.endswith("dynamodb-local"):
        return "dynamodb"
    parts = repo.split("/")
    words = [w for part in parts[1:] + parts[:1] for w in tokens(part)]
    return engine_in_words(words)


def is_tooling(image: str | None, name: str) -> bool:
    words = set(tokens(name))
    if image:
        repo = image_repository(image)
        words |= set(tokens(repo.rsplit("/", 1)[-1]))
        if "otel" in repo or "opentelemetry" in repo:
            return True
    text = f"{name} {image or ''}".lower()
    return bool(words & TOOLING) or any(known in text for known in TOOLING_NAMES)


def looks_like_datastore_name(*names: str | None) -> bool:
    return any(name and _DB_NAME.search(name.lower()) for name in names)


def engine_of_settings(names: list[str]) -> tuple[str, str] | None:
    """Engine from settings only a server reads, with the setting that told."""
    for name in names:
        upper = name.upper()
        for prefix, engine in SERVER_SETTINGS:
            if upper.startswith(prefix):
                return engine, name
    return None


def engine_of_port(port: int | None) -> str | None:
    return WELL_KNOWN_PORTS.get(port) if port else None


def engine_of_db_system(value: str | None) -> str | None:
    if not value:
        return None
    value = value.lower()
    return DB_SYSTEMS.get(value, value)
