"""The questionnaire's steps and the evidence upload, posted with generated and hostile data.

For each form: a refused request (any 4xx) leaves every table exactly as it was; an accepted one
stores exactly the cleaned values that were posted, and nothing else. Values are hostile as well as
valid: 10,000-character strings, NUL and control characters, invisible and right-to-left characters,
emoji, numbers in every spelling, fields missing or given several times (a list of pairs), files
where text was expected and JSON bodies instead of forms.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from urllib.parse import unquote, urlsplit

from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from app.evidence_import.models import EvidenceFile, EvidenceImport
from tests.contract_ids import CANDIDATE_ANSWERS, REASONS, SIGN_ANSWERS, SIGN_IDS

from . import oracle
from .form_requests import Field, FormRequest, form_requests, values_for
from .forms_oracle import possible_outcomes
from .forms_support import SIMPLE_NAME_CHARS, assessment, new_assessment, no_500, only_changed, unchanged, visible
from .strategies import Upload, any_char, evidence_contents, hostile_text, long_text, printable_name
from .support import examples, fresh, rows, snapshot, tally

# ---- the questionnaire steps -----------------------------------------------------------------

CURRENT = "(the version the page holds)"  # replaced by the assessment's version when sent


def as_sent_from_page(request: FormRequest, version: int) -> FormRequest:
    return replace(request, fields=[(k, str(version) if v == CURRENT else v) for k, v in request.fields])


def one_to_two(values: st.SearchStrategy) -> st.SearchStrategy[list]:
    return st.one_of(
        st.just([]), values.map(lambda v: [v]), values.map(lambda v: [v]), st.lists(values, min_size=2, max_size=2)
    )


def step_extras(step: str) -> st.SearchStrategy[list]:
    plain = ["next", "next", "save", "back"]
    if step == "candidates":
        special = [
            "add",
            *(f"remove-{i}" for i in range(6)),
            "remove-",
            "remove-x",
            "remove-٣",
            "remove- 1",
            "remove-+1",
            "remove-" + "9" * 30,
        ]
        special += ["remove--1", "remove--0", "remove-" + "9" * 5000]  # B7
    elif step == "signs":
        special = [
            *(f"accept-{s}" for s in SIGN_IDS),
            *(f"override-{s}" for s in SIGN_IDS),
            "accept-",
            "override-x",
            "accept-a b#c",
            "remove-0",
            "add",
            "evidence",
            "evidence-x",
        ]  # "add": B8
    else:
        special = ["accept-deploy_coupling", "remove-0", "override-x", "add", "evidence"]
    actions = st.one_of(st.sampled_from(plain), st.sampled_from(special), hostile_text())
    versions = st.one_of(
        st.sampled_from(
            ["1", "2", "3", "0", "01", "", " 1", "1.0", "-1", "999999999999", "2147483648", "²", "١", "９", "9" * 5000]
        ),  # B2
        hostile_text(),
    )
    # Two requests in three send the version their page held, as a browser does; the rest send
    # none, hostile ones, or an older or later one.
    sent = st.one_of(st.just([CURRENT]), st.just([CURRENT]), one_to_two(versions))
    tokens = st.one_of(hostile_text(), st.sampled_from(["", "x" * 101]))
    return st.tuples(one_to_two(actions), sent, one_to_two(tokens)).map(
        lambda t: [("action", a) for a in t[0]] + [("version", v) for v in t[1]] + [("resume_token", r) for r in t[2]]
    )


def whole(high: int) -> st.SearchStrategy[str]:
    return st.one_of(
        st.integers(1, high).map(str),
        st.sampled_from(["1", "8", "12", str(high), " 8 ", "08", "+8", "1_0", "٣", "８"]),
    )


CONTEXT = {
    "team": Field(st.one_of(printable_name(), st.just(""))),
    "engineers": Field(whole(100_000), text=False),
    "teams": Field(whole(10_000), text=False),
    "services": Field(whole(100_000), text=False),
    "deploys_per_week": Field(
        st.one_of(
            st.integers(0, 100_000).map(str),
            st.sampled_from(["0", "0.5", "2", " 2 ", "1e3", "100000", "0.000001", "", "-0"]),
            st.floats(0, 100_000, allow_nan=False).map(repr),
        ),
        text=False,
    ),
}
notes = st.one_of(
    st.text(any_char, max_size=60),
    long_text(
        (
            499,
            500,
            501,
            10_000,
        )
    ),
    st.sampled_from(["We ship on Fridays.\nAll of it.", "\t indented\r\nline", ""]),
)
SIGNS = {
    **{sign: Field(st.sampled_from((*SIGN_ANSWERS, "")), text=False) for sign in SIGN_IDS},
    **{f"{sign}_note": Field(notes) for sign in SIGN_IDS},
}


CANDIDATE_FIELDS = {
    "name": (printable_name(), True),
    **{q: (st.sampled_from((*allowed, "")), False) for q, allowed in CANDIDATE_ANSWERS.items()},
}
# Mostly offered reasons; anything else must be refused (B6).
REASONS_SENT = st.lists(
    st.one_of(
        st.sampled_from((*REASONS, "none")),
        st.sampled_from((*REASONS, "none")),
        st.sampled_from(["garbage", "None", "", "independent_scaling "]),
        hostile_text(),
    ),
    max_size=3,
)
REASONS_TIDY = st.one_of(st.just(["none"]), st.lists(st.sampled_from(REASONS), min_size=1, max_size=3, unique=True))


@cache
def candidate_fields(files: bool, tidy: bool) -> st.SearchStrategy[list]:
    """candidates-N-... fields of zero to four entries, as a browser posts them or not."""

    @st.composite
    def build(draw):
        count = draw(st.integers(0, 4))
        if draw(st.integers(0, 3)) == 0:
            indices = sorted(draw(st.sets(st.integers(0, 60), max_size=count)))
        else:
            indices = list(range(count))
        pairs = []
        for index in indices:
            label = draw(st.sampled_from([str(index), str(index), f"0{index}"]))
            for sub, (valid, text) in CANDIDATE_FIELDS.items():
                values = [draw(valid)] if tidy else draw(values_for(valid, files=files and not text))
                pairs += [(f"candidates-{label}-{sub}", v) for v in values]
            pairs += [(f"candidates-{label}-reasons", r) for r in draw(REASONS_TIDY if tidy else REASONS_SENT)]
        return pairs

    return build()


def step_requests(step: str) -> st.SearchStrategy[FormRequest]:
    spec = {"context": CONTEXT, "signs": SIGNS, "candidates": {}}[step]
    more = candidate_fields if step == "candidates" else None
    return st.builds(_with_fetch, form_requests(spec, extra=step_extras(step), more=more), st.booleans())


def _with_fetch(request: FormRequest, fetch: bool) -> FormRequest:
    request.fetch = fetch
    return request


def observed(app, public_id: str, before_row, response, before: dict) -> dict:
    """What the request did, in the terms of forms_oracle.Expect."""
    after = snapshot(app)
    if response.status_code >= 400:
        unchanged(before, after)
        return {"status": response.status_code, "json": response.get_json(silent=True)}
    row = assessment(app, public_id)
    # a finished assessment's answers changing, or an assessment being finished, keeps the team's
    # improvement plan in step with them
    finished = before_row.submitted_at is not None or row.submitted_at is not None
    plan = ("plan_items", "plan_events") if finished else ()
    only_changed(before, after, "assessments", *plan)
    if row.submitted_at is not None:
        assert (row.verdict, row.coupling_score) == (
            oracle.verdict(row.draft["signs"]),
            oracle.coupling_score(row.draft["signs"]),
        )
    else:
        assert (row.verdict, row.coupling_score) == (None, None)
    assert row.version >= before_row.version
    assert (row.version != before_row.version) == (visible(row) != visible(before_row)), "version vs change"
    seen = {
        "status": response.status_code,
        "draft": row.draft,
        "step": row.step,
        "submitted": row.submitted_at is not None,
        "team_name": row.team_name,
    }
    if response.status_code == 200:
        assert response.get_json() == {"saved": True, "version": row.version}
    else:
        location = urlsplit(response.location)
        seen["location"], seen["fragment"] = location.path, unquote(location.fragment)
    return seen


def matches(seen: dict, expect) -> bool:
    if (422 if seen["status"] in (400, 415) else seen["status"]) != expect.status:
        return False
    if expect.status >= 400:
        return expect.json is None or seen["json"] == expect.json
    same = (
        seen["draft"] == oracle.json_roundtrip(expect.draft)
        and seen["step"] == expect.step
        and seen["submitted"] == expect.submitted
        and seen["team_name"] == expect.team_name
    )
    if expect.status == 302:
        same &= seen["location"] == expect.location
        same &= expect.fragment is None or seen["fragment"] == expect.fragment
    return same


def check_step(app, step: str, request: FormRequest, base: str) -> None:
    client = fresh(app)
    public_id = new_assessment(app, client, base)
    before_row, before = assessment(app, public_id), snapshot(app)
    request = as_sent_from_page(request, before_row.version)
    outcomes = possible_outcomes(step, request, before_row)
    response = request.send(client, f"/assessments/{public_id}/{step}")
    no_500(response)
    seen = observed(app, public_id, before_row, response, before)
    assert any(matches(seen, expect) for expect in outcomes), (seen, outcomes)


bases = st.sampled_from(["fresh", "submitted", "again"])


@settings(max_examples=examples(3.5))
@given(request=step_requests("context"), base=bases)
def test_context_step(app, request, base):
    tally()
    check_step(app, "context", request, base)


@settings(max_examples=examples(3.5))
@given(request=step_requests("signs"), base=bases)
def test_signs_step(app, request, base):
    tally()
    check_step(app, "signs", request, base)


@settings(max_examples=examples(4))
@given(request=step_requests("candidates"), base=bases)
def test_candidates_step(app, request, base):
    tally()
    check_step(app, "candidates", request, base)


@settings(max_examples=examples(1))
@given(
    step=st.sampled_from(["context", "signs", "candidates", "result", "share", "evidence", "nope", "..%2f"]),
    public_id=st.one_of(hostile_text((200,)), st.just("x" * 40)),
)
def test_unknown_assessment_is_404_and_writes_nothing(app, step, public_id):
    tally()
    client = fresh(app)
    new_assessment(app, client, "submitted")
    before = snapshot(app)
    for method in ("GET", "POST"):
        response = client.open(
            f"/assessments/{public_id}/{step}".replace("?", "%3F").replace("#", "%23"),
            method=method,
            data={"action": "next"},
        )
        no_500(response)
        assert response.status_code in (404, 405, 308), response.status_code
    unchanged(before, snapshot(app))


# ---- evidence upload on an assessment ----------------------------------------------------------


@settings(max_examples=examples(0.6))
@given(
    files=st.lists(st.builds(Upload, evidence_contents, st.text(SIMPLE_NAME_CHARS, max_size=12)), max_size=3),
    keep=st.lists(st.sampled_from(["y", "n", "", "yes"]), max_size=2),
    base=st.sampled_from(["fresh", "submitted"]),
)
def test_evidence_upload_form(app, files, keep, base):
    tally()
    client = fresh(app)
    public_id = new_assessment(app, client, base)
    before_row, before = assessment(app, public_id), snapshot(app)
    data = MultiDict([("files", u.as_file()) for u in files] + [("keep_files", k) for k in keep])
    response = client.post(f"/assessments/{public_id}/evidence", data=data, content_type="multipart/form-data")
    no_500(response)
    assert response.status_code in (302, 413, 422), response.status_code
    after = snapshot(app)
    if response.status_code != 302:
        unchanged(before, after)
        return
    # new evidence on a finished assessment changes its report, and the plan follows the report
    plan = ("plan_items", "plan_events") if before_row.submitted_at is not None else ()
    only_changed(before, after, "evidence_imports", "evidence_files", "assessments", *plan)
    (record,) = rows(app, EvidenceImport)
    kept = [(f.name, f.content) for f in rows(app, EvidenceFile)]
    assert kept == ([(u.filename[:255], u.content) for u in files if u.filename] if keep[:1] == ["y"] else [])
    row = assessment(app, public_id)
    evidence = row.draft["evidence"]
    assert set(evidence) == set(record.document["suggested"]) <= set(SIGN_IDS)
    assert all(
        e["suggested"] in SIGN_ANSWERS and e["decision"] is None and e["import"] == record.id for e in evidence.values()
    )
    assert {k: v for k, v in row.draft.items() if k != "evidence"} == {
        k: v for k, v in before_row.draft.items() if k != "evidence"
    }
