"""Settings, read from the environment.

SPLITCHECK_ENV is ``production`` unless said otherwise. Outside development
and tests there is no default secret: the app refuses to start without one.
The offline commands (`splitcheck score`, `report`, `evidence`, `lens check`)
read the same settings in command mode: they sign nothing, so they need no
secret and never write one.
"""

from __future__ import annotations

import os
import secrets
import sys
from datetime import timedelta
from pathlib import Path


def resource_folder() -> Path:
    """The one place that says where templates/, static/ and migrations/ are: inside the package
    when it is installed from a wheel (the build puts them there, see pyproject.toml), else at the
    top of the repository (a checkout, or the editable install of `scripts/setup.sh`)."""
    package = Path(__file__).resolve().parent
    return package if (package / "templates").is_dir() else package.parent


def instance_folder() -> Path:
    """Where the secret key, the SQLite database and the PDF cache go by default: INSTANCE_PATH when
    it is set; else instance/ at the top of a checkout; else, installed from a wheel, beside the
    environment it is installed in (Flask's choice for installed apps), never inside the package."""
    if path := os.environ.get("INSTANCE_PATH"):
        return Path(path).resolve()
    if ROOT != Path(__file__).resolve().parent:
        return ROOT / "instance"
    return Path(sys.prefix) / "var" / "splitcheck-instance"


ROOT = resource_folder()  # templates/, static/ and migrations/ are under it
ENVIRONMENTS = ("production", "development", "test")


class ConfigError(RuntimeError):
    """The environment does not describe a runnable app."""


def _secret_key(env: str, instance: Path) -> str:
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = instance / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    if env == "production":
        raise ConfigError(
            "SECRET_KEY is not set. Set it in the environment (for example "
            "`export SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))')`), "
            f"or write one to {key_file}."
        )
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.lower() in ("1", "true", "yes", "on")


def _count(name: str) -> int:
    value = os.environ.get(name) or "0"
    if not value.isdigit():
        raise ConfigError(f"{name} must be a whole number (0 or more), not {value!r}")
    return int(value)


def from_environment(instance: Path, *, command: bool = False) -> dict:
    """The settings; `command`: for the offline commands, which have no secret (they serve no
    pages and sign no sessions or links)."""
    env = os.environ.get("SPLITCHECK_ENV", "production")
    if env not in ENVIRONMENTS:
        raise ConfigError(f"SPLITCHECK_ENV must be one of {', '.join(ENVIRONMENTS)}, not {env!r}")
    secure = _flag("SESSION_COOKIE_SECURE", False)
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance / 'splitcheck.sqlite3'}"
    redis_url = os.environ.get("REDIS_URL")
    return {
        "ENV_NAME": env,
        "SECRET_KEY": None if command else _secret_key(env, instance),
        "SQLALCHEMY_DATABASE_URI": database_url,
        # A server connection can drop between requests; a local SQLite file can't.
        "SQLALCHEMY_ENGINE_OPTIONS": {} if database_url.startswith("sqlite") else {"pool_pre_ping": True},
        "PDF_CACHE_DIR": os.environ.get("PDF_CACHE_DIR") or str(instance / "pdf-cache"),
        "PDF_STORE": os.environ.get("PDF_STORE", "directory"),
        # Render (or enqueue) a PDF when its assessment is finished or changes, before anyone asks.
        "PDF_PREPARE_AHEAD": _flag("PDF_PREPARE_AHEAD", True),
        # Forms are small; evidence uploads (traces) may be large and get their own limit.
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_CONTENT_LENGTH", 2 * 1024 * 1024)),
        "EVIDENCE_MAX_BYTES": int(os.environ.get("EVIDENCE_MAX_BYTES", 64 * 1024 * 1024)),
        # One analysis of evidence ends with a clear refusal after this many seconds (the worker's own
        # timeout is 60 s); anyone may ask for analyses, so they are limited per address too.
        "EVIDENCE_MAX_SECONDS": float(os.environ.get("EVIDENCE_MAX_SECONDS", 20)),
        "EVIDENCE_RATE_LIMIT": os.environ.get("EVIDENCE_RATE_LIMIT", "6 per minute;60 per hour"),
        # Requests with one workspace API token, whichever endpoint they go to.
        "API_RATE_LIMIT": os.environ.get("API_RATE_LIMIT", "120 per minute;5000 per hour"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure,
        "PERMANENT_SESSION_LIFETIME": timedelta(days=30),
        # Re-sign the cookie only when the session changes, not on every page.
        "SESSION_REFRESH_EACH_REQUEST": False,
        # A questionnaire page may stay open for hours; an expired token
        # still never loses answers (the form comes back with them).
        "WTF_CSRF_TIME_LIMIT": 12 * 3600,
        "REDIS_URL": redis_url,
        # One JSON line per request on stderr (route template, status, duration; no paths or answers).
        "LOG_REQUESTS": _flag("LOG_REQUESTS", env != "test"),
        # When set, /metrics answers only with "Authorization: Bearer <token>".
        "METRICS_TOKEN": os.environ.get("METRICS_TOKEN"),
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        # If Redis goes away, limits continue per process instead of failing requests.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_SWALLOW_ERRORS": True,
        # Anyone may create a workspace unless this is switched off; colleagues join by invitation.
        "SIGNUP_ENABLED": _flag("SIGNUP_ENABLED", True),
        # Password reset links are e-mailed too when an SMTP server is set.
        "SMTP_HOST": os.environ.get("SMTP_HOST"),
        "SMTP_PORT": int(os.environ.get("SMTP_PORT", 587)),
        "SMTP_USERNAME": os.environ.get("SMTP_USERNAME"),
        "SMTP_PASSWORD": os.environ.get("SMTP_PASSWORD"),
        "SMTP_STARTTLS": _flag("SMTP_STARTTLS", True),
        "SMTP_FROM": os.environ.get("SMTP_FROM", "splitcheck@localhost"),
        # Where people reach this app, for links in PDFs made outside a request.
        "PUBLIC_URL": os.environ.get("PUBLIC_URL"),
        "PREFERRED_URL_SCHEME": "https" if secure else "http",
        # How many proxies in front of the app add X-Forwarded-For/-Proto (0: none, trust neither).
        "TRUSTED_PROXIES": _count("TRUSTED_PROXIES"),
    }
