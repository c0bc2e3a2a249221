"""Consultants' accounts: create, sign in, limits, sign out, reset, invitations."""

from __future__ import annotations

import re
from datetime import timedelta

from app.consultants import tokens

from .consulting import PASSWORD, make_owner, sign_in


def test_users_create_command_and_sign_in(app, runner):
    result = runner.invoke(
        args=["users", "create", "Bo@Example.com", "--workspace", "Bo & Co"], input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    client = app.test_client()
    response = sign_in(client, "bo@example.com")
    assert response.status_code == 302 and response.location.endswith("/clients")
    assert "Bo &amp; Co" in client.get("/workspace").get_data(as_text=True)


def test_users_create_refuses_short_password_and_duplicates(app, runner):
    assert runner.invoke(args=["users", "create", "x@example.com"], input="short\nshort\n").exit_code == 2
    make_owner(app)
    result = runner.invoke(args=["users", "create", "ana@consult.example"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 2 and "already has an account" in result.stderr


def test_password_is_hashed_with_argon2id(app):
    from app.consultants.models import User
    from app.extensions import db

    make_owner(app)
    with app.app_context():
        stored = db.session.scalar(db.select(User)).password_hash
    assert stored.startswith("$argon2id$") and "m=19456,t=2,p=1" in stored and PASSWORD not in stored


def test_wrong_password_is_refused_without_saying_which_part(app):
    make_owner(app)
    client = app.test_client()
    for email in ("ana@consult.example", "nobody@consult.example"):
        response = sign_in(client, email, "wrong password!!")
        assert response.status_code == 422
        assert "Wrong email address or password." in response.get_data(as_text=True)
    assert client.get("/clients").status_code == 302  # still signed out


def test_sign_in_attempts_are_limited_per_account(app):
    make_owner(app)
    for i in range(5):
        assert sign_in(app.test_client(), password=f"wrong-{i}-xxxxxxx").status_code == 422
    response = sign_in(app.test_client())  # even the right password waits now
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)


def test_sign_in_attempts_are_limited_per_address(app):
    client = app.test_client()
    statuses = [sign_in(client, f"user{i}@example.com", "wrong password!!").status_code for i in range(11)]
    assert statuses[:10] == [422] * 10 and statuses[10] == 429


def test_sign_in_starts_a_new_session(app):
    make_owner(app)
    client = app.test_client()
    client.get("/")
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    sign_in(client)
    with client.session_transaction() as session:
        assert "planted" not in session and "_user_id" in session


def test_sign_out_makes_a_copied_cookie_useless(app):
    make_owner(app)
    client = app.test_client()
    sign_in(client)
    stolen = client.get_cookie("session", domain="splitcheck.test").value
    before = app.test_client()
    before.set_cookie("session", stolen, domain="splitcheck.test")
    assert before.get("/clients").status_code == 200  # the copy works while the session lives
    page = client.get("/clients").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
    response = client.post("/sign-out", data={"csrf_token": csrf[1] if csrf else ""})
    assert response.status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", stolen, domain="splitcheck.test")
    assert thief.get("/clients").status_code == 302  # sent to sign in


def test_next_only_redirects_within_the_site(app):
    make_owner(app)
    data = {"email": "ana@consult.example", "password": PASSWORD}
    assert app.test_client().post("/sign-in?next=/workspace", data=data).location.endswith("/workspace")
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"):
        response = app.test_client().post(f"/sign-in?next={target}", data=data)
        assert response.location.endswith("/clients"), target


def test_reset_link_is_single_use(app, runner):
    make_owner(app)
    result = runner.invoke(args=["users", "reset-link", "ana@consult.example"])
    assert result.exit_code == 0
    path = re.search(r"(/reset/\S+)", result.stdout)[1]
    client = app.test_client()
    new = "a brand new long password"
    assert client.post(path, data={"password": new, "confirm": new}).status_code == 302
    assert client.post(path, data={"password": new, "confirm": new}).status_code == 410
    assert sign_in(app.test_client(), password=new).status_code == 302
    assert sign_in(app.test_client()).status_code == 422


def test_reset_link_expires(app, monkeypatch):
    from app.consultants.accounts_admin import reset_link

    make_owner(app)
    with app.app_context():
        path = re.search(r"(/reset/\S+)", reset_link("ana@consult.example"))[1]
    later = tokens.utcnow() + timedelta(hours=1, seconds=1)
    monkeypatch.setattr(tokens, "utcnow", lambda: later)
    assert app.test_client().get(path).status_code == 410


def test_reset_link_for_unknown_account(runner):
    result = runner.invoke(args=["users", "reset-link", "nobody@example.com"])
    assert result.exit_code == 2 and "No account" in result.stderr


def test_invited_colleague_joins_the_workspace(app):
    make_owner(app)
    owner = app.test_client()
    sign_in(owner)
    owner.post("/workspace/invitations", data={"role": "consultant"})
    page = owner.get("/workspace").get_data(as_text=True)
    join = re.search(r'href="https?://[^/"]+(/join/[^"]+)"', page)[1]
    colleague = app.test_client()
    assert colleague.post(join, data={"email": "cy@consult.example", "password": PASSWORD}).status_code == 302
    assert "Northwind Consulting" in colleague.get("/workspace").get_data(as_text=True)
    assert app.test_client().post(join, data={"email": "dee@consult.example", "password": PASSWORD}).status_code == 410
    # A consultant can't invite or remove members.
    assert colleague.post("/workspace/invitations", data={"role": "owner"}).status_code == 404


def test_sign_up_can_be_switched_off(app):
    client = app.test_client()
    response = client.post("/sign-up", data={"workspace": "Own Co", "email": "o@own.example", "password": PASSWORD})
    assert response.status_code == 302
    app.config["SIGNUP_ENABLED"] = False
    assert app.test_client().get("/sign-up").status_code == 404


def test_reset_link_is_mailed_when_smtp_is_configured(app, runner, monkeypatch):
    import smtplib

    sent = []

    class FakeSMTP:
        def __init__(self, host, port, timeout):
            sent.append(("connect", host, port))

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def starttls(self):
            sent.append(("starttls",))

        def login(self, user, password):
            sent.append(("login", user))

        def send_message(self, message):
            sent.append(("message", message["To"], message.get_content()))

    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    make_owner(app)
    app.config.update(SMTP_HOST="smtp.example", SMTP_PORT=2525, SMTP_USERNAME="mailer", SMTP_PASSWORD="pw")
    result = runner.invoke(args=["users", "reset-link", "ana@consult.example"])
    assert result.exit_code == 0 and "Also sent to ana@consult.example." in result.stderr
    link = result.stdout.strip()
    assert sent[0] == ("connect", "smtp.example", 2525) and ("starttls",) in sent and ("login", "mailer") in sent
    assert sent[-1][1] == "ana@consult.example" and link in sent[-1][2]
