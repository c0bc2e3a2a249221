"""The questionnaire's own texts in German: splitcheck/1 translated in full, translations checked
as strictly as the rest of a file, and a translated copy that scores exactly as the English one."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from app import instrument, language
from app.instrument import InstrumentError, loads
from app.instrument.translations import leaves, texts
from app.scoring import parse_answers, result_document, score
from tests.contract_ids import CANDIDATE_ANSWERS, SIGN_ANSWERS, SIGN_IDS
from tests.question_bank import LENS_ID, NEW_SIGN, NEW_SIGN_TITLE, lens_answers, lens_data

SOURCE = Path(instrument.__file__).with_name("splitcheck-1.yaml")


def source() -> dict:
    return yaml.safe_load(SOURCE.read_text(encoding="utf-8"))


def dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def problems_of(data: dict, complete: bool = True) -> list[str]:
    with pytest.raises(InstrumentError) as caught:
        loads(dump(data), "file.yaml", complete)
    return caught.value.problems


def test_every_text_of_splitcheck_1_has_german():
    data = source()
    german = dict(leaves(data["translations"]["de"]))
    english = {path: container[key] for path, (container, key) in texts(data).items()}
    assert set(german) == set(english)
    for path, text in german.items():
        assert text and type(text) is type(english[path]), path
    # Written, not copied: the sentences differ from the English ones.
    assert sum(german[p] != english[p] for p in english) > 0.9 * len(english)


def test_the_german_copy_has_german_texts_and_the_same_ids_and_points():
    english, german = instrument.get(), instrument.get().in_language("de")
    assert german is not english and german.language == "de" and english.language == "en"
    assert german.in_language("en") is english and english.in_language("de") is german
    assert german.sign_ids == english.sign_ids == SIGN_IDS
    assert german.sign_answers == english.sign_answers == SIGN_ANSWERS
    assert german.option_label("sign", "yes") == "Ja" and german.option_label("sign", "unsure") == "Nicht sicher"
    assert german.sign(SIGN_IDS[3]).title == "Services teilen sich eine Datenbank"
    assert german.verdicts["distributed_monolith"].label == "Verteilter Monolith"
    for group, answers in CANDIDATE_ANSWERS.items():
        assert german.answers_to(group) == english.answers_to(group) == answers
        assert german.scale(group) == english.scale(group)
    assert [(o.id, o.points, o.means) for o in german.options["sign"]] == [
        (o.id, o.points, o.means) for o in english.options["sign"]
    ]
    assert [s.weight for s in german.signs] == [s.weight for s in english.signs]
    assert (german.distributed_monolith_min_yes, german.inconclusive_min_unsure) == (
        english.distributed_monolith_min_yes,
        english.inconclusive_min_unsure,
    )
    assert german.premature_split == english.premature_split
    assert german.phases != english.phases and [p.id for p in german.phases] == [p.id for p in english.phases]
    for de, en in zip(german.recommendations, english.recommendations, strict=True):
        assert (de.id, de.priority, de.phase, de.when, de.continues) == (
            en.id,
            en.priority,
            en.phase,
            en.when,
            en.continues,
        )
        assert de.title != en.title and len(de.steps) == len(en.steps)
    for de_q, en_q in zip(german.candidate_questions, english.candidate_questions, strict=True):
        assert (de_q.id, de_q.kind, de_q.keeps_module, de_q.ready) == (
            en_q.id,
            en_q.kind,
            en_q.keeps_module,
            en_q.ready,
        )
        assert de_q.question != en_q.question


TEXTS = {"verdict_label", "headline", "summary", "title", "meaning", "why", "steps", "figures"}


def without_texts(value):
    if isinstance(value, dict):
        return {k: without_texts(v) for k, v in value.items() if k not in TEXTS}
    if isinstance(value, list):
        return [without_texts(v) for v in value]
    return value


@pytest.mark.parametrize("changes", [{}, {"call_chains": "unsure", "local_testing": "unsure", "deploy_coupling": "no"}])
def test_scores_are_the_same_in_both_languages_apart_from_texts(answers, changes):
    answers["signs"].update(changes)
    parsed = parse_answers(answers)
    english = score(parsed, instrument.get()).to_document()
    german = score(parsed, instrument.get().in_language("de")).to_document()
    assert german != english
    assert german["headline"] != english["headline"]
    assert without_texts(german) == without_texts(english)


def test_the_result_document_is_english_while_german_is_spoken(answers):
    english = result_document(parse_answers(answers))
    spoken = language._current
    language.use(language._catalogue, lambda: "de")
    try:
        assert instrument.get().language == "de"
        assert result_document(parse_answers(answers)) == english
    finally:
        language.use(language._catalogue, spoken)


def test_a_missing_german_text_is_a_problem_of_a_built_in_file():
    data = source()
    del data["translations"]["de"]["signs"][SIGN_IDS[3]]["title"]
    del data["translations"]["de"]["recommendations"]["own-your-data"]
    problems = problems_of(data)
    assert f"file.yaml: translations.de.signs.{SIGN_IDS[3]}.title: is missing" in problems
    assert "file.yaml: translations.de.recommendations.own-your-data.steps: is missing" in problems
    without = source()
    del without["translations"]
    assert problems_of(without) == ["file.yaml: translations.de: is missing"]


def test_unknown_ids_and_keys_in_a_translation_are_problems():
    data = source()
    de = data["translations"]["de"]
    de["signs"]["no_such_sign"] = {"title": "Gibt es nicht"}
    de["signs"][SIGN_IDS[0]]["colour"] = "Blau"
    de["verdicts"]["texts"]["at_risk"]["flagged"]["blind_spots"] = {"summary": "Nicht in der Datei"}
    data["translations"]["fr"] = {"title": "Splitcheck"}
    problems = problems_of(data)
    assert "file.yaml: translations.de.signs.no_such_sign: 'no_such_sign' is not an id or text of signs" in problems
    assert f"file.yaml: translations.de.signs.{SIGN_IDS[0]}.colour: is not a text of the questionnaire" in problems
    assert (
        "file.yaml: translations.de.verdicts.texts.at_risk.flagged.blind_spots: "
        "'blind_spots' is not an id or text of verdicts.texts.at_risk.flagged"
    ) in problems
    assert "file.yaml: translations.fr: is not one of the languages: de" in problems
    assert len(problems) == 4


def test_an_empty_part_of_a_translation_translates_nothing_there():
    data = lens_data()
    data["translations"]["de"]["signs"] = {}
    data["translations"]["de"]["recommendations"] = {"own-your-data": {}}
    lens = loads(dump(data), "lens.yaml")
    german = lens.in_language("de")
    assert german.sign(SIGN_IDS[0]).title == lens.sign(SIGN_IDS[0]).title  # left in English
    assert german.option_label("sign", "partly") == "Teilweise"  # the rest still German
    # In a file that must translate everything, what the empty part leaves out is missing, nothing more.
    problems = problems_of(data)
    assert f"file.yaml: translations.de.signs.{SIGN_IDS[0]}.title: is missing" in problems
    assert "file.yaml: translations.de.recommendations.own-your-data.why: is missing" in problems
    assert all(problem.endswith(": is missing") for problem in problems)


def test_placeholders_steps_and_empty_texts_must_match_the_english():
    data = source()
    data["signs"][0]["title"] = "Deploys of %(count)s services go together"
    de = data["translations"]["de"]
    de["signs"][SIGN_IDS[1]]["title"] = "%(count)s Services fallen aus"
    de["recommendations"]["own-your-data"]["steps"] = ["Nur ein Schritt."]
    de["answers"]["sign"]["yes"]["label"] = " "
    assert sorted(problems_of(data)) == sorted(
        [
            f"file.yaml: translations.de.signs.{SIGN_IDS[0]}.title: "
            "must have the same placeholders as the English (%(count)s)",
            f"file.yaml: translations.de.signs.{SIGN_IDS[1]}.title: "
            "must have the same placeholders as the English (none)",
            "file.yaml: translations.de.recommendations.own-your-data.steps: "
            "must have as many texts as the English (3)",
            "file.yaml: translations.de.answers.sign.yes.label: must be a text",
        ]
    )


def test_a_lens_without_german_shows_its_english_texts():
    data = lens_data()
    del data["translations"]
    lens = loads(dump(data), "lens.yaml")
    assert lens.in_language("de") is lens
    assert lens.untranslated["de"] == len(texts(data))


def test_a_lens_may_translate_part_of_its_texts():
    data = lens_data()
    data["translations"]["de"]["signs"][NEW_SIGN] = {"title": "Niemand kann einer Anfrage folgen"}
    lens = loads(dump(data), "lens.yaml")
    german = lens.in_language("de")
    assert german.sign(NEW_SIGN).title == "Niemand kann einer Anfrage folgen"
    assert german.sign(NEW_SIGN).statement == lens.sign(NEW_SIGN).statement  # not translated: English
    assert german.sign(SIGN_IDS[0]).title == "Auslieferungen hängen zusammen"
    assert 0 < lens.untranslated["de"] < len(texts(data))
    assert german.sign_ids == (*SIGN_IDS, NEW_SIGN)
    english_doc = score(parse_answers(lens_answers(), lambda _: lens), lens).to_document()
    german_doc = score(parse_answers(lens_answers(), lambda _: lens), german).to_document()
    assert without_texts(english_doc) == without_texts(german_doc)
    # A lens is checked as strictly as the built-in file, apart from what it leaves out.
    data["translations"]["de"]["signs"]["no_such_sign"] = {"title": "Gibt es nicht"}
    assert problems_of(data, complete=False) == [
        "file.yaml: translations.de.signs.no_such_sign: 'no_such_sign' is not an id or text of signs"
    ]


EXTENDING = {
    "id": LENS_ID,
    "extends": "splitcheck/1",
    "title": "Platform lens",
    "signs": [copy.deepcopy(lens_data()["signs"][-1])],
}


def test_a_lens_that_extends_splitcheck_1_inherits_its_german():
    lens = loads(dump(EXTENDING), "lens.yaml")
    german = lens.in_language("de")
    assert german.sign(SIGN_IDS[0]).title == "Auslieferungen hängen zusammen"
    assert german.option_label("sign", "partly") == "Teilweise"
    assert german.sign(NEW_SIGN).title == NEW_SIGN_TITLE  # its own sign: no German given
    assert german.title == "Platform lens"  # its own title, not splitcheck/1's German one
    own = {**EXTENDING, "translations": {"de": {"title": "Plattform-Sicht", "signs": {NEW_SIGN: {"title": "Blind"}}}}}
    german = loads(dump(own), "lens.yaml").in_language("de")
    assert (german.title, german.sign(NEW_SIGN).title) == ("Plattform-Sicht", "Blind")
    assert german.sign(SIGN_IDS[1]).title == "Ein Ausfall legt alles lahm"


def test_a_text_a_lens_rewrites_loses_the_inherited_german():
    answers = copy.deepcopy(source()["answers"]["sign"])
    answers[0]["label"] = "Definitely"
    lens = loads(dump({**EXTENDING, "answers": {"sign": answers}}), "lens.yaml")
    german = lens.in_language("de")
    assert german.option_label("sign", "yes") == "Definitely"
    assert german.option_label("sign", "no") == "Nein"
