"""Invitations and password resets work once, even when several requests bring the link at once;
every kind of private link shares one allowance of wrong guesses."""

from __future__ import annotations

import re
import threading

import pytest
from sqlalchemy import func, select

from app.consultants import tokens
from app.consultants.models import Invitation, PasswordReset, User
from app.extensions import db
from app.factory import create_app

from ..conftest import SHARED_SERVER
from .consulting import PASSWORD, make_owner

ATTEMPTS = 8


@pytest.fixture
def threaded_app(app, tmp_path):
    """An app whose database every thread sees: the test database server, or a SQLite file."""
    if SHARED_SERVER:
        yield app
        return
    app = create_app(
        {
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "SERVER_NAME": "splitcheck.test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'race.sqlite3'}",
            "PDF_CACHE_DIR": str(tmp_path / "pdfs"),
        }
    )
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


def _all_at_once(app, path: str, forms: list[dict]) -> list[int]:
    start = threading.Barrier(len(forms))
    statuses: list[int] = []

    def attempt(form):
        client = app.test_client()
        start.wait()
        statuses.append(client.post(path, data=form).status_code)

    threads = [threading.Thread(target=attempt, args=(form,)) for form in forms]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_one_owner_invitation_used_at_once_by_several_makes_one_account(threaded_app):
    make_owner(threaded_app)
    with threaded_app.app_context():
        workspace_id = db.session.scalar(select(User.workspace_id))
        token = tokens.create_invitation(workspace_id, "owner")
    forms = [{"email": f"person{n}@example.com", "password": PASSWORD} for n in range(ATTEMPTS)]
    statuses = _all_at_once(threaded_app, f"/join/{token}", forms)
    assert sorted(statuses).count(302) == 1 and set(statuses) <= {302, 410}, statuses
    with threaded_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User).where(User.role == "owner")) == 2
        assert db.session.scalar(select(Invitation.used_at)) is not None


def test_one_reset_link_used_at_once_changes_the_password_once(threaded_app):
    make_owner(threaded_app)
    with threaded_app.app_context():
        token = tokens.create_reset(db.session.scalar(select(User)))
    forms = [{"password": f"{PASSWORD}-{n}", "confirm": f"{PASSWORD}-{n}"} for n in range(ATTEMPTS)]
    statuses = _all_at_once(threaded_app, f"/reset/{token}", forms)
    assert statuses.count(302) == 1 and set(statuses) <= {302, 410}, statuses
    with threaded_app.app_context():
        assert db.session.scalar(select(PasswordReset.used_at)) is not None


def _token_paths(app) -> list[str]:
    paths = []
    for rule in app.url_map.iter_rules():
        if "token" in rule.arguments and "GET" in rule.methods:
            paths.append(re.sub(r"<(?:[^<>:]+:)?token>", "no-such-token-0123456789abcdef", rule.rule))
    return paths


def test_every_token_route_shares_one_allowance_of_wrong_guesses(app):
    client = app.test_client()
    paths = _token_paths(app)
    assert len(paths) >= 7  # resume, share page and PDF, intake, intake logo, invitation, reset
    statuses = [client.get(paths[n % len(paths)]).status_code for n in range(20)]
    assert 429 not in statuses
    # The allowance is spent, whichever kinds of link the guesses were at.
    assert {path: client.get(path).status_code for path in paths} == {path: 429 for path in paths}


@pytest.mark.parametrize("route", ["/i/<token>/logo", "/join/<token>", "/reset/<token>"])
def test_routes_that_had_no_limit_answer_429_after_twenty_wrong_guesses(app, route):
    client = app.test_client()
    path = route.replace("<token>", "wrong-guess-0123456789abcdef")
    statuses = [client.get(path).status_code for _ in range(21)]
    assert 429 not in statuses[:20] and statuses[20] == 429
