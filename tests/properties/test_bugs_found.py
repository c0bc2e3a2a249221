"""Minimal reproductions of the bugs the form properties found, each stating what should happen.

All are fixed and stay as regression tests. (The API's and the addresses' bugs are at the end of
test_api_properties.py and test_address_properties.py.)
"""

from __future__ import annotations

import io
import json
import re

import pytest

from app.consultants.models import Client

from .forms_support import ACCOUNT_TABLES, EXPORT, OWNER, assessment, new_assessment, new_client_row, unchanged
from .support import copy_session, fresh, rows, snapshot

ORDER = ("context", "signs", "candidates")


def _started(app, base: str = "fresh"):
    client = fresh(app)
    public_id = new_assessment(app, client, base)
    return client, public_id, f"/assessments/{public_id}"


def _page_version(client, url: str) -> str:
    """The version of the answers a step's page holds, which a browser posts back with the step."""
    return re.search(r'name="version" value="(\d+)"', client.get(url).get_data(as_text=True))[1]


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
    response = client.post(
        f"{url}/candidates",
        data={key: "Billing", "action": "save", "version": _page_version(client, f"{url}/candidates")},
    )
    assert response.status_code in (302, 422), response.status_code


# B4. The candidates step posted as multipart with a part that has no name answers 500:
#   Content-Disposition: form-data            <- no name="..."
# Werkzeug puts the part in request.form under the key None; FieldList._extract_indices calls
# None.startswith(...) -> AttributeError.


def test_b4_a_nameless_multipart_part_is_ignored(app):
    client, _, url = _started(app)
    version = _page_version(client, f"{url}/candidates").encode()
    body = (
        b"--B\r\nContent-Disposition: form-data\r\n\r\nxyz\r\n"
        b'--B\r\nContent-Disposition: form-data; name="version"\r\n\r\n' + version + b"\r\n"
        b'--B\r\nContent-Disposition: form-data; name="action"\r\n\r\nsave\r\n--B--\r\n'
    )
    response = client.post(f"{url}/candidates", data=body, content_type="multipart/form-data; boundary=B")
    assert response.status_code in (302, 422), response.status_code


# B5. "Add a service" with 50 candidates on the page stores a 51st; from then on the candidates page
# answers 500 on every GET (and the conflict page too): FieldList(max_entries=50) asserts when it is
# given 51 entries. POST .../candidates with candidates-0..49-name and action=add -> 302, then
# GET .../candidates -> 500 "You cannot have more than max_entries entries in this FieldList".


def test_b5_adding_a_candidate_beyond_fifty_keeps_the_page_working(app):
    client, _, url = _started(app)
    fifty = {f"candidates-{i}-name": f"Service {i}" for i in range(50)}
    response = client.post(
        f"{url}/candidates", data={**fifty, "action": "add", "version": _page_version(client, f"{url}/candidates")}
    )
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
    response = client.post(
        f"{url}/candidates",
        data={
            "candidates-0-name": "Billing",
            "candidates-0-reasons": reason,
            "action": "save",
            "version": _page_version(client, f"{url}/candidates"),
        },
    )
    assert response.status_code == 422, response.status_code
    unchanged(before, snapshot(app))


# B7. "remove-N" with a negative N removes a candidate counted from the end:
#   POST .../candidates  (two candidates) action=remove--1 -> 302, the second candidate is gone.
# _remove_candidate() in app/assessments/views.py: del draft["candidates"][int("-1")]; out-of-range
# positions are meant to do nothing ("a stale page removing what is already gone").


def test_b7_a_negative_position_removes_nothing(app):
    client, public_id, url = _started(app)
    form = {"candidates-0-name": "Billing", "candidates-1-name": "Search"}
    response = client.post(
        f"{url}/candidates", data={**form, "action": "remove--1", "version": _page_version(client, f"{url}/candidates")}
    )
    assert response.status_code == 302
    assert [c["name"] for c in assessment(app, public_id).draft["candidates"]] == ["Billing", "Search"]


# B8. action=add on the context or signs step saves the step and also appends an empty candidate:
#   POST .../context  engineers=8&teams=1&services=12&action=add -> 302, draft.candidates == [{"name": ""}]
# "add" is in NAV_ACTIONS for every step, and the view appends a candidate whatever the step.


@pytest.mark.parametrize("step", ["context", "signs"])
def test_b8_add_outside_the_candidates_step_adds_no_candidate(app, step):
    client, public_id, url = _started(app)
    client.post(
        f"{url}/{step}",
        data={
            "engineers": "8",
            "deploy_coupling": "yes",
            "action": "add",
            "version": _page_version(client, f"{url}/{step}"),
        },
    )
    assert assessment(app, public_id).draft["candidates"] == []


TEXT_FIELDS = {
    "context": "team",
    "signs": "deploy_coupling_note",
    "candidates": "candidates-0-name",
    "share": "label",
    "sign-in": "email",
    "sign-up": "workspace",
    "new client": "name",
    "client note": "text",
    "intake": "name",
}


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
    version = {"version": _page_version(client, url)} if form in ORDER else {}
    before = snapshot(app)
    response = client.post(
        url,
        data={TEXT_FIELDS[form]: (io.BytesIO(b"text"), "x.txt"), "action": "save", **version},
        content_type="multipart/form-data",
    )
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


@pytest.mark.parametrize(
    "form, field, value",
    [
        ("new client", "name", "   "),
        ("new client", "name", "\u200b"),
        ("intake", "name", " "),
        ("intake", "role", "\x00"),
        ("sign-up", "workspace", "\t"),
        ("client note", "text", " \n "),
    ],
)
def test_b13_a_required_name_that_cleans_to_nothing_is_refused(app, owner, form, field, value):
    client, url = form_url(app, owner, form)
    valid = {
        "new client": {"name": "Acme"},
        "intake": {"name": "Jo", "role": "Lead", "timeline": "now"},
        "sign-up": {"workspace": "Acme", "email": "new@consult.example", "password": "p" * 12},
        "client note": {"text": "Call back"},
    }[form]
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
    response = client.post(
        f"{url}/evidence", data={"files": (io.BytesIO(content), "compose.json")}, content_type="multipart/form-data"
    )
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
@pytest.mark.parametrize("link_id", [2**31, 2**64, "9" * 5000])
def test_b21_a_link_id_out_of_range_is_404(app, link_id):
    client, _, url = _started(app, "submitted")
    assert client.post(f"{url}/share/{link_id}/revoke").status_code == 404
