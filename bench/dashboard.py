"""Benchmark: the consultants' dashboard (GET /clients, first page) at 100 and at 100,000 responses.

For each database (SQLite: a file in a temporary directory; PostgreSQL: a
fresh database ``splitcheck_bench`` on 127.0.0.1, one schema per scenario,
dropped at the end), creates the app as the tests do (SPLITCHECK_ENV=test),
builds the schema with the real migrations (Flask-Migrate ``upgrade()``, so
their indexes are what is measured), creates a workspace and its owner
(``create_owner``), then bulk-inserts with SQLAlchemy Core (executemany,
batches of 5,000; not through the web):

  scenario A  10,000 clients, 100 responses in total
  scenario B  the same 10,000 clients, 100,000 responses

In A only 40 clients have responses, so a verdict filter matches a few dozen
clients; in B 8,800 do. What the rows are: bench/dashboard_population.py.

Then signs in through the test client (POST /sign-in) and times GET /clients
and two filtered variants, A and B alternately: 3 warm-ups, then the median
and p95 of --requests requests each. Every SQL statement of a request is
counted (SQLAlchemy ``before_cursor_execute``) and timed. For a variant that
misses the target, the database's plans of its statements (EXPLAIN QUERY PLAN;
EXPLAIN ANALYZE on PostgreSQL) are printed for A and B; --explain prints B's
for every variant.

    .venv/bin/python bench/dashboard.py [--requests 30] [--databases sqlite,postgresql] [--explain]

Target, per database and variant: median(B) / median(A) <= 1.5, and the same
number of SQL statements per request in A and B (no per-row queries).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import math
import os
import random
import re
import secrets
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["SPLITCHECK_ENV"] = "test"
os.environ.setdefault("SECRET_KEY", secrets.token_hex(32))  # else the test config writes instance/secret_key

from dashboard_population import (  # noqa: E402
    SCENARIOS,
    SEED,
    Population,
    Scenario,
    answer_pool,
    client_rows,
    populate,
    response_rows,
    the_clients,
)
from sqlalchemy import event, insert, make_url, text  # noqa: E402

TARGET = 1.5
BATCH = 5_000
PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PG_DATABASE = "splitcheck_bench"
EMAIL, PASSWORD = "owner@bench.example", "bench-password-0123456789"
VARIANTS = ("/clients", "/clients?q=acme", "/clients?verdict=at_risk&sort=score")
TABLES = (
    "workspaces",
    "users",
    "clients",
    "client_notes",
    "intake_links",
    "respondents",
    "teams",
    "assessments",
    "share_links",
)


# --- databases -------------------------------------------------------------------------------------


@dataclass
class Target:
    """One scenario's app and database, with its signed-in test client and statement counter."""

    scenario: Scenario
    app: object
    client: object = None
    statements: list = field(default_factory=list)
    sql_seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)
    fill_seconds: float = 0.0


def make_app(url: str, engine_options: dict | None = None):
    from app.factory import create_app

    config = {"SQLALCHEMY_DATABASE_URI": url, "TESTING": True, "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False}
    if engine_options:
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": True, **engine_options}
    return create_app(config)


def fill(target: Target, population: Population) -> None:
    from flask_migrate import upgrade

    from app.consultants.accounts_admin import create_owner
    from app.extensions import db

    start = time.perf_counter()
    with target.app.app_context():
        log = io.StringIO()
        try:
            with contextlib.redirect_stderr(log):  # alembic's INFO lines
                upgrade()
        except Exception:
            print(log.getvalue(), file=sys.stderr)
            raise
        population.workspace_id = create_owner(EMAIL, PASSWORD, "Bench Consultancy").workspace_id
        engine, tables = db.engine, db.metadata.tables

        with engine.begin() as conn:
            for table, rows in client_rows(population):
                for i in range(0, len(rows), BATCH):
                    conn.execute(insert(tables[table]), rows[i : i + BATCH])
        for start_row in range(0, len(population.responses), BATCH):
            with engine.begin() as conn:
                for table, rows in response_rows(
                    population, start_row, min(start_row + BATCH, len(population.responses))
                ):
                    conn.execute(insert(tables[table]), rows)

        with engine.connect() as conn:
            if engine.dialect.name == "postgresql":
                # Explicit ids: move the sequences past them, as if the app had inserted the rows.
                for table in ("teams", "assessments", "clients", "intake_links", "respondents"):
                    conn.execute(
                        text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
                    )
                conn.commit()
                # What autovacuum does soon after a bulk load in production: visibility map and statistics.
                conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))
            target.counts = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in TABLES}
    target.fill_seconds = time.perf_counter() - start


def sign_in(target: Target) -> None:
    from app.extensions import db

    target.client = target.app.test_client()
    reply = target.client.post("/sign-in", data={"email": EMAIL, "password": PASSWORD})
    if reply.status_code != 302:
        raise RuntimeError(f"sign-in answered {reply.status_code}, expected a redirect")
    with target.app.app_context():
        engine = db.engine

    @event.listens_for(engine, "before_cursor_execute")
    def before(conn, cursor, statement, parameters, context, executemany):
        conn.info["bench_started"] = time.perf_counter()
        target.statements.append((statement, parameters))

    @event.listens_for(engine, "after_cursor_execute")
    def after(conn, cursor, statement, parameters, context, executemany):
        target.sql_seconds += time.perf_counter() - conn.info.pop("bench_started")


ROW = re.compile(r'<th scope="row">')
TOTAL = re.compile(r'role="status">([\d,]+) client')


def get(target: Target, path: str) -> tuple[float, int, float, str]:
    """One timed request: seconds, SQL statements, seconds in SQL, page text."""
    target.statements.clear()
    target.sql_seconds = 0.0
    start = time.perf_counter()
    reply = target.client.get(path)
    elapsed = time.perf_counter() - start
    if reply.status_code != 200:
        raise RuntimeError(f"scenario {target.scenario.key}: GET {path} answered {reply.status_code}")
    return elapsed, len(target.statements), target.sql_seconds, reply.get_data(as_text=True)


def check_page(target: Target, path: str) -> tuple[int, int, list]:
    """The page lists min(25, matches) clients; returns (rows, matches, its statements)."""
    _, _, _, page = get(target, path)
    statements = list(target.statements)
    rows, found = len(ROW.findall(page)), TOTAL.search(page)
    matches = int(found.group(1).replace(",", "")) if found else -1
    if rows != min(25, matches) or (path == "/clients" and rows != 25):
        raise RuntimeError(f"scenario {target.scenario.key}: GET {path} lists {rows} rows of {matches} matches")
    return rows, matches, statements


def explain(target: Target, statements: list) -> list[str]:
    """The database's plan for each statement of one request that reads the clients table."""
    from app.extensions import db

    lines = []
    with target.app.app_context(), db.engine.connect() as conn:
        postgres = conn.dialect.name == "postgresql"
        for statement, parameters in statements:
            if "FROM clients" not in statement:
                continue
            prefix = "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, SUMMARY ON) " if postgres else "EXPLAIN QUERY PLAN "
            plan = conn.exec_driver_sql(prefix + statement, parameters).all()
            lines.append("  " + " ".join(statement.split())[:150])
            lines += [f"      {row[0] if postgres else row[-1]}" for row in plan]
    return lines


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def measure(targets: list[Target], path: str, requests: int, warmup: int) -> dict[str, dict]:
    for target in targets:
        for _ in range(warmup):
            get(target, path)
    samples = {t.scenario.key: ([], set(), []) for t in targets}
    for i in range(requests):
        for target in targets if i % 2 == 0 else reversed(targets):  # alternate, so drift hits both
            seconds, queries, sql, _ = get(target, path)
            times, counts, sql_times = samples[target.scenario.key]
            times.append(seconds * 1000)
            counts.add(queries)
            sql_times.append(sql * 1000)
    return {
        key: {
            "median": statistics.median(times),
            "p95": percentile(times, 0.95),
            "queries": counts,
            "sql": statistics.median(sql_times),
        }
        for key, (times, counts, sql_times) in samples.items()
    }


def tables_read(statements: list) -> list[str]:
    return sorted({t for s, _ in statements for t in re.findall(r"\b(?:FROM|JOIN)\s+(\w+)", s)})


def run(database: str, url_for, requests: int, warmup: int, show_plans: bool, seed: int) -> list[str]:
    """Fills, checks and times one database; returns what failed (empty: PASS)."""
    rng = random.Random(seed)
    from app.extensions import db

    clients = the_clients(rng)
    pool = answer_pool(rng)
    targets = []
    for scenario in SCENARIOS:
        url, options = url_for(scenario)
        target = Target(scenario, make_app(url, options))
        fill(target, populate(scenario, clients, pool, seed))
        c = target.counts
        print(
            f"{database} scenario {scenario.key}: filled in {target.fill_seconds:.1f} s: "
            f"{c['clients']:,} clients, {c['respondents']:,} respondents, {c['teams']:,} teams, "
            f"{c['assessments']:,} assessments, {c['intake_links']:,} intake links"
        )
        sign_in(target)
        targets.append(target)

    results, checks = {}, {}
    for path in VARIANTS:
        for target in targets:
            checks[path, target.scenario.key] = check_page(target, path)
        results[path] = measure(targets, path, requests, warmup)

    print(f"\n{database}: GET, signed in; {warmup} warm-ups then {requests} requests per scenario, A and B alternately")
    print(
        f"  {'variant':38s} {'scen':4s} {'clients':>7s} {'responses':>9s} {'matches':>7s} {'rows':>4s} "
        f"{'median ms':>9s} {'p95 ms':>7s} {'SQL ms':>6s} {'queries/req':>11s}"
    )
    failed, verdicts = [], []
    for path in VARIANTS:
        for target in targets:
            key = target.scenario.key
            r, (rows, matches, _) = results[path][key], checks[path, key]
            queries = "/".join(map(str, sorted(r["queries"])))
            print(
                f"  {path:38s} {key:4s} {target.counts['clients']:7,} {target.counts['respondents']:9,} "
                f"{matches:7,} {rows:4d} {r['median']:9.2f} {r['p95']:7.2f} {r['sql']:6.2f} {queries:>11s}"
            )
        a, b = results[path]["A"], results[path]["B"]
        ratio = b["median"] / a["median"]
        same_queries = a["queries"] == b["queries"] and len(a["queries"]) == 1
        ok = ratio <= TARGET and same_queries
        if not ok:
            failed.append(path)
            verdicts.append(f"{path} {ratio:.2f}x" + ("" if same_queries else ", queries differ"))
        print(
            f"  {'':38s} ratio B/A {ratio:.2f} (target <= {TARGET}); queries/request "
            f"{'the same in A and B' if same_queries else 'DIFFER'}: {'PASS' if ok else 'FAIL'}"
        )
    statements = checks["/clients", "B"][2]
    print(f"  statements of one GET /clients (B): {len(statements)}, reading {', '.join(tables_read(statements))}")
    # Why: the plans of every failing variant, A and B (and of every variant's B with --explain).
    for path in VARIANTS:
        for target in targets if path in failed else targets[1:] if show_plans else ():
            key = target.scenario.key
            print(f"\n  plans, scenario {key}, GET {path}:")
            print("\n".join(explain(target, checks[path, key][2])))

    for target in targets:
        with target.app.app_context():
            db.session.remove()
            db.engine.dispose()
    return verdicts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=30, help="timed requests per scenario and variant")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests first")
    parser.add_argument("--databases", default="sqlite,postgresql", help="sqlite, postgresql or both")
    parser.add_argument(
        "--pg-admin-url",
        default=PG_ADMIN_URL,
        help=f"an existing database to run CREATE/DROP DATABASE {PG_DATABASE} from",
    )
    parser.add_argument("--explain", action="store_true", help="print the query plans of scenario B, every variant")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    if args.requests < 20:
        parser.error("--requests: at least 20")
    started = time.perf_counter()
    results = {}

    for database in args.databases.split(","):
        if database == "sqlite":
            with tempfile.TemporaryDirectory(prefix="splitcheck-bench-") as tmp:
                results[database] = run(
                    database,
                    lambda s: (f"sqlite:///{tmp}/{s.key}.sqlite3", None),
                    args.requests,
                    args.warmup,
                    args.explain,
                    args.seed,
                )
        elif database == "postgresql":
            import psycopg

            admin = make_url(args.pg_admin_url)
            if admin.host not in ("127.0.0.1", "localhost", "::1"):
                parser.error("--pg-admin-url: only a server on this machine (127.0.0.1)")
            dsn = admin.set(drivername="postgresql").render_as_string(hide_password=False)
            with psycopg.connect(dsn, autocommit=True) as conn:
                if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (PG_DATABASE,)).fetchone():
                    print(
                        f"FAIL: database {PG_DATABASE} already exists (a run that was killed?); "
                        f"drop it first: DROP DATABASE {PG_DATABASE}"
                    )
                    return 1
                conn.execute(f"CREATE DATABASE {PG_DATABASE}")
                try:
                    bench_url = admin.set(database=PG_DATABASE).render_as_string(hide_password=False)
                    with psycopg.connect(
                        admin.set(drivername="postgresql", database=PG_DATABASE).render_as_string(hide_password=False),
                        autocommit=True,
                    ) as bench:
                        for scenario in SCENARIOS:
                            bench.execute(f"CREATE SCHEMA scenario_{scenario.key.lower()}")
                    results[database] = run(
                        database,
                        lambda s, url=bench_url: (
                            url,
                            {"connect_args": {"options": f"-c search_path=scenario_{s.key.lower()}"}},
                        ),
                        args.requests,
                        args.warmup,
                        args.explain,
                        args.seed,
                    )
                finally:
                    conn.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        else:
            parser.error(f"--databases: sqlite or postgresql, not {database!r}")

    print(f"\ntotal run time {time.perf_counter() - started:.0f} s")
    for database, failures in results.items():
        if failures:
            print(
                f"FAIL: {database}: {len(failures)} of {len(VARIANTS)} variants miss the target "
                f"(B/A <= {TARGET}, same queries): {'; '.join(failures)}"
            )
        else:
            print(
                f"PASS: {database}: every variant at 100,000 responses takes <= {TARGET}x its time at 100, "
                f"with the same queries per request"
            )
    return 0 if results and not any(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
