"""Kubernetes manifests: Secrets, ConfigMaps, envFrom/valueFrom, Services, List kind."""

import base64
import json
import textwrap

from app.evidence import analyse


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def deployment(
    name: str,
    env: list | None = None,
    env_from: list | None = None,
    image: str | None = None,
    labels: dict | None = None,
    volumes=None,
) -> str:
    container = {"name": name, "image": image or f"shop/{name}:1.0"}
    if env:
        container["env"] = env
    if env_from:
        container["envFrom"] = env_from
    pod = {"containers": [container]}
    if volumes:
        pod["volumes"] = volumes
    return json.dumps(
        {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {"name": name},
            "spec": {
                "selector": {"matchLabels": labels or {"app": name}},
                "template": {"metadata": {"labels": labels or {"app": name}}, "spec": pod},
            },
        }
    )


def service(name: str, selector: dict, port: int = 80) -> str:
    return json.dumps(
        {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": {"name": name},
            "spec": {"selector": selector, "ports": [{"port": port}]},
        }
    )


def manifests(*docs: str) -> bytes:
    return "\n---\n".join(docs).encode()


def findings(doc, sign):
    return [f for f in doc["findings"] if f["sign"] == sign]


def test_secret_in_base64_data_reveals_the_shared_host():
    secret = json.dumps(
        {
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": {"name": "db-creds"},
            "type": "Opaque",
            "data": {"url": b64("postgres://app:s3cret@pg-main:5432/orders")},
        }
    )
    ref = [{"name": "DATABASE_URL", "valueFrom": {"secretKeyRef": {"name": "db-creds", "key": "url"}}}]
    doc = analyse(
        [
            (
                "app.yaml",
                manifests(
                    secret,
                    deployment("orders", env=ref),
                    deployment("invoices", env=ref),
                    deployment("pg-main", image="postgres:16"),
                    service("pg-main", {"app": "pg-main"}, 5432),
                ),
            )
        ]
    )
    [finding] = findings(doc, "shared_database")
    assert finding["strength"] == "strong"
    assert finding["services"] == ["invoices", "orders"]
    assert finding["datastore"] == "pg-main" and finding["database"] == "orders"
    assert {e["source"] for e in doc["edges"]} == {"secret"}
    assert doc["suggested"]["shared_database"] == "yes"


def test_string_data_config_map_env_from_and_prefix():
    config = json.dumps(
        {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {"name": "wiring"},
            "data": {"CART_URL": "http://carts:80/carts", "TIMEOUT": "3s"},
        }
    )
    secret = json.dumps(
        {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "mongo"}, "stringData": {"HOST": "carts-db:27017"}}
    )
    doc = analyse(
        [
            (
                "all.yaml",
                manifests(
                    config,
                    secret,
                    deployment("front", env_from=[{"configMapRef": {"name": "wiring"}}]),
                    deployment(
                        "carts",
                        labels={"name": "carts-pod", "tier": "api"},
                        env_from=[{"secretRef": {"name": "mongo"}, "prefix": "MONGO_"}],
                    ),
                    service("carts", {"name": "carts-pod"}),
                    deployment("carts-db", image="mongo:7"),
                ),
            )
        ]
    )
    edges = {(e["from"], e["to"], e["kind"], e["source"], e.get("setting")) for e in doc["edges"]}
    assert edges == {
        ("front", "carts", "call", "configmap", "CART_URL"),
        ("carts", "carts-db", "database", "secret", "MONGO_HOST"),
    }


def test_service_name_differs_from_workload_name():
    doc = analyse(
        [
            (
                "k.yaml",
                manifests(
                    deployment(
                        "web", env=[{"name": "ORDERS_API", "value": "http://orders-svc.shop.svc.cluster.local:8080"}]
                    ),
                    deployment("orders-v2", labels={"app": "orders", "version": "v2"}),
                    service("orders-svc", {"app": "orders"}),
                ),
            )
        ]
    )
    assert [(e["from"], e["to"], e["kind"]) for e in doc["edges"]] == [("web", "orders-v2", "call")]


def test_env_var_references_are_expanded():
    doc = analyse(
        [
            (
                "k.yaml",
                manifests(
                    deployment(
                        "api",
                        env=[
                            {"name": "DB_HOST", "value": "shop-db"},
                            {"name": "DB_URL", "value": "mysql://$(DB_HOST):3306/shop"},
                        ],
                    ),
                    deployment("shop-db", image="mysql:8"),
                ),
            )
        ]
    )
    assert {(e["to"], e.get("database"), e["setting"]) for e in doc["edges"]} == {
        ("shop-db", None, "DB_HOST"),
        ("shop-db", "shop", "DB_URL"),
    }


def test_missing_secret_is_reported_not_guessed():
    doc = analyse(
        [
            (
                "k.yaml",
                manifests(
                    deployment(
                        "api",
                        env=[{"name": "DB_URL", "valueFrom": {"secretKeyRef": {"name": "elsewhere", "key": "url"}}}],
                    )
                ),
            )
        ]
    )
    assert doc["edges"] == []
    assert any("elsewhere" in u and "api" in u for u in doc["unseen"])


def test_list_kind_with_statefulset_cronjob_and_mounted_config():
    listing = {
        "apiVersion": "v1",
        "kind": "List",
        "items": [
            {
                "apiVersion": "apps/v1",
                "kind": "StatefulSet",
                "metadata": {"name": "ledger-db"},
                "spec": {
                    "serviceName": "ledger-db",
                    "template": {
                        "metadata": {"labels": {"app": "ledger-db"}},
                        "spec": {"containers": [{"name": "pg", "image": "bitnami/postgresql:16"}]},
                    },
                },
            },
            {
                "apiVersion": "batch/v1",
                "kind": "CronJob",
                "metadata": {"name": "nightly-report"},
                "spec": {
                    "jobTemplate": {
                        "spec": {
                            "template": {
                                "spec": {
                                    "containers": [{"name": "r", "image": "shop/report:2"}],
                                    "volumes": [{"name": "cfg", "configMap": {"name": "report-config"}}],
                                }
                            }
                        }
                    }
                },
            },
            {
                "apiVersion": "v1",
                "kind": "ConfigMap",
                "metadata": {"name": "report-config"},
                "data": {
                    "application.yml": "spring:\n  datasource:\n    url: jdbc:postgresql://ledger-db:5432/ledger\n"
                },
            },
        ],
    }
    doc = analyse([("list.json", json.dumps(listing).encode())])
    assert doc["inputs"][0]["format"] == "kubernetes"
    assert doc["inputs"][0]["objects"] == {"ConfigMap": 1, "CronJob": 1, "StatefulSet": 1}
    assert [(e["from"], e["to"], e["database"], e["source"]) for e in doc["edges"]] == [
        ("nightly-report", "ledger-db", "ledger", "configmap")
    ]
    assert doc["datastores"][0]["engine"] == "postgres"


def test_yaml_multi_document_with_daemonset_and_job():
    text = textwrap.dedent("""
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: agent}
        spec:
          template:
            metadata: {labels: {app: agent}}
            spec:
              containers:
              - name: agent
                image: shop/agent:1
                env: [{name: COLLECTOR_ENDPOINT, value: "http://collector:4318"}]
        ---
        apiVersion: batch/v1
        kind: Job
        metadata: {name: migrate}
        spec:
          template:
            spec:
              containers:
              - name: migrate
                image: shop/migrate:1
                args: ["--url", "postgres://main-db:5432/shop"]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: collector}
        spec:
          template:
            metadata: {labels: {app: collector}}
            spec: {containers: [{name: c, image: shop/collector:1}]}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: main-db}
        spec:
          template:
            metadata: {labels: {app: main-db}}
            spec: {containers: [{name: c, image: "postgres:15"}]}
    """).encode()
    doc = analyse([("cluster.yaml", text)])
    assert {(e["from"], e["to"], e["kind"], e["source"]) for e in doc["edges"]} == {
        ("agent", "collector", "call", "environment"),
        ("migrate", "main-db", "database", "command"),
    }
