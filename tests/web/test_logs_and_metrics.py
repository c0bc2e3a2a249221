"""What requests leave behind: no private token in gunicorn's access log, no unbounded metrics."""

from __future__ import annotations

import importlib.util
import re
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from gunicorn.config import Config

from app.observability import private_paths, redact

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "Zq3_secret-TOKEN_value_0123456789abcd"
ARGUMENT = re.compile(r"<(?:([^<>:]+):)?([^<>:]+)>")


def _gunicorn_config(monkeypatch, tmp_path):
    # Reading the file sets up a metrics folder in the environment unless one is set already.
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _path(rule: str) -> str:
    """The rule's path with the token filled in and made-up values for its other arguments."""

    def value(match):
        converter, name = match.groups()
        return TOKEN if name == "token" else ("7" if converter == "int" else "x1")

    return ARGUMENT.sub(value, rule)


def _token_rules(app) -> list[str]:
    return [r.rule for r in app.url_map.iter_rules() if "token" in r.arguments]


def test_every_route_that_takes_a_token_is_masked(app):
    rules = _token_rules(app)
    # Every kind of private link: resume, share, intake, invitation and password reset.
    assert {"/r/<token>", "/s/<token>", "/i/<token>", "/join/<token>", "/reset/<token>"} <= set(rules)
    pattern = private_paths(app.url_map)
    for rule in rules:
        line = f"POST /prefix{_path(rule)}?next=%2F HTTP/1.1"
        masked = redact(line, pattern)
        assert TOKEN not in masked and "[token]" in masked, rule


def test_paths_without_a_token_are_left_as_they_are(app):
    pattern = private_paths(app.url_map)
    for rule in app.url_map.iter_rules():
        if "token" not in rule.arguments:
            assert redact(_path(rule.rule), pattern) == _path(rule.rule), rule.rule


def test_gunicorns_access_log_masks_the_token_wherever_a_format_can_name_it(app, monkeypatch, tmp_path):
    conf = _gunicorn_config(monkeypatch, tmp_path)
    logger = conf.RedactingLogger(Config())
    resp = SimpleNamespace(status="200 OK", sent=10, headers=[])
    for rule in _token_rules(app):
        path = _path(rule)
        environ = {
            "REQUEST_METHOD": "GET",
            "RAW_URI": path,
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_REFERER": f"https://splitcheck.test{path}",
        }
        req = SimpleNamespace(headers=[("REFERER", f"https://splitcheck.test{path}")])
        for private_paths_known in (False, True):
            conf.RedactingLogger.private_paths = private_paths(app.url_map) if private_paths_known else None
            atoms = logger.atoms(resp, req, environ, timedelta(milliseconds=5))
            leaked = [key for key, value in atoms.items() if isinstance(value, str) and TOKEN in value]
            assert leaked == [], (rule, private_paths_known, leaked)
            assert "[token]" in atoms["r"]
    conf.RedactingLogger.private_paths = None


def test_gunicorns_access_log_never_holds_a_bearer_or_api_token(app, monkeypatch, tmp_path):
    """Workspace API tokens (and a team's private link, for its plan) travel in the Authorization
    header, which a log format can name (`%({authorization}i)s`); a script may also put one where
    it does not belong, in a query string."""
    from app import links

    conf = _gunicorn_config(monkeypatch, tmp_path)
    logger = conf.RedactingLogger(Config())
    resp = SimpleNamespace(status="200 OK", sent=10, headers=[])
    api_token, _ = links.new_api_token()
    for token in (api_token, TOKEN):
        environ = {
            "REQUEST_METHOD": "GET",
            "RAW_URI": f"/api/v1/clients?page=2&token={api_token}",
            "PATH_INFO": "/api/v1/clients",
            "QUERY_STRING": f"page=2&token={api_token}",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_AUTHORIZATION": f"Bearer {token}",
        }
        req = SimpleNamespace(headers=[("AUTHORIZATION", f"Bearer {token}")])
        for private_paths_known in (False, True):
            conf.RedactingLogger.private_paths = private_paths(app.url_map) if private_paths_known else None
            atoms = logger.atoms(resp, req, environ, timedelta(milliseconds=5))
            leaked = [k for k, v in atoms.items() if isinstance(v, str) and (token in v or api_token in v)]
            assert leaked == [], (private_paths_known, leaked)
            assert atoms["{authorization}i"] == "Bearer [token]"
            assert "/api/v1/clients?page=2&token=" in atoms["r"]
    conf.RedactingLogger.private_paths = None


def test_made_up_methods_and_paths_add_no_metric_series(client):
    def series() -> set[str]:
        body = client.get("/metrics").get_data(as_text=True)
        return {line.split(" ")[0] for line in body.splitlines() if line.startswith("splitcheck_requests_total{")}

    for n in range(30):
        client.open("/healthz", method=f"BREW{n}")
        client.get(f"/no-such-page-{n}")
    series()  # the first read of /metrics is counted in the next one
    first = series()
    for n in range(30, 300):
        client.open("/healthz", method=f"BREW{n}")
        client.get(f"/no-such-page-{n}")
    assert series() == first
    assert not any("BREW" in s or "no-such-page" in s for s in first)
    assert any('method="other"' in s for s in first)
