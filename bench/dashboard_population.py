"""The dashboard benchmark's synthetic population: clients, the people who answered for them, and their rows.

Names, answers and dates come from a seeded random generator, so that every run inserts the same
rows. The answers are varied around bench/sample.py and scored by the app itself.

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
"""

from __future__ import annotations

import base64
import copy
import hashlib
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sample import ANSWERS

SEED = 20261125
CLIENTS = 10_000
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # fixed, so the rows are the same every run


@dataclass(frozen=True)
class Scenario:
    key: str
    responses: int
    active_clients: int  # clients with at least one response


SCENARIOS = (Scenario("A", 100, 40), Scenario("B", 100_000, 8_800))

FIRST = [
    "Acme",
    "Northwind",
    "Globex",
    "Initech",
    "Umbrella",
    "Stark",
    "Wayne",
    "Hooli",
    "Vandelay",
    "Soylent",
    "Tyrell",
    "Cyberdyne",
    "Wonka",
    "Aperture",
    "Gringotts",
    "Oscorp",
    "Massive",
    "Pied Piper",
    "Dunder",
    "Prestige",
    "Monarch",
    "Blue Sun",
    "Virtucon",
    "Gekko",
    "Sterling",
    "Nakatomi",
    "Oceanic",
    "Rekall",
    "Bluth",
    "Spacely",
    "Cogswell",
    "Zorg",
    "Duff",
    "Krusty",
    "Frobozz",
    "Yoyodyne",
    "Omni",
    "Weyland",
    "Ollivander",
    "Pendant",
]
SECOND = [
    "Logistics",
    "Payments",
    "Health",
    "Retail",
    "Insurance",
    "Energy",
    "Media",
    "Foods",
    "Travel",
    "Telecom",
    "Bank",
    "Analytics",
    "Mobility",
    "Software",
    "Labs",
    "Systems",
    "Holdings",
    "Group",
    "Capital",
    "Freight",
]
SUFFIX = [" Ltd", " GmbH", " Inc.", " AG", " BV", " SAS", " plc", ""]
REGION = ["", "", "", " (EMEA)", " (US)", " (APAC)", " Nordics", " Iberia"]
PEOPLE = [
    "Ana",
    "Ben",
    "Chen",
    "Dana",
    "Emeka",
    "Fatima",
    "Goran",
    "Hana",
    "Ivo",
    "Jun",
    "Kemal",
    "Lena",
    "Mateo",
    "Nia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sven",
    "Tariq",
    "Uma",
    "Viktor",
    "Wen",
    "Yara",
]
SURNAMES = [
    "Okafor",
    "Schmidt",
    "Nguyen",
    "Garcia",
    "Kowalski",
    "Haddad",
    "Tanaka",
    "Rossi",
    "Moreau",
    "Silva",
    "Novak",
    "Jensen",
    "Murphy",
    "Petrov",
    "Costa",
    "Fischer",
]
ROLES = [
    "Staff engineer",
    "Engineering manager",
    "Tech lead",
    "CTO",
    "Platform engineer",
    "SRE",
    "Backend developer",
    "Architect",
    "Product manager",
    "VP Engineering",
]
TIMELINES = ["now", "quarter", "year", "exploring"]
HELP = [
    "Untangle the release train before we hire two more teams.",
    "We'd like a second opinion on splitting out billing.",
    "Mostly curious how we compare; nothing urgent.",
    "Our staging environment is the only place anything can be tested.",
]


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
        doc["context"] = {
            "engineers": rng.randint(4, 120),
            "teams": rng.randint(1, 12),
            "services": rng.randint(2, 60),
            "deploys_per_week": rng.randint(0, 40),
        }
        doc["signs"] = {sign: rng.choices(("yes", "partly", "no", "unsure"), weights)[0] for sign in doc["signs"]}
        doc["candidates"] = doc["candidates"][: rng.randint(1, 3)]
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
    for i in sorted(range(len(shares)), key=lambda i: counts[i] - shares[i])[: total - sum(counts)]:
        counts[i] += 1
    return counts


def populate(scenario: Scenario, clients: list[Client], pool: list[Answered], seed: int) -> Population:
    """Who answered for which client, and when: a few clients get most answers, some none yet."""
    rng = random.Random(f"{seed}:{scenario.key}")
    population = Population(clients, pool)
    active = sorted(rng.sample(range(len(clients)), scenario.active_clients))
    extra = split(scenario.responses - len(active), [rng.lognormvariate(1.8, 0.9) for _ in active])
    for index, more in zip(active, extra, strict=True):  # a share for each
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
            person = (
                f"{first} {last}",
                rng.choice(ROLES),
                email,
                rng.choice(HELP) if rng.random() < 0.3 else None,
                rng.choice(TIMELINES),
            )
            population.responses.append(Response(client.number, created, submitted, rng.randrange(len(pool)), person))
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
        teams.append(
            {
                "id": n,
                "public_id": public_id("team", n),
                "resume_token_hash": token_hash("team", n),
                "kind": "client",
                "created_at": c.created_at,
            }
        )
        assessments.append(
            {
                "id": n,
                "public_id": public_id("assessment", n),
                "team_id": n,
                "instrument": "splitcheck/1",
                "team_name": c.name,
                "step": "candidates",
                "created_at": c.created_at,
                "draft": answered.draft if answered else {"context": {}, "signs": {}, "notes": {}, "candidates": []},
                "updated_at": last_submitted.get(n, c.created_at),
                "submitted_at": last_submitted.get(n),
                "verdict": answered.verdict if answered else None,
                "coupling_score": answered.score if answered else None,
            }
        )
        status = "submitted" if answered else "in_progress" if n in count else "invited"
        clients.append(
            {
                "id": n,
                "public_id": public_id("client", n),
                "workspace_id": p.workspace_id,
                "team_id": n,
                "name": c.name,
                "name_key": c.name.casefold(),
                "contact": c.contact,
                "created_at": c.created_at,
                "updated_at": latest.get(n, c.created_at),
                "status": status,
                "respondents": count.get(n, 0),
                "latest_verdict": answered.verdict if answered else None,
                "latest_score": answered.score if answered else None,
                "sort_score": answered.score if answered else -1,
                "previous_score": p.previous.get(n),
            }
        )
        links.append(
            {
                "id": n,
                "client_id": n,
                "assessment_id": n,
                "token_hash": token_hash("intake", n),
                "welcome_text": None,
                "created_at": c.created_at,
                "closed_at": None,
            }
        )
    return [("teams", teams), ("assessments", assessments), ("clients", clients), ("intake_links", links)]


def response_rows(p: Population, start: int, stop: int):
    names = {c.number: c.name for c in p.clients}
    teams, assessments, respondents = [], [], []
    for i in range(start, stop):
        r, n = p.responses[i], CLIENTS + 1 + i
        answered = p.pool[r.answered]
        name, role, email, help_wanted, timeline = r.person
        teams.append(
            {
                "id": n,
                "public_id": public_id("team", n),
                "resume_token_hash": token_hash("team", n),
                "kind": "respondent",
                "created_at": r.created_at,
            }
        )
        assessments.append(
            {
                "id": n,
                "public_id": public_id("assessment", n),
                "team_id": n,
                "instrument": "splitcheck/1",
                "team_name": names[r.client],
                "draft": answered.draft if r.submitted_at else answered.partial,
                "step": "candidates",
                "created_at": r.created_at,
                "updated_at": r.submitted_at or r.created_at,
                "submitted_at": r.submitted_at,
                "verdict": answered.verdict if r.submitted_at else None,
                "coupling_score": answered.score if r.submitted_at else None,
            }
        )
        respondents.append(
            {
                "id": i + 1,
                "intake_link_id": r.client,
                "team_id": n,
                "name": name,
                "role": role,
                "email": email,
                "help_wanted": help_wanted,
                "timeline": timeline,
                "created_at": r.created_at,
            }
        )
    return [("teams", teams), ("assessments", assessments), ("respondents", respondents)]
