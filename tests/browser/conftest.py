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
  all closed after the test; desktop size (1280×900) unless told otherwise.
* `consultant` (session): a consultant account made with the CLI, signed in
  once; its `storage_state` opens contexts already signed in.
* `shot(page, name)`: a full-page screenshot in tests/artifacts/ for people
  to look at.

Every page the journeys visit is checked with axe-core (tests/browser/axe.py);
the run's list is written to tests/artifacts/axe-report.txt.
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
DESKTOP = {"width": 1280, "height": 900}
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
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=ROOT,
        env=env,
        input=input,
        capture_output=True,
        text=True,
        timeout=60,
    )


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
    env.update(
        {
            "SPLITCHECK_ENV": "test",
            "DATABASE_URL": server_database,
            "PDF_CACHE_DIR": str(tmp / "pdf"),
            "BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": "2",
            # Every journey comes from one address; a team uploads far less often than the suite does.
            "EVIDENCE_RATE_LIMIT": "600 per minute",
        }
    )
    upgrade = _flask(env, "db", "upgrade")
    assert upgrade.returncode == 0, (
        f"`flask db upgrade` failed ({upgrade.returncode}):\n{upgrade.stdout}\n{upgrade.stderr}"
    )

    log_path = tmp / "gunicorn.log"
    log = log_path.open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not _healthy(f"{base_url}/healthz"):
            if server.poll() is not None:
                pytest.fail(
                    f"gunicorn exited with {server.returncode} before answering /healthz.\n"
                    f"--- {log_path} (tail) ---\n{_tail(log_path)}",
                    pytrace=False,
                )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"gunicorn did not answer {base_url}/healthz within {STARTUP_TIMEOUT:.0f} s.\n"
                    f"--- {log_path} (tail) ---\n{_tail(log_path)}",
                    pytrace=False,
                )
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
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
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
        if not kwargs.get("is_mobile"):
            kwargs.setdefault("viewport", DESKTOP)
        context = browser.new_context(**kwargs)
        context.set_default_timeout(10_000)
        context.javascript_enabled = kwargs.get("java_script_enabled", True)  # read by axe.py
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
    """shot(page, "name") saves tests/artifacts/<name>.png (full page, or the first screen) and returns the path."""

    def take(page, name: str, full_page: bool = True) -> Path:
        path = artifacts / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take


class Consultant:
    EMAIL = "lena@keyboard-consulting.example"
    PASSWORD = "a long and memorable passphrase"
    WORKSPACE = "Keyboard & Co, accessibility-minded consultants"

    def __init__(self, storage_state: dict):
        self.storage_state = storage_state


@pytest.fixture(scope="session")
def consultant(live_server, browser) -> Consultant:
    """An account made with `flask users create` and signed in once (JavaScript off, as some people browse)."""
    from tests.browser.journey import press, visit

    created = live_server.flask(
        "users",
        "create",
        Consultant.EMAIL,
        "--workspace",
        Consultant.WORKSPACE,
        input=f"{Consultant.PASSWORD}\n{Consultant.PASSWORD}\n",
    )
    assert created.returncode == 0, f"`flask users create` failed:\n{created.stdout}\n{created.stderr}"
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    context.javascript_enabled = False
    try:
        page = context.new_page()
        visit(page, live_server + "/sign-in")
        page.get_by_label("Email address", exact=True).fill(Consultant.EMAIL)
        page.get_by_label("Password", exact=True).fill(Consultant.PASSWORD)
        assert press(page, "Sign in").status == 200
        assert page.url.endswith("/clients"), page.url
        return Consultant(context.storage_state())
    finally:
        context.close()


def pytest_terminal_summary(terminalreporter):
    from tests.browser import axe

    report = axe.summary()
    if report:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "axe-report.txt").write_text(report + "\n")
        terminalreporter.write_line(report.splitlines()[0] + " Details: tests/artifacts/axe-report.txt")
        if axe.SOFT:
            terminalreporter.write_line(report)
