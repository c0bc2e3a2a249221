"""A broken lens's problems in the page's language: German on a German page, English as before on
an English one and on the command line (`lens check`), which speaks no other language."""

from __future__ import annotations

import io
import re

import yaml

from tests.contract_ids import SIGN_IDS

from .consulting import make_owner, sign_in
from .test_lenses import extending_lens

DE = {"Accept-Language": "de-DE,de;q=0.9"}
ENGLISH_PROBLEMS = (
    "must be a number",
    "is used twice",
    "is not one of",
    "is not a known key",
    "is missing",
    "must be at most",
    "must have the same placeholders",
    "is not an id or text of",
)


def broken_lens() -> dict:
    """An extending lens with a problem of each kind the checker words differently."""
    data = extending_lens()
    data["signs"][0]["weight"] = "heavy"
    data["signs"][1]["id"] = SIGN_IDS[0]  # already splitcheck/1's
    data["signs"][2]["example"] = "x" * 2_001
    del data["signs"][3]["statement"]
    data["recommendations"][0]["when"] = {"signs": ["observability_9"], "answers": ["yes"]}
    data["colour"] = "blue"
    data["translations"] = {
        "de": {
            "title": "Acme-Plattform %(year)s",
            "signs": {"no_such_sign": {"title": "Gibt es nicht"}},
        }
    }
    return data


def problems_of(html: str) -> list[str]:
    return re.findall(
        r"<li><code>(.*?)</code></li>", html.split('class="lens-problems"', 1)[1].split("</ul>", 1)[0], re.DOTALL
    )


def test_a_broken_lens_lists_its_problems_in_german(app, client):
    make_owner(app)
    sign_in(client)
    text = yaml.safe_dump(broken_lens(), allow_unicode=True, sort_keys=False)
    refused = client.post(
        "/workspace/lenses?lang=de",
        data={"file": (io.BytesIO(text.encode()), "acme.yaml")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    problems = problems_of(page)
    for problem in (
        "acme.yaml: signs[0].weight: muss eine Zahl sein",
        f"acme.yaml: signs[1].id: &#39;{SIGN_IDS[0]}&#39; kommt zweimal vor",
        "acme.yaml: signs[2].example: darf höchstens 2.000 Zeichen lang sein",
        "acme.yaml: signs[3].statement: fehlt",
        "acme.yaml: recommendations[0].when.signs: &#39;observability_9&#39; ist keiner der erlaubten Werte: ",
        "acme.yaml: colour: ist kein bekannter Schlüssel",
        "acme.yaml: translations.de.title: muss dieselben Platzhalter enthalten wie das Englische (keine)",
        "acme.yaml: translations.de.signs.no_such_sign: "
        "&#39;no_such_sign&#39; ist weder eine ID noch ein Text von signs",
    ):
        assert any(p.startswith(problem) for p in problems), problem
    assert len(problems) == 8
    assert not [p for p in problems if any(english in p for english in ENGLISH_PROBLEMS)]
    assert f"Die Datei wurde nicht gespeichert: {len(problems)} Probleme zu beheben" in page
    assert "Jede Zeile nennt die Datei, die Stelle darin und das Problem." in page
    assert "auf Englisch" not in page.split("<main", 1)[1]
    # What was uploaded stays on the page to fix.
    assert "Acme-Plattform %(year)s" in page


def test_the_same_file_in_english_and_on_the_command_line(app, client, runner, tmp_path):
    make_owner(app)
    sign_in(client)
    text = yaml.safe_dump(broken_lens(), allow_unicode=True, sort_keys=False)
    german = problems_of(client.post("/workspace/lenses", data={"source": text}, headers=DE).get_data(as_text=True))
    english = problems_of(client.post("/workspace/lenses?lang=en", data={"source": text}).get_data(as_text=True))
    assert "pasted text: signs[0].weight: must be a number" in english
    assert "pasted text: signs[2].example: must be at most 2,000 characters" in english
    # The same problems at the same keys of the file; the pasted text is named in the page's language.
    assert len(german) == len(english) == 8
    for de, en in zip(german, english, strict=True):
        assert de.startswith("eingefügter Text: ") and en.startswith("pasted text: ")
        assert de.split(": ")[1] == en.split(": ")[1] and de.split(": ", 2)[2] != en.split(": ", 2)[2]
    # The command line speaks English, whatever the pages spoke before it.
    path = tmp_path / "acme.yaml"
    path.write_text(text, encoding="utf-8")
    checked = runner.invoke(args=["lens", "check", str(path)])
    assert checked.exit_code == 2
    lines = checked.stderr.splitlines()
    assert "acme.yaml: colour: is not a known key" in lines
    assert [line.replace("acme.yaml: ", "pasted text: ", 1) for line in lines] == [
        problem.replace("&#39;", "'") for problem in english
    ]


def test_a_german_browser_gets_german_problems(app, client):
    make_owner(app)
    sign_in(client)
    refused = client.post("/workspace/lenses", data={"source": "id: [acme\n"}, headers=DE)
    assert refused.status_code == 422
    (problem,) = problems_of(refused.get_data(as_text=True))
    # The file's own words (the YAML parser's) stay as they are; the sentence around them is German.
    assert problem.startswith("eingefügter Text: kann nicht gelesen werden: ")
    assert "cannot be read" not in problem


def test_the_preview_quotes_the_answers_as_the_language_does(app, client):
    make_owner(app)
    sign_in(client)
    saved = client.post("/workspace/lenses", data={"source": yaml.safe_dump(extending_lens(), sort_keys=False)})
    assert saved.status_code == 302
    german = client.get(saved.location + "?lang=de").get_data(as_text=True)
    assert "Antworten jeweils: „Ja“, „Teilweise“, „Nein“, „Nicht sicher“." in german
    english = client.get(saved.location + "?lang=en").get_data(as_text=True)
    assert "Each is answered “Yes”, “Partly”, “No”, “Not sure”." in english
