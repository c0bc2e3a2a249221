"""Several respondents -> one answer per sign: the middle, the unsure and the disagreements."""

from __future__ import annotations

import itertools

import pytest

from app.scoring import score_answers
from app.scoring.aggregate import Disagreement, SignSpread, aggregate
from tests.contract_ids import SIGN_IDS

from .aggregate_docs import PEOPLE, assert_round_trips, cand, doc, on_sign, responses

# --- signs -----------------------------------------------------------------


def test_three_respondents_who_disagree():
    agg = on_sign("yes", "no", "partly")
    assert agg.respondents == 3
    assert agg.answers.signs["call_chains"] == "unsure"  # disputed: the combined answers take no side
    assert agg.spreads["call_chains"] == SignSpread(
        "call_chains", "unsure", {"yes": 1, "partly": 1, "no": 1, "unsure": 0}, 3, disputed=True
    )
    assert agg.disagreements == (
        Disagreement(
            "call_chains",
            {
                "yes": ("Maya (Engineering lead)",),
                "partly": ("Ana (SRE)",),
                "no": ("Tom (Backend engineer)",),
            },
        ),
    )
    # The other signs: everyone said no, nobody disagrees.
    for sign in SIGN_IDS:
        if sign != "call_chains":
            assert agg.spreads[sign].chosen == "no"
            assert agg.spreads[sign].counts == {"yes": 0, "partly": 0, "no": 3, "unsure": 0}
            assert not agg.spreads[sign].disputed
    assert_round_trips(agg)


def test_disagreements_follow_the_instrument_sign_order_and_list_unsure_people():
    signs_a = {"breaking_changes": "yes", "deploy_coupling": "yes", "shared_database": "yes"}
    signs_b = {"breaking_changes": "no", "deploy_coupling": "no", "shared_database": "partly"}
    signs_c = {"breaking_changes": "unsure", "deploy_coupling": "yes", "shared_database": "yes"}
    agg = aggregate(responses(doc(signs_a), doc(signs_b), doc(signs_c)))
    assert [d.sign for d in agg.disagreements] == ["deploy_coupling", "breaking_changes"]
    assert agg.disagreements[0].by_answer == {
        "yes": ("Maya (Engineering lead)", "Ana (SRE)"),
        "no": ("Tom (Backend engineer)",),
    }
    assert agg.disagreements[1].by_answer == {
        "yes": ("Maya (Engineering lead)",),
        "no": ("Tom (Backend engineer)",),
        "unsure": ("Ana (SRE)",),
    }


def test_all_unsure_is_unsure():
    agg = on_sign("unsure", "unsure", "unsure")
    assert agg.answers.signs["call_chains"] == "unsure"
    assert agg.spreads["call_chains"].sure == 0
    assert agg.spreads["call_chains"].counts["unsure"] == 3
    assert agg.disagreements == ()
    assert_round_trips(agg)


def test_unsure_respondents_are_left_out_of_the_middle():
    assert on_sign("yes", "unsure", "unsure").answers.signs["call_chains"] == "yes"
    # Counting unsure as a middle value would give "unsure"; sure ones say partly, partly, yes.
    agg = on_sign("partly", "unsure", "partly", "unsure", "yes", "unsure")
    assert agg.answers.signs["call_chains"] == "partly"
    assert agg.spreads["call_chains"].sure == 3
    assert on_sign("no", "unsure", "unsure", "no", "no", "partly").answers.signs["call_chains"] == "no"


@pytest.mark.parametrize(
    "answers, chosen",
    [
        (("partly", "yes"), "yes"),
        (("yes", "partly"), "yes"),
        (("partly", "partly", "yes", "yes"), "yes"),
        (("partly", "partly", "partly", "yes"), "partly"),
        (("no", "no", "no", "partly"), "no"),  # one in four sees it partly: not a dispute
        (("no", "no", "no", "no", "no", "partly"), "no"),
    ],
)
def test_an_undisputed_even_split_takes_the_upper_middle(answers, chosen):
    agg = on_sign(*answers)
    assert agg.answers.signs["call_chains"] == chosen
    assert not agg.spreads["call_chains"].disputed


@pytest.mark.parametrize(
    "answers",
    [
        ("yes", "no"),
        ("no", "yes"),
        ("no", "partly"),
        ("no", "no", "partly", "yes"),
        ("no", "no", "yes", "yes"),
        ("no", "no", "no", "yes"),
        ("no", "unsure", "yes"),
        ("yes", "yes", "yes", "no"),
    ],
)
def test_a_disputed_sign_is_answered_unsure_and_never_counted_as_present(answers):
    """One sure "Yes" and one sure "No" is no team answer: the sign counts as "Not sure"."""
    agg = on_sign(*answers)
    assert agg.answers.signs["call_chains"] == "unsure"
    assert agg.spreads["call_chains"].disputed
    assert [d.sign for d in agg.disagreements] == ["call_chains"]
    result = score_answers(agg.answers)
    assert result.signs_present == 0 and "blind_spots" in result.flags
    assert result.signs["call_chains"].answer == "unsure"


@pytest.mark.parametrize(
    "answers, split",
    [
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
    ],
)
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
        assert spread.disputed is bool(agg.disagreements), combo
        if agg.disagreements:
            assert chosen == "unsure", combo
        elif sure:
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
                f"{n} ({r})" for n, r in PEOPLE[:3]
            )
        assert_round_trips(agg)


def test_brute_force_every_three_respondent_combination_on_each_candidate_question():
    orders = {
        "domain_split": ("domain", "layer"),
        "owns_data": ("yes", "shared"),
        "deploy_alone": ("yes", "no"),
        "survives_outages": ("yes", "no"),
    }
    for question, order in orders.items():
        for combo in itertools.product((*order, "unsure"), repeat=3):
            docs = [doc(candidates=[cand("Billing", **{question: a})]) for a in combo]
            merged = aggregate(responses(*docs)).answers.candidates[0]
            chosen = merged.answers[question]
            sure = [a for a in combo if a != "unsure"]
            if not sure:
                assert chosen == "unsure"
            else:
                assert chosen in sure
                bad = sum(a == order[1] for a in sure)
                assert chosen == (order[1] if 2 * bad >= len(sure) else order[0]), (question, combo)
