"""Every acknowledged save survives a worker killed with SIGKILL mid-burst."""

from __future__ import annotations

import http.client
import http.cookiejar
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DRAFTS = 30


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> tuple[int, str, str]:
        with self.opener.open(self.base + path, timeout=10) as response:
            return response.status, response.geturl(), response.read().decode()

    def post(self, path: str, data: dict, headers: dict | None = None) -> int:
        request = urllib.request.Request(
            self.base + path, data=urllib.parse.urlencode(data).encode(), headers=headers or {}
        )
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except (urllib.error.URLError, ConnectionError, http.client.HTTPException):
            return 0  # the worker died under this request: not acknowledged


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', page)[1]


@pytest.fixture
def server(tmp_path):
    database = tmp_path / "durable.sqlite3"
    env = {
        **os.environ,
        "SPLITCHECK_ENV": "test",
        "SECRET_KEY": "x" * 32,
        "DATABASE_URL": f"sqlite:///{database}",
        "PDF_CACHE_DIR": str(tmp_path / "pdf"),
        "BIND": f"127.0.0.1:{free_port()}",
        "WEB_CONCURRENCY": "2",
        "LOG_REQUESTS": "0",
    }
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    master = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = "http://" + env["BIND"]
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield base, database, master
    master.send_signal(signal.SIGTERM)
    master.wait(timeout=20)


def workers_of(master: subprocess.Popen) -> list[int]:
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children")
    return [int(pid) for pid in children.read_text().split()]


def test_acknowledged_saves_survive_sigkill(server):
    base, database, master = server
    drafts = []
    for _ in range(DRAFTS):
        browser = Browser(base)
        _, _, landing = browser.get("/")
        browser.post("/start", {"csrf_token": hidden(landing, "csrf_token")})
        _, url, page = browser.get("/")  # follow to the draft through the landing page's list
        path = re.search(r'href="(/assessments/[^/"]+/context)"', page)[1]
        _, _, step = browser.get(path)
        drafts.append((browser, path, {k: hidden(step, k) for k in ("csrf_token", "resume_token", "version")}))

    acknowledged: list[int] = []

    def save(i: int) -> None:
        browser, path, tokens = drafts[i]
        status = browser.post(
            f"{path}/save", {**tokens, "team": f"durable-{i}", "engineers": "8", "teams": "1", "services": "12"}
        )
        if 200 <= status < 300:
            acknowledged.append(i)

    threads = [threading.Thread(target=save, args=(i,)) for i in range(DRAFTS)]
    killed = workers_of(master)
    for number, thread in enumerate(threads):
        thread.start()
        if number == DRAFTS // 2:
            for pid in killed:
                os.kill(pid, signal.SIGKILL)  # mid-burst, no chance to clean up
    for thread in threads:
        thread.join(timeout=30)
    time.sleep(1)  # the master starts new workers
    assert Browser(base).get("/healthz")[0] == 200
    assert killed and not set(killed) & set(workers_of(master))

    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        names = {row[0] for row in connection.execute("SELECT team_name FROM assessments")}
    missing = [i for i in acknowledged if f"durable-{i}" not in names]
    assert acknowledged and missing == []
