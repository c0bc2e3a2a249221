"""Share links and importing an exported assessment, with generated and hostile data: never a 500,
never a partial write (the rules of test_questionnaire_properties.py).
"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import urlsplit

from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from app.assessments.models import AnswersSnapshot, Assessment, Team
from app.sharing.models import ShareLink
from app.timestamps import utcnow
from tests.contract_ids import SIGN_IDS

from . import oracle
from .form_requests import REFUSED, Field, form_requests
from .forms_oracle import INVALID, text_value
from .forms_support import (
    EXPORT,
    FORMAT,
    SIMPLE_NAME_CHARS,
    SUBMITTED_DRAFT,
    new_assessment,
    no_500,
    notes_text,
    only_changed,
    send_and_check,
    unchanged,
)
from .strategies import (
    answers_documents,
    any_char,
    hostile_text,
    json_scalars,
    junk_json,
    mutated_documents,
    printable_name,
    raw_bodies,
)
from .support import examples, fresh, rows, snapshot, tally

# ---- share links ------------------------------------------------------------------------------

EXPIRY = {"7": 7, "30": 30, "90": 90, "never": None}
SHARE = {
    "label": Field(st.one_of(printable_name(100), st.just(""))),
    "expiry": Field(st.sampled_from(list(EXPIRY)), text=False),
}


@settings(max_examples=examples(3))
@given(request=form_requests(SHARE), submitted=st.integers(0, 4).map(bool))
def test_share_form(app, request, submitted):
    tally()
    client = fresh(app)
    public_id = new_assessment(app, client, "submitted" if submitted else "fresh")
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

    if (
        sent := send_and_check(
            app, request, client, f"/assessments/{public_id}/share", outcome, "share_links", "answers_snapshots"
        )
    ) is None:
        return
    response, expected = sent
    (link,) = rows(app, ShareLink)
    expiry = next(
        (
            e
            for e, days in EXPIRY.items()
            if (days is None) == (link.expires_at is None)
            and (days is None or started + timedelta(days=days) <= link.expires_at <= utcnow() + timedelta(days=days))
        ),
        None,
    )
    assert (302, (link.label, expiry)) in expected, ((link.label, link.expires_at), expected)
    assert (link.revoked_at, link.views) == (None, 0)
    (snapshot,) = rows(app, AnswersSnapshot)  # the answers the link shows, as they are now
    assert link.snapshot_id == snapshot.id and snapshot.draft == SUBMITTED_DRAFT
    assert urlsplit(response.location).path == f"/assessments/{public_id}/share"


# ---- importing an exported assessment ----------------------------------------------------------

KEYS = ("format", "answers", "notes", "result", "created_at", "submitted_at")
offsets = st.builds(lambda m: timezone(timedelta(minutes=m)), st.integers(-23 * 60 - 59, 23 * 60 + 59))
# All the years datetime has: at the ends a zone may push the time out of range (B11).
moments = st.one_of(
    st.datetimes(timezones=offsets),
    st.datetimes(max_value=datetime(1, 1, 2), timezones=offsets),
    st.datetimes(min_value=datetime(9999, 12, 30), timezones=offsets),
)
dates = st.one_of(
    moments.map(datetime.isoformat),
    moments.map(lambda d: d.replace(tzinfo=None).isoformat()),
    st.sampled_from(["2026-01-05", "2026-01-05T10:00:00Z", "2026-13-01T00:00:00+00:00", "yesterday", ""]),
    json_scalars,
)


@st.composite
def exports(draw) -> dict:
    doc = draw(st.one_of(answers_documents, answers_documents, mutated_documents()))
    note_keys = st.one_of(st.sampled_from(SIGN_IDS), st.text(any_char, max_size=10))
    notes = draw(
        st.one_of(
            st.dictionaries(note_keys, st.one_of(notes_text, json_scalars), max_size=4),
            st.dictionaries(st.sampled_from(SIGN_IDS), notes_text, max_size=6),
            junk_json,
        )
    )
    export = {
        "format": draw(st.sampled_from([FORMAT, FORMAT, FORMAT, "splitcheck-assessment/2", None])),
        "answers": doc,
        "notes": notes,
        "result": draw(junk_json),
        "created_at": draw(dates),
        "submitted_at": draw(dates),
    }
    for key in draw(st.lists(st.sampled_from(KEYS), max_size=2)):
        export.pop(key, None)
    for key in draw(st.lists(st.text(any_char, max_size=8), max_size=2)):
        export[key] = draw(junk_json)
    return export


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
        answers_ok and k in SIGN_IDS and isinstance(v, str) and len(v) <= 500 for k, v in notes.items()
    ):
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
            moments.append(moment.astimezone(UTC))
        except OverflowError:  # out of range once in UTC (B11)
            problems.append(key)
    if problems or not answers_ok:
        return 422, None
    return 302, (answers, notes, *moments)


@settings(max_examples=examples(4))
@given(
    content=import_contents,
    name=st.one_of(
        st.sampled_from(["a.json", "export.json", "😀", "x" * 300, ""]), st.text(SIMPLE_NAME_CHARS, max_size=10)
    ),
    field=st.sampled_from(["file", "file", "file", "files", "File"]),
    twice=st.booleans(),
    extra=st.lists(st.tuples(st.sampled_from(["file", "format", "x"]), hostile_text()), max_size=2),
)
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
    answers, notes, created, submitted = parsed
    # an imported finished assessment starts the team's improvement plan
    only_changed(before, after, "teams", "assessments", *(("plan_items", "plan_events") if submitted else ()))
    (row,) = rows(app, Assessment)
    assert row.draft == oracle.json_roundtrip(oracle.draft_of_document(answers, notes))
    assert (row.created_at, row.submitted_at) == (created, submitted)
    assert (row.verdict, row.coupling_score) == (
        oracle.verdict(answers["signs"]),
        oracle.coupling_score(answers["signs"]),
    )
    assert row.step == "candidates" and row.team_name == (row.draft["context"].get("team"))
    assert len(rows(app, Team)) == 1
    assert urlsplit(response.location).path == f"/assessments/{row.public_id}/result"
    assert client.get(response.location).status_code == 200  # the importing browser holds the new link
