"""`flask --app wsgi score FILE` and `flask --app wsgi report FILE -o OUT.pdf`."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]


def test_score_prints_the_result(runner, tmp_path, answers):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers))
    result = runner.invoke(args=["score", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["verdict"] == "distributed_monolith"


def test_score_reads_standard_input(runner, answers):
    result = runner.invoke(args=["score", "-"], input=json.dumps(answers))
    assert result.exit_code == 0 and json.loads(result.stdout)["coupling_score"] == 67


def test_bad_answers_exit_2_listing_problems(runner, answers):
    answers["signs"]["call_chains"] = "often"
    result = runner.invoke(args=["score", "-"], input=json.dumps(answers))
    assert result.exit_code == 2
    assert "signs.call_chains: must be one of yes, partly, no, unsure" in result.stderr
    assert result.stdout == ""


def test_not_json_exits_2(runner):
    result = runner.invoke(args=["score", "-"], input="{oops")
    assert result.exit_code == 2 and "not a JSON document" in result.stderr


def test_missing_file_exits_2(runner, tmp_path):
    result = runner.invoke(args=["score", str(tmp_path / "nope.json")])
    assert result.exit_code == 2 and "nope.json" in result.stderr


def test_report_writes_the_pdf(runner, tmp_path, answers):
    src, out = tmp_path / "answers.json", tmp_path / "out.pdf"
    src.write_text(json.dumps(answers))
    result = runner.invoke(args=["report", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "Checkout" in text and "Distributed monolith" in text and "Give every service its own data" in text


def test_real_command_line(tmp_path, answers):
    """The documented command itself, in a separate process."""
    src = tmp_path / "answers.json"
    src.write_text(json.dumps(answers))
    env = dict(os.environ, SPLITCHECK_ENV="test", DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3")
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "score", str(src)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["verdict"] == "distributed_monolith"
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "score", str(tmp_path / "missing.json")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "missing.json" in done.stderr
