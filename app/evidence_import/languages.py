"""Evidence in the reader's language.

The importer writes its sentences (findings' summaries, what the files could not show, how much
they could show, why a file was skipped) in the language of the moment the document is made. The
document kept for an assessment is the one of CONTRACT.md, in English (the API and the command
line give it as they always did); the same files are also analysed in each other language of the
product when they arrive, and only those sentences are kept beside it (`EvidenceImport.texts`),
since the files themselves are normally not kept. A page puts the reader's sentences back into
the document (`in_language`); evidence imported before there were other languages reads in English.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from app.language import DEFAULT_LANGUAGE, LANGUAGES
from app.translation import speaking

Texts = dict[str, Any]


def texts_of(document: dict[str, Any]) -> Texts:
    """The sentences of a document, where they are in it."""
    return {
        "skipped": [i["skipped"] for i in document.get("inputs", []) if "skipped" in i],
        "findings": [[f.get("sign"), f.get("summary")] for f in document.get("findings", [])],
        "unseen": list(document.get("unseen", [])),
        "unseen_by_sign": dict(document.get("unseen_by_sign") or {}),
        "coverage": dict(document.get("coverage") or {}),
    }


def in_language(document: dict[str, Any], texts: dict[str, Texts] | None, code: str) -> dict[str, Any]:
    """The document with the sentences of ``code`` where they were kept, else as it is."""
    said = (texts or {}).get(code)
    if not said:
        return document
    out = copy.deepcopy(document)
    reasons = iter(said.get("skipped", []))
    for entry in out.get("inputs", []):
        if "skipped" in entry:
            entry["skipped"] = next(reasons, entry["skipped"])
    # The analysis makes its findings in the same order in every language (never by their words).
    summaries = said.get("findings", [])
    if len(summaries) == len(out.get("findings", [])):
        for finding, (sign, summary) in zip(out.get("findings", []), summaries, strict=True):
            if finding.get("sign") == sign:
                finding["summary"] = summary
    for key in ("unseen", "unseen_by_sign", "coverage"):
        if key in out and key in said:
            out[key] = said[key]
    return out


def analysed_in_every_language(
    analyse: Callable[[], dict[str, Any]], first: str = DEFAULT_LANGUAGE
) -> tuple[dict[str, Any], dict[str, Texts]]:
    """(the document in English, the sentences of every other language by code).

    The analysis runs first in ``first``, so a file that cannot be read is refused in the
    language of whoever sent it (EvidenceError); then in each other language.
    """
    documents: dict[str, dict[str, Any]] = {}
    for code in dict.fromkeys([first, *LANGUAGES]):
        with speaking(code):
            documents[code] = analyse()
    return documents[DEFAULT_LANGUAGE], {
        code: texts_of(document) for code, document in documents.items() if code != DEFAULT_LANGUAGE
    }
