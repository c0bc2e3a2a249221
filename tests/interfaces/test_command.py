"""The `splitcheck` command (app/command.py): its help, exit codes and output, run with click's
CliRunner in this process, with production settings and no secret; one test on a real terminal.

Each offline command runs in the app `create_command_app` makes (no secret, no database); `serve`
is checked up to the moment it would hand over to gunicorn."""

from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys
import threading
from importlib.metadata import version
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from app import command

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
LENS = ROOT / "docs" / "examples" / "acme-platform-1.yaml"


@pytest.fixture
def production(monkeypatch, tmp_path):
    """Production settings with no secret anywhere, and an instance folder nobody made yet."""
    monkeypatch.setenv("SPLITCHECK_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(command.commands, list(args), input=input)


def answers_file(where: Path, answers: dict) -> str:
    path = where / "answers.json"
    path.write_text(json.dumps(answers))
    return str(path)


def test_help_names_every_command_and_the_exit_codes():
    result = run("--help")
    assert result.exit_code == 0
    for name in ("score", "report", "evidence", "lens", "serve"):
        assert f"\n  {name} " in result.output
    assert "Exit codes:" in result.output and "2  bad input" in result.output
    for args in (["score"], ["report"], ["evidence"], ["lens", "check"], ["serve"]):
        shown = run(*args, "--help")
        assert shown.exit_code == 0 and shown.output.startswith(f"Usage: splitcheck {' '.join(args)} ")
        assert "2  bad input" in shown.output, args


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and result.output == f"splitcheck {version('splitcheck')}\n"


def test_score_needs_no_secret_and_writes_nothing(production, answers):
    result = run("score", answers_file(production, answers))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["verdict"] == "distributed_monolith"
    assert not (production / "instance").exists()


def test_score_reads_standard_input_and_refuses_bad_answers_with_exit_2(production, answers):
    assert json.loads(run("score", "-", input=json.dumps(answers)).stdout)["coupling_score"] == 67
    answers["signs"]["call_chains"] = "often"
    result = run("score", "-", input=json.dumps(answers))
    assert result.exit_code == 2 and result.stdout == ""
    assert "signs.call_chains: must be one of yes, partly, no, unsure" in result.stderr
    missing = run("score", str(production / "nope.json"))
    assert missing.exit_code == 2 and "nope.json" in missing.stderr


def test_score_knows_no_published_lens_without_a_database(app, production, answers):
    """The web app (the `app` fixture) looks lenses up in its database; the command has none."""
    answers["instrument"] = "acme-platform/1"
    result = run("score", answers_file(production, answers))
    assert result.exit_code == 2, result.output
    assert "instrument: must be one of splitcheck/1" in result.stderr


def test_report_writes_the_pdf_without_a_secret(production, answers):
    out = production / "out.pdf"
    result = run("report", answers_file(production, answers), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Wrote {out}\n"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "Checkout" in text and "Distributed monolith" in text


def test_report_to_a_folder_that_does_not_exist_exits_2(production, answers):
    result = run("report", answers_file(production, answers), "-o", str(production / "missing" / "out.pdf"))
    assert result.exit_code == 2
    assert "Could not write" in result.stderr and "No such file or directory" in result.stderr


def test_evidence_piped_prints_the_document_and_no_progress_bar(production):
    result = run("evidence", str(FIXTURES / "sockshop"))
    assert result.exit_code == 0, result.output
    assert {s["name"] for s in json.loads(result.stdout)["services"]} >= {"orders", "carts"}
    assert "Reading the files" not in result.stderr and "%" not in result.stderr
    assert result.stderr.startswith("Read 2 files; skipped 1")


def test_evidence_that_is_no_evidence_exits_2(production):
    result = run("evidence", str(FIXTURES / "sockshop" / "README.md"))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("README.md: ")


def test_evidence_on_a_terminal_shows_a_progress_bar_on_standard_error(tmp_path):
    """Standard error is a pseudo-terminal, standard output a pipe: the bar goes to the terminal
    only, and the document comes out whole."""
    terminal, attached = pty.openpty()
    shown = bytearray()

    def read_terminal() -> None:
        while True:
            try:
                chunk = os.read(terminal, 4096)
            except OSError:  # the command has ended and closed its side
                return
            if not chunk:
                return
            shown.extend(chunk)

    reader = threading.Thread(target=read_terminal)
    reader.start()
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(SPLITCHECK_ENV="production", INSTANCE_PATH=str(tmp_path / "instance"))
    done = subprocess.run(
        [sys.executable, "-m", "app.command", "evidence", str(FIXTURES / "zipkin-traces")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=attached,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    os.close(attached)
    reader.join(timeout=10)
    os.close(terminal)
    assert done.returncode == 0
    assert [entry.get("format") for entry in json.loads(done.stdout)["inputs"]] == [None, "zipkin", "zipkin"]
    text = shown.decode()
    assert "Reading the files" in text and "100%" in text
    assert "Reading the files" not in done.stdout.decode()


def test_lens_check(production, tmp_path):
    good = run("lens", "check", str(LENS))
    assert good.exit_code == 0 and "acme-platform/1, valid: 8 signs" in good.output
    bad = tmp_path / "bad.yaml"
    bad.write_text(LENS.read_text().replace("id: acme-platform/1", "id: 12", 1))
    refused = run("lens", "check", str(bad))
    assert refused.exit_code == 2 and refused.stderr == "bad.yaml: id: must be a text\n"


@pytest.fixture
def handed_over(monkeypatch):
    """What `serve` would hand over to gunicorn (os.execv), instead of doing so."""
    calls: list[list[str]] = []
    monkeypatch.setattr(command.os, "execv", lambda path, argv: calls.append(argv))
    return calls


def test_serve_says_the_secret_is_missing_and_does_not_start(production, handed_over):
    result = run("serve")
    assert result.exit_code == 2
    assert result.stderr.startswith("Splitcheck cannot start: SECRET_KEY is not set.")
    assert handed_over == []


def test_serve_refuses_a_database_without_its_migrations_and_brings_it_up_to_date(production, monkeypatch, handed_over):
    monkeypatch.setenv("SECRET_KEY", "serve-test-" + "0" * 40)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{production / 'splitcheck.sqlite3'}")
    refused = run("serve")
    assert refused.exit_code == 2 and "the database is not up to date" in refused.stderr
    assert "splitcheck serve --migrate" in refused.stderr and handed_over == []

    started = run("serve", "--migrate", "--bind", "127.0.0.1:9999", "--workers", "2")
    assert started.exit_code == 0, started.output
    [argv] = handed_over
    config = Path(argv[argv.index("--config") + 1])
    assert config == ROOT / "gunicorn.conf.py" and config.is_file()
    assert argv[argv.index("--bind") + 1] == "127.0.0.1:9999" and argv[argv.index("--workers") + 1] == "2"
    assert argv[-1] == "app.factory:create_app()"
    assert run("serve").exit_code == 0  # now up to date


def test_an_unexpected_error_exits_1_with_a_sentence(production, answers, monkeypatch, capsys):
    def broken(answers):
        raise RuntimeError("scoring broke")

    monkeypatch.setattr("app.cli.result_document", broken)
    monkeypatch.setattr(sys, "argv", ["splitcheck", "score", answers_file(production, answers)])
    with pytest.raises(SystemExit) as ended:
        command.main()
    assert ended.value.code == 1
    err = capsys.readouterr().err
    assert "RuntimeError: scoring broke" in err and "unexpected error (a fault in Splitcheck" in err
