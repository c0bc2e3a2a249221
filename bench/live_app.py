"""A real Splitcheck server for the HTTP benchmarks, and a client that fills in drafts.

`LiveApp` starts gunicorn exactly as deployed (`-c gunicorn.conf.py`, its
workers and logging), with SPLITCHECK_ENV=test, a temporary SQLite database
migrated with `flask --app wsgi db upgrade`, a temporary PDF cache and a free
127.0.0.1 port; it stops the server it started (and only that one) on exit.

`Browser` speaks HTTP like a person's browser: it keeps the session cookie,
reads the CSRF and resume tokens from each page and posts the questionnaire's
steps. `wrk()` runs wrk against the server and parses its figures.
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
WRK = shutil.which("wrk") or "/usr/bin/wrk"
HOST = "127.0.0.1"  # the only address any benchmark sends traffic to


def machine_load() -> str:
    """The load averages, to read the figures by: other processes share the cores."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class LiveApp:
    """gunicorn serving Splitcheck on 127.0.0.1:<free port>, for a `with` block."""

    def __init__(self, **env: str) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="splitcheck-bench-"))
        self.port = free_port()
        self.pdf_cache = self.tmp / "pdf-cache"
        self.log_path = self.tmp / "gunicorn.log"
        self.env = {
            **os.environ,
            "SPLITCHECK_ENV": "test",
            "SECRET_KEY": secrets.token_hex(32),
            "DATABASE_URL": f"sqlite:///{self.tmp / 'bench.sqlite3'}",
            "PDF_CACHE_DIR": str(self.pdf_cache),
            "BIND": f"{HOST}:{self.port}",
            **env,  # e.g. WEB_CONCURRENCY="2" to try other settings
        }
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def __enter__(self) -> LiveApp:
        try:
            migrate = subprocess.run(
                [str(VENV_BIN / "flask"), "--app", "wsgi", "db", "upgrade"],
                cwd=ROOT,
                env=self.env,
                capture_output=True,
                text=True,
            )
            if migrate.returncode != 0:
                raise RuntimeError(f"flask db upgrade failed:\n{migrate.stderr[-2000:]}")
            self._log = open(self.log_path, "wb")
            self.process = subprocess.Popen(
                [str(VENV_BIN / "gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"],
                cwd=ROOT,
                env=self.env,
                stdout=self._log,
                stderr=subprocess.STDOUT,
            )
            self._wait_until_up()
        except BaseException:
            self.__exit__(None, None, None)  # `with` calls __exit__ only once __enter__ returned
            raise
        return self

    def _wait_until_up(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}):\n{self.log_tail()}")
            try:
                if Browser(self).get("/healthz").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def workers(self) -> int:
        """How many worker processes the master runs (from the process table)."""
        out = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.process.pid)], capture_output=True, text=True
        ).stdout
        return len(out.split())

    def cpu_seconds(self) -> float:
        """CPU time used so far by the server: master, live workers and reaped workers."""
        tick = os.sysconf("SC_CLK_TCK")

        def stat(pid: int) -> list[str]:
            with open(f"/proc/{pid}/stat") as f:
                return f.read().rsplit(")", 1)[1].split()

        master = stat(self.process.pid)
        # Fields 14-17 of /proc/PID/stat (utime, stime, cutime, cstime) are 11-14 after the ")".
        total = sum(int(v) for v in master[11:15])
        out = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.process.pid)], capture_output=True, text=True
        ).stdout
        for pid in out.split():
            try:
                total += sum(int(v) for v in stat(int(pid))[11:13])
            except (OSError, ValueError):
                pass  # a worker that exited between ps and here: counted in cutime once reaped
        return total / tick

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # graceful stop of our master and its workers
            try:
                self.process.wait(timeout=35)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if hasattr(self, "_log"):
            self._log.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        return urlsplit(self.headers.get("Location", "")).path


class Browser:
    """One person's browser: a cookie jar (just the session cookie) and no automatic redirects."""

    def __init__(self, app: LiveApp) -> None:
        self.app = app
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | list | None = None) -> Reply:
        conn = http.client.HTTPConnection(HOST, self.app.port, timeout=60)
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        reply = Reply(response.status, response.headers, response.read())
        conn.close()
        for header in reply.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return reply

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def post(self, path: str, form: dict | list) -> Reply:
        return self.request("POST", path, form)

    @property
    def session_cookie(self) -> str:
        return f"session={self.cookies['session']}"

    # --- the questionnaire -------------------------------------------------

    def start_draft(self, answers: dict) -> str:
        """GET /, POST /start, then post the context step. Returns the public id."""
        landing = expect(self.get("/"), 200, "GET /")
        start = expect(self.post("/start", {"csrf_token": hidden(landing.text, "csrf_token")}), 302, "POST /start")
        match = re.fullmatch(r"/assessments/([^/]+)/context", start.location)
        if not match:
            raise RuntimeError(f"POST /start redirected to {start.location!r}, not to a context step")
        public_id = match[1]
        context = answers["context"]
        self.post_step(
            public_id,
            "context",
            {
                "team": answers.get("team", {}).get("name", ""),
                "engineers": context["engineers"],
                "teams": context["teams"],
                "services": context["services"],
                "deploys_per_week": context.get("deploys_per_week", ""),
            },
            then="signs",
        )
        return public_id

    def answer_signs(self, public_id: str, answers: dict, notes: dict) -> None:
        """Post the signs step of a started draft, with notes on some signs."""
        signs = dict(answers["signs"])
        signs.update({f"{sign}_note": note for sign, note in notes.items()})
        self.post_step(public_id, "signs", signs, then="candidates")

    def step_form(self, path: str, fields: dict | list) -> list[tuple[str, str]]:
        """A step's fields as its page posts them: with its CSRF and resume tokens and the version
        of the answers it shows."""
        page = expect(self.get(path), 200, f"GET {path}")
        return (list(fields.items()) if isinstance(fields, dict) else list(fields)) + [
            ("action", "next"),
            ("csrf_token", hidden(page.text, "csrf_token")),
            ("resume_token", hidden(page.text, "resume_token")),
            ("version", hidden(page.text, "version")),
        ]

    def post_step(self, public_id: str, step: str, fields: dict | list, then: str) -> None:
        path = f"/assessments/{public_id}/{step}"
        reply = expect(self.post(path, self.step_form(path, fields)), 302, f"POST {path}")
        if not reply.location.endswith(f"/{then}"):
            raise RuntimeError(f"POST {path} went to {reply.location!r}, not to {then!r}")


def candidate_fields(answers: dict) -> list[tuple[str, str]]:
    """The candidates step's fields for an answers document's candidates, as the page names them."""
    fields: list[tuple[str, str]] = []
    for i, candidate in enumerate(answers["candidates"]):
        for key, value in candidate.items():
            if key == "reasons":
                fields += [(f"candidates-{i}-reasons", r) for r in value or ["none"]]
            else:
                fields.append((f"candidates-{i}-{key}", value))
    return fields


def hidden(html: str, name: str) -> str:
    match = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', html)
    if not match:
        raise RuntimeError(f"no hidden {name!r} field in the page")
    return unescape(match[1])


def expect(reply: Reply, status: int, what: str) -> Reply:
    if reply.status != status:
        raise RuntimeError(f"{what}: HTTP {reply.status}, expected {status}:\n{reply.text[:500]}")
    return reply


# --- wrk -------------------------------------------------------------------

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


@dataclass
class WrkResult:
    path: str
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    socket_errors: str | None
    cpu_ms: float | None = None  # server CPU per request, when measured

    def line(self, label: str) -> str:
        problems = []
        if self.non_2xx:
            problems.append(f"{self.non_2xx} non-2xx/3xx")
        if self.socket_errors:
            problems.append(f"socket errors: {self.socket_errors}")
        cpu = f"   server CPU {self.cpu_ms:5.2f} ms/req" if self.cpu_ms is not None else ""
        return (
            f"  {label:28s} {self.rps:8.1f} req/s   p50 {self.p50_ms:7.2f} ms   p99 {self.p99_ms:7.2f} ms"
            f"{cpu}   ({self.requests} requests)" + (f"   [{'; '.join(problems)}]" if problems else "")
        )


def _ms(value: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value)
    if not match:
        raise ValueError(f"unreadable wrk duration {value!r}")
    return float(match[1]) * _UNITS_MS[match[2]]


def wrk(
    app: LiveApp, path: str, cookie: str | None = None, seconds: int = 10, threads: int = 2, connections: int = 8
) -> WrkResult:
    threads = min(threads, connections)  # wrk needs a connection per thread
    cmd = [WRK, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    cmd.append(f"{app.base}{path}")
    cpu_before = app.cpu_seconds()
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
    cpu = app.cpu_seconds() - cpu_before
    requests = re.search(r"(\d+) requests in ([\d.]+\w+)", out)
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", out, re.M))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    if not requests or "50" not in latency or "99" not in latency:
        raise RuntimeError(f"could not read wrk's output:\n{out}")
    total = int(requests[1])
    duration = _ms(requests[2]) / 1000
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])
    return WrkResult(
        path,
        total,
        duration,
        rps,
        _ms(latency["50"]),
        _ms(latency["99"]),
        int(non_2xx[1]) if non_2xx else 0,
        errors[1].strip() if errors else None,
        cpu * 1000 / total if total else None,
    )
