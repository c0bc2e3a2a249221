"""Shared by the form properties: requests, snapshots, a started assessment, a consultant's account.

Each example starts from a reset database and a new test client (see support.py): the questionnaire
examples start a new assessment, or import a finished one, every time.
"""

from __future__ import annotations

import copy
import io
import json
import re
from functools import cache

import email_validator
from hypothesis import strategies as st

from app.assessments.models import Assessment
from app.consultants.models import Workspace
from app.extensions import db
from app.timestamps import utcnow

from ..conftest import ANSWERS
from ..web.consulting import PASSWORD
from . import oracle
from .form_requests import FormRequest
from .forms_oracle import INVALID, text_value
from .strategies import any_char, long_text
from .support import changed_tables, copy_session, fresh, rows, snapshot

FORMAT = "splitcheck-assessment/1"
# File names a client can send as they are (a quote or a line break changes the multipart part itself).
SIMPLE_NAME_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters='"\r\n\\')
OWNER = "ana@consult.example"


def export_of(
    doc: dict,
    notes: dict | None = None,
    created: str = "2026-01-05T09:00:00+00:00",
    submitted: str = "2026-01-05T10:00:00+00:00",
) -> dict:
    return {
        "format": FORMAT,
        "answers": doc,
        "notes": notes or {},
        "result": {},
        "created_at": created,
        "submitted_at": submitted,
    }


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
    from app.assessments.access import SESSION_KEY, new_team
    from app.assessments.models import empty_draft

    with app.app_context():
        team, token = new_team()
        made = Assessment(team=team, instrument="splitcheck/1", draft=empty_draft())
        if base != "fresh":
            signs = SUBMITTED_DRAFT["signs"]
            made = Assessment(
                team=team,
                instrument="splitcheck/1",
                draft=copy.deepcopy(SUBMITTED_DRAFT),
                team_name=ANSWERS["team"]["name"],
                step="candidates",
                submitted_at=utcnow(),
                verdict=oracle.verdict(signs),
                coupling_score=oracle.coupling_score(signs),
            )
        if base == "again":
            db.session.add(made)
            made = Assessment(
                team=team,
                instrument="splitcheck/1",
                draft=copy.deepcopy(SUBMITTED_DRAFT),
                team_name=ANSWERS["team"]["name"],
            )
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


def send_and_check(app, request: FormRequest, client, url: str, outcome, *tables: str):
    """Send a generated form request. A refusal must be one that `outcome` allows and must change
    nothing: returns None. An acceptance (302) may change only `tables`: returns the response and
    the outcomes it may match, for the caller to check what was stored."""
    before = snapshot(app)
    expected = outcomes_of(request, outcome)
    response = request.send(client, url)
    no_500(response)
    after = snapshot(app)
    if response.status_code != 302:
        unchanged(before, after)
        assert (status_of(response), None) in expected, (response.status_code, expected)
        return None
    only_changed(before, after, *tables)
    return response, expected


ACCOUNT_TABLES = ("users", "workspaces")
emails = st.one_of(
    st.emails(),
    st.sampled_from(
        [
            OWNER,
            f" {OWNER.upper()} ",
            "Ana@Consult.Example",
            "a@b",
            "a@b.co",
            "@x.com",
            "x@",
            "a b@c.com",
            "ä@ü.de",
            "a@[127.0.0.1]",
            "x" * 250 + "@e.com",
            "x" * 64 + "@" + "e" * 180 + ".com",
            "\x00@x.com",
            "a@b.c\u200b",
            "ANA@CONSULT.EXAMPLE\t",
        ]
    ),
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
def password_hash() -> str:
    from app.consultants.passwords import hash_password

    return hash_password(PASSWORD)  # argon2 takes ~0.1 s: once per run, not per test


def signed_in(app, owner):
    client = fresh(app, keep=ACCOUNT_TABLES)
    copy_session(owner["browser"], client)
    return client


passwords = st.one_of(
    st.just(PASSWORD),
    st.sampled_from([PASSWORD.upper(), PASSWORD + " ", " " + PASSWORD, "", "p" * 11, "p" * 12, "p" * 256, "p" * 257]),
    st.text(any_char, max_size=40),
    long_text(
        (
            255,
            256,
            257,
        )
    ),
)


notes_text = st.one_of(
    st.text(any_char, max_size=40),
    long_text(
        (
            500,
            501,
        )
    ),
)


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
