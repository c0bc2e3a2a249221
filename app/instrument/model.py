"""The questionnaire as typed, immutable data.

Everything the product asks, explains and recommends is described by an
`Instrument`, loaded from a YAML file in this package (see `loader.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

SIGN_IDS = (
    "deploy_coupling",
    "cascading_failure",
    "call_chains",
    "shared_database",
    "local_testing",
    "breaking_changes",
)
SIGN_ANSWERS = ("yes", "partly", "no", "unsure")
CANDIDATE_ANSWERS = {
    "domain_split": ("domain", "layer", "unsure"),
    "owns_data": ("yes", "shared", "unsure"),
    "deploy_alone": ("yes", "no", "unsure"),
    "survives_outages": ("yes", "no", "unsure"),
}
REASONS = ("independent_scaling", "team_independence", "reliability_needs")
# The three questions whose "not yes" blocks a split (CONTRACT.md).
BLOCKING_QUESTIONS = ("owns_data", "deploy_alone", "survives_outages")
VERDICTS = ("distributed_monolith", "at_risk", "independent", "inconclusive")
CANDIDATE_VERDICTS = ("split", "fix_first", "keep_module")
FLAGS = ("premature_split", "blind_spots")


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    points: float | None = None
    note: str | None = None


@dataclass(frozen=True)
class ContextField:
    id: str
    label: str
    help: str
    kind: str  # "text" | "integer" | "number"
    required: bool = True
    min: float | None = None
    max: float | None = None
    max_length: int | None = None


@dataclass(frozen=True)
class Sign:
    id: str
    title: str
    statement: str
    explanation: str
    example: str
    weight: float
    meaning: dict[str, str]


@dataclass(frozen=True)
class CandidateQuestion:
    id: str
    question: str
    help: str


@dataclass(frozen=True)
class Label:
    label: str
    summary: str
    headline: str | None = None


@dataclass(frozen=True)
class Trigger:
    """When a recommendation applies. Exactly one kind is set."""

    kind: str  # "signs" | "verdict" | "flags" | "candidates" | "all_signs"
    signs: tuple[str, ...] = ()
    answers: tuple[str, ...] = ()
    verdicts: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    candidate: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Only for "candidates": the candidate verdicts it applies to (empty: every candidate).
    # A filter, never a cause of its own.
    candidate_verdicts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Recommendation:
    id: str
    priority: int
    title: str
    why: str
    steps: tuple[str, ...]
    when: Trigger


@dataclass(frozen=True)
class PrematureSplitRule:
    max_services_per_engineer: float
    max_services_per_team: float


@dataclass(frozen=True, eq=False)
class Instrument:
    """Compared and hashed by identity: each file is loaded once per process."""

    id: str
    title: str
    source: str
    options: dict[str, tuple[Option, ...]]
    context: tuple[ContextField, ...]
    signs: tuple[Sign, ...]
    candidate_questions: tuple[CandidateQuestion, ...]
    distributed_monolith_min_yes: int
    inconclusive_min_unsure: int
    verdicts: dict[str, Label]
    candidate_verdicts: dict[str, Label]
    flags: dict[str, Label]
    premature_split: PrematureSplitRule
    unsure_note: str
    recommendations: tuple[Recommendation, ...]

    def sign(self, sign_id: str) -> Sign:
        return next(s for s in self.signs if s.id == sign_id)

    def points(self, answer: str) -> float:
        points = next(o.points for o in self.options["sign"] if o.id == answer)
        assert points is not None, "the loader requires points on every sign answer"
        return points

    def option_label(self, group: str, answer: str) -> str:
        for option in self.options[group]:
            if option.id == answer:
                return option.label
        return answer

    def recommendation(self, rec_id: str) -> Recommendation:
        return next(r for r in self.recommendations if r.id == rec_id)
