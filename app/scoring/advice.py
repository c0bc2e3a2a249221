"""The recommendations as one plan: phase by phase, and what carries on from one assessment to
the next. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from app.instrument import Instrument

from .engine import RecommendationResult, Result


@dataclass(frozen=True)
class AdvicePhase:
    """One step of the plan as the report shows it: "First: run fewer services", its intro, and
    its recommendations. A phase after another with advice takes its `then_` wording, which says
    how the two fit together."""

    id: str
    title: str
    intro: str
    recommendations: tuple[RecommendationResult, ...]


def phases(result: Result, instrument: Instrument) -> tuple[AdvicePhase, ...]:
    """The phases that have advice, in the instrument's order (the result's recommendations are
    already ranked phase by phase)."""
    shown: list[AdvicePhase] = []
    for phase in instrument.phases:
        recs = tuple(r for r in result.recommendations if r.phase == phase.id)
        if recs:
            title, intro = (phase.then_title, phase.then_intro) if shown else (phase.title, phase.intro)
            shown.append(AdvicePhase(phase.id, title, intro, recs))
    return tuple(shown)


def carried_on_by(rec_id: str, current: Result, instrument: Instrument) -> RecommendationResult | None:
    """The recommendation of `current` that gives the advice `rec_id` gave: the same one, or one
    that continues its goal in other words (merge what changes together / run fewer services);
    None when that advice is no longer needed."""
    same = next((r for r in current.recommendations if r.id == rec_id), None)
    return same or next((r for r in current.recommendations if instrument.same_goal(rec_id, r.id)), None)
