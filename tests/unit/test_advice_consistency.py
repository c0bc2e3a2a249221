"""No contradictory advice: a candidate the report says to keep as a module (or that is ready to
split) is never given steps that prepare its split, and a candidate to fix first is always given
the step for each of its blockers. Checked over every candidate answer combination."""

from __future__ import annotations

import copy
import itertools
from pathlib import Path

import pytest
import yaml

from app import instrument
from app.instrument import InstrumentError, load
from app.instrument.describe import trigger_text
from app.scoring import Answers, Candidate, Context, candidate_verdict, score
from tests.contract_ids import BLOCKING_QUESTIONS, CANDIDATE_ANSWERS, REASONS, SIGN_IDS, candidate_of, context_of

INSTRUMENT = instrument.get()
SOURCE = Path(instrument.__file__).with_name("splitcheck-1.yaml")

# The recommendations that prepare a split, each for the blocker it removes.
PREPARES_SPLIT = {
    "owns_data": "give-candidate-its-data",
    "deploy_alone": "make-candidate-deployable",
    "survives_outages": "make-candidate-resilient",
}
REASON_SETS = [combo for n in range(len(REASONS) + 1) for combo in itertools.combinations(REASONS, n)]
CANDIDATES = [
    candidate_of(f"C{i}", domain, owns, deploy, survives, reasons)
    for i, (domain, owns, deploy, survives, reasons) in enumerate(
        itertools.product(
            CANDIDATE_ANSWERS["domain_split"],
            CANDIDATE_ANSWERS["owns_data"],
            CANDIDATE_ANSWERS["deploy_alone"],
            CANDIDATE_ANSWERS["survives_outages"],
            REASON_SETS,
        )
    )
]
SITUATIONS = {
    "contract example, premature split": (
        {"deploy_coupling": "yes", "cascading_failure": "partly", "call_chains": "no"}
        | {"shared_database": "yes", "local_testing": "unsure", "breaking_changes": "yes"},
        context_of(8, 1, 12, 2),
    ),
    "independent, large organisation": (dict.fromkeys(SIGN_IDS, "no"), context_of(200, 25, 40)),
    "every sign present": (dict.fromkeys(SIGN_IDS, "yes"), context_of(30, 4, 10)),
    "nothing known": (dict.fromkeys(SIGN_IDS, "unsure"), context_of(5, 1, 2)),
}
# A keep_module candidate with every blocker, put before the candidate under test, so that a
# `because` pointing at the wrong index would be caught.
NEIGHBOUR = candidate_of("Shared layer", "layer", "shared", "no", "no", ())


def test_every_candidate_combination_is_covered():
    assert len(CANDIDATES) == 3 * 3 * 3 * 3 * 8
    assert {candidate_verdict(c, INSTRUMENT)[0] for c in CANDIDATES} == {"keep_module", "fix_first", "split"}


def _check(candidates: tuple[Candidate, ...], signs: dict[str, str], context: Context) -> None:
    result = score(Answers("splitcheck/1", "Team", context, signs, candidates), INSTRUMENT)
    by_id = {r.id: r for r in result.recommendations}
    verdicts = [c.verdict for c in result.candidates]
    for rec_id in PREPARES_SPLIT.values():
        for cause in by_id[rec_id].because if rec_id in by_id else ():
            index = int(cause.split("[")[1].split("]")[0])
            assert verdicts[index] == "fix_first", (rec_id, cause, candidates[index])
    for index, candidate in enumerate(result.candidates):
        if candidate.verdict == "fix_first":
            for blocker in candidate.blockers:
                rec_id = PREPARES_SPLIT[blocker]
                assert rec_id in by_id, (rec_id, candidates[index])
                assert f"candidates[{index}].{blocker}" in by_id[rec_id].because, (rec_id, candidates[index])


@pytest.mark.parametrize("situation", SITUATIONS)
def test_no_split_steps_for_candidates_not_to_be_split_and_all_for_those_to_fix(situation):
    signs, context = SITUATIONS[situation]
    for candidate in CANDIDATES:
        _check((candidate,), signs, context)
        _check((NEIGHBOUR, candidate), signs, context)


def test_all_candidates_at_once():
    signs, context = SITUATIONS["contract example, premature split"]
    _check(tuple(CANDIDATES), signs, context)


def test_the_verdict_filter_is_not_a_cause():
    signs, context = SITUATIONS["independent, large organisation"]
    fix_first = candidate_of("Billing", "domain", "yes", "no", "yes", ("team_independence",))
    result = score(Answers("splitcheck/1", None, context, signs, (NEIGHBOUR, fix_first)), INSTRUMENT)
    by_id = {r.id: r for r in result.recommendations}
    assert by_id["make-candidate-deployable"].because == ("candidates[1].deploy_alone",)
    assert "give-candidate-its-data" not in by_id and "make-candidate-resilient" not in by_id
    assert by_id["split-by-domain"].because == ("candidates[0].domain_split",)  # layer cuts are told why
    assert by_id["keep-it-a-module"].because == ("candidates[0].reasons",)


def test_which_verdicts_each_candidate_recommendation_is_for():
    verdicts = {r.id: r.when.candidate_verdicts for r in INSTRUMENT.recommendations if r.when.kind == "candidates"}
    assert verdicts == {
        "consolidate-before-splitting": ("split", "fix_first"),
        "split-by-domain": (),
        "give-candidate-its-data": ("fix_first",),
        "make-candidate-deployable": ("fix_first",),
        "make-candidate-resilient": ("fix_first",),
        "keep-it-a-module": (),
    }


def test_the_how_the_score_works_text_names_the_kind_of_candidate():
    rec = INSTRUMENT.recommendation("make-candidate-deployable")
    assert trigger_text(rec.when, INSTRUMENT) == (
        "a candidate service that could be split once its blockers are fixed answers "
        "“Could it be deployed on its own, without releasing anything else?” with “No” or “Not sure”."
    )
    assert trigger_text(INSTRUMENT.recommendation("keep-it-a-module").when, INSTRUMENT) == (
        "a candidate service has no real reason to be split out."
    )


def _broken(tmp_path: Path, when: dict) -> Path:
    data = yaml.safe_load(SOURCE.read_text())
    index = next(i for i, r in enumerate(data["recommendations"]) if r["id"] == "make-candidate-deployable")
    data["recommendations"][index]["when"] = copy.deepcopy(when)
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return path


@pytest.mark.parametrize(
    "when, message",
    [
        (
            {"candidates": {"verdict": ["fix_first"]}},
            "when.candidates: must name at least one candidate question besides verdict",
        ),
        (
            {"candidates": {"verdict": ["split_it"], "deploy_alone": ["no"]}},
            "when.candidates.verdict: 'split_it' is not one of split, fix_first, keep_module",
        ),
        ({"candidates": {"verdict": [], "deploy_alone": ["no"]}}, "when.candidates.verdict: must be a non-empty list"),
        ({"candidates": {"verdict": "fix_first", "deploy_alone": ["no"]}}, "when.candidates.verdict: must be a non"),
        ({"candidates": {}}, "when.candidates: must name at least one candidate question"),
    ],
)
def test_a_bad_verdict_filter_is_refused_naming_file_and_key(tmp_path, when, message):
    with pytest.raises(InstrumentError) as caught:
        load(_broken(tmp_path, when))
    assert str(caught.value).startswith("broken.yaml: recommendations[")
    assert message in str(caught.value)


def test_a_verdict_filter_with_several_verdicts_loads_and_reads_well(tmp_path):
    when = {"candidates": {"verdict": ["split", "fix_first"], "deploy_alone": ["no"]}}
    rec = load(_broken(tmp_path, when)).recommendation("make-candidate-deployable")
    assert rec.when.candidate_verdicts == ("split", "fix_first")
    assert trigger_text(rec.when, INSTRUMENT).startswith(
        "a candidate service that is ready to be split out or that could be split once its blockers are fixed answers "
    )


def test_blocking_questions_are_the_ones_with_split_steps():
    assert set(PREPARES_SPLIT) == set(BLOCKING_QUESTIONS)
