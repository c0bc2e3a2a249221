"""The consultants' forms (sign-in, sign-up, clients, notes) and the intake form, with generated and
hostile data: never a 500, never a partial write (the rules of test_questionnaire_properties.py).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from hypothesis import given, settings
from hypothesis import strategies as st

from app.assessments.models import Assessment, Team
from app.consultants.models import Client, ClientNote, IntakeLink, Respondent, User, Workspace
from app.extensions import db

from ..web.consulting import PASSWORD
from . import oracle
from .form_requests import REFUSED, Field, form_requests
from .forms_oracle import INVALID, text_value
from .forms_support import (
    ACCOUNT_TABLES,
    OWNER,
    email_value,
    emails,
    new_client_row,
    no_500,
    notes_text,
    only_changed,
    outcomes_of,
    passwords,
    required_text,
    send_and_check,
    signed_in,
    status_of,
    unchanged,
)
from .strategies import long_text, printable_name
from .support import examples, fresh, rows, snapshot, tally

SIGN_IN = {"email": Field(emails), "password": Field(passwords)}


@settings(max_examples=examples(2))
@given(
    request=form_requests(SIGN_IN),
    next_url=st.sampled_from(
        ["", "?next=/clients", "?next=//evil.example", "?next=https://evil.example/", "?next=/\\evil"]
    ),
)
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


SIGN_UP = {
    "workspace": Field(
        st.one_of(
            printable_name(),
            long_text(
                (
                    200,
                    201,
                )
            ),
        )
    ),
    "email": Field(emails),
    "password": Field(passwords),
}


@settings(max_examples=examples(2))
@given(request=form_requests(SIGN_UP))
def test_sign_up_form(app, owner, request):
    tally()
    client = fresh(app, keep=ACCOUNT_TABLES)
    with app.app_context():  # only the owner's account is kept: an earlier example's sign-up is gone
        db.session.execute(db.delete(User).where(User.id != owner["user"]))
        db.session.execute(db.delete(Workspace).where(Workspace.id != owner["workspace"]))
        db.session.commit()

    def outcome(data):
        if request.oversize:
            return 413, None
        if data is REFUSED:
            return 422, None
        ws_ok, workspace = required_text(data.first("workspace") if data else None, 200)
        email_valid, email = email_value(data.first("email") if data else None, required=True)
        password = data.first("password") if data else None
        if not (ws_ok and email_valid and isinstance(password, str) and 12 <= len(password) <= 256 and email != OWNER):
            return 422, None
        if not password.strip():  # a password of spaces only may be refused as missing
            return [(302, (email, workspace)), (422, None)]
        return 302, (email, workspace)

    if (sent := send_and_check(app, request, client, "/sign-up", outcome, "users", "workspaces")) is None:
        return
    response, expected = sent
    (user,) = [u for u in rows(app, User) if u.id != owner["user"]]
    (workspace,) = [w.name for w in rows(app, Workspace) if w.id != owner["workspace"]]
    assert (302, (user.email, workspace)) in expected, ((user.email, workspace), expected)
    assert user.role == "owner" and user.password_hash.startswith("$argon2id$")
    with client.session_transaction() as session:
        assert session["_user_id"].startswith(f"{user.id}:")


CLIENT = {
    "name": Field(
        st.one_of(
            printable_name(),
            long_text(
                (
                    199,
                    200,
                    201,
                )
            ),
            st.just("ß" * 150),
        )
    ),  # B14
    "contact": Field(st.one_of(printable_name(), st.just(""))),
    "note": Field(
        st.one_of(
            notes_text,
            long_text(
                (
                    1999,
                    2000,
                    2001,
                )
            ),
            st.just(""),
        )
    ),
}


@settings(max_examples=examples(2.5))
@given(request=form_requests(CLIENT))
def test_new_client_form(app, owner, request):
    tally()
    client = signed_in(app, owner)

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

    tables = ("teams", "clients", "assessments", "intake_links", "client_notes")
    if (sent := send_and_check(app, request, client, "/clients/new", outcome, *tables)) is None:
        return
    response, expected = sent
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


NOTE = {
    "text": Field(
        st.one_of(
            notes_text,
            long_text(
                (
                    1999,
                    2000,
                    2001,
                )
            ),
        )
    ),
    "in_report": Field(st.sampled_from(["y", "on", "true", "false", "", "0", "no"]), text=False),
}


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
        # saved: back to the client's page; refused: the page again with the note as typed and what was wrong
        return (302, (text, flag not in (None, "false", ""))) if valid else (422, None)

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
INTAKE = {
    "name": Field(printable_name()),
    "role": Field(printable_name()),
    "email": Field(st.one_of(emails, st.just(""))),
    "help_wanted": Field(st.one_of(notes_text, st.just(""))),
    "timeline": Field(st.sampled_from(TIMELINES), text=False),
}


@settings(max_examples=examples(2))
@given(request=form_requests(INTAKE), closed=st.integers(0, 5).map(lambda i: i == 0))
def test_intake_form(app, owner, request, closed):
    tally()
    client = fresh(app, keep=ACCOUNT_TABLES)
    public_id, token = new_client_row(app, owner, "Acme Retail", closed)

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
        if not (
            name_ok
            and role_ok
            and email_valid
            and help_wanted is not INVALID
            and isinstance(timeline, str)
            and timeline in TIMELINES
        ):
            return 422, None
        return 302, (name, role, email or None, help_wanted or None, timeline)

    tables = ("teams", "assessments", "respondents", "clients")
    if (sent := send_and_check(app, request, client, f"/i/{token}", outcome, *tables)) is None:
        return
    response, expected = sent
    (respondent,) = rows(app, Respondent)
    stored = (respondent.name, respondent.role, respondent.email, respondent.help_wanted, respondent.timeline)
    assert (302, stored) in expected, (stored, expected)
    (made,) = rows(app, Client)
    assert (made.respondents, made.status) == (1, "in_progress")
    started = [a for a in rows(app, Assessment) if a.team_id == respondent.team_id]
    assert [(a.team_name, a.draft["context"], a.submitted_at) for a in started] == [
        ("Acme Retail", {"team": "Acme Retail"}, None)
    ]
    assert urlsplit(response.location).path == f"/assessments/{started[0].public_id}/context"
