"""Fixtures of the consultants' pages: a signed-in consultant, and a client two people answered."""

from __future__ import annotations

import pytest

from .consulting import make_owner, new_client, respond, sign_in, variant


@pytest.fixture
def consultant(app):
    make_owner(app)
    client = app.test_client()
    sign_in(client)
    return client


@pytest.fixture
def two_respondents(app, consultant, answers):
    """Maya sees a shared database and long call chains; Tom sees neither."""
    public_id, intake = new_client(consultant)
    maya = respond(app, intake, "Maya", "Engineering lead", variant(answers, shared_database="yes", call_chains="yes"))
    tom = respond(app, intake, "Tom", "Backend developer", variant(answers, shared_database="no", call_chains="no"))
    return public_id, maya, tom
