"""Every rule of CONTRACT.md's result document, checked on the pure core."""

from __future__ import annotations

import itertools

import pytest

from app import instrument
from app.scoring import AnswersInvalid, parse_answers, score_document
from tests.contract_ids import SIGN_IDS

ORDER = {"no": 0, "partly": 1, "yes": 2}


def doc_with(answers: dict, signs=None, **context) -> dict:
    if signs is not None:
        answers["signs"] = dict(zip(SIGN_IDS, signs, strict=True))
    answers["context"].update(context)
    return answers


@pytest.mark.parametrize(
    "signs, verdict",
    [
        (["yes", "yes", "yes", "no", "no", "no"], "distributed_monolith"),
        (["yes", "yes", "yes", "unsure", "unsure", "unsure"], "distributed_monolith"),
        (["yes", "yes", "unsure", "unsure", "unsure", "no"], "inconclusive"),
        (["no", "no", "unsure", "unsure", "unsure", "no"], "inconclusive"),
        (["yes", "yes", "no", "no", "unsure", "unsure"], "at_risk"),
        (["partly", "no", "no", "no", "no", "no"], "at_risk"),
        (["no", "no", "no", "no", "unsure", "unsure"], "independent"),
        (["no"] * 6, "independent"),
    ],
)
def test_verdict_rules(answers, signs, verdict):
    assert score_document(doc_with(answers, signs))["verdict"] == verdict


def test_signs_present_counts_yes_only(answers):
    result = score_document(doc_with(answers, ["yes", "partly", "yes", "unsure", "no", "yes"]))
    assert result["signs_present"] == 3


def test_coupling_score_bounds_and_unsure_counts_half(answers):
    assert score_document(doc_with(answers, ["no"] * 6))["coupling_score"] == 0
    assert score_document(doc_with(answers, ["yes"] * 6))["coupling_score"] == 100
    assert score_document(doc_with(answers, ["unsure"] * 6))["coupling_score"] == 50
    assert score_document(doc_with(answers, ["partly"] * 6))["coupling_score"] == 50


def test_coupling_score_is_monotonic_in_every_answer(answers):
    inst = instrument.get()
    from app.scoring import coupling_score

    for combo in itertools.product(("no", "partly", "yes", "unsure"), repeat=6):
        signs = dict(zip(SIGN_IDS, combo, strict=True))
        base = coupling_score(signs, inst)
        assert 0 <= base <= 100
        for sign, answer in signs.items():
            if answer in ORDER and answer != "yes":
                higher = dict(signs, **{sign: {"no": "partly", "partly": "yes"}[answer]})
                assert coupling_score(higher, inst) > base, (signs, sign)


@pytest.mark.parametrize(
    "engineers, teams, services, flagged",
    [
        (8, 1, 12, True),
        (200, 25, 40, False),
        (8, 1, 3, False),
        (50, 10, 20, False),
        (30, 2, 40, True),
    ],
)
def test_premature_split_flag(answers, engineers, teams, services, flagged):
    result = score_document(doc_with(answers, engineers=engineers, teams=teams, services=services))
    assert ("premature_split" in result["flags"]) is flagged


def test_blind_spots_flag_when_any_sign_unsure(answers):
    assert "blind_spots" in score_document(answers)["flags"]
    assert "blind_spots" not in score_document(doc_with(answers, ["no"] * 6))["flags"]


def candidate(**overrides) -> dict:
    base = {
        "name": "Search",
        "domain_split": "domain",
        "owns_data": "yes",
        "deploy_alone": "yes",
        "survives_outages": "yes",
        "reasons": ["team_independence"],
    }
    return {**base, **overrides}


@pytest.mark.parametrize(
    "overrides, verdict, blockers",
    [
        ({}, "split", []),
        ({"reasons": []}, "keep_module", []),
        ({"domain_split": "layer"}, "keep_module", []),
        ({"domain_split": "layer", "owns_data": "shared"}, "keep_module", ["owns_data"]),
        ({"domain_split": "unsure"}, "split", []),
        ({"owns_data": "shared"}, "fix_first", ["owns_data"]),
        ({"deploy_alone": "unsure", "survives_outages": "no"}, "fix_first", ["deploy_alone", "survives_outages"]),
        (
            {"owns_data": "unsure", "deploy_alone": "no", "survives_outages": "unsure"},
            "fix_first",
            ["owns_data", "deploy_alone", "survives_outages"],
        ),
    ],
)
def test_candidate_verdicts(answers, overrides, verdict, blockers):
    answers["candidates"] = [candidate(**overrides)]
    result = score_document(answers)["candidates"][0]
    assert (result["name"], result["verdict"], result["blockers"]) == ("Search", verdict, blockers)


def test_recommendations_name_the_answers_that_caused_them(answers):
    answers["candidates"] = [candidate(owns_data="shared"), candidate(name="Audit", reasons=[])]
    result = score_document(answers)
    by_id = {r["id"]: r for r in result["recommendations"]}
    assert by_id["own-your-data"]["because"] == ["shared_database"]
    assert by_id["release-independently"]["because"] == ["deploy_coupling"]
    assert by_id["find-the-unknowns"]["because"] == ["local_testing"]
    assert by_id["give-candidate-its-data"]["because"] == ["candidates[0].owns_data"]
    assert by_id["keep-it-a-module"]["because"] == ["candidates[1].reasons"]
    assert by_id["fewer-services"]["because"] == ["context.engineers", "context.teams", "context.services"]
    assert "events-over-chains" not in by_id  # call_chains answered "no"
    assert [r["priority"] for r in result["recommendations"]] == list(range(1, len(by_id) + 1))


def test_recommendations_are_ordered_by_importance(answers):
    result = score_document(answers)
    ids = [r["id"] for r in result["recommendations"]]
    # First consolidate, then the services kept, then the candidates.
    assert ids[:3] == ["merge-what-changes-together", "fewer-services", "own-your-data"]
    phases = [r["phase"] for r in result["recommendations"]]
    assert phases == sorted(phases, key=["consolidate", "keep", "candidates"].index)
    assert [r["id"] for r in result["recommendations"] if r["phase"] == "keep"][-1] == "find-the-unknowns"


def test_every_recommendation_can_be_triggered(answers):
    fired = set()
    answers["context"].update(engineers=2, teams=1, services=30)
    for combo in (["yes"] * 6, ["partly"] * 6, ["unsure"] * 6, ["no"] * 6):
        answers["signs"] = dict(zip(SIGN_IDS, combo, strict=True))
        answers["candidates"] = [
            candidate(domain_split="layer", owns_data="shared", deploy_alone="no", survives_outages="no", reasons=[]),
            # the steps that prepare a split are only for a candidate to fix first
            candidate(name="Billing", owns_data="shared", deploy_alone="no", survives_outages="no"),
        ]
        fired |= {r["id"] for r in score_document(answers)["recommendations"]}
    assert fired == {r.id for r in instrument.get().recommendations}


def test_independent_system_gets_the_keep_it_so_advice(answers):
    result = score_document(doc_with(answers, ["no"] * 6, services=2))
    assert result["verdict"] == "independent"
    assert [r["id"] for r in result["recommendations"]] == ["protect-independence"]
    assert result["recommendations"][0]["because"] == list(SIGN_IDS)


def test_result_document_has_the_contract_shape(answers):
    result = score_document(answers)
    assert result["instrument"] == "splitcheck/1"
    assert set(result["signs"]) == set(SIGN_IDS)
    assert result["signs"]["deploy_coupling"]["answer"] == "yes"
    assert result["candidates"] == [
        {
            "name": "Notifications",
            "verdict": "split",
            "blockers": [],
            "because": ["reasons"],
            "summary": result["candidates"][0]["summary"],
        }
    ]
    assert result["headline"] and result["summary"]


def errors_of(document) -> dict[str, str]:
    with pytest.raises(AnswersInvalid) as caught:
        parse_answers(document)
    return {e["field"]: e["message"] for e in caught.value.errors}


def test_every_problem_is_listed_not_just_the_first(answers):
    answers["signs"]["call_chains"] = "maybe"
    del answers["signs"]["shared_database"]
    answers["context"]["engineers"] = 0
    answers["context"]["teams"] = True
    answers["extra"] = 1
    answers["candidates"][0]["owns_data"] = "no"
    answers["candidates"][0]["colour"] = "red"
    errors = errors_of(answers)
    assert set(errors) == {
        "signs.call_chains",
        "signs.shared_database",
        "context.engineers",
        "context.teams",
        "extra",
        "candidates[0].owns_data",
        "candidates[0].colour",
    }
    assert "yes, partly, no, unsure" in errors["signs.call_chains"]
    assert errors["signs.shared_database"] == "is missing"


@pytest.mark.parametrize(
    "document, field",
    [
        ([], "(document)"),
        ({}, "instrument"),
        ({"instrument": "splitcheck/2"}, "instrument"),
    ],
)
def test_documents_that_are_not_answers(document, field):
    assert field in errors_of(document)


def test_context_rules(answers):
    answers["context"] = {"engineers": 2.5, "teams": "3", "services": -1, "deploys_per_week": -1}
    assert set(errors_of(answers)) == {
        "context.engineers",
        "context.teams",
        "context.services",
        "context.deploys_per_week",
    }
    answers["context"] = {"engineers": 1, "teams": 1, "services": 1}
    assert parse_answers(answers).context.get("deploys_per_week") is None
    answers["context"]["deploys_per_week"] = 0.5
    assert parse_answers(answers).context["deploys_per_week"] == 0.5
    answers["context"]["engineers"] = 10**9
    assert "context.engineers" in errors_of(answers)


@pytest.mark.parametrize("name", ["مراجعة الخدمات", "结账平台", "Checkout 🚀🧦", "x" * 200])
def test_names_in_any_script_up_to_200_characters(answers, name):
    answers["team"]["name"] = name
    answers["candidates"][0]["name"] = name
    parsed = parse_answers(answers)
    assert parsed.team_name == name and parsed.candidates[0].name == name


def test_names_over_200_characters_and_duplicates_are_refused(answers):
    answers["team"]["name"] = "x" * 201
    answers["candidates"].append(dict(answers["candidates"][0], name="notifications"))
    errors = errors_of(answers)
    assert "200" in errors["team.name"]
    assert "candidates[1].name" in errors


def test_candidate_reasons_must_be_known_and_listed(answers):
    answers["candidates"][0]["reasons"] = ["fun"]
    assert "candidates[0].reasons" in errors_of(answers)
    answers["candidates"][0]["reasons"] = "independent_scaling"
    assert "candidates[0].reasons" in errors_of(answers)


def test_answers_round_trip_through_the_document(answers):
    assert parse_answers(answers).to_document() == answers


def test_scoring_core_imports_nothing_from_flask_or_the_database():
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "app"
    for package in ("scoring", "instrument", "evidence"):
        for path in (root / package).rglob("*.py"):
            tree = ast.parse(path.read_text())
            for node in ast.walk(tree):
                names = (
                    [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module or ""]
                    if isinstance(node, ast.ImportFrom)
                    else []
                )
                for name in names:
                    assert not name.startswith(("flask", "sqlalchemy", "app.extensions", "werkzeug")), (path, name)
