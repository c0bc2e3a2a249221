"""Real-browser fixtures: the app served by gunicorn, driven by headless Chromium.

* `live_server` (session): a fresh database and PDF cache in a temp dir,
  migrated with `flask db upgrade`, served by gunicorn on a free port of
  127.0.0.1, exactly as in production (gunicorn.conf.py, 2 workers). It is
  the base URL (a str), with `.url`, the `.env` the server runs with, and
  `.flask(*args, input=...)` to run a `flask --app wsgi` command against
  the same database.
* `browser` (session): Debian's Chromium, through Playwright's sync API.
  Skipped only when /usr/bin/chromium is missing and CI is not set; in CI a
  missing browser is a failure.
* `new_context` (function): makes fresh browser contexts (no cookies),
  all closed after the test.
* `shot(page, name)`: a full-page screenshot in tests/artifacts/ for people
  to look at.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
STARTUP_TIMEOUT = 20.0
STOP_TIMEOUT = 10.0


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    if "CI" in os.environ:
        pytest.fail(
            f"{CHROMIUM} is missing and CI is set: the browser tests must run in CI. "
            "Install Debian's chromium package (apt-get install chromium).",
            pytrace=False,
        )
    pytest.skip(f"{CHROMIUM} is not installed (set CI=1 to make this a failure)")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log written)"


def _flask(env: dict, *args: str, input: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args],
                          cwd=ROOT, env=env, input=input, capture_output=True, text=True, timeout=60)


class LiveServer(str):
    """The server's base URL, so `live_server + "/path"` works; also its `.env` and a CLI runner."""

    def __new__(cls, url: str, env: dict):
        server = super().__new__(cls, url)
        server.url, server.env = url, env
        return server

    def flask(self, *args: str, input: str | None = None) -> subprocess.CompletedProcess:
        """Run `flask --app wsgi ARGS` in the server's environment (its database)."""
        return _flask(self.env, *args, input=input)


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


@pytest.fixture(scope="session")
def server_database(tmp_path_factory):
    """The served app's database: a SQLite file, or a fresh PostgreSQL database in the PostgreSQL run."""
    from tests.web.test_migrations import empty_database

    with empty_database(tmp_path_factory.mktemp("browser-db")) as url:
        yield url


@pytest.fixture(scope="session")
def live_server(server_database):
    _require_chromium()  # nothing to serve if no browser will look at it
    tmp = Path(tempfile.mkdtemp(prefix="splitcheck-browser-"))
    port = _free_port()
    env = dict(os.environ)
    env.update({
        "SPLITCHECK_ENV": "test",
        "DATABASE_URL": server_database,
        "PDF_CACHE_DIR": str(tmp / "pdf"),
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
    })
    upgrade = _flask(env, "db", "upgrade")
    assert upgrade.returncode == 0, (
        f"`flask db upgrade` failed ({upgrade.returncode}):\n{upgrade.stdout}\n{upgrade.stderr}"
    )

    log_path = tmp / "gunicorn.log"
    log = log_path.open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not _healthy(f"{base_url}/healthz"):
            if server.poll() is not None:
                pytest.fail(f"gunicorn exited with {server.returncode} before answering /healthz.\n"
                            f"--- {log_path} (tail) ---\n{_tail(log_path)}", pytrace=False)
            if time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not answer {base_url}/healthz within {STARTUP_TIMEOUT:.0f} s.\n"
                            f"--- {log_path} (tail) ---\n{_tail(log_path)}", pytrace=False)
            time.sleep(0.2)
        yield LiveServer(base_url, env)
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        log.close()


@pytest.fixture(scope="session")
def browser():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()


@pytest.fixture
def new_context(browser):
    """Call it to get a fresh context (own cookies); every one is closed after the test.

    Keyword arguments go to `browser.new_context`; downloads are accepted
    unless said otherwise.
    """
    contexts = []

    def make(**kwargs):
        kwargs.setdefault("accept_downloads", True)
        context = browser.new_context(**kwargs)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        try:
            context.close()
        except Exception:  # already closed by the test (or the browser went away)
            pass


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def shot(artifacts):
    """shot(page, "name") saves tests/artifacts/<name>.png (full page) and returns the path."""

    def take(page, name: str) -> Path:
        path = artifacts / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
