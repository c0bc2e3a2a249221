"""The application factory: the Flask app, its extensions, blueprints and commands."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from . import instrument, observability, routing, security, translation, uploads
from .config import from_environment, instance_folder, resource_folder
from .extensions import csrf, db, limiter, login_manager, migrate


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = _flask_app()
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(from_environment(Path(app.instance_path)))
    if config:
        app.config.update(config)
    # A broken questionnaire file stops start-up here, naming file and key.
    instrument.get()
    routing.init_app(app)
    translation.init_app(app)
    register_extensions(app)
    register_blueprints(app)
    register_template_globals(app)
    observability.init_app(app)
    security.init_app(app)
    register_commands(app)
    return app


def create_command_app(config: dict[str, Any] | None = None) -> Flask:
    """The app of the offline commands (`splitcheck score`, `report`, `evidence`, `lens check`):
    the settings in command mode (no secret), the questionnaire and the report's templates; no
    database, no pages, nothing written to the instance folder. Answers name built-in
    questionnaires only: a workspace's published lenses are in the database."""
    app = _flask_app()
    app.config.from_mapping(from_environment(Path(app.instance_path), command=True))
    if config:
        app.config.update(config)
    instrument.get()
    translation.init_app(app)
    register_template_globals(app)
    return app


def _flask_app() -> Flask:
    resources = resource_folder()
    return Flask(
        "app",
        instance_path=str(instance_folder()),
        template_folder=str(resources / "templates"),
        static_folder=str(resources / "static"),
    )


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(resource_folder() / "migrations"))
    uploads.init_app(app)  # before the CSRF check reads a form
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)


def register_blueprints(app: Flask) -> None:
    from .api import bp as api_bp
    from .api.wiring import connect as connect_api
    from .assessments import bp as assessments_bp
    from .consultants import bp as consultants_bp
    from .consultants.wiring import connect as connect_consultants
    from .evidence_import import bp as evidence_bp
    from .evidence_import.report import evidence_fields, evidence_fingerprint
    from .history import bp as history_bp
    from .plans.wiring import init_app as init_plans
    from .reports import bp as reports_bp
    from .reports import services as report_services
    from .reports.wiring import connect as connect_reports
    from .sharing import bp as sharing_bp
    from .site import bp as site_bp
    from .site.errors import register_error_pages

    app.register_blueprint(site_bp)
    app.register_blueprint(assessments_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(sharing_bp)
    app.register_blueprint(history_bp)
    app.register_blueprint(consultants_bp)
    app.register_blueprint(evidence_bp)
    connect_consultants()
    connect_reports()
    init_plans(app)
    if evidence_fields not in report_services.extras:
        report_services.extras.append(evidence_fields)
    if evidence_fingerprint not in report_services.fingerprint_parts:
        report_services.fingerprint_parts.append(evidence_fingerprint)
    app.register_blueprint(api_bp)
    csrf.exempt(api_bp)
    connect_api()
    register_error_pages(app)


def register_template_globals(app: Flask) -> None:
    from .instrument.describe import trigger_text
    from .instrument.model import count_in_words
    from .reports.running import page_margins

    app.add_template_global(trigger_text)
    # The PDF's running header and footer in the report's language (templates/reports/pdf.html).
    app.add_template_global(page_margins, "running_margins")
    app.add_template_filter(count_in_words)


def register_commands(app: Flask) -> None:
    from .cli import register

    register(app)
