"""Fixtures of the consultants' pages: a signed-in consultant, and a client two people answered."""

from __future__ import annotations

import os

import pytest
from redis import Redis
from redis.exceptions import ConnectionError as RedisDown

from .consulting import make_owner, new_client, respond, sign_in, variant

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_app(app):
    """The app with the PDF queue on the machine's Redis (database 15, emptied before and after)."""
    try:
        Redis.from_url(REDIS_URL).ping()
    except RedisDown:
        if os.environ.get("CI"):
            raise
        pytest.skip("Redis is not running here (CI always has it)")
    Redis.from_url(REDIS_URL).flushdb()
    app.config["REDIS_URL"] = REDIS_URL
    yield app
    Redis.from_url(REDIS_URL).flushdb()


@pytest.fixture
def consultant(app):
    make_owner(app)
    client = app.test_client()
    sign_in(client)
    return client


@pytest.fixture
def two_respondents(app, consultant, answers):
    """Maya sees a shared database and long call chains; Tom sees neither. Maya agreed to be named
    in the report, Tom did not."""
    public_id, intake = new_client(consultant)
    maya = respond(
        app, intake, "Maya", "Engineering lead", variant(answers, shared_database="yes", call_chains="yes"), named=True
    )
    tom = respond(app, intake, "Tom", "Backend developer", variant(answers, shared_database="no", call_chains="no"))
    return public_id, maya, tom
