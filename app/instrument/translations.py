"""The questionnaire's texts in the product's other languages: a file's ``translations`` part.

Per language code, the texts keyed by the same ids as the English, in the shape of the file
itself, so a translator sees what they translate::

    translations:
      de:
        title: ...
        answers: {sign: {"yes": {label: Ja}}}
        signs: {shared_database: {title: ..., meaning: {"yes": ...}}}
        verdicts: {texts: {at_risk: {label: ..., flagged: {premature_split: {summary: ...}}}}}
        recommendations: {own-your-data: {title: ..., why: ..., steps: [..., ...]}}

Only texts are translated: ids, points, limits and rules are the English file's, so a
translated copy scores exactly as the English one. Each text keeps the English one's
placeholders. A built-in questionnaire must translate every text; a workspace's lens may leave
texts (or a whole language) out, and those are shown in English.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from typing import Any

from app.language import DEFAULT_LANGUAGE, LANGUAGES, _

from .reader import MAX_TEXT, Reader, too_long

# The product's languages a questionnaire can be translated into.
OTHER_LANGUAGES = tuple(code for code in LANGUAGES if code != DEFAULT_LANGUAGE)

Path = tuple[str, ...]

# Which keys of each part are texts; the parts that are lists are keyed by their items' ids.
_LISTS = {
    "context": ("label", "help", "one", "many"),
    "signs": ("title", "statement", "explanation", "example", "section"),
    "candidate_questions": ("question", "help", "problem", "fixed", "none_label"),
    "phases": ("title", "intro", "then_title", "then_intro"),
    "recommendations": ("title", "why", "steps"),
}
_LABEL_KEYS = ("label", "headline", "summary")
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


def texts(data: Any) -> dict[Path, tuple[Any, Any]]:
    """Every text of a questionnaire's (English) data: path by ids -> (container, key), so
    ``container[key]`` is the text (a list of texts for a recommendation's steps)."""
    found: dict[Path, tuple[Any, Any]] = {}
    if not isinstance(data, dict):
        return found

    def add(path: Path, container: Any, key: Any) -> None:
        if isinstance(container, dict) and isinstance(container.get(key), str | list):
            found[path] = (container, key)

    add(("title",), data, "title")
    _list_texts(data, add)
    _label_texts(data, add)
    add(("scoring", "unsure_note"), _dict(data.get("scoring")), "unsure_note")
    return found


def _list_texts(data: dict, add: Callable[[Path, Any, Any], None]) -> None:
    for group, items in _dict(data.get("answers")).items():
        for item_id, item in _by_id(items):
            for key in ("label", "note"):
                add(("answers", group, item_id, key), item, key)
    for part, keys in _LISTS.items():
        for item_id, item in _by_id(data.get(part)):
            for key in keys:
                add((part, item_id, key), item, key)
            if part == "signs":
                for answer in _dict(item.get("meaning")):
                    add((part, item_id, "meaning", answer), item["meaning"], answer)


def _label_texts(data: dict, add: Callable[[Path, Any, Any], None]) -> None:
    labels = (
        (("verdicts", "texts"), _dict(_dict(data.get("verdicts")).get("texts"))),
        (("candidate_verdicts",), _dict(data.get("candidate_verdicts"))),
        (("flags",), _dict(data.get("flags"))),
    )
    for prefix, mapping in labels:
        for label_id, item in mapping.items():
            for key in _LABEL_KEYS:
                add((*prefix, label_id, key), item, key)
            for flag, worded in _dict(_dict(item).get("flagged")).items():
                for key in _LABEL_KEYS:
                    add((*prefix, label_id, "flagged", flag, key), worded, key)


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _by_id(items: Any) -> Iterator[tuple[str, dict]]:
    if isinstance(items, list):
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                yield item["id"], item


def leaves(data: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    """A translation's texts by path (a list is one text: a recommendation's steps)."""
    if isinstance(data, dict) and data:
        for key, value in data.items():
            yield from leaves(value, (*path, str(key)))
    else:
        yield path, data


def inherited(base: dict, merged: dict) -> dict[str, dict]:
    """The built-in questionnaire's translations a file that extends it keeps: those of the texts
    it left as they were (a text it rewrote in English needs its own translation)."""
    base_texts, merged_texts = texts(base), texts(merged)
    kept: dict[str, dict] = {}
    for code, given in _dict(base.get("translations")).items():
        for path, text in leaves(given):
            old, new = base_texts.get(path), merged_texts.get(path)
            if old and new and old[0][old[1]] == new[0][new[1]]:
                _put(kept.setdefault(code, {}), path, text)
    return kept


def merge(into: dict[str, dict], given: Any) -> Any:
    """A file's own translations laid over the ones it inherits."""
    if not isinstance(given, dict):
        return given if not into else into
    merged = copy.deepcopy(into)
    for code, part in given.items():
        if not isinstance(part, dict) or not isinstance(merged.get(code), dict):
            merged[code] = part
            continue
        for path, text in leaves(part):
            _put(merged[code], path, text)
    return merged


def _put(tree: dict, path: Path, value: Any) -> None:
    for key in path[:-1]:
        tree = tree.setdefault(key, {})
    tree[path[-1]] = value


def check(r: Reader, given: Any, data: dict, complete: bool) -> dict[str, dict[Path, Any]]:
    """The translations that are right, by language and path; each problem noted. `complete`:
    every text must be translated (a built-in questionnaire)."""
    if given is None:
        given = {}
    if not isinstance(given, dict):
        r.note("translations", _("must be a mapping of language codes"))
        return {}
    english = texts(data)
    found: dict[str, dict[Path, Any]] = {}
    for code, part in given.items():
        if code not in OTHER_LANGUAGES:
            r.note(
                f"translations.{code}",
                _("is not one of the languages: %(languages)s", languages=", ".join(OTHER_LANGUAGES)),
            )
        elif not isinstance(part, dict):
            r.note(f"translations.{code}", _("must be a mapping"))
        else:
            found[code] = _language(r, f"translations.{code}", part, english)
    for code in OTHER_LANGUAGES if complete else ():
        if code not in given:
            r.note(f"translations.{code}", _("is missing"))
        if not isinstance(given.get(code), dict):
            continue
        written = {path for path, _text in leaves(given[code])}
        for path in english:
            if path not in written:
                r.note(f"translations.{code}.{'.'.join(path)}", _("is missing"))
    return found


def _language(r: Reader, where: str, part: dict, english: dict[Path, tuple[Any, Any]]) -> dict[Path, Any]:
    found: dict[Path, Any] = {}
    unknown: set[Path] = set()
    for path, text in leaves(part):
        if not path:
            continue
        if path not in english:
            known = _known_part(path, english)
            if known == len(path):  # an empty part (`signs: {}`): nothing translated there
                continue
            if path[: known + 1] not in unknown:
                unknown.add(path[: known + 1])
                r.note(".".join((where, *path[: known + 1])), _unknown(path, known))
            continue
        container, key = english[path]
        problem = _problem(text, container[key])
        if problem:
            r.note(".".join((where, *path)), problem)
        else:
            found[path] = text
    return found


def _known_part(path: Path, english: dict[Path, Any]) -> int:
    """How many parts of `path` lead to texts of the file."""
    known = 0
    while known < len(path) and any(text[: known + 1] == path[: known + 1] for text in english):
        known += 1
    return known


def _unknown(path: Path, known: int) -> str:
    """Why a translated path is not one of the file's texts."""
    if known == len(path) - 1 and known > 0 and path[-1] not in {"flagged", "meaning"}:
        return _("is not a text of the questionnaire")
    if not known:
        return _("%(key)s is not an id or text of the questionnaire", key=repr(path[known]))
    return _("%(key)s is not an id or text of %(part)s", key=repr(path[known]), part=".".join(path[:known]))


def _problem(text: Any, english: Any) -> str | None:
    if isinstance(english, list):
        if not isinstance(text, list) or not all(isinstance(t, str) and t.strip() for t in text):
            return _("must be a list of texts")
        if len(text) != len(english):
            return _("must have as many texts as the English (%(count)s)", count=len(english))
        return next(filter(None, (_text_problem(t, e) for t, e in zip(text, english, strict=True))), None)
    if not isinstance(text, str) or not text.strip():
        return _("must be a text")
    return _text_problem(text, english)


def _text_problem(text: str, english: str) -> str | None:
    if len(text) > MAX_TEXT:
        return too_long()
    ours, theirs = sorted(_PLACEHOLDER.findall(text)), sorted(_PLACEHOLDER.findall(english))
    if ours != theirs:
        if not theirs:
            return _("must have the same placeholders as the English (none)")
        return _("must have the same placeholders as the English (%(placeholders)s)", placeholders=", ".join(theirs))
    return None


def translated(data: dict, given: dict[Path, Any]) -> dict:
    """A copy of the file's data with these texts in place of the English ones."""
    copied = copy.deepcopy(data)
    places = texts(copied)
    for path, text in given.items():
        container, key = places[path]
        container[key] = text
    return copied
