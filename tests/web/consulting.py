"""Helpers for consultant tests: accounts, clients and respondents."""

from __future__ import annotations

import copy
import re

from .journey import candidates_form, context_form, post, signs_form

PASSWORD = "correct horse battery staple"


def make_owner(app, email: str = "ana@consult.example", workspace: str = "Northwind Consulting"):
    from app.consultants.accounts_admin import create_owner

    with app.app_context():
        return create_owner(email, PASSWORD, workspace).id


def sign_in(client, email: str = "ana@consult.example", password: str = PASSWORD):
    return client.post("/sign-in", data={"email": email, "password": password})


def new_client(client, name: str = "Acme Retail") -> tuple[str, str]:
    """Creates a client; returns its public id and the intake link's path."""
    response = client.post("/clients/new", data={"name": name, "contact": "Jo Smith", "note": "Met at the conference"})
    assert response.status_code == 302, response.status_code
    public_id = response.location.rsplit("/", 1)[1]
    page = client.get(response.location).get_data(as_text=True)
    intake = re.search(r'value="https?://[^/"]+(/i/[^"]+)"', page)[1]
    return public_id, intake


def respond(app, intake: str, name: str, role: str, doc: dict, named: bool = False, notes: dict | None = None):
    """One person answers the intake link in their own browser (agreeing to be named in the
    report when `named`, with notes on some signs); returns their client."""
    person = app.test_client()
    started = {"name": name, "role": role, "timeline": "quarter"} | ({"name_in_report": "y"} if named else {})
    response = person.post(intake, data=started)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    public_id = re.search(r"/assessments/([^/]+)/context", response.location)[1]
    post(person, public_id, "context", context_form(doc))
    post(person, public_id, "signs", signs_form(doc, notes))
    assert post(person, public_id, "candidates", candidates_form(doc)).location.endswith("/result")
    return person, public_id


def variant(answers: dict, **signs) -> dict:
    """The answers with some signs answered differently."""
    doc = copy.deepcopy(answers)
    doc["signs"].update(signs)
    return doc
