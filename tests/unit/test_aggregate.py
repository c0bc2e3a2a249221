"""Several respondents -> one team answer: app.scoring.aggregate's rules."""
from __future__ import annotations

import ast
import copy
import dataclasses
import itertools
import sys
from pathlib import Path

import pytest

from app.instrument import REASONS, SIGN_IDS
from app.scoring import Candidate, parse_answers, score_answers
from app.scoring import aggregate as aggregate_module
from app.scoring.aggregate import Aggregate, Disagreement, Response, SignSpread, aggregate

BASE = {
    "instrument": "splitcheck/1",
    "context": {"engineers": 8, "teams": 1, "services": 12},
    "signs": {sign: "no" for sign in SIGN_IDS},
    "candidates": [],
}
PEOPLE = [("Maya", "Engineering lead"), ("Tom", "Backend engineer"), ("Ana", "SRE"),
          ("Lee", "Frontend engineer"), ("Sam", "CTO"), ("Kim", "QA"), ("Bo", "Intern")]


def doc(signs: dict | None = None, team: str | None = None, candidates: list | None = None, **context) -> dict:
    d = copy.deepcopy(BASE)
    d["signs"].update(signs or {})
    d["context"].update(context)
    if team is not None:
        d["team"] = {"name": team}
    d["candidates"] = candidates or []
    return d


def cand(name: str, domain_split="domain", owns_data="yes", deploy_alone="yes", survives_outages="yes",
         reasons=("independent_scaling",)) -> dict:
    return {"name": name, "domain_split": domain_split, "owns_data": owns_data, "deploy_alone": deploy_alone,
            "survives_outages": survives_outages, "reasons": list(reasons)}


def responses(*docs: dict) -> list[Response]:
    return [Response(name, role, parse_answers(d)) for (name, role), d in zip(PEOPLE, docs)]


def on_sign(*answers: str, sign: str = "call_chains") -> Aggregate:
    return aggregate(responses(*(doc({sign: a}) for a in answers)))


def assert_round_trips(agg: Aggregate) -> None:
    assert parse_answers(agg.answers.to_document()) == agg.answers


# --- signs -----------------------------------------------------------------

def test_three_respondents_who_disagree():
    agg = on_sign("yes", "no", "partly")
    assert agg.respondents == 3
    assert agg.answers.signs["call_chains"] == "partly"
    assert agg.spreads["call_chains"] == SignSpread(
        "call_chains", "partly", {"yes": 1, "partly": 1, "no": 1, "unsure": 0}, 3)
    assert agg.disagreements == (Disagreement("call_chains", {
        "yes": ("Maya (Engineering lead)",),
        "partly": ("Ana (SRE)",),
        "no": ("Tom (Backend engineer)",),
    }),)
    # The other signs: everyone said no, nobody disagrees.
    for sign in SIGN_IDS:
        if sign != "call_chains":
            assert agg.spreads[sign].chosen == "no"
            assert agg.spreads[sign].counts == {"yes": 0, "partly": 0, "no": 3, "unsure": 0}
    assert_round_trips(agg)


def test_disagreements_follow_the_instrument_sign_order_and_list_unsure_people():
    signs_a = {"breaking_changes": "yes", "deploy_coupling": "yes", "shared_database": "yes"}
    signs_b = {"breaking_changes": "no", "deploy_coupling": "no", "shared_database": "partly"}
    signs_c = {"breaking_changes": "unsure", "deploy_coupling": "yes", "shared_database": "yes"}
    agg = aggregate(responses(doc(signs_a), doc(signs_b), doc(signs_c)))
    assert [d.sign for d in agg.disagreements] == ["deploy_coupling", "breaking_changes"]
    assert agg.disagreements[0].by_answer == {
        "yes": ("Maya (Engineering lead)", "Ana (SRE)"), "no": ("Tom (Backend engineer)",)}
    assert agg.disagreements[1].by_answer == {
        "yes": ("Maya (Engineering lead)",), "no": ("Tom (Backend engineer)",), "unsure": ("Ana (SRE)",)}


def test_all_unsure_is_unsure():
    agg = on_sign("unsure", "unsure", "unsure")
    assert agg.answers.signs["call_chains"] == "unsure"
    assert agg.spreads["call_chains"].sure == 0
    assert agg.spreads["call_chains"].counts["unsure"] == 3
    assert agg.disagreements == ()
    assert_round_trips(agg)


def test_unsure_respondents_are_left_out_of_the_middle():
    assert on_sign("yes", "unsure", "unsure").answers.signs["call_chains"] == "yes"
    # Counting unsure as a middle value would give "partly" or "unsure"; sure ones say no, no, yes.
    agg = on_sign("no", "unsure", "no", "unsure", "yes", "unsure")
    assert agg.answers.signs["call_chains"] == "no"
    assert agg.spreads["call_chains"].sure == 3


@pytest.mark.parametrize("answers, chosen", [
    (("yes", "no"), "yes"),
    (("no", "yes"), "yes"),
    (("no", "partly"), "partly"),
    (("partly", "yes"), "yes"),
    (("no", "no", "partly", "yes"), "partly"),
    (("no", "no", "yes", "yes"), "yes"),
    (("no", "no", "no", "yes"), "no"),
    (("no", "unsure", "yes"), "yes"),
])
def test_even_split_takes_the_upper_middle(answers, chosen):
    assert on_sign(*answers).answers.signs["call_chains"] == chosen


@pytest.mark.parametrize("answers, split", [
    (("yes", "no"), True),
    (("yes", "no", "no", "no", "no", "no", "no"), True),  # one yes against six no: still two steps apart
    (("partly", "no"), True),
    (("partly", "no", "no"), True),  # a third each side
    (("partly", "partly", "no"), True),
    (("partly", "no", "no", "no"), False),  # one in four: under a third
    (("partly", "no", "no", "no", "unsure", "unsure"), False),  # unsure take no side
    (("yes", "partly"), False),  # both see the sign
    (("yes", "yes", "partly"), False),
    (("no", "no", "unsure"), False),
    (("unsure", "unsure"), False),
])
def test_disagreement_rule(answers, split):
    assert bool(on_sign(*answers).disagreements) is split


def test_brute_force_every_three_respondent_combination_on_one_sign():
    rank = {"no": 0, "partly": 1, "yes": 2}
    for combo in itertools.product(("yes", "partly", "no", "unsure"), repeat=3):
        agg = on_sign(*combo)
        chosen = agg.answers.signs["call_chains"]
        sure = sorted((a for a in combo if a != "unsure"), key=rank.get)
        spread = agg.spreads["call_chains"]
        assert spread.sure == len(sure) and sum(spread.counts.values()) == 3, combo
        assert all(spread.counts[a] == combo.count(a) for a in ("yes", "partly", "no", "unsure")), combo
        if sure:
            assert chosen in sure, combo
            # The middle: at least half the sure answers are at or above it, and at or below it.
            assert 2 * sum(rank[a] >= rank[chosen] for a in sure) >= len(sure), combo
            assert 2 * sum(rank[a] <= rank[chosen] for a in sure) >= len(sure), combo
        else:
            assert chosen == "unsure", combo
        yes_and_no = "yes" in combo and "no" in combo
        if yes_and_no:
            assert agg.disagreements, combo
        if not ("no" in combo and ("yes" in combo or "partly" in combo)):
            assert not agg.disagreements, combo
        for d in agg.disagreements:
            assert sorted(p for people in d.by_answer.values() for p in people) == sorted(
                f"{n} ({r})" for n, r in PEOPLE[:3])
        assert_round_trips(agg)


def test_brute_force_every_three_respondent_combination_on_each_candidate_question():
    orders = {"domain_split": ("domain", "layer"), "owns_data": ("yes", "shared"),
              "deploy_alone": ("yes", "no"), "survives_outages": ("yes", "no")}
    for question, order in orders.items():
        for combo in itertools.product((*order, "unsure"), repeat=3):
            docs = [doc(candidates=[cand("Billing", **{question: a})]) for a in combo]
            merged = aggregate(responses(*docs)).answers.candidates[0]
            chosen = getattr(merged, question)
            sure = [a for a in combo if a != "unsure"]
            if not sure:
                assert chosen == "unsure"
            else:
                assert chosen in sure
                bad = sum(a == order[1] for a in sure)
                assert chosen == (order[1] if 2 * bad >= len(sure) else order[0]), (question, combo)


# --- context and team ------------------------------------------------------

def test_context_medians():
    agg = aggregate(responses(
        doc(engineers=8, teams=1, services=12, deploys_per_week=2),
        doc(engineers=9, teams=2, services=30),
        doc(engineers=100, teams=2, services=10, deploys_per_week=3),
        doc(engineers=5, teams=1, services=11),
    ))
    ctx = agg.answers.context
    assert ctx.engineers == 9  # 8.5 rounds half up
    assert ctx.teams == 2  # 1.5 rounds half up
    assert ctx.services == 12  # 11.5 rounds half up
    assert ctx.deploys_per_week == 2.5  # only those who gave it
    assert_round_trips(agg)

    odd = aggregate(responses(doc(engineers=5, services=40), doc(engineers=8, services=2),
                              doc(engineers=200, services=12)))
    assert (odd.answers.context.engineers, odd.answers.context.services) == (8, 12)
    assert odd.answers.context.deploys_per_week is None
    assert "deploys_per_week" not in odd.answers.to_document()["context"]

    whole = aggregate(responses(doc(deploys_per_week=2), doc(deploys_per_week=4)))
    assert whole.answers.context.deploys_per_week == 3
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
    agg = aggregate(responses(
        doc(candidates=[cand("Notifications", deploy_alone="yes"), cand("Search")]),
        doc(candidates=[cand("Billing"), cand("NOTIFICATIONS", deploy_alone="no")]),
        doc(candidates=[cand("notifications", deploy_alone="no")]),
    ))
    names = [c.name for c in agg.answers.candidates]
    assert names == ["Notifications", "Search", "Billing"]  # first spelling, first-appearance order
    assert agg.answers.candidates[0].deploy_alone == "no"
    assert_round_trips(agg)


def test_candidate_names_ignore_surrounding_spaces():
    base = responses(doc(candidates=[cand("Search")]), doc(candidates=[cand("Search")]))
    spaced_search = Candidate("  search ", "layer", "yes", "yes", "yes", ())
    spaced = dataclasses.replace(base[1].answers, candidates=(spaced_search,))
    agg = aggregate([base[0], Response("Tom", "Backend engineer", spaced)])
    assert [c.name for c in agg.answers.candidates] == ["Search"]
    assert agg.answers.candidates[0].domain_split == "layer"  # upper middle: the trap stays visible


def test_candidate_answers_take_the_sure_middle_worse_on_ties():
    agg = aggregate(responses(
        doc(candidates=[cand("Billing", domain_split="unsure", owns_data="yes", survives_outages="no")]),
        doc(candidates=[cand("Billing", domain_split="unsure", owns_data="shared", survives_outages="yes")]),
        doc(candidates=[cand("Billing", domain_split="unsure", owns_data="yes", survives_outages="yes")]),
    ))
    c = agg.answers.candidates[0]
    assert (c.domain_split, c.owns_data, c.deploy_alone, c.survives_outages) == ("unsure", "yes", "yes", "yes")
    tie = aggregate(responses(doc(candidates=[cand("Billing", owns_data="yes")]),
                              doc(candidates=[cand("Billing", owns_data="shared")]))).answers.candidates[0]
    assert tie.owns_data == "shared"


def test_reasons_need_at_least_half_of_those_who_described_the_candidate():
    agg = aggregate(responses(
        doc(candidates=[cand("Search", reasons=["independent_scaling", "team_independence"])]),
        doc(candidates=[cand("Search", reasons=["independent_scaling"])]),
        doc(candidates=[cand("Search", reasons=["reliability_needs"])]),
        doc(candidates=[cand("Reports", reasons=["reliability_needs"]), cand("Search", reasons=[])]),
        doc(),  # did not describe Search: not counted
    ))
    search, reports = agg.answers.candidates
    # Four described Search: two of four is half, one of four is not.
    assert search.reasons == ("independent_scaling",)
    # Only one described Reports: one of one.
    assert reports.reasons == ("reliability_needs",)

    three = aggregate(responses(*(doc(candidates=[cand("Search", reasons=r)]) for r in (
        ["team_independence"], ["reliability_needs"], ["independent_scaling"])))).answers.candidates[0]
    assert three.reasons == ()  # one of three each: none reaches two
    assert score_answers(dataclasses.replace(
        parse_answers(doc()), candidates=(three,))).candidates[0].verdict == "keep_module"

    two = aggregate(responses(*(doc(candidates=[cand("Search", reasons=r)]) for r in (
        ["reliability_needs", "team_independence"], ["independent_scaling"])))).answers.candidates[0]
    assert two.reasons == REASONS  # one of two is half; kept in the instrument's order
    assert_round_trips(agg)


def test_candidates_are_capped_at_fifty():
    first = doc(candidates=[cand(f"Service {i}") for i in range(40)])
    second = doc(candidates=[cand(f"Other {i}") for i in range(20)] + [cand("service 3", survives_outages="no")])
    agg = aggregate(responses(first, second))
    names = [c.name for c in agg.answers.candidates]
    assert len(names) == 50
    assert names[:40] == [f"Service {i}" for i in range(40)] and names[40:] == [f"Other {i}" for i in range(10)]
    assert agg.answers.candidates[3].survives_outages == "no"  # merging still reaches a kept candidate
    assert_round_trips(agg)


# --- whole documents -------------------------------------------------------

def test_a_single_respondent_gets_their_own_answers_exactly(answers):
    answers["candidates"].append(cand("Reports", domain_split="layer", owns_data="shared", deploy_alone="no",
                                      survives_outages="unsure", reasons=["reliability_needs", "team_independence"]))
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
        doc({"deploy_coupling": "yes", "shared_database": "yes", "breaking_changes": "yes", "call_chains": "yes"},
            engineers=8, teams=1, services=12, candidates=[cand("Notifications")]),
        doc({"deploy_coupling": "yes", "shared_database": "yes", "breaking_changes": "partly"},
            engineers=7, teams=1, services=14, candidates=[cand("notifications", owns_data="shared")]),
        doc({"deploy_coupling": "partly", "shared_database": "yes", "breaking_changes": "yes"},
            engineers=9, teams=2, services=12),
    )
    agg = aggregate(rs, team_name="Checkout")
    result = score_answers(agg.answers)
    assert result.verdict == "distributed_monolith"  # deploy_coupling, shared_database, breaking_changes
    assert result.signs_present == 3
    assert "premature_split" in result.flags  # 8 engineers, 1 team, 12 services
    assert [(c.name, c.verdict, c.blockers) for c in result.candidates] == [
        ("Notifications", "fix_first", ("owns_data",))]
    assert [d.sign for d in agg.disagreements] == ["call_chains"]
    assert_round_trips(agg)

    # One member who sees everything does not outvote two who see nothing.
    calm = aggregate(responses(doc({s: "yes" for s in SIGN_IDS}), doc(), doc()))
    assert score_answers(calm.answers).verdict == "independent"
    assert len(calm.disagreements) == len(SIGN_IDS)


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
