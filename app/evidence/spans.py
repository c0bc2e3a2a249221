"""One span as every trace reader hands it on: a plain tuple, and the words its fields use.

Also which services are platform, not application, when only a trace names them (the
configuration says more, once it is read: see ``signs/call_chains.py``).
"""

from __future__ import annotations

from typing import Any

INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER = 0, 1, 2, 3, 4
UNKNOWN_SERVICE = "unknown"
SYNC_LINK, ASYNC_LINK, REDIRECT_LINK = 0, 1, 2  # how a span is linked to its parent's request

# (span id, parent id or None, service or None, operation, kind, error, remote
#  service or None, link (False/SYNC_LINK, True/ASYNC_LINK, or REDIRECT_LINK: a client
#  span answering with a browser redirect), database (engine, database, host) or None)
SpanRow = tuple[Any, Any, Any, str, int, bool, Any, int, Any]

# Services that are platform, not application, when only a trace names them:
# whole names, as deployments commonly call them.
PLATFORM_NAMES = frozenset(
    {
        # telemetry
        "otel-collector",
        "otelcol",
        "opentelemetry-collector",
        "jaeger",
        "jaeger-agent",
        "jaeger-collector",
        "jaeger-query",
        "jaeger-all-in-one",
        "zipkin",
        "tempo",
        "prometheus",
        "grafana",
        "loki",
        "fluentd",
        "fluent-bit",
        "logstash",
        # feature flags
        "flagd",
        "unleash",
        "flipt",
        "flagsmith",
        "growthbook",
        "launchdarkly",
        "featureflagservice",
        "feature-flag-service",
        "feature-flags",
        # discovery and configuration
        "eureka",
        "eureka-server",
        "discovery",
        "discovery-server",
        "discovery-service",
        "service-discovery",
        "consul",
        "nacos",
        "config-server",
        "configserver",
        "config-service",
        "spring-cloud-config",
        # health and admin dashboards
        "admin-server",
        "spring-boot-admin",
        "hystrix-dashboard",
        "turbine",
        "health-dashboard",
        "healthcheck",
        "health-check",
    }
)


def is_platform_name(service: str) -> bool:
    """A platform service by its whole name (case and ``_``/``-`` aside)."""
    return service.strip().lower().replace("_", "-") in PLATFORM_NAMES
