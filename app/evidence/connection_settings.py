"""Reading connection settings: which hosts, ports and databases a value names.

A setting yields a :class:`Target` for each of:

* a URL anywhere in the value (``postgres://``, ``mongodb://a,b/db``,
  ``amqp://``, ``http://carts:80`` ...), also inside JDBC URLs
  (``jdbc:mysql://db:3306/shop``, ``jdbc:sqlserver://db;databaseName=X``),
  with the database taken from the path or the ``databaseName`` property;
* an ADO.NET / Npgsql style string (``Server=sqldata;Database=OrderingDb``),
  a libpq string (``host=db dbname=orders``), a Go MySQL DSN
  (``user@tcp(db:3306)/shop``) or an Oracle JDBC URL;
* a ``host:port`` value (or a comma list of them);
* a bare host name in a setting whose name says it holds one (``*_HOST``,
  ``*_ADDR``, ``*Url``, ``*Connection``, ``MONGO``, ...). Other bare words
  become *weak* targets that count only if they name a datastore or broker.

A wildcard host (``http://*:7070`` in ``ASPNETCORE_URLS``, ``http://+:80``, ``0.0.0.0``) is the
address a service listens on, not one it calls, and is never a target.

Settings whose names mark secrets (passwords, tokens) are never read. Settings that
name a topic, queue, channel, stream, exchange, routing key or consumer group hold the
name of a message destination, never a host, unless the value is a URL.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .engines import CALL_SCHEMES, URL_SCHEMES, engine_in_words, engine_of_port

_WORDS = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*)://")
_AUTHORITY_END = re.compile(r"[\s/?#'\";,)]")
_AUTHORITY_END_MULTI = re.compile(r"[\s/?#'\";)]")
_SEGMENT = re.compile(r"/([^\s/?#'\";,&)]+)")
_DATABASE_PROPERTY = re.compile(r"(?i)(?:databaseName|database|initial catalog|dbname)\s*=\s*([^;&\s]+)")
_HOST_PORT = re.compile(r"\s*([A-Za-z][A-Za-z0-9.\-_]*):(\d{2,5})\s*\Z")
_BARE_HOST = re.compile(r"\s*([A-Za-z][A-Za-z0-9.\-_]*)\s*\Z")
_GO_DSN = re.compile(r"@tcp\(([A-Za-z0-9.\-_]+)(?::(\d+))?\)/([\w\-]*)")
_ORACLE = re.compile(r"jdbc:oracle:\w+:@(?://)?([A-Za-z0-9.\-_]+):(\d+)[:/]([\w.\-]+)")
_LIBPQ_HOST = re.compile(r"(?:^|\s)host\s*=\s*([^\s;]+)")
_HOST_KEYS = {"server", "data source", "host", "address", "addr", "network address", "hostname", "datasource"}
_DATABASE_KEYS = {"database", "initial catalog", "dbname", "databasename"}
_CONNECTION_WORDS = {
    "host",
    "hostname",
    "hosts",
    "addr",
    "address",
    "server",
    "servers",
    "endpoint",
    "endpoints",
    "url",
    "uri",
    "urls",
    "dsn",
    "connection",
    "conn",
    "broker",
    "brokers",
    "bootstrap",
    "nodes",
}
_SECRET_WORDS = {"password", "passwd", "pwd", "secret", "token", "credential", "credentials", "apikey", "pass"}
_NOT_HOST_WORDS = {
    "database",
    "db",
    "name",
    "user",
    "username",
    "schema",
    "collection",
    "table",
    "index",
    "prefix",
    "pool",
    "size",
    "timeout",
    "port",
    "ttl",
    "version",
    "mode",
    "enabled",
    "enable",
    "level",
    "path",
    "dir",
    "file",
}
_DESTINATION_WORDS = {
    "topic",
    "topics",
    "queue",
    "queues",
    "channel",
    "channels",
    "stream",
    "streams",
    "exchange",
    "exchanges",
    "routing",
    "group",
    "groups",
    "subject",
    "subjects",
    "subscription",
    "subscriptions",
    "partition",
    "partitions",
}
_DATABASE_NAME_SUFFIXES = (("db",), ("database",), ("db", "name"), ("database", "name"), ("dbname",), ("name",))
_HOST_SUFFIX_WORDS = {"host", "hostname", "addr", "address", "server", "service", "url", "uri"}
_TRUE_FLAGS = {"true", "yes", "on", "1", "enabled", "enable"}
_NOT_HOSTS = {
    "true",
    "false",
    "yes",
    "no",
    "on",
    "off",
    "none",
    "null",
    "enabled",
    "disabled",
    "production",
    "development",
    "staging",
    "debug",
    "info",
}
_LISTEN_ON_ALL = {"*", "+", "0.0.0.0", "::", "[::]"}
K8S_SUFFIXES = (".svc.cluster.local", ".cluster.local", ".svc")


class Target(NamedTuple):
    host: str
    port: int | None = None
    engine: str | None = None
    database: str | None = None
    scheme: str | None = None
    explicit: bool = True

    @property
    def is_call(self) -> bool:
        return self.scheme in CALL_SCHEMES


def name_words(name: str) -> list[str]:
    return [word.lower() for word in _WORDS.findall(name)]


def names_destination(name: str) -> bool:
    """A setting that names a topic, queue, channel ... (``KAFKA_TOPIC``), not a host."""
    words = set(name_words(name))
    return bool(words & _DESTINATION_WORDS) and not words & _CONNECTION_WORDS


def is_connection_name(name: str) -> bool:
    words = name_words(name)
    if names_destination(name):
        return False
    return bool(set(words) & _CONNECTION_WORDS) or engine_in_words(words) is not None


def sibling_database(host_setting: str, settings: dict[str, str]) -> str | None:
    """The database a client names beside its host setting (``POSTGRES_HOST`` -> ``POSTGRES_DB``).

    ``settings`` maps the client's setting names to values; the sibling shares the host
    setting's prefix (``DB_HOST`` and ``DB_NAME``, ``MYSQL_HOST`` and ``MYSQL_DATABASE``).
    """
    words = name_words(host_setting)
    if not words or words[-1] not in _HOST_SUFFIX_WORDS or len(words) < 2:
        return None
    prefix = words[:-1]
    for name, value in settings.items():
        other = name_words(name)
        if other[: len(prefix)] != prefix or not value or is_secret_name(name):
            continue
        if tuple(other[len(prefix) :]) in _DATABASE_NAME_SUFFIXES and _BARE_HOST.match(value):
            if prefix[-1] in ("db", "database") or tuple(other[len(prefix) :]) != ("name",):
                return value.strip()
    return None


def is_secret_name(name: str) -> bool:
    words = name_words(name)
    return bool(set(words) & _SECRET_WORDS) or (bool(words) and words[-1] == "key")


def names_engine_without_host(name: str, value: str) -> str | None:
    """The engine a flag-like setting (``SESSION_REDIS=true``) turns on, if any."""
    if value.strip().lower() not in _TRUE_FLAGS:
        return None
    return engine_in_words(name_words(name))


def _port(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and len(text) <= 5 else None


def _split_host(authority: str) -> tuple[str, int | None]:
    authority = authority.rsplit("@", 1)[-1].strip()
    if authority.lower().startswith("tcp:"):
        authority = authority[4:]
    authority = authority.split("\\", 1)[0]
    for separator in (",", ":"):
        if separator in authority:
            host, _, port = authority.partition(separator)
            return host, _port(port.strip())
    return authority, None


def _url_targets(value: str, name_engine: str | None) -> list[Target]:
    found = []
    for match in _SCHEME.finditer(value):
        scheme = match.group(1).lower()
        base = scheme if scheme == "mongodb+srv" else scheme.split("+", 1)[0]
        if base in ("file", "s3", "gs", "classpath", "unix"):
            continue
        end_pattern = _AUTHORITY_END_MULTI if base.startswith("mongodb") else _AUTHORITY_END
        stop = end_pattern.search(value, match.end())
        end = stop.start() if stop else len(value)
        authority = value[match.end() : end].rsplit("@", 1)[-1]
        database = None
        segment = _SEGMENT.match(value, end)
        if segment and base not in CALL_SCHEMES and base not in ("redis", "rediss"):
            database = segment.group(1)
        prop = _DATABASE_PROPERTY.search(value, end)
        if prop and base in ("sqlserver", "mssql"):
            database = prop.group(1)
        for part in authority.split(",") if base.startswith("mongodb") else [authority]:
            host, port = _split_host(part)
            if not host or host in _LISTEN_ON_ALL or host.startswith("["):
                continue
            engine = URL_SCHEMES.get(base) or (None if base in CALL_SCHEMES else name_engine or engine_of_port(port))
            found.append(Target(host, port, engine, database, base))
    return found


def _key_value_targets(value: str) -> list[Target]:
    pairs = {}
    for part in value.split(";"):
        key, sep, item = part.partition("=")
        if sep:
            pairs[key.strip().lower()] = item.strip()
    host_text = next((pairs[k] for k in pairs if k in _HOST_KEYS), None)
    if not host_text:
        return []
    host, port = _split_host(host_text.split(",")[0] if "host" in pairs else host_text)
    port = port or _port(pairs.get("port"))
    database = next((pairs[k] for k in pairs if k in _DATABASE_KEYS), None)
    engine = "postgres" if "host" in pairs and "username" in pairs else engine_of_port(port)
    return [Target(host, port, engine, database or None, None)]


def targets_in(name: str, value: str, embedded: bool = False) -> list[Target]:
    """Every host a setting's value points at (empty for secrets)."""
    if not value or is_secret_name(name):
        return []
    words = name_words(name)
    name_engine = engine_in_words(words)
    found = _url_targets(value, name_engine) if "://" in value else []
    for match in _GO_DSN.finditer(value):
        found.append(Target(match.group(1), _port(match.group(2)), "mysql", match.group(3) or None))
    for match in _ORACLE.finditer(value):
        found.append(Target(match.group(1), _port(match.group(2)), "oracle", match.group(3)))
    if not found and ";" in value and "=" in value:
        found = _key_value_targets(value)
    libpq_host = _LIBPQ_HOST.search(value) if not found and "dbname" in value else None
    if libpq_host:
        database = re.search(r"dbname\s*=\s*([^\s;]+)", value)
        found = [Target(libpq_host.group(1), None, "postgres", database.group(1) if database else None)]
    if found or embedded or names_destination(name):
        return found
    for piece in value.split(","):
        host_port = _HOST_PORT.match(piece)
        if host_port:
            port = _port(host_port.group(2))
            found.append(Target(host_port.group(1), port, name_engine or engine_of_port(port)))
    if found:
        return found
    bare = _BARE_HOST.match(value)
    if not bare or bare.group(1).lower() in _NOT_HOSTS:
        return []
    host = bare.group(1)
    connection_words = set(words) & _CONNECTION_WORDS
    if not connection_words and set(words) & _NOT_HOST_WORDS:
        return []  # a database name, user name, prefix ... not a host
    explicit = bool(connection_words) or name_engine is not None or host.lower().endswith(K8S_SUFFIXES)
    return [Target(host, None, name_engine, None, None, explicit)]
