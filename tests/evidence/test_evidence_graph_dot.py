"""The DOT text of the service graph."""

import re
import shutil
import subprocess
import textwrap

import pytest

from app.evidence import analyse, to_dot

SHARED = textwrap.dedent("""
    services:
      orders:
        image: shop/orders
        environment: {DB: "postgres://pg:5432/shop", BUS: "amqp://mq:5672", PAY: "http://payments:80"}
        depends_on: [pg, audit]
      billing: {image: shop/billing, environment: {DB: "postgres://pg:5432/shop"}}
      payments: {image: shop/payments, environment: {DB: "mongodb://pay-db:27017/pay"}}
      audit: {image: shop/audit}
      pg: {image: "postgres:16"}
      pay-db: {image: "mongo:7"}
      mq: {image: "rabbitmq:3"}
""").encode()


def node_line(dot: str, name: str) -> str:
    return next(line for line in dot.splitlines() if line.strip().startswith(f'"{name}" ['))


def test_shapes_styles_and_shared_store_highlight():
    dot = to_dot(analyse([("docker-compose.yml", SHARED)]))
    assert dot.startswith("digraph services {") and dot.rstrip().endswith("}")
    assert "rankdir=LR" in dot and "concentrate=true" in dot
    assert "shape=box" in node_line(dot, "orders")
    shared = node_line(dot, "pg")
    assert "shape=cylinder" in shared and "#f8d7da" in shared and "penwidth=2.5" in shared
    single = node_line(dot, "pay-db")
    assert "shape=cylinder" in single and "#f8d7da" not in single
    assert "shape=hexagon" in node_line(dot, "mq")
    assert re.search(r'"orders" -> "payments" \[style=solid', dot)
    assert re.search(r'"orders" -> "mq" \[style=dashed', dot)
    assert re.search(r'"orders" -> "audit" \[style=dotted, color="#9e9e9e"', dot)
    # depends_on on pg is not drawn twice: the database edge already shows it
    assert dot.count('"orders" -> "pg"') == 1


def test_labels_are_escaped():
    doc = {
        "services": [{"name": 'we"ird\\svc\nline', "image": None}],
        "datastores": [{"name": "db", "engine": 'my"sql', "used_by": []}],
        "brokers": [],
        "edges": [{"from": 'we"ird\\svc\nline', "to": "db", "kind": "database", "source": "trace", "count": 3}],
    }
    dot = to_dot(doc)
    assert '"we\\"ird\\\\svc\\nline"' in dot
    assert '"db\\nmy\\"sql"' in dot
    assert "\nline" not in dot.replace("\\nline", "")
    if shutil.which("dot"):
        subprocess.run(["dot", "-Tsvg"], input=dot.encode(), check=True, capture_output=True)


def big_fleet(size: int = 70) -> bytes:
    lines = ["services:"]
    for i in range(size):
        env = {f"NEXT_{j}": f"http://svc-{(i + j) % size}:80" for j in (1, 7)}
        env["DB"] = f"postgres://db-{i % 10}:5432/d{i}"
        pairs = ", ".join(f'{k}: "{v}"' for k, v in env.items())
        lines.append(f"  svc-{i}: {{image: shop/svc-{i}:1, environment: {{{pairs}}}}}")
    for i in range(10):
        lines.append(f"  db-{i}: {{image: 'postgres:16'}}")
    return "\n".join(lines).encode()


def test_seventy_services_stay_compact():
    dot = to_dot(analyse([("big.yml", big_fleet())]))
    assert dot.count("shape=box") == 70 and dot.count("shape=cylinder") == 10
    assert "fontsize=9" in dot and "nodesep=0.25" in dot
    assert "label=" not in "".join(line for line in dot.splitlines() if "->" in line)  # no edge labels
    if not shutil.which("dot"):
        pytest.skip("graphviz not installed: layout not rendered")
    done = subprocess.run(["dot", "-Tsvg"], input=dot.encode(), check=True, capture_output=True, timeout=60)
    assert b"<svg" in done.stdout
