"""Every form, posted with generated and hostile data: never a 500, never a partial write.

For each form: a refused request (any 4xx) leaves every table exactly as it
was; an accepted one stores exactly the cleaned values that were posted, and
nothing else. Values are hostile as well as valid: 10,000-character strings,
NUL and control characters, invisible and right-to-left characters, emoji,
numbers in every spelling, fields missing or given several times (a list of
pairs), files where text was expected and JSON bodies instead of forms.

Each example starts from a reset database and a new test client (see
support.py): the questionnaire examples start a new assessment, or import a
finished one, every time.
"""
from __future__ import annotations

import copy
import io
import json
import re
from datetime import datetime, timedelta, timezone
from functools import cache
from urllib.parse import unquote, urlsplit

import email_validator
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from app.assessments.models import Assessment, Team
from app.consultants.models import Client, ClientNote, IntakeLink, Respondent, User, Workspace
from app.evidence_import.models import EvidenceFile, EvidenceImport
from app.extensions import db
from app.instrument import CANDIDATE_ANSWERS, REASONS, SIGN_ANSWERS, SIGN_IDS
from app.sharing.models import ShareLink
from app.timestamps import utcnow

from ..conftest import ANSWERS
from ..web.consulting import PASSWORD
from . import oracle
from .forms_oracle import INVALID, possible_outcomes, text_value
from .strategies import (REFUSED, Field, FormRequest, Upload, answers_documents, any_char, evidence_contents, form_requests,
                         hostile_text, json_scalars, junk_json, long_text, mutated_documents,
                         printable_name, raw_bodies, values_for)
from .support import changed_tables, copy_session, examples, fresh, rows, snapshot, tally

FORMAT = "splitcheck-assessment/1"
# File names a client can send as they are (a quote or a line break changes the multipart part itself).
SIMPLE_NAME_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters='"\r\n\\')
OWNER = "ana@consult.example"


def export_of(doc: dict, notes: dict | None = None, created: str = "2026-01-05T09:00:00+00:00",
              submitted: str = "2026-01-05T10:00:00+00:00") -> dict:
    return {"format": FORMAT, "answers": doc, "notes": notes or {}, "result": {}, "created_at": created,
            "submitted_at": submitted}


EXPORT = export_of(ANSWERS, {"deploy_coupling": "We ship on Fridays.\nAll of it."})


def no_500(response) -> None:
    assert response.status_code != 500, response.get_data(as_text=True)[:800]


def status_of(response) -> int:
    """The status, with every way of refusing what was sent (400, 415, 422) counted as 422."""
    return 422 if response.status_code in (400, 415) else response.status_code


def unchanged(before: dict, after: dict) -> None:
    assert not changed_tables(before, after), f"a refused request changed {changed_tables(before, after)}"


def only_changed(before: dict, after: dict, *tables: str) -> None:
    extra = set(changed_tables(before, after)) - set(tables)
    assert not extra, f"also changed: {extra}"


def import_assessment(client, export: dict = EXPORT) -> str:
    body = json.dumps(export).encode()
    response = client.post("/import", data={"file": (io.BytesIO(body), "a.json")}, content_type="multipart/form-data")
    assert response.status_code == 302, response.status_code
    return re.search(r"/assessments/([^/]+)/result", response.location)[1]


SUBMITTED_DRAFT = oracle.draft_of_document(ANSWERS, EXPORT["notes"])


def new_assessment(app, client, base: str) -> str:
    """An assessment this client holds the link of, stored directly in one transaction (a few ms):
    fresh: just started; submitted: finished (ANSWERS); again: a finished one's copy, in progress."""
    from app.assessments.access import SESSION_KEY, new_token, token_hash
    from app.assessments.models import empty_draft

    token = new_token()
    with app.app_context():
        team = Team(resume_token_hash=token_hash(token))
        made = Assessment(team=team, instrument="splitcheck/1", draft=empty_draft())
        if base != "fresh":
            signs = SUBMITTED_DRAFT["signs"]
            made = Assessment(team=team, instrument="splitcheck/1", draft=copy.deepcopy(SUBMITTED_DRAFT),
                              team_name=ANSWERS["team"]["name"], step="candidates", submitted_at=utcnow(),
                              verdict=oracle.verdict(signs), coupling_score=oracle.coupling_score(signs))
        if base == "again":
            db.session.add(made)
            made = Assessment(team=team, instrument="splitcheck/1", draft=copy.deepcopy(SUBMITTED_DRAFT),
                              team_name=ANSWERS["team"]["name"])
        db.session.add_all([team, made])
        db.session.commit()
        public_id, team_id = made.public_id, team.public_id
        db.session.remove()
    with client.session_transaction() as session:
        session[SESSION_KEY] = {team_id: token}
    return public_id


def assessment(app, public_id: str) -> Assessment:
    return rows(app, Assessment, public_id=public_id)[0]


def visible(row: Assessment) -> tuple:
    return (row.draft, row.step, row.submitted_at, row.verdict, row.coupling_score, row.team_name)


# ---- the questionnaire steps -----------------------------------------------------------------

def one_to_two(values: st.SearchStrategy) -> st.SearchStrategy[list]:
    return st.one_of(st.just([]), values.map(lambda v: [v]), values.map(lambda v: [v]),
                     st.lists(values, min_size=2, max_size=2))


def step_extras(step: str) -> st.SearchStrategy[list]:
    plain = ["next", "next", "save", "back"]
    if step == "candidates":
        special = ["add", *(f"remove-{i}" for i in range(6)), "remove-", "remove-x", "remove-٣", "remove- 1",
                   "remove-+1", "remove-" + "9" * 30]
        special += ["remove--1", "remove--0", "remove-" + "9" * 5000]  # B7
    elif step == "signs":
        special = [*(f"accept-{s}" for s in SIGN_IDS), *(f"override-{s}" for s in SIGN_IDS), "accept-",
                   "override-x", "accept-a b#c", "remove-0", "add"]  # "add": B8
    else:
        special = ["accept-deploy_coupling", "remove-0", "override-x", "add"]
    actions = st.one_of(st.sampled_from(plain), st.sampled_from(special), hostile_text())
    versions = st.one_of(st.sampled_from(["1", "2", "3", "0", "01", "", " 1", "1.0", "999999999999",
                                          "²", "١", "９", "9" * 5000]),  # B2
                         hostile_text())
    tokens = st.one_of(hostile_text(), st.sampled_from(["", "x" * 101]))
    return st.tuples(one_to_two(actions), one_to_two(versions), one_to_two(tokens)).map(
        lambda t: [("action", a) for a in t[0]] + [("version", v) for v in t[1]] + [("resume_token", r) for r in t[2]])


whole = lambda high: st.one_of(st.integers(1, high).map(str), st.sampled_from(  # noqa: E731
    ["1", "8", "12", str(high), " 8 ", "08", "+8", "1_0", "٣", "８"]))
CONTEXT = {
    "team": Field(st.one_of(printable_name(), st.just(""))),
    "engineers": Field(whole(100_000), text=False),
    "teams": Field(whole(10_000), text=False),
    "services": Field(whole(100_000), text=False),
    "deploys_per_week": Field(st.one_of(st.integers(0, 100_000).map(str), st.sampled_from(
        ["0", "0.5", "2", " 2 ", "1e3", "100000", "0.000001", "", "-0"]),
        st.floats(0, 100_000, allow_nan=False).map(repr)), text=False),
}
notes = st.one_of(st.text(any_char, max_size=60), long_text((499, 500, 501, 10_000,)),
                  st.sampled_from(["We ship on Fridays.\nAll of it.", "\t indented\r\nline", ""]))
SIGNS = {
    **{sign: Field(st.sampled_from((*SIGN_ANSWERS, "")), text=False) for sign in SIGN_IDS},
    **{f"{sign}_note": Field(notes) for sign in SIGN_IDS},
}


CANDIDATE_FIELDS = {"name": (printable_name(), True),
                    **{q: (st.sampled_from((*allowed, "")), False) for q, allowed in CANDIDATE_ANSWERS.items()}}
# Mostly offered reasons; anything else must be refused (B6).
REASONS_SENT = st.lists(st.one_of(st.sampled_from((*REASONS, "none")), st.sampled_from((*REASONS, "none")),
                                  st.sampled_from(["garbage", "None", "", "independent_scaling "]), hostile_text()),
                        max_size=3)
REASONS_TIDY = st.one_of(st.just(["none"]), st.lists(st.sampled_from(REASONS), min_size=1, max_size=3, unique=True))


@cache
def candidate_fields(files: bool, tidy: bool) -> st.SearchStrategy[list]:
    """candidates-N-... fields of zero to four entries, as a browser posts them or not."""
    @st.composite
    def build(draw):
        count = draw(st.integers(0, 4))
        if draw(st.integers(0, 3)) == 0:
            indices = sorted(draw(st.sets(st.integers(0, 60), max_size=count)))
        else:
            indices = list(range(count))
        pairs = []
        for index in indices:
            label = draw(st.sampled_from([str(index), str(index), f"0{index}"]))
            for sub, (valid, text) in CANDIDATE_FIELDS.items():
                values = [draw(valid)] if tidy else draw(values_for(valid, files=files and not text))
                pairs += [(f"candidates-{label}-{sub}", v) for v in values]
            pairs += [(f"candidates-{label}-reasons", r) for r in draw(REASONS_TIDY if tidy else REASONS_SENT)]
        return pairs
    return build()


def step_requests(step: str) -> st.SearchStrategy[FormRequest]:
    spec = {"context": CONTEXT, "signs": SIGNS, "candidates": {}}[step]
    more = candidate_fields if step == "candidates" else None
    return st.builds(_with_fetch, form_requests(spec, extra=step_extras(step), more=more), st.booleans())


def _with_fetch(request: FormRequest, fetch: bool) -> FormRequest:
    request.fetch = fetch
    return request


def observed(app, public_id: str, before_row, response, before: dict) -> dict:
    """What the request did, in the terms of forms_oracle.Expect."""
    after = snapshot(app)
    if response.status_code >= 400:
        unchanged(before, after)
        return {"status": response.status_code, "json": response.get_json(silent=True)}
    only_changed(before, after, "assessments")
    row = assessment(app, public_id)
    if row.submitted_at is not None:
        assert (row.verdict, row.coupling_score) == (oracle.verdict(row.draft["signs"]),
                                                    oracle.coupling_score(row.draft["signs"]))
    else:
        assert (row.verdict, row.coupling_score) == (None, None)
    assert row.version >= before_row.version
    assert (row.version != before_row.version) == (visible(row) != visible(before_row)), "version vs change"
    seen = {"status": response.status_code, "draft": row.draft, "step": row.step,
            "submitted": row.submitted_at is not None, "team_name": row.team_name}
    if response.status_code == 200:
        assert response.get_json() == {"saved": True, "version": row.version}
    else:
        location = urlsplit(response.location)
        seen["location"], seen["fragment"] = location.path, unquote(location.fragment)
    return seen


def matches(seen: dict, expect) -> bool:
    if (422 if seen["status"] in (400, 415) else seen["status"]) != expect.status:
        return False
    if expect.status >= 400:
        return expect.json is None or seen["json"] == expect.json
    same = (seen["draft"] == oracle.json_roundtrip(expect.draft) and seen["step"] == expect.step
            and seen["submitted"] == expect.submitted and seen["team_name"] == expect.team_name)
    if expect.status == 302:
        same &= seen["location"] == expect.location
        same &= expect.fragment is None or seen["fragment"] == expect.fragment
    return same


def check_step(app, step: str, request: FormRequest, base: str) -> None:
    client = fresh(app)
    public_id = new_assessment(app, client, base)
    before_row, before = assessment(app, public_id), snapshot(app)
    outcomes = possible_outcomes(step, request, before_row)
    response = request.send(client, f"/assessments/{public_id}/{step}")
    no_500(response)
    seen = observed(app, public_id, before_row, response, before)
    assert any(matches(seen, expect) for expect in outcomes), (seen, outcomes)


bases = st.sampled_from(["fresh", "submitted", "again"])


@settings(max_examples=examples(3.5))
@given(request=step_requests("context"), base=bases)
def test_context_step(app, request, base):
    tally()
    check_step(app, "context", request, base)


@settings(max_examples=examples(3.5))
@given(request=step_requests("signs"), base=bases)
def test_signs_step(app, request, base):
    tally()
    check_step(app, "signs", request, base)


@settings(max_examples=examples(4))
@given(request=step_requests("candidates"), base=bases)
def test_candidates_step(app, request, base):
    tally()
    check_step(app, "candidates", request, base)


@settings(max_examples=examples(1))
@given(step=st.sampled_from(["context", "signs", "candidates", "result", "share", "evidence", "nope", "..%2f"]),
       public_id=st.one_of(hostile_text((200,)), st.just("x" * 40)))
def test_unknown_assessment_is_404_and_writes_nothing(app, step, public_id):
    tally()
    client = fresh(app)
    new_assessment(app, client, "submitted")
    before = snapshot(app)
    for method in ("GET", "POST"):
        response = client.open(f"/assessments/{public_id}/{step}".replace("?", "%3F").replace("#", "%23"),
                               method=method, data={"action": "next"})
        no_500(response)
        assert response.status_code in (404, 405, 308), response.status_code
    unchanged(before, snapshot(app))


# ---- share links ------------------------------------------------------------------------------

EXPIRY = {"7": 7, "30": 30, "90": 90, "never": None}
SHARE = {"label": Field(st.one_of(printable_name(100), st.just(""))),
         "expiry": Field(st.sampled_from(list(EXPIRY)), text=False)}


@settings(max_examples=examples(3))
@given(request=form_requests(SHARE), submitted=st.integers(0, 4).map(bool))
def test_share_form(app, request, submitted):
    tally()
    client = fresh(app)
    public_id = new_assessment(app, client, "submitted" if submitted else "fresh")
    before = snapshot(app)
    started = utcnow()

    def outcome(data):
        if not submitted:
            return 404, None
        if request.oversize:
            return 413, None
        if data is REFUSED:
            return 422, None
        label = text_value(data.first("label") if data else None, 100)
        expiry = data.first("expiry") if data else None
        if label is INVALID or not (isinstance(expiry, str) and expiry in EXPIRY):
            return 422, None
        return 302, (label or None, expiry)

    expected = outcomes_of(request, outcome)
    response = request.send(client, f"/assessments/{public_id}/share")
    no_500(response)
    after = snapshot(app)
    if response.status_code != 302:
        unchanged(before, after)
        assert (status_of(response), None) in expected, (response.status_code, expected)
        return
    only_changed(before, after, "share_links")
    (link,) = rows(app, ShareLink)
    expiry = next((e for e, days in EXPIRY.items() if (days is None) == (link.expires_at is None)
                   and (days is None or started + timedelta(days=days) <= link.expires_at
                        <= utcnow() + timedelta(days=days))), None)
    assert (302, (link.label, expiry)) in expected, ((link.label, link.expires_at), expected)
    assert (link.revoked_at, link.views) == (None, 0)
    assert urlsplit(response.location).path == f"/assessments/{public_id}/share"


def outcomes_of(request: FormRequest, outcome) -> list:
    """The outcomes `outcome(data)` gives for each way a correct form may read the request
    (FormRequest.interpretations); `outcome` may also give a list of equally right outcomes."""
    found = []
    for data in request.interpretations():
        result = outcome(data)
        for one in result if isinstance(result, list) else [result]:
            if one not in found:
                found.append(one)
    return found


# ---- importing an exported assessment ----------------------------------------------------------

KEYS = ("format", "answers", "notes", "result", "created_at", "submitted_at")
offsets = st.builds(lambda m: timezone(timedelta(minutes=m)), st.integers(-23 * 60 - 59, 23 * 60 + 59))
# All the years datetime has: at the ends a zone may push the time out of range (B11).
moments = st.one_of(st.datetimes(timezones=offsets), st.datetimes(max_value=datetime(1, 1, 2), timezones=offsets),
                    st.datetimes(min_value=datetime(9999, 12, 30), timezones=offsets))
dates = st.one_of(moments.map(datetime.isoformat), moments.map(lambda d: d.replace(tzinfo=None).isoformat()),
                  st.sampled_from(["2026-01-05", "2026-01-05T10:00:00Z", "2026-13-01T00:00:00+00:00", "yesterday",
                                   ""]), json_scalars)


@st.composite
def exports(draw) -> dict:
    doc = draw(st.one_of(answers_documents, answers_documents, mutated_documents()))
    note_keys = st.one_of(st.sampled_from(SIGN_IDS), st.text(any_char, max_size=10))
    notes = draw(st.one_of(st.dictionaries(note_keys, st.one_of(notes_text, json_scalars), max_size=4),
                           st.dictionaries(st.sampled_from(SIGN_IDS), notes_text, max_size=6), junk_json))
    export = {"format": draw(st.sampled_from([FORMAT, FORMAT, FORMAT, "splitcheck-assessment/2", None])),
              "answers": doc, "notes": notes, "result": draw(junk_json),
              "created_at": draw(dates), "submitted_at": draw(dates)}
    for key in draw(st.lists(st.sampled_from(KEYS), max_size=2)):
        export.pop(key, None)
    for key in draw(st.lists(st.text(any_char, max_size=8), max_size=2)):
        export[key] = draw(junk_json)
    return export


notes_text = st.one_of(st.text(any_char, max_size=40), long_text((500, 501,)))


import_contents = st.one_of(
    exports().map(lambda e: json.dumps(e).encode()),
    exports().map(lambda e: json.dumps(e, ensure_ascii=False, indent=1).encode()),
    exports().map(lambda e: json.dumps(e).encode("utf-16")),
    raw_bodies.filter(lambda b: len(b) < 100_000),
    st.just(json.dumps(EXPORT).encode()),
)


def expect_import(content: bytes):
    """(status, (answers, notes, created, submitted)) as parse_export promises."""
    try:
        data = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return 422, None
    except ValueError:  # an integer of more than 4,300 digits (B12)
        return 422, None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return 422, None
    problems = [k for k in data if k not in KEYS]
    answers = data.get("answers")
    answers_ok = oracle.is_valid(answers)
    notes = data.get("notes", {})
    if not isinstance(notes, dict) or not all(
            answers_ok and k in SIGN_IDS and isinstance(v, str) and len(v) <= 500 for k, v in notes.items()):
        problems.append("notes")
    moments = []
    for key in ("created_at", "submitted_at"):
        try:
            moment = datetime.fromisoformat(data.get(key))
        except (TypeError, ValueError):
            problems.append(key)
            continue
        if moment.tzinfo is None:
            problems.append(key)
            continue
        try:
            moments.append(moment.astimezone(timezone.utc))
        except OverflowError:  # out of range once in UTC (B11)
            problems.append(key)
    if problems or not answers_ok:
        return 422, None
    return 302, (answers, notes, *moments)


@settings(max_examples=examples(4))
@given(content=import_contents, name=st.one_of(st.sampled_from(["a.json", "export.json", "😀", "x" * 300, ""]),
                                               st.text(SIMPLE_NAME_CHARS, max_size=10)),
       field=st.sampled_from(["file", "file", "file", "files", "File"]), twice=st.booleans(),
       extra=st.lists(st.tuples(st.sampled_from(["file", "format", "x"]), hostile_text()), max_size=2))
def test_import_form(app, content, name, field, twice, extra):
    status, parsed = expect_import(content)
    tally()
    client = fresh(app)
    before = snapshot(app)
    files = [(field, (io.BytesIO(content), name))]
    if twice:
        files.append((field, (io.BytesIO(b"{}"), "second.json")))
    response = client.post("/import", data=MultiDict(files + extra), content_type="multipart/form-data")
    no_500(response)
    if field != "file" or not name:
        status, parsed = 422, None
    assert response.status_code == status, (response.status_code, status, response.get_data(as_text=True)[:300])
    after = snapshot(app)
    if status != 302:
        unchanged(before, after)
        return
    only_changed(before, after, "teams", "assessments")
    answers, notes, created, submitted = parsed
    (row,) = rows(app, Assessment)
    assert row.draft == oracle.json_roundtrip(oracle.draft_of_document(answers, notes))
    assert (row.created_at, row.submitted_at) == (created, submitted)
    assert (row.verdict, row.coupling_score) == (oracle.verdict(answers["signs"]),
                                                oracle.coupling_score(answers["signs"]))
    assert row.step == "candidates" and row.team_name == (row.draft["context"].get("team"))
    assert len(rows(app, Team)) == 1
    assert urlsplit(response.location).path == f"/assessments/{row.public_id}/result"
    assert client.get(response.location).status_code == 200  # the importing browser holds the new link


# ---- consultants: sign-in, sign-up, clients, notes, intake -------------------------------------

ACCOUNT_TABLES = ("users", "workspaces")
emails = st.one_of(
    st.emails(),
    st.sampled_from([OWNER, f" {OWNER.upper()} ", "Ana@Consult.Example", "a@b", "a@b.co", "@x.com", "x@", "a b@c.com",
                     "ä@ü.de", "a@[127.0.0.1]", "x" * 250 + "@e.com", "x" * 64 + "@" + "e" * 180 + ".com",
                     "\x00@x.com", "a@b.c\u200b", "ANA@CONSULT.EXAMPLE\t"]),
)


def email_ok(value: str) -> bool:
    try:
        email_validator.validate_email(value, check_deliverability=False)
    except email_validator.EmailNotValidError:
        return False
    return True


def email_value(raw, required: bool):
    """An email field: (valid?, stored value)."""
    if raw is not None and not isinstance(raw, str):
        return False, None
    if raw is None or (not required and not raw.strip()):
        return (not required), None
    if required and not raw:
        return False, None
    lowered = raw.strip().lower()
    return len(lowered) <= 254 and email_ok(lowered), lowered


def required_text(raw, limit: int, clean=oracle.clean_name):
    """A required text field: (valid?, cleaned). Cleaned to nothing counts as missing (B13)."""
    if not raw:
        return False, None
    cleaned = text_value(raw, limit, clean)
    return cleaned is not INVALID and cleaned != "", cleaned


@cache
def _password_hash() -> str:
    from app.consultants.passwords import hash_password

    return hash_password(PASSWORD)  # argon2 takes ~0.1 s: once per run, not per test


@pytest.fixture
def owner(app):
    """A consultancy owner (ana@consult.example) and a browser signed in as them.

    Made directly, as `flask create-owner` would, with the password hash computed once per run;
    the session is Flask-Login's for that user. test_sign_in_form signs in through the form."""
    with app.app_context():
        workspace = Workspace(name="Northwind Consulting")
        user = User(workspace=workspace, email=OWNER, role="owner", password_hash=_password_hash())
        db.session.add_all([workspace, user])
        db.session.commit()
        ids = {"user": user.id, "workspace": workspace.id, "session_key": user.session_key}
        db.session.remove()
    browser = app.test_client()
    with browser.session_transaction() as session:
        session["_user_id"] = f"{ids['user']}:{ids['session_key']}"
        session["_fresh"] = True
    assert browser.get("/clients").status_code == 200
    return {**ids, "browser": browser}


def signed_in(app, owner):
    client = fresh(app, keep=ACCOUNT_TABLES)
    copy_session(owner["browser"], client)
    return client


passwords = st.one_of(st.just(PASSWORD), st.sampled_from([PASSWORD.upper(), PASSWORD + " ", " " + PASSWORD, "",
                                                          "p" * 11, "p" * 12, "p" * 256, "p" * 257]),
                      st.text(any_char, max_size=40), long_text((255, 256, 257,)))
SIGN_IN = {"email": Field(emails), "password": Field(passwords)}


@settings(max_examples=examples(2))
@given(request=form_requests(SIGN_IN), next_url=st.sampled_from(["", "?next=/clients", "?next=//evil.example",
                                                                 "?next=https://evil.example/", "?next=/\\evil"]))
def test_sign_in_form(app, owner, request, next_url):
    tally()
    client = fresh(app, keep=ACCOUNT_TABLES)
    before = snapshot(app)

    def outcome(data):
        if request.oversize:
            return 413
        if data is REFUSED:
            return 422
        email_valid, email = email_value(data.first("email") if data else None, required=True)
        password = data.first("password") if data else None
        right = email_valid and email == OWNER and password == PASSWORD
        return 302 if right else 422

    expected = outcomes_of(request, outcome)
    response = request.send(client, "/sign-in", next_url)
    no_500(response)
    assert status_of(response) in expected, (response.status_code, expected)
    unchanged(before, snapshot(app))
    with client.session_transaction() as session:
        assert ("_user_id" in session) == (response.status_code == 302)
    if response.status_code == 302:
        target = urlsplit(response.location)
        assert not target.netloc and target.path == "/clients"


SIGN_UP = {"workspace": Field(st.one_of(printable_name(), long_text((200, 201,)))), "email": Field(emails),
           "password": Field(passwords)}


@settings(max_examples=examples(2))
@given(request=form_requests(SIGN_UP))
def test_sign_up_form(app, owner, request):
    tally()
    client = fresh(app, keep=ACCOUNT_TABLES)
    with app.app_context():  # only the owner's account is kept: an earlier example's sign-up is gone
        db.session.execute(db.delete(User).where(User.id != owner["user"]))
        db.session.execute(db.delete(Workspace).where(Workspace.id != owner["workspace"]))
        db.session.commit()
    before = snapshot(app)

    def outcome(data):
        if request.oversize:
            return 413, None
        if data is REFUSED:
            return 422, None
        ws_ok, workspace = required_text(data.first("workspace") if data else None, 200)
        email_valid, email = email_value(data.first("email") if data else None, required=True)
        password = data.first("password") if data else None
        if not (ws_ok and email_valid and isinstance(password, str) and 12 <= len(password) <= 256
                and email != OWNER):
            return 422, None
        if not password.strip():  # a password of spaces only may be refused as missing
            return [(302, (email, workspace)), (422, None)]
        return 302, (email, workspace)

    expected = outcomes_of(request, outcome)
    response = request.send(client, "/sign-up")
    no_500(response)
    after = snapshot(app)
    if response.status_code != 302:
        unchanged(before, after)
        assert (status_of(response), None) in expected, (response.status_code, expected)
        return
    only_changed(before, after, "users", "workspaces")
    (user,) = [u for u in rows(app, User) if u.id != owner["user"]]
    (workspace,) = [w.name for w in rows(app, Workspace) if w.id != owner["workspace"]]
    assert (302, (user.email, workspace)) in expected, ((user.email, workspace), expected)
    assert user.role == "owner" and user.password_hash.startswith("$argon2id$")
    with client.session_transaction() as session:
        assert session["_user_id"].startswith(f"{user.id}:")


CLIENT = {"name": Field(st.one_of(printable_name(), long_text((199, 200, 201,)), st.just("ß" * 150))),  # B14
          "contact": Field(st.one_of(printable_name(), st.just(""))),
          "note": Field(st.one_of(notes_text, long_text((1999, 2000, 2001,)), st.just("")))}


@settings(max_examples=examples(2.5))
@given(request=form_requests(CLIENT))
def test_new_client_form(app, owner, request):
    tally()
    client = signed_in(app, owner)
    before = snapshot(app)

    def outcome(data):
        if request.oversize:
            return 413, None
        if data is REFUSED:
            return 422, None
        name_ok, name = required_text(data.first("name") if data else None, 200)
        contact = text_value(data.first("contact") if data else None, 200)
        note = text_value(data.first("note") if data else None, 2000, oracle.clean_note)
        if not name_ok or INVALID in (contact, note):
            return 422, None
        return 302, (name, contact, note or None)

    expected = outcomes_of(request, outcome)
    response = request.send(client, "/clients/new")
    no_500(response)
    after = snapshot(app)
    if response.status_code != 302:
        unchanged(before, after)
        assert (status_of(response), None) in expected, (response.status_code, expected)
        return
    only_changed(before, after, "teams", "clients", "assessments", "intake_links", "client_notes")
    (made,) = rows(app, Client)
    notes = [(n.text, n.in_report, n.author_id) for n in rows(app, ClientNote)]
    assert len(notes) <= 1 and all(n[1:] == (False, owner["user"]) for n in notes)
    assert (302, (made.name, made.contact, notes[0][0] if notes else None)) in expected, (made.name, expected)
    assert len(made.name_key) <= 200 and made.name.casefold().startswith(made.name_key)  # B14
    assert (made.status, made.respondents, made.workspace_id) == ("invited", 0, owner["workspace"])
    (aggregate,) = rows(app, Assessment)
    assert (aggregate.team_name, aggregate.submitted_at, aggregate.team_id) == (made.name, None, made.team_id)
    assert len(rows(app, IntakeLink)) == 1 and len(rows(app, Team)) == 1
    assert urlsplit(response.location).path == f"/clients/{made.public_id}"


def new_client_row(app, owner, name: str = "Acme Retail", closed: bool = False) -> tuple[str, str]:
    """A client made directly (no request): its public id and intake token."""
    from app.consultants import services

    with app.app_context():
        workspace = db.session.get(Workspace, owner["workspace"])
        made, token = services.create_client(workspace, name, None)
        if closed:
            services.current_round(made).closed_at = utcnow()
            db.session.commit()
        public_id = made.public_id
        db.session.remove()
    return public_id, token


NOTE = {"text": Field(st.one_of(notes_text, long_text((1999, 2000, 2001,)))),
        "in_report": Field(st.sampled_from(["y", "on", "true", "false", "", "0", "no"]), text=False)}


@settings(max_examples=examples(2.5))
@given(request=form_requests(NOTE))
def test_client_note_form(app, owner, request):
    tally()
    client = signed_in(app, owner)
    public_id, _ = new_client_row(app, owner)
    before = snapshot(app)

    def outcome(data):
        if request.oversize:
            return 413, None
        if data is REFUSED:
            return 302, None
        valid, text = required_text(data.first("text") if data else None, 2000, oracle.clean_note)
        flag = data.first("in_report") if data else None
        # refused or not, the answer is the client's page, which says what was wrong
        return 302, ((text, flag not in (None, "false", "")) if valid else None)

    expected = outcomes_of(request, outcome)
    response = request.send(client, f"/clients/{public_id}/notes")
    no_500(response)
    after = snapshot(app)
    notes = [(n.text, n.in_report) for n in rows(app, ClientNote)]
    if not notes:
        unchanged(before, after)
    else:
        only_changed(before, after, "client_notes")
    assert (response.status_code, notes[0] if notes else None) in expected and len(notes) <= 1, (notes, expected)


TIMELINES = ("now", "quarter", "year", "exploring")
INTAKE = {"name": Field(printable_name()), "role": Field(printable_name()),
          "email": Field(st.one_of(emails, st.just(""))), "help_wanted": Field(st.one_of(notes_text, st.just(""))),
          "timeline": Field(st.sampled_from(TIMELINES), text=False)}


@settings(max_examples=examples(2))
@given(request=form_requests(INTAKE), closed=st.integers(0, 5).map(lambda i: i == 0))
def test_intake_form(app, owner, request, closed):
    tally()
    client = fresh(app, keep=ACCOUNT_TABLES)
    public_id, token = new_client_row(app, owner, "Acme Retail", closed)
    before = snapshot(app)

    def outcome(data):
        first = (lambda key: data.first(key)) if data else (lambda key: None)
        if closed:
            return 410, None
        if request.oversize:
            return 413, None
        if data is REFUSED:
            return 422, None
        name_ok, name = required_text(first("name"), 200)
        role_ok, role = required_text(first("role"), 200)
        email_valid, email = email_value(first("email"), required=False)
        help_wanted = text_value(first("help_wanted"), 2000, oracle.clean_note)
        timeline = first("timeline")
        if not (name_ok and role_ok and email_valid and help_wanted is not INVALID
                and isinstance(timeline, str) and timeline in TIMELINES):
            return 422, None
        return 302, (name, role, email or None, help_wanted or None, timeline)

    expected = outcomes_of(request, outcome)
    response = request.send(client, f"/i/{token}")
    no_500(response)
    after = snapshot(app)
    if response.status_code != 302:
        unchanged(before, after)
        assert (status_of(response), None) in expected, (response.status_code, expected)
        return
    only_changed(before, after, "teams", "assessments", "respondents", "clients")
    (respondent,) = rows(app, Respondent)
    stored = (respondent.name, respondent.role, respondent.email, respondent.help_wanted, respondent.timeline)
    assert (302, stored) in expected, (stored, expected)
    (made,) = rows(app, Client)
    assert (made.respondents, made.status) == (1, "in_progress")
    started = [a for a in rows(app, Assessment) if a.team_id == respondent.team_id]
    assert [(a.team_name, a.draft["context"], a.submitted_at) for a in started] == [
        ("Acme Retail", {"team": "Acme Retail"}, None)]
    assert urlsplit(response.location).path == f"/assessments/{started[0].public_id}/context"


# ---- evidence upload on an assessment ----------------------------------------------------------

@settings(max_examples=examples(0.6))
@given(files=st.lists(st.builds(Upload, evidence_contents, st.text(SIMPLE_NAME_CHARS, max_size=12)), max_size=3),
       keep=st.lists(st.sampled_from(["y", "n", "", "yes"]), max_size=2),
       base=st.sampled_from(["fresh", "submitted"]))
def test_evidence_upload_form(app, files, keep, base):
    tally()
    client = fresh(app)
    public_id = new_assessment(app, client, base)
    before_row, before = assessment(app, public_id), snapshot(app)
    data = MultiDict([("files", u.as_file()) for u in files] + [("keep_files", k) for k in keep])
    response = client.post(f"/assessments/{public_id}/evidence", data=data, content_type="multipart/form-data")
    no_500(response)
    assert response.status_code in (302, 413, 422), response.status_code
    after = snapshot(app)
    if response.status_code != 302:
        unchanged(before, after)
        return
    only_changed(before, after, "evidence_imports", "evidence_files", "assessments")
    (record,) = rows(app, EvidenceImport)
    kept = [(f.name, f.content) for f in rows(app, EvidenceFile)]
    assert kept == ([(u.filename[:255], u.content) for u in files if u.filename] if keep[:1] == ["y"] else [])
    row = assessment(app, public_id)
    evidence = row.draft["evidence"]
    assert set(evidence) == set(record.document["suggested"]) <= set(SIGN_IDS)
    assert all(e["suggested"] in SIGN_ANSWERS and e["decision"] is None and e["import"] == record.id
               for e in evidence.values())
    assert {k: v for k, v in row.draft.items() if k != "evidence"} == {
        k: v for k, v in before_row.draft.items() if k != "evidence"}


# ---- bugs found: minimal reproductions -----------------------------------------------------------
# Found by the properties above. Each test states what should happen; all are fixed and stay as
# regression tests.

ORDER = ("context", "signs", "candidates")


def _started(app, base: str = "fresh"):
    client = fresh(app)
    public_id = new_assessment(app, client, base)
    return client, public_id, f"/assessments/{public_id}"


# B2. A questionnaire step posted with a `version` that str.isdigit() accepts but int() refuses answers 500:
#   POST /assessments/<id>/context  version=²&action=save   (or 5,000 nines)  -> 500
# app/assessments/views.py step(): `based_on.isdigit() and int(based_on) != ...`: "²".isdigit() is True,
# int("²") raises ValueError (and so does int() of more than 4,300 digits).

@pytest.mark.parametrize("step", ORDER)
@pytest.mark.parametrize("version", ["²", "9" * 5000])
def test_b2_a_version_that_is_not_a_number_is_ignored_or_refused(app, step, version):
    client, _, url = _started(app, "submitted")
    response = client.post(f"{url}/{step}", data={"version": version, "action": "save"})
    assert response.status_code in (302, 409, 422), response.status_code


# B3. The candidates step with a field named with an index that str.isdigit() accepts but int() refuses:
#   POST /assessments/<id>/candidates  candidates-²-name=Billing&action=save  -> 500
# WTForms' FieldList._extract_indices does `if k.isdigit(): yield int(k)` on every posted key.

@pytest.mark.parametrize("key", ["candidates-²-name", "candidates-" + "9" * 5000 + "-name"])
def test_b3_a_candidate_index_that_is_not_a_number_is_ignored(app, key):
    client, _, url = _started(app)
    response = client.post(f"{url}/candidates", data={key: "Billing", "action": "save"})
    assert response.status_code in (302, 422), response.status_code


# B4. The candidates step posted as multipart with a part that has no name answers 500:
#   Content-Disposition: form-data            <- no name="..."
# Werkzeug puts the part in request.form under the key None; FieldList._extract_indices calls
# None.startswith(...) -> AttributeError.

def test_b4_a_nameless_multipart_part_is_ignored(app):
    client, _, url = _started(app)
    body = (b'--B\r\nContent-Disposition: form-data\r\n\r\nxyz\r\n'
            b'--B\r\nContent-Disposition: form-data; name="action"\r\n\r\nsave\r\n--B--\r\n')
    response = client.post(f"{url}/candidates", data=body, content_type="multipart/form-data; boundary=B")
    assert response.status_code in (302, 422), response.status_code


# B5. "Add a service" with 50 candidates on the page stores a 51st; from then on the candidates page
# answers 500 on every GET (and the conflict page too): FieldList(max_entries=50) asserts when it is
# given 51 entries. POST .../candidates with candidates-0..49-name and action=add -> 302, then
# GET .../candidates -> 500 "You cannot have more than max_entries entries in this FieldList".

def test_b5_adding_a_candidate_beyond_fifty_keeps_the_page_working(app):
    client, _, url = _started(app)
    fifty = {f"candidates-{i}-name": f"Service {i}" for i in range(50)}
    response = client.post(f"{url}/candidates", data={**fifty, "action": "add"})
    assert response.status_code in (302, 422)
    assert client.get(f"{url}/candidates").status_code == 200


# B6. A reason that is not one of the offered checkboxes is stored as it is:
#   POST .../candidates  candidates-0-name=Billing&candidates-0-reasons=garbage&action=save -> 302,
#   draft.candidates == [{"name": "Billing", "reasons": ["garbage"]}]
# ReasonsField.pre_validate (app/assessments/forms.py) replaces SelectMultipleField's, which was the
# check of each value against the choices (validate_choice=True is passed but never used).

@pytest.mark.parametrize("reason", ["garbage", "None of these", "<script>"])
def test_b6_a_reason_not_offered_is_refused(app, reason):
    client, public_id, url = _started(app)
    before = snapshot(app)
    response = client.post(f"{url}/candidates", data={"candidates-0-name": "Billing",
                                                      "candidates-0-reasons": reason, "action": "save"})
    assert response.status_code == 422, response.status_code
    unchanged(before, snapshot(app))


# B7. "remove-N" with a negative N removes a candidate counted from the end:
#   POST .../candidates  (two candidates) action=remove--1 -> 302, the second candidate is gone.
# _remove_candidate() in app/assessments/views.py: del draft["candidates"][int("-1")]; out-of-range
# positions are meant to do nothing ("a stale page removing what is already gone").

def test_b7_a_negative_position_removes_nothing(app):
    client, public_id, url = _started(app)
    form = {"candidates-0-name": "Billing", "candidates-1-name": "Search"}
    response = client.post(f"{url}/candidates", data={**form, "action": "remove--1"})
    assert response.status_code == 302
    assert [c["name"] for c in assessment(app, public_id).draft["candidates"]] == ["Billing", "Search"]


# B8. action=add on the context or signs step saves the step and also appends an empty candidate:
#   POST .../context  engineers=8&teams=1&services=12&action=add -> 302, draft.candidates == [{"name": ""}]
# "add" is in NAV_ACTIONS for every step, and the view appends a candidate whatever the step.

@pytest.mark.parametrize("step", ["context", "signs"])
def test_b8_add_outside_the_candidates_step_adds_no_candidate(app, step):
    client, public_id, url = _started(app)
    client.post(f"{url}/{step}", data={"engineers": "8", "deploy_coupling": "yes", "action": "add"})
    assert assessment(app, public_id).draft["candidates"] == []


TEXT_FIELDS = {"context": "team", "signs": "deploy_coupling_note", "candidates": "candidates-0-name",
               "share": "label", "sign-in": "email", "sign-up": "workspace", "new client": "name",
               "client note": "text", "intake": "name"}


def form_url(app, owner, form: str):
    """A new browser and the address of this form, ready to be posted."""
    client = fresh(app, keep=ACCOUNT_TABLES)
    if form in ORDER or form == "share":
        return client, f"/assessments/{new_assessment(app, client, 'submitted')}/{form}"
    if form in ("sign-in", "sign-up"):
        return client, f"/{form}"
    if form == "intake":
        return client, f"/i/{new_client_row(app, owner)[1]}"
    copy_session(owner["browser"], client)
    return client, "/clients/new" if form == "new client" else f"/clients/{new_client_row(app, owner)[0]}/notes"


# B9. Any form with a file where a text field is expected answers 500:
#   curl -F team=@x.txt -F action=save .../assessments/<id>/context -> 500
# Flask-WTF gives forms request.files ahead of request.form, so the field's value is a FileStorage;
# the cleaning filters pass it through and Length() calls len() on it: TypeError.

@pytest.mark.parametrize("form", list(TEXT_FIELDS))
def test_b9_a_file_in_a_text_field_is_refused(app, owner, form):
    client, url = form_url(app, owner, form)
    before = snapshot(app)
    response = client.post(url, data={TEXT_FIELDS[form]: (io.BytesIO(b"text"), "x.txt"), "action": "save"},
                           content_type="multipart/form-data")
    assert response.status_code != 500
    after = snapshot(app)
    if response.status_code >= 400:
        unchanged(before, after)
    else:  # the file may be ignored (the field counts as not sent), never stored as its text
        assert "FileStorage" not in repr(after) and "x.txt" not in repr(after)


# B10. Any form posted as JSON that is not an object of strings answers 500:
#   curl -H 'Content-Type: application/json' -d '[1]' .../sign-in                     -> 500
#   curl -H 'Content-Type: application/json' -d '{"team": 5}' .../assessments/<id>/context -> 500
# Flask-WTF reads a JSON body as the form (ImmutableMultiDict(request.get_json())): a list or a number
# can't be one (TypeError), and a number in a text field reaches len() (TypeError).

@pytest.mark.parametrize("form", list(TEXT_FIELDS))
@pytest.mark.parametrize("body", ["array", "number in a text field"])
def test_b10_a_json_body_that_is_no_form_is_refused(app, owner, form, body):
    client, url = form_url(app, owner, form)
    before = snapshot(app)
    response = client.post(url, json=[1] if body == "array" else {TEXT_FIELDS[form]: 5})
    assert response.status_code != 500
    if response.status_code >= 400:  # or the body is ignored, as no form field was sent
        unchanged(before, snapshot(app))


# B11. POST /import with a date whose time zone takes it outside the years 1-9999 answers 500:
#   "created_at": "0001-01-01T00:00:00+14:00"  (or "9999-12-31T23:59:59-14:00")
# parse_export() (app/history/transfer.py) catches TypeError/ValueError around fromisoformat(), but
# parsed.astimezone(timezone.utc) raises OverflowError after it.

@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"])
def test_b11_an_import_with_a_date_out_of_range_is_422(app, moment):
    client = fresh(app)
    body = json.dumps({**EXPORT, "created_at": moment}).encode()
    response = client.post("/import", data={"file": (io.BytesIO(body), "a.json")}, content_type="multipart/form-data")
    assert response.status_code == 422, response.status_code


# B12. POST /import with a JSON integer of more than 4,300 digits answers 500:
#   {"format": "splitcheck-assessment/1", "answers": {"context": {"engineers": 999...(5,000 digits)}}}
# json.loads raises ValueError ("Exceeds the limit (4300 digits)"), which is not a JSONDecodeError:
# parse_export() catches only (UnicodeDecodeError, JSONDecodeError, RecursionError).

def test_b12_an_import_with_a_huge_number_is_422(app):
    client = fresh(app)
    body = b'{"format": "splitcheck-assessment/1", "answers": {"context": {"engineers": ' + b"9" * 5000 + b"}}}"
    response = client.post("/import", data={"file": (io.BytesIO(body), "a.json")}, content_type="multipart/form-data")
    assert response.status_code == 422, response.status_code


# B13. Required names accept input that cleans to nothing (spaces, control or invisible characters), and
# store an empty name:  POST /clients/new name="   " -> 302, clients.name == "".
# InputRequired checks the raw value; the _clean filter then strips it to "" (DataRequired, which
# checks the cleaned data, would refuse it). Client names, a respondent's name and role, a new
# workspace's name, and a client note's text.

@pytest.mark.parametrize("form, field, value", [
    ("new client", "name", "   "), ("new client", "name", "\u200b"), ("intake", "name", " "),
    ("intake", "role", "\x00"), ("sign-up", "workspace", "\t"), ("client note", "text", " \n ")])
def test_b13_a_required_name_that_cleans_to_nothing_is_refused(app, owner, form, field, value):
    client, url = form_url(app, owner, form)
    valid = {"new client": {"name": "Acme"}, "intake": {"name": "Jo", "role": "Lead", "timeline": "now"},
             "sign-up": {"workspace": "Acme", "email": "new@consult.example", "password": "p" * 12},
             "client note": {"text": "Call back"}}[form]
    before = snapshot(app)
    client.post(url, data={**valid, field: value})
    unchanged(before, snapshot(app))


# B14. A client name whose case-folded form is longer than 200 characters: on PostgreSQL
#   POST /clients/new name="ß"*150 -> 500 (StringDataRightTruncation: clients.name_key is VARCHAR(200));
# on SQLite it is stored, with a 300-character name_key in a 200-character column.
# create_client() (app/consultants/services.py) stores name.casefold(), which can be up to 3x longer.

@pytest.mark.parametrize("name", ["ß" * 150, "ﬃ" * 100])
def test_b14_a_client_name_of_200_characters_is_stored_whole(app, owner, name):
    client, url = form_url(app, owner, "new client")
    response = client.post(url, data={"name": name})
    assert response.status_code in (302, 422), response.status_code
    assert all(len(c.name_key) <= 200 for c in rows(app, Client))


# B17. An oversize POST to /sign-in made the rate limiter give up its storage (Redis in production):
#   POST /sign-in with a 2.1 MB body -> 413, and the log said
#   "Rate limit storage unreachable - falling back to in-memory storage".
# The per-account limit's key function (_account_key in app/consultants/accounts.py) read
# request.form, which raises RequestEntityTooLarge inside Flask-Limiter; it takes any error there for
# a storage failure and counts in per-process memory until its next storage check passes, so the
# limits stopped being shared between workers. Fixed: the key function reads the form safely.
def test_b17_an_oversize_sign_in_leaves_the_rate_limiter_on_its_storage(app, caplog):
    client = fresh(app)
    response = client.post("/sign-in", data={"email": OWNER, "password": "x" * (2 * 1024 * 1024 + 10)})
    assert response.status_code == 413
    assert "storage unreachable" not in caplog.text


# B19. Uploading evidence on an assessment whose files name a service with a control character answers 500:
#   POST /assessments/<id>/evidence  files=@c.json  with {"services": {"a\u0001b": {"image": "nginx"}}}
# Graphviz copies the name into the SVG as it is; ElementTree refuses the character (XML 1.0 has no
# control characters but tab and line breaks): ParseError in _clean() (app/evidence_import/graph.py),
# which render_svg's callers only expect to raise GraphUnavailable. Nothing is stored (the graph is
# drawn before the import is added). /api/v1/evidence draws no graph and answers 200.

@pytest.mark.parametrize("name", ["a\u0001b", "x\u000b", "tab\u001fsvc"])
def test_b19_a_service_name_with_a_control_character_gets_a_graph_or_none(app, name):
    client, public_id, url = _started(app)
    content = json.dumps({"services": {name: {"image": "nginx"}, "db": {"image": "postgres"}}}).encode()
    response = client.post(f"{url}/evidence", data={"files": (io.BytesIO(content), "compose.json")},
                           content_type="multipart/form-data")
    assert response.status_code == 302, response.status_code


# B20. On PostgreSQL, an assessment address with a NUL character answered 500 (SQLite: 404):
#   GET /assessments/%00/context -> 500  psycopg.DataError: PostgreSQL text fields cannot contain NUL (0x00) bytes
# owned_or_404() looked the public id up as it was; the same for every /assessments/<public_id>/...
# page and for ?with= on the compare page. Fixed in app/routing.py: no path segment matches with a
# control character in it, and query_text() cleans ?with= and the dashboard's ?q=.
@pytest.mark.parametrize("path", ["/assessments/%00/context", "/assessments/a%00b/result", "/assessments/%00/share"])
def test_b20_an_address_with_a_nul_character_is_404(app, path):
    client, _, url = _started(app, "submitted")
    assert client.get(path).status_code == 404


# B21. A link id beyond the database's integer range answered 500 (PostgreSQL: from 2**31, SQLite: from 2**63):
#   POST /assessments/<id>/share/2147483648/revoke -> 500  psycopg NumericValueOutOfRange: integer out of range
#   POST /assessments/<id>/share/18446744073709551616/revoke -> 500 on SQLite too (OverflowError)
# Flask's <int:...> converter took any size, and so did the other <int:...> routes (notes/<note_id>/toggle,
# responses/<respondent_id>, members/<user_id>/remove). Fixed in app/routing.py: <int:...> stops at 2**31 - 1.
@pytest.mark.parametrize("link_id", [2 ** 31, 2 ** 64, "9" * 5000])
def test_b21_a_link_id_out_of_range_is_404(app, link_id):
    client, _, url = _started(app, "submitted")
    assert client.post(f"{url}/share/{link_id}/revoke").status_code == 404
