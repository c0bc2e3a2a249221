"""Sentences kept as what they say, put into words when read. Pure.

What a reassessment proves about a plan item is stored and read later, perhaps in another
language: so it is kept as a *saying*, plain JSON data: a sentence of the catalogue (``say``) with
its values, each value a name typed by the team (a string), another saying, a list of sayings
joined into one ("a, b and c"), or a text of the questionnaire named by its ids (an answer, a
sign, a recommendation, a candidate question's words), looked up in the reader's language.
:func:`word` puts it into words in the language being spoken (``app.language``).

Every sentence given to :func:`say` is extracted into the catalogue like ``_`` (``make messages``
has ``-k say``).
"""

from __future__ import annotations

from typing import Any

from app.instrument import get
from app.language import gettext

from .figures import joined

Saying = dict[str, Any] | str


def say(message: str, **values: Saying) -> dict[str, Any]:
    """A sentence of the catalogue with its values, worded later."""
    return {"say": message, "with": values}


def answer(sign_id: str, answer_id: str) -> dict[str, Any]:
    """The label of an answer to a sign ("Yes")."""
    return {"answer": [sign_id, answer_id]}


def sign(sign_id: str) -> dict[str, Any]:
    """The title of a sign ("Services share a database")."""
    return {"sign": sign_id}


def recommendation(rec_id: str) -> dict[str, Any]:
    """The title of a recommendation."""
    return {"recommendation": rec_id}


def candidate_words(question_id: str, which: str, otherwise: dict[str, Any]) -> dict[str, Any]:
    """A candidate question's ``problem`` or ``fixed`` words ("lacks data of its own"), or
    `otherwise` when the question has none."""
    return {"candidate": [question_id, which], "otherwise": otherwise}


def listing(sayings: list[Saying]) -> dict[str, Any]:
    """Several sayings in one sentence: "a", "a and b", "a, b and c"."""
    return {"joined": sayings}


def word(saying: Saying, instrument_id: str) -> str:
    """The saying in the words of the language being spoken, the questionnaire's texts taken from
    the instrument `instrument_id`."""
    if isinstance(saying, str):
        return saying
    instrument = get(instrument_id)
    if "say" in saying:
        return gettext(saying["say"], **{k: word(v, instrument_id) for k, v in saying["with"].items()})
    if "answer" in saying:
        return instrument.option_label("sign", saying["answer"][1])
    if "sign" in saying:
        return instrument.sign(saying["sign"]).title
    if "recommendation" in saying:
        return instrument.recommendation(saying["recommendation"]).title
    if "candidate" in saying:
        question, which = saying["candidate"]
        return getattr(instrument.candidate_question(question), which) or word(saying["otherwise"], instrument_id)
    if "joined" in saying:
        return joined([word(s, instrument_id) for s in saying["joined"]])
    raise ValueError(f"not a saying: {saying!r}")
