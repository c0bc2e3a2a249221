"""Several respondents -> one team answer: context, team name, candidates and whole documents
(the signs are in test_aggregate_signs.py)."""

from __future__ import annotations

import ast
import dataclasses
import sys
from pathlib import Path

import pytest

from app.scoring import aggregate as aggregate_module
from app.scoring import parse_answers, score_answers
from app.scoring.aggregate import Response, aggregate
from app.scoring.trend import who_answered_changed
from tests.contract_ids import REASONS, SIGN_IDS, candidate_of

from .aggregate_docs import assert_round_trips, cand, doc, responses

# --- context and team ------------------------------------------------------


def test_context_medians():
    agg = aggregate(
        responses(
            doc(engineers=8, teams=1, services=12, deploys_per_week=2),
            doc(engineers=9, teams=2, services=30),
            doc(engineers=100, teams=2, services=10, deploys_per_week=3),
            doc(engineers=5, teams=1, services=11),
        )
    )
    ctx = agg.answers.context
    assert ctx["engineers"] == 9  # 8.5 rounds half up
    assert ctx["teams"] == 2  # 1.5 rounds half up
    assert ctx["services"] == 12  # 11.5 rounds half up
    assert ctx["deploys_per_week"] == 2.5  # only those who gave it
    assert_round_trips(agg)

    odd = aggregate(
        responses(doc(engineers=5, services=40), doc(engineers=8, services=2), doc(engineers=200, services=12))
    )
    assert (odd.answers.context["engineers"], odd.answers.context["services"]) == (8, 12)
    assert odd.answers.context.get("deploys_per_week") is None
    assert "deploys_per_week" not in odd.answers.to_document()["context"]

    whole = aggregate(responses(doc(deploys_per_week=2), doc(deploys_per_week=4)))
    assert whole.answers.context["deploys_per_week"] == 3
    assert_round_trips(whole)


def test_team_name():
    rs = responses(doc(team="Payments"), doc(team="Checkout"), doc(), doc(team=" checkout"), doc(team="Payments"))
    # Two each: the first seen wins, with its first spelling.
    assert aggregate(rs).answers.team_name == "Payments"
    assert aggregate(rs[1:]).answers.team_name == "Checkout"
    assert aggregate(rs, team_name="  Acme platform ").answers.team_name == "Acme platform"
    assert aggregate(rs, team_name="   ").answers.team_name == "Payments"
    assert aggregate(responses(doc(), doc())).answers.team_name is None
    assert "team" not in aggregate(responses(doc(), doc())).answers.to_document()
    with pytest.raises(ValueError):
        aggregate(rs, team_name="x" * 201)


# --- candidates ------------------------------------------------------------


def test_candidates_with_the_same_name_in_different_case_are_merged():
    agg = aggregate(
        responses(
            doc(candidates=[cand("Notifications", deploy_alone="yes"), cand("Search")]),
            doc(candidates=[cand("Billing"), cand("NOTIFICATIONS", deploy_alone="no")]),
            doc(candidates=[cand("notifications", deploy_alone="no")]),
        )
    )
    names = [c.name for c in agg.answers.candidates]
    assert names == ["Notifications", "Search", "Billing"]  # first spelling, first-appearance order
    assert agg.answers.candidates[0].answers["deploy_alone"] == "no"
    assert_round_trips(agg)


def test_candidate_names_ignore_surrounding_spaces():
    base = responses(doc(candidates=[cand("Search")]), doc(candidates=[cand("Search")]))
    spaced_search = candidate_of("  search ", "layer", "yes", "yes", "yes", ())
    spaced = dataclasses.replace(base[1].answers, candidates=(spaced_search,))
    agg = aggregate([base[0], Response("Tom", "Backend engineer", spaced)])
    assert [c.name for c in agg.answers.candidates] == ["Search"]
    assert agg.answers.candidates[0].answers["domain_split"] == "layer"  # upper middle: the trap stays visible


def test_candidate_answers_take_the_sure_middle_worse_on_ties():
    agg = aggregate(
        responses(
            doc(candidates=[cand("Billing", domain_split="unsure", owns_data="yes", survives_outages="no")]),
            doc(candidates=[cand("Billing", domain_split="unsure", owns_data="shared", survives_outages="yes")]),
            doc(candidates=[cand("Billing", domain_split="unsure", owns_data="yes", survives_outages="yes")]),
        )
    )
    c = agg.answers.candidates[0]
    assert (
        c.answers["domain_split"],
        c.answers["owns_data"],
        c.answers["deploy_alone"],
        c.answers["survives_outages"],
    ) == ("unsure", "yes", "yes", "yes")
    tie = aggregate(
        responses(
            doc(candidates=[cand("Billing", owns_data="yes")]), doc(candidates=[cand("Billing", owns_data="shared")])
        )
    ).answers.candidates[0]
    assert tie.answers["owns_data"] == "shared"


def test_reasons_need_at_least_half_of_those_who_described_the_candidate():
    agg = aggregate(
        responses(
            doc(candidates=[cand("Search", reasons=["independent_scaling", "team_independence"])]),
            doc(candidates=[cand("Search", reasons=["independent_scaling"])]),
            doc(candidates=[cand("Search", reasons=["reliability_needs"])]),
            doc(candidates=[cand("Reports", reasons=["reliability_needs"]), cand("Search", reasons=[])]),
            doc(),  # did not describe Search: not counted
        )
    )
    search, reports = agg.answers.candidates
    # Four described Search: two of four is half, one of four is not.
    assert search.answers["reasons"] == ("independent_scaling",)
    # Only one described Reports: one of one.
    assert reports.answers["reasons"] == ("reliability_needs",)

    three = aggregate(
        responses(
            *(
                doc(candidates=[cand("Search", reasons=r)])
                for r in (["team_independence"], ["reliability_needs"], ["independent_scaling"])
            )
        )
    ).answers.candidates[0]
    assert three.answers["reasons"] == ()  # one of three each: none reaches two
    assert (
        score_answers(dataclasses.replace(parse_answers(doc()), candidates=(three,))).candidates[0].verdict
        == "keep_module"
    )

    two = aggregate(
        responses(
            *(
                doc(candidates=[cand("Search", reasons=r)])
                for r in (["reliability_needs", "team_independence"], ["independent_scaling"])
            )
        )
    ).answers.candidates[0]
    assert two.answers["reasons"] == REASONS  # one of two is half; kept in the instrument's order
    assert_round_trips(agg)


def test_candidates_are_capped_at_fifty():
    first = doc(candidates=[cand(f"Service {i}") for i in range(40)])
    second = doc(candidates=[cand(f"Other {i}") for i in range(20)] + [cand("service 3", survives_outages="no")])
    agg = aggregate(responses(first, second))
    names = [c.name for c in agg.answers.candidates]
    assert len(names) == 50
    assert names[:40] == [f"Service {i}" for i in range(40)] and names[40:] == [f"Other {i}" for i in range(10)]
    assert agg.answers.candidates[3].answers["survives_outages"] == "no"  # merging still reaches a kept candidate
    assert_round_trips(agg)


# --- whole documents -------------------------------------------------------


def test_a_single_respondent_gets_their_own_answers_exactly(answers):
    answers["candidates"].append(
        cand(
            "Reports",
            domain_split="layer",
            owns_data="shared",
            deploy_alone="no",
            survives_outages="unsure",
            reasons=["reliability_needs", "team_independence"],
        )
    )
    answers["context"]["deploys_per_week"] = 2.5
    own = parse_answers(answers)
    agg = aggregate([Response("Maya", "Engineering lead", own)])
    assert agg.answers == own
    assert agg.answers.to_document() == own.to_document()
    assert agg.disagreements == ()
    assert agg.respondents == 1
    assert all(agg.spreads[s].chosen == own.signs[s] for s in SIGN_IDS)


def test_the_aggregate_scores_like_any_answers_document():
    rs = responses(
        doc(
            {"deploy_coupling": "yes", "shared_database": "yes", "breaking_changes": "yes", "call_chains": "yes"},
            engineers=8,
            teams=1,
            services=12,
            candidates=[cand("Notifications")],
        ),
        doc(
            {"deploy_coupling": "yes", "shared_database": "yes", "breaking_changes": "partly"},
            engineers=7,
            teams=1,
            services=14,
            candidates=[cand("notifications", owns_data="shared")],
        ),
        doc(
            {"deploy_coupling": "partly", "shared_database": "yes", "breaking_changes": "yes"},
            engineers=9,
            teams=2,
            services=12,
        ),
    )
    agg = aggregate(rs, team_name="Checkout")
    result = score_answers(agg.answers)
    assert result.verdict == "distributed_monolith"  # deploy_coupling, shared_database, breaking_changes
    assert result.signs_present == 3
    assert "premature_split" in result.flags  # 8 engineers, 1 team, 12 services
    assert [(c.name, c.verdict, c.blockers) for c in result.candidates] == [
        ("Notifications", "fix_first", ("owns_data",))
    ]
    assert [d.sign for d in agg.disagreements] == ["call_chains"]
    assert_round_trips(agg)

    # One member who sees everything and two who see nothing: every sign is disputed, so the
    # combined answers take no side and the verdict says the team can't tell.
    split = aggregate(responses(doc({s: "yes" for s in SIGN_IDS}), doc(), doc()))
    assert len(split.disagreements) == len(SIGN_IDS)
    assert set(split.answers.signs.values()) == {"unsure"}
    assert (score_answers(split.answers).verdict, score_answers(split.answers).signs_present) == ("inconclusive", 0)


def test_no_responses_and_mixed_instruments_are_refused():
    with pytest.raises(ValueError, match="no responses"):
        aggregate([])
    rs = responses(doc(), doc())
    other = Response("Tom", "Backend engineer", dataclasses.replace(rs[1].answers, instrument="splitcheck/2"))
    with pytest.raises(ValueError, match="instrument"):
        aggregate([rs[0], other])


def test_labels_without_a_name_or_role():
    rs = responses(doc({"call_chains": "yes"}), doc({"call_chains": "no"}), doc({"call_chains": "no"}))
    rs = [Response("Maya", "", rs[0].answers), Response("", "SRE", rs[1].answers), Response(" ", "", rs[2].answers)]
    assert aggregate(rs).disagreements[0].by_answer == {"yes": ("Maya",), "no": ("SRE", "Anonymous")}


def test_the_module_stays_pure():
    tree = ast.parse(Path(aggregate_module.__file__).read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: inside app.scoring
                continue
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            assert top in sys.stdlib_module_names or name.startswith(("app.scoring", "app.instrument")), name


def test_a_trend_between_combined_results_says_when_other_people_answered():
    assert who_answered_changed(["maya", "tom", "ira"], ["maya"]) == (
        "3 people answered then, 1 now: the change may come from who answered."
    )
    assert who_answered_changed(["maya"], ["maya", "tom"]).startswith("1 person answered then, 2 now")
    assert who_answered_changed(["maya", "tom"], ["maya", "ira"]) == (
        "Not all the same people answered then and now: the change may come from who answered."
    )
    assert who_answered_changed(["maya", "tom"], ["tom", "maya"]) is None
