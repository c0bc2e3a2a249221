"""What changed between two assessments of the same team. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from app.instrument import Instrument
from app.language import _, ngettext
from app.scoring import Result
from app.scoring.advice import carried_on_by
from app.scoring.engine import RecommendationResult


@dataclass(frozen=True)
class SignChange:
    id: str
    title: str
    then: str
    now: str
    direction: str  # "better" | "worse" | "same"


@dataclass(frozen=True)
class Trend:
    previous_date: datetime
    previous_verdict: str
    previous_verdict_label: str
    previous_score: int
    verdict: str
    verdict_label: str
    score: int
    signs: tuple[SignChange, ...]
    resolved: tuple[RecommendationResult, ...]
    new: tuple[RecommendationResult, ...]
    # Both were answered with the same questionnaire (else only the signs both ask are compared).
    same_questions: bool = True
    # Advice given again in other words: (then, now), e.g. "Merge services that always change
    # together" then, "Run fewer services" now. Neither resolved nor new.
    reworded: tuple[tuple[RecommendationResult, RecommendationResult], ...] = ()

    @property
    def score_change(self) -> int:
        return self.score - self.previous_score

    @property
    def changed_signs(self) -> tuple[SignChange, ...]:
        return tuple(s for s in self.signs if s.direction != "same")


def _direction(then: str, now: str, instrument: Instrument) -> str:
    if then == now:
        return "same"
    if instrument.severity(now) == instrument.severity(then):
        # partly <-> unsure: knowing more counts as better, knowing less as worse
        return "better" if instrument.means(then) == "unknown" else "worse"
    return "better" if instrument.severity(now) < instrument.severity(then) else "worse"


def compare(previous: Result, previous_date: datetime, current: Result, instrument: Instrument) -> Trend:
    """What changed from `previous` to `current` (answered with `instrument`). Answered with two
    versions of a questionnaire, they are compared on the signs both ask, with answers the
    current one offers; `Trend.same_questions` says whether that left any out. `instrument` also
    says which advice carries on which."""
    carried = {r.id: carried_on_by(r.id, current, instrument) for r in previous.recommendations}
    reworded = tuple((r, now) for r in previous.recommendations if (now := carried[r.id]) and now.id != r.id)
    given_before = {r.id for r in previous.recommendations} | {now.id for _, now in reworded}
    return Trend(
        previous_date=previous_date,
        previous_verdict=previous.verdict,
        previous_verdict_label=previous.verdict_label,
        previous_score=previous.coupling_score,
        verdict=current.verdict,
        verdict_label=current.verdict_label,
        score=current.coupling_score,
        signs=tuple(
            SignChange(
                s.id,
                s.title,
                previous.signs[s.id].answer_label,
                current.signs[s.id].answer_label,
                _direction(previous.signs[s.id].answer, current.signs[s.id].answer, instrument),
            )
            for s in instrument.signs
            if s.id in previous.signs
            and s.id in current.signs
            and previous.signs[s.id].answer in instrument.sign_answers
        ),
        resolved=tuple(r for r in previous.recommendations if carried[r.id] is None),
        new=tuple(r for r in current.recommendations if r.id not in given_before),
        reworded=reworded,
        same_questions=previous.instrument == current.instrument,
    )


def who_answered_changed(then: Sequence[str], now: Sequence[str]) -> str | None:
    """For a trend between two combined results: a caveat when different people answered, each
    person given as a key that is the same in both rounds (their name, say); None when the same
    people answered."""
    if len(then) != len(now):
        return ngettext(
            "%(num)s person answered then, %(now)s now: the change may come from who answered.",
            "%(num)s people answered then, %(now)s now: the change may come from who answered.",
            len(then),
            now=len(now),
        )
    if sorted(then) != sorted(now):
        return _("Not all the same people answered then and now: the change may come from who answered.")
    return None
