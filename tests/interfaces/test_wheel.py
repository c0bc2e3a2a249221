"""The package installs as a wheel: built from this checkout and installed into a fresh virtual
environment, it migrates a database, serves pages and static files (`splitcheck serve`, with the
gunicorn settings the wheel carries) and draws a PDF with nothing read from the repository; the
`splitcheck` command scores and reports from another folder with no secret and no database.

The fresh environment installs the wheel alone (`--no-deps`) and borrows its dependencies from the
test run's own environment through a .pth line, so the test needs no network; the project itself
comes only from the wheel (the editable install's path file is not read from there)."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
import venv
import zipfile
from pathlib import Path

from pypdf import PdfReader

from tests.conftest import ANSWERS

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str | Path, exit_code: int = 0, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=120, **kwargs)
    assert done.returncode == exit_code, f"{args}\n{done.stdout}\n{done.stderr}"
    return done


def _pdf_text(pdf: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages)


def _build_wheel(out: Path) -> Path:
    # No build isolation: hatchling is in the test lock, so building needs no download.
    _run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", out, ROOT)
    [wheel] = out.glob("splitcheck-*.whl")
    return wheel


def _fresh_environment(where: Path, wheel: Path) -> Path:
    venv.create(where, with_pip=False)
    python = where / "bin" / "python"
    _run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", wheel)
    site = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip())
    borrowed = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "borrowed_dependencies.pth").write_text("\n".join(sorted(borrowed)) + "\n")
    return python


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, attempts: int = 1) -> tuple[int, bytes]:
    for attempt in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.status, response.read()
        except OSError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.2)
    raise AssertionError("unreachable")


def test_the_wheel_serves_pages_static_files_and_pdfs_from_a_fresh_environment(tmp_path):
    wheel = _build_wheel(tmp_path / "dist")
    names = zipfile.ZipFile(wheel).namelist()
    for name in (
        "app/templates/base.html",
        "app/templates/reports/pdf.html",
        "app/static/css/site.css",
        "app/static/css/report-print.css",
        "app/static/fonts/DejaVuSans.ttf",
        "app/migrations/env.py",
        "app/migrations/alembic.ini",
        "app/instrument/splitcheck-1.yaml",
        "app/gunicorn.conf.py",
    ):
        assert name in names, name
    assert len([n for n in names if n.startswith("app/migrations/versions/")]) == len(
        list((ROOT / "migrations" / "versions").glob("*.py"))
    )
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]

    prefix = tmp_path / "venv"
    python = _fresh_environment(prefix, wheel)
    here = tmp_path / "elsewhere"  # not the checkout: flask and gunicorn put the working folder on the path
    here.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "INSTANCE_PATH", "PDF_CACHE_DIR")}
    env.update(
        SPLITCHECK_ENV="production",
        SECRET_KEY="wheel-test-" + "0" * 40,
        LOG_REQUESTS="0",
        DATABASE_URL=f"sqlite:///{tmp_path / 'splitcheck.sqlite3'}",
        PROMETHEUS_MULTIPROC_DIR=str(here),
    )
    env.pop("REDIS_URL", None)

    where = json.loads(
        _run(
            python,
            "-c",
            "import json, app, app.config as c; print(json.dumps("
            "[app.__file__, str(c.resource_folder()), str(c.instance_folder())]))",
            cwd=here,
            env=env,
        ).stdout
    )
    package = Path(where[0]).parent
    assert package.is_relative_to(prefix), f"app imported from {where[0]}, not from the wheel"
    assert Path(where[1]) == package
    assert Path(where[2]) == prefix / "var" / "splitcheck-instance"

    flask = (python, "-m", "flask", "--app", "app.factory:create_app")
    _run(*flask, "db", "upgrade", cwd=here, env=env)
    heads = _run(*flask, "db", "heads", cwd=here, env=env).stdout
    current = _run(*flask, "db", "current", cwd=here, env=env).stdout
    assert heads.split()[0] in current

    answers, pdf = tmp_path / "answers.json", tmp_path / "report.pdf"
    answers.write_text(json.dumps(ANSWERS))
    _run(*flask, "report", answers, "-o", pdf, cwd=here, env=env)
    text = _pdf_text(pdf)
    assert "Checkout" in text and "Distributed monolith" in text

    _the_splitcheck_command(prefix / "bin" / "splitcheck", tmp_path, here, env)

    port = _free_port()
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [str(prefix / "bin" / "splitcheck"), "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=here,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        status, body = _get(f"{base}/healthz", attempts=150)
        assert status == 200 and json.loads(body) == {"status": "ok"}
        status, body = _get(f"{base}/readyz")
        assert status == 200 and json.loads(body)["database"] == "ok"
        status, body = _get(f"{base}/")
        assert status == 200 and "Are your microservices really independent?" in body.decode()
        assert _get(f"{base}/static/css/site.css") == (200, (ROOT / "static" / "css" / "site.css").read_bytes())
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    assert (prefix / "var" / "splitcheck-instance").is_dir()
    assert not (package / "instance").exists()
    assert "Starting gunicorn" in (tmp_path / "gunicorn.log").read_text()


def _the_splitcheck_command(splitcheck: Path, tmp_path: Path, here: Path, env: dict[str, str]) -> None:
    """The console script, from a folder that is not the checkout, in production with no secret
    and no database named: score, report, and exit 2 for bad answers."""
    offline = {k: v for k, v in env.items() if k not in ("SECRET_KEY", "DATABASE_URL")}
    assert "serve" in _run(splitcheck, "--help", cwd=here, env=offline).stdout
    answers = tmp_path / "answers.json"
    result = json.loads(_run(splitcheck, "score", answers, cwd=here, env=offline).stdout)
    assert result["verdict"] == "distributed_monolith" and result["coupling_score"] == 67
    done = _run(splitcheck, "report", answers, "-o", "out.pdf", cwd=here, env=offline)
    assert done.stderr == "Wrote out.pdf\n" and "Checkout" in _pdf_text(here / "out.pdf")
    bad = here / "bad.json"
    bad.write_text(json.dumps({**ANSWERS, "signs": {**ANSWERS["signs"], "call_chains": "often"}}))
    refused = _run(splitcheck, "score", bad.name, exit_code=2, cwd=here, env=offline)
    assert refused.stdout == "" and "signs.call_chains: must be one of" in refused.stderr
