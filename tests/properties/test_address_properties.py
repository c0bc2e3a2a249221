"""Every route of the URL map, reached with hostile addresses and query strings.

Forms and API bodies are covered elsewhere; these properties cover what comes
before them: the path's own values (ids, tokens, steps) and the query string
(?q=, ?page=, ?with=, ?next=, ?retry=, ...). For every route, whatever the
values: never a 500, and a request whose address names nothing changes nothing.

The routes come from the app's URL map, so a new route is covered without
being named here. One world (a team's finished assessment with a share link,
a consultancy with a client and a respondent) is built per test; every example
is a new browser holding that team's link and the consultant's sign-in.
"""

from __future__ import annotations

import re
import secrets
from urllib.parse import quote, urlencode

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from app.extensions import limiter
from app.routing import MAX_ROW_ID

from ..web.consulting import make_owner, new_client, respond, sign_in
from ..web.journey import complete, step_url
from .strategies import NUMBERISH, hostile_text
from .support import changed_tables, copy_session, examples, snapshot, tally

QUERY_KEYS = ["q", "page", "with", "next", "retry", "verdict", "status", "sort", "step", "expiry", "format"]


@pytest.fixture
def world(app, answers):
    team = app.test_client()
    assessment = complete(team, answers)
    assert team.post(step_url(assessment, "share"), data={"expiry": "7"}).status_code == 302
    owner_id = make_owner(app)
    consultant = app.test_client()
    sign_in(consultant, "ana@consult.example")
    client_id, intake = new_client(consultant)
    respond(app, intake, "Maya", "Engineering lead", answers)
    values = {
        "public_id": assessment,
        "step_id": "result",
        "link_id": 1,
        "note_id": 1,
        "respondent_id": 1,
        "token_id": 1,
        "post_id": "no-such-post",
        "user_id": owner_id,
        "action": "close",
        "token": secrets.token_urlsafe(24),
        "filename": "css/site.css",
    }
    return {"team": team, "consultant": consultant, "client_id": client_id, "values": values}


def browser(app, world):
    """A new browser with the team's link and the consultant's sign-in; rate limits cleared."""
    client = app.test_client()
    copy_session(world["team"], client)
    copy_session(world["consultant"], client)
    with app.app_context():
        limiter.reset()
    return client


def path_of(rule, world, **replaced) -> str:
    """The rule's path with real values, or the `replaced` ones (quoted as they are) where given."""
    values = dict(world["values"])
    if rule.endpoint.startswith("consultants.") and "public_id" in rule.arguments:
        values["public_id"] = world["client_id"]
    marks = {name: 987654321 if isinstance(values[name], int) else f"zz{name}zz" for name in replaced}
    values.update(marks)
    path = rule.build({k: v for k, v in values.items() if k in rule.arguments}, append_unknown=False)[1]
    for name, value in replaced.items():
        path = path.replace(f"/{marks[name]}", "/" + quote(str(value), safe=""), 1)
    return path


def rules(app, methods: set[str]) -> list:
    return sorted((r for r in app.url_map.iter_rules() if r.methods & methods), key=lambda r: (r.rule, r.endpoint))


query_values = st.one_of(hostile_text((200, 5000)), st.sampled_from(NUMBERISH + ["²", "\x00", "a\x00b", "1\x00"]))
queries = st.lists(st.tuples(st.one_of(st.sampled_from(QUERY_KEYS), hostile_text((20,))), query_values), max_size=4)


def no_500(response, where: str) -> None:
    assert response.status_code < 500, (where, response.status_code, response.get_data(as_text=True)[:500])


@settings(max_examples=examples(3))
@given(data=st.data(), query=queries)
def test_any_query_string_on_any_page_is_never_a_500_and_writes_nothing(app, world, data, query):
    tally()
    rule = data.draw(st.sampled_from(rules(app, {"GET"})), label="rule")
    path = path_of(rule, world) + "?" + urlencode(query)
    before = snapshot(app)
    response = browser(app, world).get(path)
    no_500(response, path)
    unchanged = changed_tables(before, snapshot(app))
    # Opening a share link is counted (its last use), and nothing else a GET does writes.
    assert set(unchanged) <= {"share_links"}, (path, unchanged)


hostile_ids = st.one_of(
    hostile_text((33, 200)),
    st.sampled_from(["..", ".", "%2F", "0", "-1", " "]),
    st.integers(min_value=2**31).map(str),
    st.integers(max_value=0).map(str),
)


def names_something(world, argument: str, value: str) -> bool:
    """A value that could be a real id after all: the real one, or any number an <int:...> takes."""
    real = world["values"][argument]
    if isinstance(real, int):
        # (more than ten digits, leading zeros aside, is beyond MAX_ROW_ID: int() is not asked to read
        # a number of thousands of digits, which it refuses)
        digits = value.lstrip("0")
        return re.fullmatch(r"\d+", value) is not None and len(digits) <= 10 and 0 < int(digits or "0") <= MAX_ROW_ID
    return value == real


@settings(max_examples=examples(3))
@given(data=st.data(), value=hostile_ids, method=st.sampled_from(["GET", "POST"]))
def test_an_address_that_names_nothing_is_refused_and_writes_nothing(app, world, data, value, method):
    tally()
    candidates = [r for r in rules(app, {method}) if r.arguments - {"filename"}]
    rule = data.draw(st.sampled_from(candidates), label="rule")
    argument = data.draw(st.sampled_from(sorted(rule.arguments - {"filename"})), label="argument")
    assume(not names_something(world, argument, value))
    path = path_of(rule, world, **{argument: value})
    before = snapshot(app)
    response = browser(app, world).open(path, method=method, data={"text": "x", "expiry": "7"})
    no_500(response, path)
    # (401: an API route that needs a token, asked without one, cannot tell what the address names)
    assert response.status_code in (400, 401, 404, 405, 308, 410, 429), (path, response.status_code)
    assert not changed_tables(before, snapshot(app)), path


# ---- bugs found: minimal reproductions -----------------------------------------------------------


# B22. The consultant's dashboard answered 500 to ?page=² ("²".isdigit() is True, int("²") raises), and
# on PostgreSQL to ?q= with a NUL in it (the search went to the database as it was). Fixed in
# app/consultants/dashboard.py: ASCII digits only, and the search text cleaned by routing.query_text().
@pytest.mark.parametrize("query", ["page=%C2%B2", "page=%D9%A3", "q=%00", "q=a%00b", "q=%1F%7F"])
def test_b22_the_dashboard_takes_any_query_string(app, world, query):
    response = browser(app, world).get(f"/clients?{query}")
    assert response.status_code == 200, response.status_code


# B23. The compare page answered 500 on PostgreSQL to ?with= holding a NUL. Fixed in app/history/views.py.
def test_b23_compare_with_a_nul_is_404(app, world):
    response = browser(app, world).get(f"/assessments/{world['values']['public_id']}/compare?with=%00")
    assert response.status_code == 404, response.status_code
