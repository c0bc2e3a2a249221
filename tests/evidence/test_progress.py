"""`analyse` tells its caller how far the reading of the files has got (the command line's
progress bar), in bytes, without knowing how it is shown."""

from __future__ import annotations

from pathlib import Path

from app.evidence import analyse

SOCKSHOP = Path(__file__).resolve().parents[1] / "fixtures" / "sockshop"


def test_progress_counts_the_bytes_read_up_to_all_of_them():
    files = [(name, (SOCKSHOP / name).read_bytes()) for name in ("docker-compose.yml", "complete-demo.yaml")]
    told: list[tuple[int, int]] = []
    analyse(files, progress=lambda done, total: told.append((done, total)))
    total = sum(len(data) for _, data in files)
    assert told == [(len(files[0][1]), total), (total, total)]
