"""The pure core loads on its own: importing the questionnaire, the scoring and the evidence
importer loads neither Flask nor the database, in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WEB_PACKAGES = (
    "flask",
    "werkzeug",
    "jinja2",
    "sqlalchemy",
    "flask_sqlalchemy",
    "flask_wtf",
    "wtforms",
    "flask_login",
    "flask_limiter",
    "weasyprint",
)


def test_the_pure_core_imports_nothing_of_the_web_app():
    program = (
        "import json, sys\n"
        "import app.instrument, app.scoring, app.evidence\n"
        "from app.evidence import analyse\n"
        "from app.scoring import score_answers\n"
        "print(json.dumps(sorted(m for m in sys.modules if '.' not in m)))\n"
    )
    loaded = json.loads(
        subprocess.run([sys.executable, "-c", program], cwd=ROOT, check=True, capture_output=True, text=True).stdout
    )
    assert "app" in loaded
    assert [name for name in WEB_PACKAGES if name in loaded] == []
