"""Profiles, example budgets and per-example isolation for the property tests.

Isolation: hypothesis runs the body of a test many times inside one use of the
function-scoped ``app`` fixture. Building an app per example costs about half
a second (measured: 0.46 s for create_app + create_all), far too much for
10,000 cases, so each example starts from a reset state instead:

* ``fresh(app)`` deletes every row (except the tables a test keeps, such as
  the consultant's account, whose argon2 hash costs ~0.1 s to make), clears
  the rate limiter's counters and returns a new test client: no cookies, no
  session, no flashed messages. That is the state a new ``app`` fixture gives,
  at ~3 ms, so examples can't see each other and a shrunk example replays
  exactly as it first ran.
* ``snapshot(app)`` reads every table whole; "never a partial write" is
  checked by comparing the snapshots before and after a refused request.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from typing import Any

from hypothesis import HealthCheck, settings

from app.extensions import db, limiter

_SLOW_OK = [
    HealthCheck.function_scoped_fixture,
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.large_base_example,
    HealthCheck.filter_too_much,
]

# CI: fixed seeds (a failure reproduces on re-run; print_blob gives the exact case), no example database.
settings.register_profile(
    "ci",
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=_SLOW_OK,
    print_blob=True,
)
# Developers: a tenth of the cases, new random ones every run.
settings.register_profile(
    "dev", max_examples=10, deadline=None, database=None, suppress_health_check=_SLOW_OK, print_blob=True
)


def _profile_name() -> str:
    if chosen := os.environ.get("HYPOTHESIS_PROFILE"):
        return chosen
    return "ci" if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no") else "dev"


PROFILE = _profile_name()
settings.load_profile(PROFILE)
CI_TARGET = 10_000

CASES: Counter[str] = Counter()
running_test = [""]


def examples(weight: float) -> int:
    """A test's budget: `weight` times the profile's max_examples (100 in CI, 10 in dev)."""
    return max(1, round(settings.default.max_examples * weight))


def tally(n: int = 1) -> None:
    """Count generated cases for the running test (printed at the end of the run)."""
    CASES[running_test[0]] += n


_statements: dict[int, tuple] = {}


def _engine_and_tables(app):
    """The app's engine and, per table, its SELECT and DELETE (found once per app)."""
    found = _statements.get(id(app))
    if found is None or found[0] is not app:
        with app.app_context():
            engine = db.engine
        tables = [
            (
                t.name,
                f"SELECT * FROM {t.name} ORDER BY " + ", ".join(c.name for c in t.primary_key.columns),
                f"DELETE FROM {t.name}",
            )
            for t in db.metadata.sorted_tables
        ]
        found = _statements[id(app)] = (app, engine, tables)
    return found[1], found[2]


def fresh(app, keep: Iterable[str] = ()):
    """Reset the database (but the tables in `keep`) and the rate limits; a new client."""
    engine, tables = _engine_and_tables(app)
    with engine.begin() as connection:
        for name, _, delete in reversed(tables):
            if name not in keep:
                connection.exec_driver_sql(delete)
    with app.app_context():
        limiter.reset()
        # Should an error inside the limiter happen again (as B17 did), Flask-Limiter would count in a
        # fallback memory storage until its storage check passes: start every example from the primary.
        if getattr(limiter, "_storage_dead", False):
            limiter._storage_dead = False
        if (fallback := getattr(limiter, "_fallback_storage", None)) is not None:
            fallback.reset()
    return app.test_client()


def snapshot(app) -> dict[str, list[tuple]]:
    """Every row of every table as the database driver returns it, in primary-key order."""
    engine, tables = _engine_and_tables(app)
    with engine.connect() as connection:
        return {
            name: [tuple(_plain(v) for v in row) for row in connection.exec_driver_sql(select)]
            for name, select, _ in tables
        }


def _plain(value: Any) -> Any:
    return bytes(value) if isinstance(value, memoryview) else value


def changed_tables(before: dict, after: dict) -> dict[str, tuple[int, int]]:
    """Tables whose rows differ: name -> (rows before, rows after)."""
    return {name: (len(before[name]), len(after[name])) for name in before if before[name] != after[name]}


def rows(app, model, **where) -> list:
    """Rows of a model, detached, in id order."""
    with app.app_context():
        found = list(db.session.scalars(db.select(model).filter_by(**where).order_by(model.id)))
        db.session.expunge_all()
        db.session.remove()
        return found


def copy_session(source, target) -> None:
    """Give a new test client the session (for example, the sign-in) of another."""
    with source.session_transaction() as held:
        values = dict(held)
    with target.session_transaction() as session:
        session.update(values)


def flashed(client, category: str) -> list[str]:
    """Take this client's flashed messages of one category out of its session."""
    with client.session_transaction() as session:
        messages = session.get("_flashes", [])
        session["_flashes"] = [m for m in messages if m[0] != category]
        if not session["_flashes"]:
            session.pop("_flashes")
    return [text for cat, text in messages if cat == category]
