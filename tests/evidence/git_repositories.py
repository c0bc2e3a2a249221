"""Repositories made in a test with git: commits with fixed dates, branches and merges."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

START = 1_767_225_600  # 2026-01-01 00:00 UTC
HOUR = 3600


class Repository:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.count = 0

    def git(self, *arguments: str, at: int = START) -> str:
        env = {
            **os.environ,
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Test",
            "GIT_AUTHOR_EMAIL": "test@example.com",
            "GIT_COMMITTER_NAME": "Test",
            "GIT_COMMITTER_EMAIL": "test@example.com",
            "GIT_AUTHOR_DATE": f"@{at} +0000",
            "GIT_COMMITTER_DATE": f"@{at} +0000",
        }
        done = subprocess.run(
            ["git", "-C", str(self.path), *arguments], env=env, check=True, capture_output=True, text=True
        )
        return done.stdout

    def commit(self, *paths: str, at: int | None = None, files: dict[str, str] | None = None) -> None:
        """One commit changing each path (a line appended), at ``at`` (by default an hour after the last)."""
        self.count += 1
        when = START + self.count * HOUR if at is None else at
        for path in paths:
            target = self.path / path
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("a") as out:
                out.write(f"change {self.count}\n")
        for path, text in (files or {}).items():
            target = self.path / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", f"change {self.count}", at=when)

    def export(self, *extra: str) -> bytes:
        """The history as the evidence page's documented git log command writes it."""
        from app.evidence.history_log import LOG_ARGUMENTS

        return self.git(*LOG_ARGUMENTS, *extra).encode()
