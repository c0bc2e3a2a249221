"""The advice is one plan per situation: over every verdict × flags × candidate verdict, nothing
it says contradicts the rest. Consolidating comes before anything done to the services kept;
a verdict never reads as all clear while the organisation runs more services than it needs;
a candidate is never simply "split it out" then; the size-related advice states the team's
own figures; and advice given again in other words is never "no longer needed"."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest

from app import instrument
from app.scoring import Answers, Result, score
from app.scoring.advice import phases
from app.scoring.plan import prove
from app.scoring.trend import compare
from tests.contract_ids import SIGN_IDS, candidate_of, context_of

INSTRUMENT = instrument.get()

CONSOLIDATE = ("merge-what-changes-together", "fewer-services")
CONSOLIDATE_FIRST = "consolidate-before-splitting"
# Advice for the services a team keeps: it must never come before merging.
KEEP = (
    "own-your-data",
    "release-independently",
    "contain-failures",
    "events-over-chains",
    "contract-tests",
    "test-in-isolation",
    "find-the-unknowns",
    "protect-independence",
)
# Advice that prepares or names a split.
SPLIT_ADVICE = ("give-candidate-its-data", "make-candidate-deployable", "make-candidate-resilient")


def _signs(**answers: str) -> dict[str, str]:
    """Every sign "no" but those given, by position: _signs(yes=3, unsure=1)."""
    values = [a for a, n in answers.items() for _ in range(n)]
    return dict(zip(SIGN_IDS, values + ["no"] * (len(SIGN_IDS) - len(values)), strict=True))


# (verdict, blind spots) -> sign answers that give them.
SIGN_SETS = {
    ("distributed_monolith", False): _signs(yes=3),
    ("distributed_monolith", True): _signs(yes=3, unsure=1),
    ("at_risk", False): _signs(partly=6),
    ("at_risk", True): _signs(yes=1, unsure=1),
    ("independent", False): _signs(),
    ("independent", True): _signs(unsure=1),
    ("inconclusive", True): _signs(unsure=3),
}
# Premature split or not: 8 engineers in 1 team with 12 services (the contract's example), and a large firm.
CONTEXTS = {True: context_of(8, 1, 12, 2), False: context_of(200, 25, 40)}
SPLIT = candidate_of("Search", "domain", "yes", "yes", "yes", ("independent_scaling",))
FIX_FIRST = candidate_of("Billing", "domain", "shared", "no", "unsure", ("team_independence",))
MODULE = candidate_of("Notifications", "layer", "yes", "yes", "yes", ())
CANDIDATE_SETS = {
    "no candidate": (),
    "split": (SPLIT,),
    "fix_first": (FIX_FIRST,),
    "keep_module": (MODULE,),
    "all three": (MODULE, FIX_FIRST, SPLIT),
}
CASES = list(itertools.product(SIGN_SETS, CONTEXTS, CANDIDATE_SETS))


def _result(signs: dict[str, str], context: dict, candidates: tuple = ()) -> Result:
    return score(Answers("splitcheck/1", "Shop", context, signs, candidates), INSTRUMENT)


def _rank(result: Result, rec_id: str) -> int | None:
    return next((r.priority for r in result.recommendations if r.id == rec_id), None)


def test_the_cases_cover_every_verdict_flags_and_candidate_verdict():
    seen = set()
    for (verdict, blind), premature, candidates in CASES:
        result = _result(SIGN_SETS[verdict, blind], CONTEXTS[premature], CANDIDATE_SETS[candidates])
        assert result.verdict == verdict
        assert ("blind_spots" in result.flags) is blind
        assert ("premature_split" in result.flags) is premature
        seen |= {(verdict, result.flags, c.verdict) for c in result.candidates} or {(verdict, result.flags, None)}
    verdicts_and_flags = {(v, f) for v, f, _ in seen}
    assert len(verdicts_and_flags) == 7 * 2  # inconclusive always has blind spots
    for verdict, flags in verdicts_and_flags:
        assert {c for v, f, c in seen if (v, f) == (verdict, flags)} == {None, "split", "fix_first", "keep_module"}


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0][0]}{'+blind' if c[0][1] else ''}-{c[1]}-{c[2]}")
def test_the_advice_never_contradicts_itself(case):
    (verdict, blind), premature, candidates = case
    result = _result(SIGN_SETS[verdict, blind], CONTEXTS[premature], CANDIDATE_SETS[candidates])
    ranks = {r.id: r.priority for r in result.recommendations}
    assert [r.priority for r in result.recommendations] == list(range(1, len(ranks) + 1))

    # Consolidate first: no advice for the services kept, nor for candidates, before merging.
    consolidating = [ranks[r] for r in CONSOLIDATE if r in ranks]
    if consolidating:
        assert max(consolidating) < min(p for r, p in ranks.items() if r not in CONSOLIDATE), ranks
    if premature:  # too many services is always answered with running fewer, first
        assert ranks["fewer-services"] <= 2 and min(ranks[r] for r in CONSOLIDATE if r in ranks) == 1, ranks
    else:
        assert "fewer-services" not in ranks and CONSOLIDATE_FIRST not in ranks
    if verdict == "distributed_monolith":
        assert ranks["merge-what-changes-together"] == 1
    keep_ranks = [ranks[r] for r in KEEP if r in ranks]
    candidate_ranks = [p for r, p in ranks.items() if r not in KEEP and r not in CONSOLIDATE]
    if keep_ranks and candidate_ranks:
        assert max(keep_ranks) < min(candidate_ranks), ranks

    # The verdict never green-lights while the organisation runs too many services.
    plain = INSTRUMENT.verdicts[verdict]
    if premature:
        assert result.verdict_caveat == "premature_split"
        assert result.headline != plain.headline and result.summary != plain.summary
        assert "than your organisation needs" in result.headline
        if verdict == "independent":
            assert result.verdict_label != plain.label and "too many services" in result.verdict_label
    else:
        assert result.verdict_caveat is None
        assert (result.verdict_label, result.headline, result.summary) == (plain.label, plain.headline, plain.summary)

    # No split advice while the flag is up without the consolidate-first framing.
    for index, candidate in enumerate(result.candidates):
        plain_text = INSTRUMENT.candidate_verdicts[candidate.verdict]
        if premature and candidate.verdict in ("split", "fix_first"):
            assert "merge the services that change together" in candidate.summary.lower(), candidate
            assert candidate.summary != plain_text.summary
            first = next(r for r in result.recommendations if r.id == CONSOLIDATE_FIRST)
            assert f"candidates[{index}].reasons" in first.because
            assert {"context.engineers", "context.teams", "context.services"} <= set(first.because)
            assert ranks["fewer-services"] < ranks[CONSOLIDATE_FIRST]
            assert all(ranks[CONSOLIDATE_FIRST] < ranks[r] for r in SPLIT_ADVICE if r in ranks), ranks
        else:
            assert (candidate.label, candidate.summary) == (plain_text.label, plain_text.summary)
    if not any(c.verdict in ("split", "fix_first") for c in result.candidates):
        assert CONSOLIDATE_FIRST not in ranks

    # The size-related advice states the team's own figures, and only it.
    for rec in result.recommendations:
        if any(c.startswith("context.") for c in rec.because):
            assert rec.figures.startswith("Your figures: 12 deployable services for 8 engineers and 1 team."), rec
            assert "1.5 for each engineer" in rec.figures and "12 for each team" in rec.figures
        else:
            assert rec.figures == "", rec


def test_the_report_groups_say_how_the_phases_fit_together():
    result = _result(_signs(yes=6), CONTEXTS[True], (SPLIT,))
    shown = phases(result, INSTRUMENT)
    assert [p.title for p in shown] == [
        "First: run fewer services",
        "Then, for the services you keep",
        "Last, for the services you might split out",
    ]
    assert "merge it away" in shown[1].intro
    assert [r.id for r in shown[0].recommendations] == list(CONSOLIDATE)
    assert shown[2].recommendations[0].id == CONSOLIDATE_FIRST
    # Without anything to merge, the services' own advice is not introduced as "then".
    alone = phases(_result(_signs(partly=6), CONTEXTS[False], (FIX_FIRST,)), INSTRUMENT)
    assert [p.title for p in alone] == ["For the services you run", "Last, for the services you might split out"]


def test_the_reported_cases_read_as_one_plan():
    partly = _result(_signs(partly=6), CONTEXTS[True])
    assert partly.verdict == "at_risk" and partly.recommendations[0].id == "fewer-services"
    independent = _result(_signs(), CONTEXTS[True])
    assert independent.verdict == "independent" and independent.verdict_label == "Independent, but too many services"
    assert [r.id for r in independent.recommendations] == ["fewer-services", "protect-independence"]
    split = _result(_signs(), CONTEXTS[True], (SPLIT,))
    assert split.candidates[0].verdict == "split"  # the contract's verdict stays
    assert split.candidates[0].label == "Split it out, after consolidating"


BEFORE = _result(_signs(yes=3), CONTEXTS[True])  # a distributed monolith with too many services
STILL_FLAGGED = _result(_signs(yes=2), CONTEXTS[True])  # better, but still too many services
DATE = datetime(2026, 1, 5, tzinfo=UTC)


def test_merging_is_not_no_longer_needed_while_the_organisation_still_runs_too_many_services():
    assert "merge-what-changes-together" not in {r.id for r in STILL_FLAGGED.recommendations}
    trend = compare(BEFORE, DATE, STILL_FLAGGED, INSTRUMENT)
    assert "merge-what-changes-together" not in {r.id for r in trend.resolved}
    assert [(then.id, now.id) for then, now in trend.reworded] == [("merge-what-changes-together", "fewer-services")]
    assert "fewer-services" not in {r.id for r in trend.new}
    proof = prove("merge-what-changes-together", None, "in_progress", BEFORE, STILL_FLAGGED)
    assert proof.state == "open" and "many services for its size" in proof.message


def test_merging_is_no_longer_needed_once_neither_reason_holds():
    fixed = _result(_signs(yes=2), CONTEXTS[False])
    trend = compare(BEFORE, DATE, fixed, INSTRUMENT)
    assert {"merge-what-changes-together", "fewer-services"} <= {r.id for r in trend.resolved}
    assert trend.reworded == ()
    assert prove("merge-what-changes-together", None, "done", BEFORE, fixed).state == "resolved_by_answers"


def test_running_fewer_services_carries_on_when_the_team_grows_but_still_merges():
    grown = _result(_signs(yes=3), CONTEXTS[False])  # a distributed monolith, now a large firm
    trend = compare(STILL_FLAGGED, DATE, grown, INSTRUMENT)
    assert [(then.id, now.id) for then, now in trend.reworded] == [("fewer-services", "merge-what-changes-together")]
    assert "fewer-services" not in {r.id for r in trend.resolved}
    assert "merge-what-changes-together" not in {r.id for r in trend.new}
