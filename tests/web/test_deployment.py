"""The container files: compose.yaml checked against the Compose specification, the Dockerfile's shape."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from compose_spec import PyCompose

ROOT = Path(__file__).resolve().parents[2]


def test_compose_file_follows_the_compose_specification():
    text = (ROOT / "compose.yaml").read_text()
    compose = PyCompose.from_yaml(text)
    compose.validate()
    assert sorted(compose.service_names()) == ["db", "redis", "web", "worker"]
    services = yaml.safe_load(text)["services"]
    assert services["worker"]["command"] == ["flask", "--app", "wsgi", "worker"]
    assert services["worker"]["image"] == services["web"]["image"]
    for name in ("web", "worker"):
        env = services[name]["environment"]
        assert env["SECRET_KEY"].startswith("${SECRET_KEY:?")  # no default secret
        assert env["DATABASE_URL"].startswith("postgresql+psycopg://") and env["REDIS_URL"].startswith("redis://")
        assert env["PDF_STORE"] == "database"  # web and worker share PDFs through PostgreSQL


def test_a_broken_compose_file_is_caught():
    broken = (ROOT / "compose.yaml").read_text().replace("condition: service_healthy", "condition: eventually", 1)
    try:
        PyCompose.from_yaml(broken).validate()
    except ValueError as exc:
        assert "condition" in str(exc)
    else:
        raise AssertionError("the schema accepted an unknown depends_on condition")


def test_dockerfile_is_multi_stage_slim_and_runs_as_a_user():
    lines = [
        line.strip()
        for line in (ROOT / "Dockerfile").read_text().splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]
    stages = [line for line in lines if line.startswith("FROM ")]
    assert len(stages) == 2 and all("slim" in s for s in stages)
    text = "\n".join(lines)
    for package in ("libpango-1.0-0", "libharfbuzz-subset0", "fonts-wqy-microhei", "fonts-symbola", "graphviz"):
        assert package in text
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert users and users[-1] not in ("root", "0")
    assert re.search(r"^HEALTHCHECK .*/healthz", text, re.M)
    assert "db upgrade" in lines[-1] and "gunicorn -c gunicorn.conf.py" in lines[-1]
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert ".venv" in ignored and "instance" in ignored


def _gunicorn_settings(monkeypatch, tmp_path, **env):
    import importlib.util

    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))  # else loading it makes a folder
    for name in ("DATABASE_URL", "WEB_CONCURRENCY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("gunicorn_settings", ROOT / "gunicorn.conf.py")
    settings = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(settings)
    return settings


def test_gunicorn_runs_a_worker_per_core_plus_one_on_sqlite_and_two_per_core_with_a_database_server(
    monkeypatch, tmp_path
):
    import multiprocessing

    cores = multiprocessing.cpu_count()
    assert _gunicorn_settings(monkeypatch, tmp_path).workers == min(cores + 1, 8)
    assert _gunicorn_settings(monkeypatch, tmp_path, DATABASE_URL="sqlite:////srv/s.sqlite3").workers == min(
        cores + 1, 8
    )
    assert _gunicorn_settings(monkeypatch, tmp_path, DATABASE_URL="postgresql+psycopg://db/splitcheck").workers == min(
        cores * 2 + 1, 8
    )
    assert (
        _gunicorn_settings(monkeypatch, tmp_path, DATABASE_URL="postgresql+psycopg://db/s", WEB_CONCURRENCY="3").workers
        == 3
    )


def test_the_links_every_page_carries_follow_the_mount_path(client):
    for mount in ("", "/splitcheck", "/other", ""):
        page = client.get("/how-the-score-works", environ_overrides={"SCRIPT_NAME": mount}).get_data(as_text=True)
        assert f'href="{mount}/static/css/site.css"' in page and f'src="{mount}/static/js/page.js"' in page
        assert f'href="{mount}/how-the-score-works"' in page and f'href="{mount}/"' in page
