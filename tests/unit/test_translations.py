"""Nothing is left in English in German: every sentence marked for translation in Python and the
templates has a German translation with the same placeholders, and the catalogue holds no
sentence the product no longer says."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "app" / "translations" / "de" / "LC_MESSAGES" / "messages.po"
METHODS = [("app/**.py", "python"), ("templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None, "say": None}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def searched(folder: str) -> bool:
    """Every folder but hidden ones and node_modules: also those starting with "_" (templates/_macros),
    which Babel skips unless told."""
    name = Path(folder).name
    return not name.startswith(".") and name != "node_modules"


def extracted() -> dict[str, str]:
    """Each sentence (its singular) -> where it was found."""
    found: dict[str, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        ROOT, METHODS, keywords=KEYWORDS, comment_tags=(), directory_filter=searched
    ):
        if filename.startswith(("app/", "templates/")) or "/" not in filename:
            key = message[0] if isinstance(message, tuple) else message
            if key:
                found.setdefault(key, f"{filename}:{lineno}")
    return found


def catalogue():
    with CATALOGUE.open("rb") as file:
        return read_po(file, locale="de")


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def test_every_sentence_has_a_german_translation():
    german = catalogue()
    assert not german.fuzzy, "a catalogue marked fuzzy is not compiled: the pages would be in English"
    missing = []
    for sentence, where in sorted(extracted().items()):
        message = german.get(sentence)
        strings = message.string if message else ""
        strings = strings if isinstance(strings, tuple) else (strings,)
        if message is None or message.fuzzy or not all(strings):
            missing.append(f"{where}: {sentence!r}")
    assert not missing, f"{len(missing)} sentences have no German translation:\n" + "\n".join(missing[:50])


def test_translations_keep_the_placeholders():
    """A singular sentence keeps exactly its values; the forms of a plural one may leave out the
    count in the singular ("one service"), never add a value or lose one altogether."""
    wrong = []
    for message in catalogue():
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set().union(*map(placeholders, ids))
        given = [placeholders(s) for s in strings]
        if any(g - expected for g in given) or set().union(*given) != expected:
            wrong.append(f"{ids[0]!r} -> {strings!r}")
    assert not wrong, "Placeholders differ:\n" + "\n".join(wrong)


def test_the_catalogue_holds_only_sentences_the_product_says():
    said = extracted()
    stale = [m.id for m in catalogue() if m.id and (m.id[0] if isinstance(m.id, tuple) else m.id) not in said]
    assert not stale, "No longer said anywhere (run make messages): " + ", ".join(map(repr, stale[:20]))


def test_the_check_sees_a_sentence_that_is_not_translated(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text('<p>{{ _("A sentence nobody translated") }}</p>')
    found = {
        m[2] for m in extract_from_dir(tmp_path, [("templates/**.html", "jinja2")], keywords=KEYWORDS, comment_tags=())
    }
    assert "A sentence nobody translated" in found
    assert catalogue().get("A sentence nobody translated") is None


def test_the_check_reads_the_macros():
    where = extracted()["Nothing on this page was saved yet; everything you entered is still below."]
    assert where.startswith("templates/_macros/forms.html")
