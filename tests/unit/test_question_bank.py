"""A question added to a copy of the instrument file is asked, validated, scored and combined
without any change to the code: a seventh sign and a sixth question about a candidate."""

from __future__ import annotations

import pytest
import yaml

from app.instrument import InstrumentError, loads
from app.scoring import AnswersInvalid, parse_answers, score_answers, score_document
from app.scoring.aggregate import Response, aggregate
from app.scoring.plan import Targets, planned_result, prove
from tests.question_bank import LENS_ID, NEW_QUESTION, NEW_SIGN, lens_answers, lens_data


def test_the_lens_has_seven_signs_and_six_candidate_questions(lens):
    assert len(lens.signs) == 7 and lens.sign_ids[-1] == NEW_SIGN
    assert len(lens.candidate_questions) == 6 and NEW_QUESTION in lens.blocking_questions
    assert lens.signs_title == "The seven signs"


def test_the_new_sign_and_question_are_scored(lens):
    result = score_document(lens_answers(new_sign="yes", owner="no"))
    assert result["instrument"] == LENS_ID
    assert result["signs"][NEW_SIGN]["answer"] == "yes"
    assert result["signs_present"] == 4  # the contract example's three, and the new sign
    # yes 1, partly ½, no 0, unsure ½, yes 1, yes 1, and the new yes 1: 5 of 7 equal weights
    assert result["coupling_score"] == round(100 * 5 / 7)
    (candidate,) = result["candidates"]
    assert (candidate["verdict"], candidate["blockers"]) == ("fix_first", [NEW_QUESTION])
    by_id = {r["id"]: r for r in result["recommendations"]}
    assert by_id["trace-requests"]["because"] == [NEW_SIGN]
    assert by_id["name-an-owner"]["because"] == [f"candidates[0].{NEW_QUESTION}"]
    assert NEW_SIGN in by_id["merge-what-changes-together"]["because"]  # a verdict rule names every yes


def test_an_owner_clears_the_blocker(lens):
    result = score_document(lens_answers(new_sign="no", owner="yes"))
    assert result["candidates"][0]["verdict"] == "split"
    assert "trace-requests" not in {r["id"] for r in result["recommendations"]}


def test_the_new_questions_are_required_and_checked(lens):
    doc = lens_answers()
    del doc["signs"][NEW_SIGN]
    doc["candidates"][0][NEW_QUESTION] = "maybe"
    with pytest.raises(AnswersInvalid) as caught:
        parse_answers(doc)
    assert {e["field"] for e in caught.value.errors} == {f"signs.{NEW_SIGN}", f"candidates[0].{NEW_QUESTION}"}
    # and splitcheck/1 does not know them
    doc = lens_answers()
    doc["instrument"] = "splitcheck/1"
    with pytest.raises(AnswersInvalid) as caught:
        parse_answers(doc)
    assert {e["field"] for e in caught.value.errors} == {f"signs.{NEW_SIGN}", f"candidates[0].{NEW_QUESTION}"}
    assert all(e["message"] == "is not a known field" for e in caught.value.errors)


def test_several_respondents_are_combined_on_the_new_questions(lens):
    responses = [
        Response(name, "Engineer", parse_answers(lens_answers(new_sign=sign, owner=owner)))
        for name, sign, owner in (("Ana", "yes", "no"), ("Ben", "no", "no"), ("Cleo", "yes", "yes"))
    ]
    combined = aggregate(responses)
    assert combined.answers.signs[NEW_SIGN] == "unsure"  # disputed: the instrument's unknown answer
    assert combined.answers.candidates[0].answers[NEW_QUESTION] == "no"
    (disputed,) = [d for d in combined.disagreements if d.sign == NEW_SIGN]
    assert disputed.by_answer == {"yes": ("Ana (Engineer)", "Cleo (Engineer)"), "no": ("Ben (Engineer)",)}
    assert score_answers(combined.answers).signs[NEW_SIGN].answer == "unsure"


def test_the_plan_targets_and_proves_the_new_questions(lens):
    today = parse_answers(lens_answers(new_sign="yes", owner="no"))
    candidate = today.candidates[0].name
    plan = planned_result(today, Targets(signs={NEW_SIGN: "no"}, candidates={(candidate, NEW_QUESTION): "yes"}), lens)
    assert plan.signs[NEW_SIGN].answer == "no" and plan.candidates[0].verdict == "split"
    before, after = score_answers(today), score_answers(parse_answers(lens_answers(new_sign="no", owner="yes")))
    assert prove("trace-requests", None, "in_progress", before, after).state == "resolved_by_answers"
    proof = prove("name-an-owner", None, "done", before, after)
    assert proof.state == "resolved_by_answers" and "now has a team that owns it" in proof.message


def test_a_broken_copy_lists_every_problem_with_its_key():
    data = lens_data()
    data["signs"][-1]["weight"] = "heavy"
    data["candidate_questions"][-2]["ready"] = "always"
    data["recommendations"][-1]["when"] = {"candidates": {"has_owners": ["no"]}}
    data["recommendations"][0]["when"]["answers"] = ["never"]
    data["colour"] = "blue"
    with pytest.raises(InstrumentError) as caught:
        loads(yaml.safe_dump(data), "lens.yaml")
    problems = caught.value.problems
    assert all(p.startswith("lens.yaml: ") for p in problems)
    for expected in (
        "lens.yaml: signs[6].weight: must be a number",
        "lens.yaml: candidate_questions[4].ready: must be one of yes, no, unsure",
        "when.candidates: 'has_owners' is not a candidate question",
        "when.answers: 'never' is not one of yes, partly, no, unsure",
        "lens.yaml: colour: is not a known key",
    ):
        assert any(expected in p for p in problems), (expected, problems)
