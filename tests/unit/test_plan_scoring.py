"""The improvement plan's pure core (app/scoring/plan.py): planned scores and what a reassessment proves."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app import instrument
from app.scoring import parse_answers, score
from app.scoring.plan import Proof, Targets, planned, planned_result, prove, signs_of
from tests.conftest import ANSWERS
from tests.contract_ids import SIGN_IDS

INSTRUMENT = instrument.get()
# Each answer and the answers that are an improvement on it (fewer points, never more).
BETTER = {"yes": ("partly", "unsure", "no"), "partly": ("no",), "unsure": ("no",), "no": ()}


def answers_doc(signs: dict[str, str] | None = None, candidates: list[dict] | None = None) -> dict:
    doc = copy.deepcopy(ANSWERS)
    if signs:
        doc["signs"].update(signs)
    if candidates is not None:
        doc["candidates"] = candidates
    return doc


def candidate(name: str = "Search", **overrides) -> dict:
    base = {
        "name": name,
        "domain_split": "domain",
        "owns_data": "yes",
        "deploy_alone": "yes",
        "survives_outages": "yes",
        "reasons": ["team_independence"],
    }
    return {**base, **overrides}


def result_of(doc: dict):
    return score(parse_answers(doc), INSTRUMENT)


# --- planned / planned_result ---------------------------------------------------------


def test_planned_score_is_lower_when_targets_improve_signs():
    today = parse_answers(answers_doc())  # deploy_coupling, shared_database, breaking_changes: yes
    targets = Targets(signs={"shared_database": "no", "deploy_coupling": "partly"})
    plan = planned_result(today, targets, INSTRUMENT)
    now = score(today, INSTRUMENT)
    assert plan.coupling_score < now.coupling_score
    assert (now.verdict, plan.verdict) == ("distributed_monolith", "at_risk")
    assert plan.signs["shared_database"].answer == "no"
    assert plan == score(planned(today, targets), INSTRUMENT)


def test_planned_keeps_everything_the_targets_do_not_name():
    today = parse_answers(answers_doc(candidates=[candidate(owns_data="shared"), candidate("Audit")]))
    after = planned(today, Targets(signs={"local_testing": "no"}, candidates={("Search", "owns_data"): "yes"}))
    assert after.signs == {**today.signs, "local_testing": "no"}
    assert after.candidates[0].answers["owns_data"] == "yes"
    assert after.candidates[1] == today.candidates[1]
    assert (after.context, after.team_name, after.instrument) == (today.context, today.team_name, today.instrument)
    assert today.candidates[0].answers["owns_data"] == "shared"  # today's answers are not changed


def test_candidate_targets_clear_blockers_in_the_planned_result():
    today = parse_answers(answers_doc(candidates=[candidate(owns_data="shared", deploy_alone="no")]))
    assert score(today, INSTRUMENT).candidates[0].verdict == "fix_first"
    plan = planned_result(
        today, Targets(candidates={("Search", "owns_data"): "yes", ("Search", "deploy_alone"): "yes"}), INSTRUMENT
    )
    assert (plan.candidates[0].verdict, plan.candidates[0].blockers) == ("split", ())
    assert not {"give-candidate-its-data", "make-candidate-deployable"} & {r.id for r in plan.recommendations}


def test_no_targets_plans_today():
    today = parse_answers(answers_doc())
    assert planned(today, Targets()) == today
    assert planned_result(today, Targets(), INSTRUMENT) == score(today, INSTRUMENT)


def test_a_target_worse_than_today_plans_today():
    # After a reassessment that did better than planned: call_chains is "no" today, the target
    # says "yes"; Search already owns its data, the target says "shared". The plan keeps today's.
    today = parse_answers(answers_doc(candidates=[candidate(deploy_alone="no")]))
    targets = Targets(
        signs={"call_chains": "yes", "cascading_failure": "unsure", "shared_database": "partly"},
        candidates={("Search", "owns_data"): "shared", ("Search", "deploy_alone"): "unsure"},
    )
    after = planned(today, targets)
    assert after.signs == {**today.signs, "cascading_failure": "unsure", "shared_database": "partly"}
    assert after.candidates[0].answers["owns_data"] == "yes"
    assert after.candidates[0].answers["deploy_alone"] == "unsure"  # a blocker either way: the target stands
    assert planned_result(today, targets, INSTRUMENT).coupling_score < score(today, INSTRUMENT).coupling_score


@settings(max_examples=300, deadline=None)
@given(
    today=st.fixed_dictionaries({s: st.sampled_from(("yes", "partly", "no", "unsure")) for s in SIGN_IDS}),
    targets=st.dictionaries(st.sampled_from(SIGN_IDS), st.sampled_from(("yes", "partly", "no", "unsure"))),
    blockers=st.dictionaries(
        st.sampled_from(("owns_data", "deploy_alone", "survives_outages")), st.sampled_from(("yes", "unsure"))
    ),
)
def test_the_planned_score_is_never_above_today(today, targets, blockers):
    answers = parse_answers(answers_doc(signs=today, candidates=[candidate()]))
    plan = planned_result(
        answers, Targets(signs=targets, candidates={("Search", q): a for q, a in blockers.items()}), INSTRUMENT
    )
    now = score(answers, INSTRUMENT)
    assert plan.coupling_score <= now.coupling_score
    assert plan.candidates[0].verdict == now.candidates[0].verdict  # Search was ready to split: it stays so


@pytest.mark.parametrize(
    "targets",
    [
        Targets(signs={"shared_databases": "no"}),
        Targets(signs={"shared_database": "never"}),
        Targets(candidates={("Billing", "owns_data"): "yes"}),
        Targets(candidates={("Search", "domain_split"): "domain"}),
        Targets(candidates={("Search", "reasons"): "yes"}),
        Targets(candidates={("Search", "owns_data"): "no"}),  # owns_data offers yes, shared, unsure
    ],
)
def test_unknown_ids_and_answers_are_refused(targets):
    today = parse_answers(answers_doc(candidates=[candidate()]))
    with pytest.raises(ValueError):
        planned(today, targets)
    with pytest.raises(ValueError):
        planned_result(today, targets, INSTRUMENT)


signs_strategy = st.fixed_dictionaries({s: st.sampled_from(("yes", "partly", "no", "unsure")) for s in SIGN_IDS})


@settings(max_examples=300, deadline=None)
@given(
    today=signs_strategy,
    targets=st.dictionaries(st.sampled_from(SIGN_IDS), st.sampled_from(("yes", "partly", "no", "unsure"))),
    sign=st.sampled_from(SIGN_IDS),
    data=st.data(),
)
def test_improving_any_target_never_raises_the_planned_score(today, targets, sign, data):
    answers = parse_answers(answers_doc(signs=today, candidates=[candidate(owns_data="shared")]))
    current = {**today, **targets}[sign]
    if not BETTER[current]:
        return
    better = data.draw(st.sampled_from(BETTER[current]))
    before = planned_result(answers, Targets(signs=targets), INSTRUMENT)
    after = planned_result(answers, Targets(signs={**targets, sign: better}), INSTRUMENT)
    assert after.coupling_score <= before.coupling_score
    assert after.signs_present <= before.signs_present
    # improving a candidate's blocker never changes the score either
    fixed = planned_result(
        answers, Targets(signs={**targets, sign: better}, candidates={("Search", "owns_data"): "yes"}), INSTRUMENT
    )
    assert fixed.coupling_score == after.coupling_score


# --- prove -----------------------------------------------------------------------------

BEFORE = answers_doc(candidates=[candidate(owns_data="shared")])


def pair(signs: dict[str, str] | None = None, candidates: list[dict] | None = None):
    """(previous, current) results: BEFORE, then BEFORE with these changes."""
    return result_of(BEFORE), result_of(answers_doc(signs=signs, candidates=candidates or BEFORE["candidates"]))


@pytest.mark.parametrize("status", ["not_started", "in_progress", "done", "wont_do"])
def test_a_recommendation_that_stops_firing_is_resolved_by_the_answers_whatever_its_status(status):
    previous, current = pair(signs={"shared_database": "no"})
    proof = prove("own-your-data", None, status, previous, current)
    assert proof == Proof(
        "resolved_by_answers",
        "Resolved by the answers: the team no longer answers Yes to “Services share a database”.",
    )


def test_marked_done_while_the_recommendation_still_fires():
    previous, current = pair(signs={"call_chains": "yes"})
    proof = prove("own-your-data", None, "done", previous, current)
    assert proof == Proof(
        "done_not_improved", "Marked done, but the team still answers Yes to “Services share a database”."
    )
    assert prove("own-your-data", None, "in_progress", previous, current).state == "open"


def test_done_not_improved_names_today_answer_when_it_changed_but_not_enough():
    previous, current = pair(signs={"shared_database": "partly"})
    proof = prove("own-your-data", None, "done", previous, current)
    assert proof.state == "done_not_improved"
    assert "Partly to “Services share a database” (before: Yes)" in proof.message


def test_candidate_recommendations_are_proved_by_the_candidate_answers():
    previous, current = pair(candidates=[candidate()])  # Search now owns its data
    proof = prove("give-candidate-its-data", None, "done", previous, current)
    assert proof == Proof("resolved_by_answers", "Resolved by the answers: “Search” now has data of its own.")
    previous, current = pair()
    proof = prove("give-candidate-its-data", None, "done", previous, current)
    assert proof == Proof("done_not_improved", "Marked done, but “Search” still lacks data of its own.")
    previous, current = pair(candidates=[candidate("Audit")])
    proof = prove("give-candidate-its-data", None, "not_started", previous, current)
    assert proof == Proof("resolved_by_answers", "Resolved by the answers: “Search” is no longer a candidate.")


def test_the_size_rule_is_said_in_words():
    previous = result_of(BEFORE)
    # Bigger, and no longer a distributed monolith, so no merging is advised for any reason.
    bigger = answers_doc(signs={"breaking_changes": "partly"}, candidates=BEFORE["candidates"])
    bigger["context"].update(engineers=40, teams=6)
    proof = prove("fewer-services", None, "wont_do", previous, result_of(bigger))
    assert proof.message == "Resolved by the answers: the team no longer runs many services for its size."
    proof = prove("fewer-services", None, "done", previous, previous)
    assert proof.message == "Marked done, but the team still runs many services for its size."


@pytest.mark.parametrize(
    "status, state", [("done", "done"), ("not_started", "open"), ("in_progress", "open"), ("wont_do", "open")]
)
def test_a_recommendation_that_fires_in_neither_is_done_or_open(status, state):
    previous, current = pair()
    assert "events-over-chains" not in {r.id for r in previous.recommendations + current.recommendations}
    assert prove("events-over-chains", None, status, previous, current).state == state


@pytest.mark.parametrize("status", ["not_started", "in_progress", "wont_do"])
def test_open_items_say_what_still_calls_for_them(status):
    previous, current = pair()
    proof = prove("own-your-data", None, status, previous, current)
    assert proof.state == "open"
    assert proof.message.endswith(": the team still answers Yes to “Services share a database”.")


@pytest.mark.parametrize(
    "then, now, state",
    [
        ("yes", "partly", "done"),
        ("yes", "no", "done"),
        ("partly", "no", "done"),
        ("unsure", "no", "done"),
        ("no", "no", "done"),  # nothing left to improve
        ("yes", "yes", "done_not_improved"),
        ("partly", "partly", "done_not_improved"),
        ("partly", "unsure", "done_not_improved"),
        ("unsure", "partly", "done_not_improved"),
        ("partly", "yes", "done_not_improved"),
        ("no", "partly", "done_not_improved"),
    ],
)
def test_own_items_tied_to_a_sign(then, now, state):
    previous = result_of(answers_doc(signs={"local_testing": then}))
    current = result_of(answers_doc(signs={"local_testing": now}))
    proof = prove(None, "local_testing", "done", previous, current)
    assert proof.state == state
    title = previous.signs["local_testing"].title
    assert f"“{title}”" in proof.message
    assert current.signs["local_testing"].answer_label in proof.message
    assert prove(None, "local_testing", "in_progress", previous, current).state == "open"


def test_own_item_message_for_a_manager():
    previous = result_of(answers_doc())
    proof = prove(None, "shared_database", "done", previous, previous)
    assert proof == Proof(
        "done_not_improved", "Marked done, but the team still answers Yes to “Services share a database”."
    )


def test_own_items_without_a_sign():
    previous, current = pair()
    assert prove(None, None, "done", previous, current).state == "done"
    assert prove(None, None, "not_started", previous, current).state == "open"
    assert prove(None, None, "wont_do", previous, current).state == "open"


def test_unknown_status_or_sign_is_refused():
    previous, current = pair()
    with pytest.raises(ValueError):
        prove("own-your-data", None, "finished", previous, current)
    with pytest.raises(ValueError):
        prove(None, "shared_databases", "done", previous, current)


def test_every_proof_state_occurs_on_real_pairs():
    previous, improved = pair(signs={"shared_database": "no"})
    states = {
        prove("own-your-data", None, "done", previous, improved).state,
        prove("own-your-data", None, "done", previous, previous).state,
        prove("own-your-data", None, "in_progress", previous, previous).state,
        prove(None, "shared_database", "done", previous, improved).state,
    }
    assert states == {"resolved_by_answers", "done_not_improved", "open", "done"}


# --- signs_of ------------------------------------------------------------------------------


def test_signs_of_keeps_only_sign_ids():
    result = result_of(answers_doc(candidates=[candidate(owns_data="shared")]))
    by_id = {r.id: r for r in result.recommendations}
    assert signs_of(by_id["own-your-data"]) == ("shared_database",)
    assert signs_of(by_id["merge-what-changes-together"]) == ("deploy_coupling", "shared_database", "breaking_changes")
    assert signs_of(by_id["give-candidate-its-data"]) == ()
    assert signs_of(by_id["fewer-services"]) == ()
    assert by_id["give-candidate-its-data"].because == ("candidates[0].owns_data",)
