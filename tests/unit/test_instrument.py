"""The questionnaire file: loaded once, and refused loudly when broken."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from app import instrument
from app.instrument import InstrumentError, load
from tests.contract_ids import SIGN_IDS

SOURCE = Path(instrument.__file__).with_name("splitcheck-1.yaml")


def test_current_instrument_loads_with_every_part():
    inst = instrument.get()
    assert inst.id == "splitcheck/1"
    assert tuple(s.id for s in inst.signs) == SIGN_IDS
    assert len(inst.recommendations) >= 12
    for rec in inst.recommendations:
        assert rec.title and rec.why and rec.steps
    for sign in inst.signs:
        assert set(sign.meaning) == {"yes", "partly", "no", "unsure"}


def test_instrument_is_loaded_once():
    assert instrument.get() is instrument.get("splitcheck/1")


def test_unknown_instrument_id():
    with pytest.raises(KeyError):
        instrument.get("splitcheck/99")


def _broken(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(SOURCE.read_text())
    change(data)
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return path


@pytest.mark.parametrize(
    "change, key",
    [
        (lambda d: d["signs"][2].pop("weight"), "signs[2].weight: is missing"),
        (lambda d: d["signs"][0].update(weight="heavy"), "signs[0].weight: must be a number"),
        (lambda d: d["signs"][4].update(id=d["signs"][1]["id"]), "signs[4].id: 'cascading_failure' is used twice"),
        (lambda d: d["signs"][0].update(colour="red"), "signs[0].colour: is not a known key"),
        (lambda d: d["answers"]["sign"][3].pop("means"), "answers.sign[3].means: is missing"),
        (
            lambda d: d["answers"]["sign"][3].update(means="partly"),
            "answers.sign: needs exactly one answer with means: partly",
        ),
        (
            lambda d: d["answers"]["owns_data"].append({"id": "yes", "label": "Again"}),
            "answers.owns_data[3].id: 'yes' is used twice",
        ),
        (lambda d: d["candidate_questions"][1].update(ready="always"), "candidate_questions[1].ready: must be one of"),
        (
            lambda d: d["flags"]["premature_split"].update(count="servers"),
            "flags.premature_split.count: must be one of",
        ),
        (
            lambda d: d["verdicts"].update(distributed_monolith_min_yes=7),
            "verdicts.distributed_monolith_min_yes: must be from 1",
        ),
        (
            lambda d: d["recommendations"][0]["when"].update(answers=["always"]),
            "recommendations[0].when.answers: 'always' is not one of",
        ),
        (
            lambda d: d["recommendations"][-2].update(when={"candidates": {"owns_data": ["no"]}}),
            "when.candidates.owns_data: 'no' is not one of yes, shared, unsure",
        ),
        (lambda d: d["signs"][1]["meaning"].pop("partly"), "signs[1].meaning.partly: is missing"),
        (lambda d: d["answers"]["sign"][1].update(points=1.5), "answers.sign[1].points: must be between 0 and 1"),
        (lambda d: d["answers"]["sign"][0].update(points=0.2), "answers.sign: points must rise"),
        (lambda d: d["recommendations"][3].update(id=d["recommendations"][0]["id"]), "recommendations[3].id"),
        (lambda d: d.update(recommendations=[]), "recommendations: needs at least one"),
        (lambda d: d["recommendations"][0]["when"].update(signs=["no_such_sign"]), "recommendations[0].when.signs"),
        (lambda d: d["recommendations"][0].update(when={}), "recommendations[0].when: must have exactly one"),
        (lambda d: d["recommendations"][2].update(steps=[]), "recommendations[2].steps"),
        (lambda d: d["verdicts"]["texts"].pop("at_risk"), "verdicts.texts.at_risk: is missing"),
        (lambda d: d["context"][1].update(kind="colour"), "context[1].kind"),
        (lambda d: d.pop("title"), "title: is missing"),
        (lambda d: d["recommendations"][0].pop("phase"), "recommendations[0].phase: is missing"),
        (
            lambda d: d["recommendations"][1].update(phase="later"),
            "recommendations[1].phase: 'later' is not one of the phases: consolidate, keep, candidates",
        ),
        (lambda d: d["phases"][1].update(id="consolidate"), "phases[1].id: 'consolidate' is used twice"),
        (lambda d: d["phases"][0].pop("intro"), "phases[0].intro: is missing"),
        (
            lambda d: d["recommendations"][1].update(continues=["merge-it-all"]),
            "recommendations[1].continues: 'merge-it-all' is not another recommendation of this file",
        ),
        (
            lambda d: d["verdicts"]["texts"]["independent"]["flagged"].update(too_big={"summary": "Big."}),
            "verdicts.texts.independent.flagged.too_big: is not a known key",
        ),
        (
            lambda d: d["candidate_verdicts"]["split"]["flagged"]["premature_split"].update(headline="No."),
            "candidate_verdicts.split.flagged.premature_split.headline: is not a known key",
        ),
        (lambda d: d["flags"]["blind_spots"].update(flagged={}), "flags.blind_spots.flagged: is not a known key"),
        (
            lambda d: d["recommendations"][0]["when"].update(flags=["premature_split"]),
            "recommendations[0].when: must have exactly one of",
        ),
        (
            lambda d: d["recommendations"][-1].update(when={"candidates": {"reasons": ["none"]}, "flags": ["too_big"]}),
            "when.flags: 'too_big' is not one of premature_split, blind_spots",
        ),
    ],
)
def test_broken_file_is_refused_naming_file_and_key(tmp_path, change, key):
    with pytest.raises(InstrumentError) as caught:
        load(_broken(tmp_path, change))
    assert str(caught.value).startswith("broken.yaml: ")
    assert key in str(caught.value)


def test_unparseable_file_is_refused(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("signs: [unclosed")
    with pytest.raises(InstrumentError, match="bad.yaml: cannot be read"):
        load(path)


def test_broken_instrument_stops_app_start_up(tmp_path, monkeypatch):
    from app.factory import create_app

    broken = _broken(tmp_path, lambda d: d["signs"][0].pop("statement"))
    monkeypatch.setitem(instrument._FILES, "splitcheck/1", str(broken))
    instrument._load.cache_clear()
    try:
        with pytest.raises(InstrumentError, match=r"broken.yaml: signs\[0\].statement: is missing"):
            create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    finally:
        monkeypatch.undo()
        instrument._load.cache_clear()
