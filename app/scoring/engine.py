"""Answers -> result: the only place a verdict or a score is computed.

The rules are CONTRACT.md's; the numbers and texts come from the instrument.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from app.instrument import BLOCKING_QUESTIONS, SIGN_IDS, Instrument
from app.instrument.model import Recommendation

from .answers import Answers, Candidate


@dataclass(frozen=True)
class SignResult:
    id: str
    title: str
    answer: str
    answer_label: str
    meaning: str


@dataclass(frozen=True)
class CandidateResult:
    name: str
    verdict: str
    label: str
    summary: str
    blockers: tuple[str, ...]
    because: tuple[str, ...]


@dataclass(frozen=True)
class RecommendationResult:
    id: str
    priority: int
    title: str
    why: str
    steps: tuple[str, ...]
    because: tuple[str, ...]


@dataclass(frozen=True)
class Result:
    instrument: str
    verdict: str
    verdict_label: str
    headline: str
    summary: str
    signs_present: int
    coupling_score: int
    signs: dict[str, SignResult]
    flags: tuple[str, ...]
    candidates: tuple[CandidateResult, ...]
    recommendations: tuple[RecommendationResult, ...]

    def to_document(self) -> dict[str, Any]:
        """The result document of CONTRACT.md, with the explanation texts."""
        return {
            "instrument": self.instrument,
            "verdict": self.verdict,
            "verdict_label": self.verdict_label,
            "headline": self.headline,
            "summary": self.summary,
            "signs_present": self.signs_present,
            "coupling_score": self.coupling_score,
            "signs": {
                sign_id: {"answer": s.answer, "title": s.title, "meaning": s.meaning}
                for sign_id, s in self.signs.items()
            },
            "flags": list(self.flags),
            "candidates": [
                {
                    "name": c.name,
                    "verdict": c.verdict,
                    "blockers": list(c.blockers),
                    "because": list(c.because),
                    "summary": c.summary,
                }
                for c in self.candidates
            ],
            "recommendations": [
                {**asdict(r), "steps": list(r.steps), "because": list(r.because)} for r in self.recommendations
            ],
        }


def score(answers: Answers, instrument: Instrument) -> Result:
    signs = answers.signs
    yes = sum(1 for a in signs.values() if a == "yes")
    unsure = sum(1 for a in signs.values() if a == "unsure")
    verdict = _verdict(signs, yes, unsure, instrument)
    flags = _flags(answers, instrument)
    candidates = tuple(_candidate(c, instrument) for c in answers.candidates)
    text = instrument.verdicts[verdict]
    return Result(
        instrument=instrument.id,
        verdict=verdict,
        verdict_label=text.label,
        headline=text.headline or text.label,
        summary=text.summary,
        signs_present=yes,
        coupling_score=coupling_score(signs, instrument),
        signs={
            s.id: SignResult(
                s.id, s.title, signs[s.id], instrument.option_label("sign", signs[s.id]), s.meaning[signs[s.id]]
            )
            for s in instrument.signs
        },
        flags=flags,
        candidates=candidates,
        recommendations=_recommendations(answers, verdict, flags, instrument),
    )


def coupling_score(signs: dict[str, str], instrument: Instrument) -> int:
    """0 to 100, the weighted share of answer points; rises with every answer."""
    total = sum(s.weight for s in instrument.signs)
    points = sum(s.weight * instrument.points(signs[s.id]) for s in instrument.signs)
    return int(round(100 * points / total))


def _verdict(signs: dict[str, str], yes: int, unsure: int, instrument: Instrument) -> str:
    if yes >= instrument.distributed_monolith_min_yes:
        return "distributed_monolith"
    if unsure >= instrument.inconclusive_min_unsure:
        return "inconclusive"
    if any(a in ("yes", "partly") for a in signs.values()):
        return "at_risk"
    return "independent"


def _flags(answers: Answers, instrument: Instrument) -> tuple[str, ...]:
    flags = []
    ctx, rule = answers.context, instrument.premature_split
    if (
        ctx.services > ctx.engineers * rule.max_services_per_engineer
        and ctx.services > ctx.teams * rule.max_services_per_team
    ):
        flags.append("premature_split")
    if any(a == "unsure" for a in answers.signs.values()):
        flags.append("blind_spots")
    return tuple(flags)


def candidate_verdict(candidate: Candidate) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """(verdict, blockers, because) for one candidate, as CONTRACT.md says."""
    blockers = tuple(q for q in BLOCKING_QUESTIONS if getattr(candidate, q) != "yes")
    if not candidate.reasons or candidate.domain_split == "layer":
        because = tuple(
            q
            for q, hit in (("domain_split", candidate.domain_split == "layer"), ("reasons", not candidate.reasons))
            if hit
        )
        return "keep_module", blockers, because
    if blockers:
        return "fix_first", blockers, blockers
    return "split", (), ("reasons",)


def _candidate(candidate: Candidate, instrument: Instrument) -> CandidateResult:
    verdict, blockers, because = candidate_verdict(candidate)
    text = instrument.candidate_verdicts[verdict]
    return CandidateResult(candidate.name, verdict, text.label, text.summary, blockers, because)


FLAG_CAUSES = {"premature_split": ("context.engineers", "context.teams", "context.services")}


def _causes(rec: Recommendation, answers: Answers, verdict: str, flags: tuple[str, ...]) -> tuple[str, ...]:
    when, signs = rec.when, answers.signs
    if when.kind == "signs":
        return tuple(s for s in when.signs if signs[s] in when.answers)
    if when.kind == "verdict":
        return tuple(s for s in SIGN_IDS if signs[s] == "yes") if verdict in when.verdicts else ()
    if when.kind == "all_signs":
        return SIGN_IDS if all(signs[s] in when.answers for s in SIGN_IDS) else ()
    if when.kind == "flags":
        return tuple(
            cause
            for flag in when.flags
            if flag in flags
            for cause in FLAG_CAUSES.get(flag, tuple(s for s in SIGN_IDS if signs[s] == "unsure"))
        )
    causes = []
    for i, candidate in enumerate(answers.candidates):
        if when.candidate_verdicts and candidate_verdict(candidate)[0] not in when.candidate_verdicts:
            continue  # the verdict filter: advice for other kinds of candidate only
        for question, hits in when.candidate.items():
            value = getattr(candidate, question)
            if question == "reasons" and not value or question != "reasons" and value in hits:
                causes.append(f"candidates[{i}].{question}")
    return tuple(causes)


def _recommendations(
    answers: Answers, verdict: str, flags: tuple[str, ...], instrument: Instrument
) -> tuple[RecommendationResult, ...]:
    fired = []
    for order, rec in enumerate(instrument.recommendations):
        because = _causes(rec, answers, verdict, flags)
        if because:
            fired.append((rec.priority, -len(because), order, rec, because))
    fired.sort(key=lambda item: item[:3])
    return tuple(
        RecommendationResult(rec.id, rank, rec.title, rec.why, rec.steps, because)
        for rank, (*_, rec, because) in enumerate(fired, start=1)
    )
