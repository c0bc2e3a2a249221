"""A stored PDF is never older than what it is drawn with: a deploy that changes the report's
templates, stylesheet or fonts makes the next download a new render."""

from __future__ import annotations

import re

from jinja2 import FileSystemLoader

from app.extensions import db
from app.factory import create_app
from app.reports import pdf

from .journey import complete, step_url
from .test_report import pdf_text

NEW_LINE = "Printed with the new template."


def _app(tmp_path):
    """The app as one deploy starts it: same database and PDF store across deploys."""
    return create_app(
        {
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "SERVER_NAME": "splitcheck.test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/splitcheck.sqlite3",
            "PDF_CACHE_DIR": str(tmp_path / "pdf-cache"),
        }
    )


def test_a_deploy_that_changes_an_included_report_template_makes_a_new_render(tmp_path, answers, monkeypatch):
    before = _app(tmp_path)
    with before.app_context():
        db.create_all()
    team = before.test_client()
    public_id = complete(team, answers)
    resume = re.search(
        r'class="resume-link"><a href="http://splitcheck.test(/r/[^"]+)"', team.get(step_url(public_id, "result")).text
    )[1]
    first = team.get(step_url(public_id, "report.pdf")).data
    renders = []
    real_render = pdf.render
    monkeypatch.setattr(pdf, "render", lambda html: renders.append(1) or real_render(html))
    assert team.get(step_url(public_id, "report.pdf")).data == first and renders == []  # stored

    real_source = FileSystemLoader.get_source

    def deployed(self, environment, template):  # the next release changed a template the report includes
        source, filename, uptodate = real_source(self, environment, template)
        if template == "reports/_report.html":
            source += f"<p>{NEW_LINE}</p>"
        return source, filename, uptodate

    monkeypatch.setattr(FileSystemLoader, "get_source", deployed)
    after = _app(tmp_path)
    assert after.extensions["report_template_version"] != before.extensions["report_template_version"]
    same_team = after.test_client()
    assert same_team.get(resume).status_code == 302
    second = same_team.get(step_url(public_id, "report.pdf")).data
    assert renders == [1] and NEW_LINE in pdf_text(second) and NEW_LINE not in pdf_text(first)


def test_the_version_covers_the_stylesheet_and_fonts(tmp_path, monkeypatch):
    app = _app(tmp_path)
    version = pdf.template_version(app.jinja_env)
    assert pdf.template_version(app.jinja_env) == version  # the same files, the same version
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    (static / "fonts").mkdir()
    stylesheet = static / "css" / "report-print.css"
    stylesheet.write_text((pdf.STATIC / "css" / "report-print.css").read_text())
    (static / "fonts" / "DejaVuSans.ttf").write_bytes(b"font")
    monkeypatch.setattr(pdf, "STATIC", static)
    copied = pdf.template_version(app.jinja_env)
    stylesheet.write_text(stylesheet.read_text() + "\nh1 { color: red; }\n")
    restyled = pdf.template_version(app.jinja_env)
    (static / "fonts" / "DejaVuSans.ttf").write_bytes(b"another font")
    refonted = pdf.template_version(app.jinja_env)
    assert len({version, copied, restyled, refonted}) == 4
