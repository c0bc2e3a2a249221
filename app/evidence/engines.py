"""What kind of thing a container is: a datastore, a broker, tooling, platform or a service.

A part is a datastore because of what it *runs*, never because it carries a client's
settings for one. Recognition, in order of trust:

1. **Tooling and platform** by a known image or whole words of the image's last path
   segment or the name (``jaeger``, ``otel-collector``, ``flagd``, ``config-server``,
   ``grafana``, ``loadgenerator``), never by part of a word (``hotel`` is not ``otel``).
2. **Image**: the image path names an engine (``postgres``, ``bitnami/mongodb``,
   ``mcr.microsoft.com/mssql/server``, ``rabbitmq:3-management`` ...). Name
   tokens are matched, so ``acme/orders-mongo`` counts, but an image whose
   last part also says ``api``, ``service``, ``worker`` ... is an application.
3. **Settings only a server reads** (``MYSQL_ROOT_PASSWORD``, ``PGDATA``,
   ``MONGO_INITDB_*``, ``ACCEPT_EULA`` ...), unless the part connects to another
   server of that engine itself.
4. **Name**: a container or image called ``*-db``, ``*db``, ``*-database`` is a
   datastore even when the engine is unknown (Sock Shop's
   ``weaveworksdemos/catalogue-db``); then settings a client may also carry
   (``POSTGRES_PASSWORD``) or its ports say which engine.
5. **Settings clients also carry** (``POSTGRES_PASSWORD``, ``MYSQL_USER``) together with the
   engine's own port exposed, and no connection to another server of that engine.
6. **How clients connect** to it (``mongodb://``, ``MONGO_HOST``, ``:27017``).

When none of these says which engine, the engine is ``"unknown"``.
"""

from __future__ import annotations

import re

DATASTORE_ENGINES = {
    "postgres": "postgres",
    "postgresql": "postgres",
    "postgis": "postgres",
    "timescaledb": "postgres",
    "pgvector": "postgres",
    "pg": "postgres",
    "mysql": "mysql",
    "percona": "mysql",
    "mariadb": "mariadb",
    "mongo": "mongo",
    "mongodb": "mongo",
    "redis": "redis",
    "valkey": "redis",
    "keydb": "redis",
    "mssql": "mssql",
    "sqlserver": "mssql",
    "azure-sql-edge": "mssql",
    "cassandra": "cassandra",
    "scylla": "cassandra",
    "scylladb": "cassandra",
    "elasticsearch": "elasticsearch",
    "opensearch": "elasticsearch",
    "couchdb": "couchdb",
    "couchbase": "couchbase",
    "neo4j": "neo4j",
    "dynamodb": "dynamodb",
    "dynamodb-local": "dynamodb",
    "cockroach": "cockroachdb",
    "cockroachdb": "cockroachdb",
    "influxdb": "influxdb",
    "memcached": "memcached",
    "clickhouse": "clickhouse",
    "arangodb": "arangodb",
    "db2": "db2",
    "ravendb": "ravendb",
    "eventstore": "eventstore",
    "etcd": "etcd",
}
BROKER_ENGINES = {
    "rabbitmq": "rabbitmq",
    "rabbit": "rabbitmq",
    "amqp": "rabbitmq",
    "kafka": "kafka",
    "redpanda": "kafka",
    "nats": "nats",
    "activemq": "activemq",
    "artemis": "activemq",
    "nsq": "nsq",
    "nsqd": "nsq",
    "pulsar": "pulsar",
    "mosquitto": "mqtt",
    "emqx": "mqtt",
    "servicebus": "servicebus",
}
# Tooling: containers that look at the system or load it, which no application needs to run.
TOOLING = {
    "prometheus",
    "grafana",
    "seq",
    "kibana",
    "logstash",
    "fluentd",
    "fluentbit",
    "filebeat",
    "adminer",
    "pgadmin",
    "pgadmin4",
    "phpmyadmin",
    "mailhog",
    "mailpit",
    "portainer",
    "cadvisor",
    "exporter",
    "loki",
    "promtail",
    "alertmanager",
    "kafdrop",
    "akhq",
    "redisinsight",
    "kowl",
    "loadgenerator",
    "locust",
    "k6",
    "wrk",
    "wrk2",
    "tracetest",
}
TOOLING_NAMES = (
    ("mongo", "express"),
    ("redis", "commander"),
    ("redpanda", "console"),
    ("kafka", "ui"),
    ("fluent", "bit"),
    ("load", "generator"),
    ("node", "exporter"),
    ("opensearch", "dashboards"),
    ("kube", "state", "metrics"),
)
# Platform dependencies: shared infrastructure applications talk to, which is not the system's
# own business logic. Kind -> whole words, and runs of words, that name it.
PLATFORM = {
    "telemetry": (
        {"jaeger", "zipkin", "otelcol", "tempo", "signoz"},
        (
            ("opentelemetry", "collector"),
            ("otel", "collector"),
            ("otel", "lgtm"),
            ("otel", "agent"),
            ("skywalking", "oap"),
        ),
    ),
    "feature_flags": (
        {"flagd", "unleash", "flipt", "flagsmith", "growthbook"},
        (("feature", "flags"), ("go", "feature", "flag")),
    ),
    "discovery": (
        {"eureka", "consul", "zookeeper", "nacos", "configserver"},
        (("discovery", "server"), ("config", "server"), ("service", "registry"), ("cloud", "config")),
    ),
    "admin": ({"turbine"}, (("admin", "server"), ("boot", "admin"), ("hystrix", "dashboard"))),
}
# Known images whose last path segment says too little (``jaegertracing/all-in-one``).
KNOWN_IMAGES = {
    "jaegertracing/all-in-one": ("platform", "telemetry"),
    "openzipkin/zipkin": ("platform", "telemetry"),
    "open-feature/flagd": ("platform", "feature_flags"),
    "codecentric/spring-boot-admin": ("platform", "admin"),
}
_KNOWN_ORGS = {"jaegertracing": ("platform", "telemetry"), "openzipkin": ("platform", "telemetry")}
_APPLICATION_WORDS = {
    "api",
    "service",
    "svc",
    "worker",
    "app",
    "web",
    "backend",
    "frontend",
    "ui",
    "sync",
    "proxy",
    "gateway",
    "client",
    "job",
}
# An application image instrumented for tracing (``ts-auth-service-with-jaeger``) is still itself.
_INSTRUMENTED = re.compile(r"[-_.]with[-_.].*$")
_DB_NAME = re.compile(r"(?:^|[-_.])(?:db|database|datastore)$|.db$")
_TOKENS = re.compile(r"[a-z0-9]+")

WELL_KNOWN_PORTS = {
    5432: "postgres",
    3306: "mysql",
    27017: "mongo",
    6379: "redis",
    1433: "mssql",
    9042: "cassandra",
    9200: "elasticsearch",
    5984: "couchdb",
    7687: "neo4j",
    26257: "cockroachdb",
    8086: "influxdb",
    11211: "memcached",
    1521: "oracle",
    5672: "rabbitmq",
    5671: "rabbitmq",
    9092: "kafka",
    4222: "nats",
    61616: "activemq",
    6650: "pulsar",
    4150: "nsq",
    1883: "mqtt",
}
URL_SCHEMES = {
    "postgres": "postgres",
    "postgresql": "postgres",
    "pgsql": "postgres",
    "mysql": "mysql",
    "mysql2": "mysql",
    "mysqlx": "mysql",
    "mariadb": "mariadb",
    "mongodb": "mongo",
    "mongodb+srv": "mongo",
    "redis": "redis",
    "rediss": "redis",
    "sqlserver": "mssql",
    "mssql": "mssql",
    "cassandra": "cassandra",
    "neo4j": "neo4j",
    "bolt": "neo4j",
    "couchdb": "couchdb",
    "oracle": "oracle",
    "amqp": "rabbitmq",
    "amqps": "rabbitmq",
    "kafka": "kafka",
    "nats": "nats",
    "stomp": "activemq",
    "mqtt": "mqtt",
    "pulsar": "pulsar",
}
CALL_SCHEMES = {"http", "https", "grpc", "grpcs", "ws", "wss", "h2c", "dns", "thrift"}
# OpenTelemetry db.system values and OpenTracing db.type values
DB_SYSTEMS = {
    "postgresql": "postgres",
    "postgres": "postgres",
    "mysql": "mysql",
    "mariadb": "mariadb",
    "mongodb": "mongo",
    "mongo": "mongo",
    "redis": "redis",
    "mssql": "mssql",
    "cassandra": "cassandra",
    "elasticsearch": "elasticsearch",
    "opensearch": "elasticsearch",
    "couchdb": "couchdb",
    "couchbase": "couchbase",
    "neo4j": "neo4j",
    "dynamodb": "dynamodb",
    "cockroachdb": "cockroachdb",
    "memcached": "memcached",
    "clickhouse": "clickhouse",
    "oracle": "oracle",
    "db2": "db2",
    "sql": "sql",
    "other_sql": "sql",
    "influxdb": "influxdb",
}
EMBEDDED_DATABASES = {"sqlite", "h2", "hsqldb", "derby"}
# Settings only a database or broker server reads: a client never needs them.
SERVER_SETTINGS = (
    ("MYSQL_ROOT_PASSWORD", "mysql"),
    ("MYSQL_ALLOW_EMPTY_PASSWORD", "mysql"),
    ("MYSQL_RANDOM_ROOT_PASSWORD", "mysql"),
    ("MARIADB_ROOT_PASSWORD", "mariadb"),
    ("MARIADB_ALLOW_EMPTY_ROOT_PASSWORD", "mariadb"),
    ("PGDATA", "postgres"),
    ("POSTGRES_HOST_AUTH_METHOD", "postgres"),
    ("POSTGRES_INITDB_", "postgres"),
    ("MONGO_INITDB_", "mongo"),
    ("MSSQL_PID", "mssql"),
    ("ACCEPT_EULA", "mssql"),
    ("CASSANDRA_CLUSTER_NAME", "cassandra"),
    ("DISCOVERY.TYPE", "elasticsearch"),
    ("RABBITMQ_ERLANG_COOKIE", "rabbitmq"),
    ("KAFKA_BROKER_ID", "kafka"),
    ("KAFKA_ADVERTISED_LISTENERS", "kafka"),
    ("KAFKA_NODE_ID", "kafka"),
    ("KAFKA_PROCESS_ROLES", "kafka"),
)
# Settings a server reads but its clients often carry too (Bank of Anthos gives every
# client of accounts-db the same ConfigMap with POSTGRES_PASSWORD): they say which engine a
# part runs only once something else shows it is the server.
SHARED_SERVER_SETTINGS = (
    ("POSTGRES_PASSWORD", "postgres"),
    ("POSTGRES_USER", "postgres"),
    ("POSTGRES_DB", "postgres"),
    ("MYSQL_PASSWORD", "mysql"),
    ("MYSQL_USER", "mysql"),
    ("MYSQL_DATABASE", "mysql"),
    ("MARIADB_PASSWORD", "mariadb"),
    ("MARIADB_USER", "mariadb"),
    ("MSSQL_SA_PASSWORD", "mssql"),
    ("SA_PASSWORD", "mssql"),
    ("NEO4J_AUTH", "neo4j"),
    ("COUCHDB_USER", "couchdb"),
    ("RABBITMQ_DEFAULT_USER", "rabbitmq"),
    ("RABBITMQ_DEFAULT_PASS", "rabbitmq"),
)
OWN_DATABASE_SETTINGS = (
    "MYSQL_DATABASE",
    "MARIADB_DATABASE",
    "POSTGRES_DB",
    "MONGO_INITDB_DATABASE",
    "COUCHDB_DATABASE",
)


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


def _name_words(text: str) -> list[str]:
    """Whole words of a name, without an instrumentation suffix such as ``-with-jaeger``."""
    return tokens(_INSTRUMENTED.sub("", text.lower()))


def _has_run(words: list[str], run: tuple[str, ...]) -> bool:
    size = len(run)
    return any(tuple(words[i : i + size]) == run for i in range(len(words) - size + 1))


def _kind_in_words(words: list[str]) -> tuple[str, str] | None:
    if not words:
        return None
    for kind, (singles, _runs) in PLATFORM.items():
        if words[0] in singles:
            return "platform", kind  # flagd-ui, jaeger-query
    if words[0] in TOOLING:
        return "tooling", "tooling"
    if set(words) & _APPLICATION_WORDS:
        return None  # an application's own name (ts-admin-user-service, ts-ui-dashboard)
    for kind, (singles, runs) in PLATFORM.items():
        if set(words) & singles or any(_has_run(words, run) for run in runs):
            return "platform", kind
    if set(words) & TOOLING or any(_has_run(words, run) for run in TOOLING_NAMES):
        return "tooling", "tooling"
    return None


def support_kind(image: str | None, name: str) -> tuple[str, str] | None:
    """("tooling", "tooling") or ("platform", kind) for a part that is not the system's own.

    Judged by a known image, then by whole words of the image's last path segment, then of the
    name (split on ``-``, ``_``, ``/``, ``.``); never by a part of a word, so ``hotel-reservation``
    is not ``otel``. An image of an application that merely names a tracer
    (``...-with-jaeger``) stays an application.
    """
    if image:
        repo = image_repository(image)
        path = repo.split("/", 1)[1] if repo.count("/") >= 2 and "." in repo.split("/", 1)[0] else repo
        for known, kind in KNOWN_IMAGES.items():
            if path == known or path.endswith("/" + known):
                return kind
        if "/" in path and path.split("/", 1)[0] in _KNOWN_ORGS:
            return _KNOWN_ORGS[path.split("/", 1)[0]]
        by_image = _kind_in_words(_name_words(repo.rsplit("/", 1)[-1]))
        if by_image or set(_name_words(repo.rsplit("/", 1)[-1])) & _APPLICATION_WORDS:
            return by_image
    return _kind_in_words(_name_words(name))


def is_tooling(image: str | None, name: str) -> bool:
    """Not part of the system itself: tooling or a platform dependency."""
    return support_kind(image, name) is not None


def looks_like_datastore_name(*names: str | None) -> bool:
    return any(name and _DB_NAME.search(name.lower()) for name in names)


def engine_of_settings(names: list[str], shared: bool = False) -> tuple[str, str] | None:
    """Engine from settings only a server reads, with the setting that told.

    With ``shared``, settings that clients often carry as well count too.
    """
    table = SERVER_SETTINGS + SHARED_SERVER_SETTINGS if shared else SERVER_SETTINGS
    for name in names:
        upper = name.upper()
        for prefix, engine in table:
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
