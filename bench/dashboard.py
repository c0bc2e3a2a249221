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

A client is a ``teams`` row (kind "client"), its aggregate ``assessments``
row, an ``intake_links`` row and the ``clients`` row itself; a response is a
``teams`` row (kind "respondent"), its ``assessments`` row and a
``respondents`` row. The clients' denormalised columns (status, respondents,
latest_verdict, latest_score, previous_score, updated_at) agree with their
responses; verdicts and scores come from the app's own scoring of varied
answers (previous_score is set for 30% of assessed clients; their earlier
rounds are not generated, the dashboard reads only the column). In A only 40
clients have responses, so a verdict filter matches a few dozen clients; in B
8,800 do. A fixed seed makes every run insert the same rows.

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
import base64
import contextlib
import copy
import hashlib
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
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["SPLITCHECK_ENV"] = "test"
os.environ.setdefault("SECRET_KEY", secrets.token_hex(32))  # else the test config writes instance/secret_key

from sample import ANSWERS  # noqa: E402
from sqlalchemy import event, insert, make_url, text  # noqa: E402

TARGET = 1.5
SEED = 20261125
CLIENTS = 10_000
BATCH = 5_000
PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PG_DATABASE = "splitcheck_bench"
EMAIL, PASSWORD = "owner@bench.example", "bench-password-0123456789"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)  # fixed, so the rows are the same every run
VARIANTS = ("/clients", "/clients?q=acme", "/clients?verdict=at_risk&sort=score")
TABLES = ("workspaces", "users", "clients", "client_notes", "intake_links", "respondents", "teams",
          "assessments", "share_links")


@dataclass(frozen=True)
class Scenario:
    key: str
    responses: int
    active_clients: int  # clients with at least one response


SCENARIOS = (Scenario("A", 100, 40), Scenario("B", 100_000, 8_800))

FIRST = ["Acme", "Northwind", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Vandelay",
         "Soylent", "Tyrell", "Cyberdyne", "Wonka", "Aperture", "Gringotts", "Oscorp", "Massive",
         "Pied Piper", "Dunder", "Prestige", "Monarch", "Blue Sun", "Virtucon", "Gekko", "Sterling",
         "Nakatomi", "Oceanic", "Rekall", "Bluth", "Spacely", "Cogswell", "Zorg", "Duff", "Krusty",
         "Frobozz", "Yoyodyne", "Omni", "Weyland", "Ollivander", "Pendant"]
SECOND = ["Logistics", "Payments", "Health", "Retail", "Insurance", "Energy", "Media", "Foods", "Travel",
          "Telecom", "Bank", "Analytics", "Mobility", "Software", "Labs", "Systems", "Holdings", "Group",
          "Capital", "Freight"]
SUFFIX = [" Ltd", " GmbH", " Inc.", " AG", " BV", " SAS", " plc", ""]
REGION = ["", "", "", " (EMEA)", " (US)", " (APAC)", " Nordics", " Iberia"]
PEOPLE = ["Ana", "Ben", "Chen", "Dana", "Emeka", "Fatima", "Goran", "Hana", "Ivo", "Jun", "Kemal", "Lena",
          "Mateo", "Nia", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Viktor", "Wen", "Yara"]
SURNAMES = ["Okafor", "Schmidt", "Nguyen", "Garcia", "Kowalski", "Haddad", "Tanaka", "Rossi", "Moreau",
            "Silva", "Novak", "Jensen", "Murphy", "Petrov", "Costa", "Fischer"]
ROLES = ["Staff engineer", "Engineering manager", "Tech lead", "CTO", "Platform engineer", "SRE",
         "Backend developer", "Architect", "Product manager", "VP Engineering"]
TIMELINES = ["now", "quarter", "year", "exploring"]
HELP = ["Untangle the release train before we hire two more teams.",
        "We'd like a second opinion on splitting out billing.",
        "Mostly curious how we compare; nothing urgent.",
        "Our staging environment is the only place anything can be tested."]


# --- rows ------------------------------------------------------------------------------------------

def _token(*parts: object) -> bytes:
    return hashlib.sha256(":".join(map(str, (SEED, *parts))).encode()).digest()


def public_id(*parts: object) -> str:
    return base64.urlsafe_b64encode(_token("public", *parts)[:12]).decode()


def token_hash(*parts: object) -> str:
    return _token("secret", *parts).hex()


@dataclass
class Answered:
    """One scored answers document: the draft as the app stores it, its verdict and score."""
    draft: dict
    partial: dict  # the same draft half-way: context and signs only
    verdict: str
    score: int


def answer_pool(rng: random.Random, size: int = 96) -> list[Answered]:
    """Answers varied around bench/sample.py, scored by the app itself."""
    from app.history.transfer import draft_from
    from app.scoring import parse_answers, score_document

    profiles = {"coupled": (5, 3, 1, 1), "risky": (1, 4, 4, 1), "clean": (0, 1, 8, 1), "unsure": (1, 1, 3, 5)}
    pool = []
    for n in range(size):
        weights = list(profiles.values())[n % len(profiles)]
        doc = copy.deepcopy(ANSWERS)
        doc["team"]["name"] = f"Team {n}"
        doc["context"] = {"engineers": rng.randint(4, 120), "teams": rng.randint(1, 12),
                          "services": rng.randint(2, 60), "deploys_per_week": rng.randint(0, 40)}
        doc["signs"] = {sign: rng.choices(("yes", "partly", "no", "unsure"), weights)[0] for sign in doc["signs"]}
        doc["candidates"] = doc["candidates"][:rng.randint(1, 3)]
        result = score_document(doc)
        draft = draft_from(parse_answers(doc), {})
        partial = {"context": draft["context"], "signs": draft["signs"], "notes": {}, "candidates": []}
        pool.append(Answered(draft, partial, result["verdict"], result["coupling_score"]))
    return pool


@dataclass
class Client:
    number: int  # 1-based: the id of its team, aggregate assessment, intake link and client row
    name: str
    contact: str | None
    created_at: datetime


@dataclass
class Response:
    client: int
    created_at: datetime
    submitted_at: datetime | None
    answered: int  # index in the answer pool
    person: tuple[str, str, str | None, str | None, str]  # name, role, email, help wanted, timeline


@dataclass
class Population:
    clients: list[Client]
    pool: list[Answered]
    responses: list[Response] = field(default_factory=list)
    aggregate: dict[int, int] = field(default_factory=dict)  # client -> answer pool index
    previous: dict[int, int] = field(default_factory=dict)  # client -> previous round's score
    workspace_id: int = 0


def the_clients(rng: random.Random) -> list[Client]:
    clients = []
    for n in range(1, CLIENTS + 1):
        name = f"{rng.choice(FIRST)} {rng.choice(SECOND)}{rng.choice(SUFFIX)}{rng.choice(REGION)}"
        contact = f"{rng.choice(PEOPLE)} {rng.choice(SURNAMES)}" if rng.random() < 0.7 else None
        clients.append(Client(n, name, contact, NOW - timedelta(days=rng.uniform(1, 730))))
    return clients


def split(total: int, weights: list[float]) -> list[int]:
    """`total` shared out in proportion to `weights`, whole numbers, largest remainders first."""
    scale = total / sum(weights)
    shares = [w * scale for w in weights]
    counts = [int(s) for s in shares]
    for i in sorted(range(len(shares)), key=lambda i: counts[i] - shares[i])[:total - sum(counts)]:
        counts[i] += 1
    return counts


def populate(scenario: Scenario, clients: list[Client], pool: list[Answered], seed: int) -> Population:
    """Who answered for which client, and when: a few clients get most answers, some none yet."""
    rng = random.Random(f"{seed}:{scenario.key}")
    population = Population(clients, pool)
    active = sorted(rng.sample(range(len(clients)), scenario.active_clients))
    extra = split(scenario.responses - len(active), [rng.lognormvariate(1.8, 0.9) for _ in active])
    for index, more in zip(active, extra):
        client = clients[index]
        age = (NOW - client.created_at).total_seconds()
        submitted_any = False
        for _ in range(1 + more):
            created = client.created_at + timedelta(seconds=rng.uniform(0, age))
            done = rng.random() < 0.75
            submitted = min(NOW, created + timedelta(minutes=rng.uniform(8, 4320))) if done else None
            submitted_any |= done
            first, last = rng.choice(PEOPLE), rng.choice(SURNAMES)
            email = f"{first}.{last}@{client.name.split()[0].lower()}.example" if rng.random() < 0.6 else None
            person = (f"{first} {last}", rng.choice(ROLES), email,
                      rng.choice(HELP) if rng.random() < 0.3 else None, rng.choice(TIMELINES))
            population.responses.append(Response(client.number, created, submitted, rng.randrange(len(pool)),
                                                 person))
        if submitted_any:
            population.aggregate[client.number] = rng.randrange(len(pool))
            if rng.random() < 0.3:  # assessed before; the earlier round's rows are not generated
                score = pool[population.aggregate[client.number]].score
                population.previous[client.number] = max(0, min(100, score + rng.randint(-20, 20)))
    return population


def client_rows(p: Population):
    """teams, assessments, clients and intake_links rows, one batch at a time per table."""
    latest: dict[int, datetime] = {}
    last_submitted: dict[int, datetime] = {}
    count: dict[int, int] = {}
    for r in p.responses:
        count[r.client] = count.get(r.client, 0) + 1
        activity = r.submitted_at or r.created_at
        latest[r.client] = max(latest.get(r.client, activity), activity)
        if r.submitted_at:
            last_submitted[r.client] = max(last_submitted.get(r.client, r.submitted_at), r.submitted_at)
    teams, assessments, clients, links = [], [], [], []
    for c in p.clients:
        n, answered = c.number, p.pool[p.aggregate[c.number]] if c.number in p.aggregate else None
        teams.append({"id": n, "public_id": public_id("team", n), "resume_token_hash": token_hash("team", n),
                      "kind": "client", "created_at": c.created_at})
        assessments.append({
            "id": n, "public_id": public_id("assessment", n), "team_id": n, "instrument": "splitcheck/1",
            "team_name": c.name, "step": "candidates", "created_at": c.created_at,
            "draft": answered.draft if answered else {"context": {}, "signs": {}, "notes": {}, "candidates": []},
            "updated_at": last_submitted.get(n, c.created_at), "submitted_at": last_submitted.get(n),
            "verdict": answered.verdict if answered else None,
            "coupling_score": answered.score if answered else None})
        status = "submitted" if answered else "in_progress" if n in count else "invited"
        clients.append({
            "id": n, "public_id": public_id("client", n), "workspace_id": p.workspace_id, "team_id": n,
            "name": c.name, "name_key": c.name.casefold(), "contact": c.contact, "created_at": c.created_at,
            "updated_at": latest.get(n, c.created_at), "status": status, "respondents": count.get(n, 0),
            "latest_verdict": answered.verdict if answered else None,
            "latest_score": answered.score if answered else None,
            "sort_score": answered.score if answered else -1, "previous_score": p.previous.get(n)})
        links.append({"id": n, "client_id": n, "assessment_id": n, "token_hash": token_hash("intake", n),
                      "welcome_text": None, "created_at": c.created_at, "closed_at": None})
    return [("teams", teams), ("assessments", assessments), ("clients", clients), ("intake_links", links)]


def response_rows(p: Population, start: int, stop: int):
    names = {c.number: c.name for c in p.clients}
    teams, assessments, respondents = [], [], []
    for i in range(start, stop):
        r, n = p.responses[i], CLIENTS + 1 + i
        answered = p.pool[r.answered]
        name, role, email, help_wanted, timeline = r.person
        teams.append({"id": n, "public_id": public_id("team", n), "resume_token_hash": token_hash("team", n),
                      "kind": "respondent", "created_at": r.created_at})
        assessments.append({
            "id": n, "public_id": public_id("assessment", n), "team_id": n, "instrument": "splitcheck/1",
            "team_name": names[r.client], "draft": answered.draft if r.submitted_at else answered.partial,
            "step": "candidates", "created_at": r.created_at, "updated_at": r.submitted_at or r.created_at,
            "submitted_at": r.submitted_at, "verdict": answered.verdict if r.submitted_at else None,
            "coupling_score": answered.score if r.submitted_at else None})
        respondents.append({"id": i + 1, "intake_link_id": r.client, "team_id": n, "name": name, "role": role,
                            "email": email, "help_wanted": help_wanted, "timeline": timeline,
                            "created_at": r.created_at})
    return [("teams", teams), ("assessments", assessments), ("respondents", respondents)]


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
    from app import create_app

    config = {"SQLALCHEMY_DATABASE_URI": url, "TESTING": True, "WTF_CSRF_ENABLED": False,
              "RATELIMIT_ENABLED": False}
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
                    conn.execute(insert(tables[table]), rows[i:i + BATCH])
        for start_row in range(0, len(population.responses), BATCH):
            with engine.begin() as conn:
                for table, rows in response_rows(population, start_row,
                                                 min(start_row + BATCH, len(population.responses))):
                    conn.execute(insert(tables[table]), rows)

        with engine.connect() as conn:
            if engine.dialect.name == "postgresql":
                # Explicit ids: move the sequences past them, as if the app had inserted the rows.
                for table in ("teams", "assessments", "clients", "intake_links", "respondents"):
                    conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                      f"(SELECT max(id) FROM {table}))"))
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
    return {key: {"median": statistics.median(times), "p95": percentile(times, 0.95), "queries": counts,
                  "sql": statistics.median(sql_times)} for key, (times, counts, sql_times) in samples.items()}


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
        print(f"{database} scenario {scenario.key}: filled in {target.fill_seconds:.1f} s: "
              f"{c['clients']:,} clients, {c['respondents']:,} respondents, {c['teams']:,} teams, "
              f"{c['assessments']:,} assessments, {c['intake_links']:,} intake links")
        sign_in(target)
        targets.append(target)

    results, checks = {}, {}
    for path in VARIANTS:
        for target in targets:
            checks[path, target.scenario.key] = check_page(target, path)
        results[path] = measure(targets, path, requests, warmup)

    print(f"\n{database}: GET, signed in; {warmup} warm-ups then {requests} requests per scenario, A and B "
          f"alternately")
    print(f"  {'variant':38s} {'scen':4s} {'clients':>7s} {'responses':>9s} {'matches':>7s} {'rows':>4s} "
          f"{'median ms':>9s} {'p95 ms':>7s} {'SQL ms':>6s} {'queries/req':>11s}")
    failed, verdicts = [], []
    for path in VARIANTS:
        for target in targets:
            key = target.scenario.key
            r, (rows, matches, _) = results[path][key], checks[path, key]
            queries = "/".join(map(str, sorted(r["queries"])))
            print(f"  {path:38s} {key:4s} {target.counts['clients']:7,} {target.counts['respondents']:9,} "
                  f"{matches:7,} {rows:4d} {r['median']:9.2f} {r['p95']:7.2f} {r['sql']:6.2f} {queries:>11s}")
        a, b = results[path]["A"], results[path]["B"]
        ratio = b["median"] / a["median"]
        same_queries = a["queries"] == b["queries"] and len(a["queries"]) == 1
        ok = ratio <= TARGET and same_queries
        if not ok:
            failed.append(path)
            verdicts.append(f"{path} {ratio:.2f}x" + ("" if same_queries else ", queries differ"))
        print(f"  {'':38s} ratio B/A {ratio:.2f} (target <= {TARGET}); queries/request "
              f"{'the same in A and B' if same_queries else 'DIFFER'}: {'PASS' if ok else 'FAIL'}")
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
    parser.add_argument("--pg-admin-url", default=PG_ADMIN_URL,
                        help=f"an existing database to run CREATE/DROP DATABASE {PG_DATABASE} from")
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
                results[database] = run(database, lambda s: (f"sqlite:///{tmp}/{s.key}.sqlite3", None),
                                        args.requests, args.warmup, args.explain, args.seed)
        elif database == "postgresql":
            import psycopg

            admin = make_url(args.pg_admin_url)
            if admin.host not in ("127.0.0.1", "localhost", "::1"):
                parser.error("--pg-admin-url: only a server on this machine (127.0.0.1)")
            dsn = admin.set(drivername="postgresql").render_as_string(hide_password=False)
            with psycopg.connect(dsn, autocommit=True) as conn:
                if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (PG_DATABASE,)).fetchone():
                    print(f"FAIL: database {PG_DATABASE} already exists (a run that was killed?); "
                          f"drop it first: DROP DATABASE {PG_DATABASE}")
                    return 1
                conn.execute(f"CREATE DATABASE {PG_DATABASE}")
                try:
                    bench_url = admin.set(database=PG_DATABASE).render_as_string(hide_password=False)
                    with psycopg.connect(admin.set(drivername="postgresql", database=PG_DATABASE)
                                         .render_as_string(hide_password=False), autocommit=True) as bench:
                        for scenario in SCENARIOS:
                            bench.execute(f"CREATE SCHEMA scenario_{scenario.key.lower()}")
                    results[database] = run(
                        database, lambda s: (bench_url, {"connect_args": {
                            "options": f"-c search_path=scenario_{s.key.lower()}"}}),
                        args.requests, args.warmup, args.explain, args.seed)
                finally:
                    conn.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        else:
            parser.error(f"--databases: sqlite or postgresql, not {database!r}")

    print(f"\ntotal run time {time.perf_counter() - started:.0f} s")
    for database, failures in results.items():
        if failures:
            print(f"FAIL: {database}: {len(failures)} of {len(VARIANTS)} variants miss the target "
                  f"(B/A <= {TARGET}, same queries): {'; '.join(failures)}")
        else:
            print(f"PASS: {database}: every variant at 100,000 responses takes <= {TARGET}x its time at 100, "
                  f"with the same queries per request")
    return 0 if results and not any(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
