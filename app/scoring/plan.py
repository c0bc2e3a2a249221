"""The improvement plan (issue 15): where the team wants to be, and what a reassessment proves. Pure.

`planned_result` scores the targets with the same `score` as today's answers, so a planned
score is never computed any other way. `prove` reads two results of the same team (before and
after) and says, in words for a manager, what they show about one plan item.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.instrument import Instrument, get

from . import sayings
from .advice import carried_on_by
from .answers import Answers, Candidate
from .engine import RecommendationResult, Result, score
from .sayings import Saying, candidate_words, listing, recommendation, say, sign, word

STATUSES = ("not_started", "in_progress", "done", "wont_do")
PROOF_STATES = ("resolved_by_answers", "done_not_improved", "open", "done")


@dataclass(frozen=True)
class Targets:
    """Where the team wants to be: per sign id a target answer ("yes"/"partly"/"no"/"unsure"),
    per (candidate name, blocker question id) a target answer (the blocker questions are those
    with a `ready` answer: owns_data, deploy_alone, survives_outages in splitcheck/1)."""

    signs: Mapping[str, str] = field(default_factory=dict)
    candidates: Mapping[tuple[str, str], str] = field(default_factory=dict)


@dataclass(frozen=True)
class Proof:
    state: str  # "resolved_by_answers" | "done_not_improved" | "open" | "done"
    message: str  # plain words for a manager, in the language being spoken
    # What it says, to be worded again in any language (app.scoring.sayings), and the instrument
    # whose texts it names.
    saying: dict[str, Any] | None = field(default=None, compare=False)
    instrument: str | None = field(default=None, compare=False)


def _proof(state: str, saying: dict[str, Any], current: Result) -> Proof:
    return Proof(state, word(saying, current.instrument), saying, current.instrument)


def planned(answers: Answers, targets: Targets) -> Answers:
    """The answers with the targets in place of today's, where a target is at least as good.

    A target worse than today's answer (set before a reassessment that did better) plans
    today's answer: the plan never undoes progress, so the planned score is never above
    today's. For signs "better" is the instrument's severity (no < partly = unsure < yes); a
    candidate's blocker question answered with its `ready` answer today is as good as it gets.

    Unknown sign ids, candidate names or questions, and answers a question does not offer,
    raise ValueError."""
    instrument = get(answers.instrument)
    offered = instrument.sign_answers
    for sign_id, answer in targets.signs.items():
        if sign_id not in instrument.sign_ids:
            raise ValueError(f"unknown sign {sign_id!r}")
        if answer not in offered:
            raise ValueError(f"target for {sign_id!r} must be one of {', '.join(offered)}, not {answer!r}")
    signs = {
        sign_id: answer
        for sign_id, answer in targets.signs.items()
        if sign_id not in answers.signs or instrument.severity(answer) <= instrument.severity(answers.signs[sign_id])
    }
    by_name = {c.name: i for i, c in enumerate(answers.candidates)}
    by_folded = {c.name.casefold(): i for i, c in enumerate(answers.candidates)}
    changes: dict[int, dict[str, str]] = {}
    blocking = instrument.blocking_questions
    for key, answer in targets.candidates.items():
        if not isinstance(key, tuple) or len(key) != 2:
            raise ValueError(f"a candidate target is keyed by (candidate name, question), not {key!r}")
        name, question = key
        index = by_name.get(name, by_folded.get(name.casefold()) if isinstance(name, str) else None)
        if index is None:
            raise ValueError(f"unknown candidate {name!r}")
        if question not in blocking:
            raise ValueError(f"{question!r} is not one of {', '.join(blocking)}")
        if answer not in instrument.answers_to(question):
            allowed = ", ".join(instrument.answers_to(question))
            raise ValueError(f"target for {name!r} {question} must be one of {allowed}, not {answer!r}")
        if answers.candidates[index].answers[question] != instrument.candidate_question(question).ready:
            changes.setdefault(index, {})[question] = answer
    candidates: tuple[Candidate, ...] = tuple(
        Candidate(c.name, {**c.answers, **changes[i]}) if i in changes else c for i, c in enumerate(answers.candidates)
    )
    return dataclasses.replace(answers, signs={**answers.signs, **signs}, candidates=candidates)


def planned_result(answers: Answers, targets: Targets, instrument: Instrument) -> Result:
    """score(planned(answers, targets), instrument): the planned coupling score and verdict,
    by the same scoring function."""
    return score(planned(answers, targets), instrument)


def signs_of(recommendation: RecommendationResult) -> tuple[str, ...]:
    """The sign ids among a recommendation's `because` (for tying items to signs): the causes
    that are neither a context number ("context.services") nor a candidate's answer
    ("candidates[0].owns_data")."""
    return tuple(c for c in recommendation.because if not c.startswith(("context.", "candidates[")))


def prove(recommendation_id: str | None, sign_id: str | None, status: str, previous: Result, current: Result) -> Proof:
    """What the reassessment `current` (after `previous`) shows about one plan item.

    recommendation_id: the recommendation the item came from (None: the team's own item, then
    sign_id is the sign it is tied to, or None). status: "not_started" | "in_progress" | "done" |
    "wont_do".
    - an item from a recommendation that fired in `previous` and does not fire in `current`:
      resolved_by_answers (whatever its status);
    - an item marked done whose recommendation still fires in `current`, or (own item) whose
      sign's answer is not better in `current` than in `previous` (severity no < partly = unsure
      < yes; see Instrument.severity): done_not_improved, naming the sign(s) and today's answer.
      A sign answered "no" both times cannot get better and counts as done;
    - otherwise "done" for done items, "open" for the rest.
    """
    if status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    if recommendation_id is not None:
        return _prove_recommendation(recommendation_id, status, previous, current)
    return _prove_own(sign_id, status, previous, current)


def _prove_recommendation(rec_id: str, status: str, previous: Result, current: Result) -> Proof:
    """A recommendation given again in other words (advice.carried_on_by) still applies."""
    before = next((r for r in previous.recommendations if r.id == rec_id), None)
    now = carried_on_by(rec_id, current, get(current.instrument))
    if before is not None and now is None:
        why = _no_longer(before, previous, current)
        return _proof("resolved_by_answers", say("Resolved by the answers: %(why)s.", why=why), current)
    if now is not None:
        still = _still(now, previous, current)
        if status == "done":
            return _proof("done_not_improved", say("Marked done, but %(why)s.", why=still), current)
        return _proof("open", say("%(status)s: %(why)s.", status=_status_text(status), why=still), current)
    if status == "done":
        return _proof("done", say("Done. The reassessment does not call for this advice."), current)
    text = say("%(status)s. The reassessment does not call for this advice.", status=_status_text(status))
    return _proof("open", text, current)


def _prove_own(sign_id: str | None, status: str, previous: Result, current: Result) -> Proof:
    if sign_id is None:
        if status == "done":
            return _proof(
                "done", say("Done. This item is not tied to a sign, so the answers cannot confirm it."), current
            )
        return _proof("open", say("%(status)s.", status=_status_text(status)), current)
    if sign_id not in current.signs or sign_id not in previous.signs:
        raise ValueError(f"unknown sign {sign_id!r}")
    then, now = previous.signs[sign_id], current.signs[sign_id]
    instrument = get(current.instrument)
    better = instrument.severity(now.answer) < instrument.severity(then.answer)
    if then.answer == now.answer:
        change = say(
            "the team still answers %(answer)s to “%(sign)s”",
            answer=sayings.answer(sign_id, now.answer),
            sign=sign(sign_id),
        )
    else:
        change = say(
            "the team now answers %(answer)s to “%(sign)s” (before: %(before)s)",
            answer=sayings.answer(sign_id, now.answer),
            sign=sign(sign_id),
            before=sayings.answer(sign_id, then.answer),
        )
    if status == "done":
        if better or instrument.means(now.answer) == "absent":
            return _proof("done", say("Done, and the answers agree: %(change)s.", change=change), current)
        return _proof("done_not_improved", say("Marked done, but %(why)s.", why=change), current)
    return _proof("open", say("%(status)s: %(why)s.", status=_status_text(status), why=change), current)


def _status_text(status: str) -> dict[str, Any]:
    return {
        "not_started": say("Not started"),
        "in_progress": say("In progress"),
        "wont_do": say("The team decided not to do this"),
        "done": say("Done"),
    }[status]


def _answered(sign_id: str, then: str, now: str, shown: str) -> dict[str, Any]:
    """`shown` (an answer: today's, or the one given before) to the sign, noting the earlier one
    if it changed."""
    if then == now:
        return say("%(answer)s to “%(sign)s”", answer=sayings.answer(sign_id, shown), sign=sign(sign_id))
    return say(
        "%(answer)s to “%(sign)s” (before: %(before)s)",
        answer=sayings.answer(sign_id, now),
        sign=sign(sign_id),
        before=sayings.answer(sign_id, then),
    )


def _still(rec: RecommendationResult, previous: Result, current: Result) -> dict[str, Any]:
    """Why `rec` still fires in `current`: its causes today."""
    signs = [
        _answered(s, previous.signs[s].answer, current.signs[s].answer, current.signs[s].answer) for s in signs_of(rec)
    ]
    unchanged = all(previous.signs[s].answer == current.signs[s].answer for s in signs_of(rec))
    parts: list[Saying] = []
    if signs:
        said = listing(list(signs))
        parts.append(
            say("the team still answers %(answers)s", answers=said)
            if unchanged
            else say("the team answers %(answers)s", answers=said)
        )
    named: set[tuple[str, str]] = set()
    for cause in rec.because:
        index, question = _candidate_cause(cause)
        if index is not None and index < len(current.candidates):
            name = current.candidates[index].name
            if (name, question) not in named:
                named.add((name, question))
                problem = candidate_words(question, "problem", say("needs work"))
                parts.append(say("“%(name)s” still %(problem)s", name=name, problem=problem))
        elif (
            cause.startswith("context.")
            and (size := say("the team still runs many services for its size")) not in parts
        ):
            parts.append(size)
    return (
        listing(parts) if parts else say("the reassessment still recommends “%(title)s”", title=recommendation(rec.id))
    )


def _no_longer(rec: RecommendationResult, previous: Result, current: Result) -> dict[str, Any]:
    """Why `rec`, which fired in `previous`, no longer fires in `current`."""
    changed = [s for s in signs_of(rec) if previous.signs[s].answer != current.signs[s].answer]
    signs: list[Saying] = [
        say("%(answer)s to “%(sign)s”", answer=sayings.answer(s, previous.signs[s].answer), sign=sign(s))
        for s in changed
    ]
    parts: list[Saying] = [say("the team no longer answers %(answers)s", answers=listing(signs))] if signs else []
    now_by_name = {c.name.casefold(): c for c in current.candidates}
    instrument = get(current.instrument)
    for cause in rec.because:
        index, question = _candidate_cause(cause)
        if index is not None and index < len(previous.candidates):
            name = previous.candidates[index].name
            today = now_by_name.get(name.casefold())
            if today is None:
                part = say("“%(name)s” is no longer a candidate", name=name)
            elif question in instrument.blocking_questions and question not in today.blockers:
                fixed = candidate_words(question, "fixed", say("no longer blocks the split"))
                part = say("“%(name)s” now %(fixed)s", name=name, fixed=fixed)
            else:
                part = say("the answers about “%(name)s” no longer call for it", name=name)
            if part not in parts:
                parts.append(part)
        elif (
            cause.startswith("context.")
            and (size := say("the team no longer runs many services for its size")) not in parts
        ):
            parts.append(size)
    if parts:
        return listing(parts)
    return say("the reassessment no longer recommends “%(title)s”", title=recommendation(rec.id))


def _candidate_cause(cause: str) -> tuple[int | None, str]:
    """(index, question) of a ``candidates[i].question`` cause; (None, "") for any other."""
    if not cause.startswith("candidates["):
        return None, ""
    index, _sep, question = cause[len("candidates[") :].partition("].")
    return (int(index), question) if index.isdigit() else (None, "")
