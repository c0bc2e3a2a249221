"""Answers -> result: the only place a verdict or a score is computed.

The rules are CONTRACT.md's; the numbers and texts come from the instrument.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from app.instrument import NO_REASON, Instrument
from app.instrument.model import Recommendation

from .answers import Answers, Candidate
from .figures import size_figures


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
    # The phase of the plan it belongs to (the instrument's `phases`), and, for advice caused by
    # the context numbers, the team's own figures in a sentence (shown after `why`).
    phase: str = ""
    figures: str = ""


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
    # The flag the verdict's wording takes into account ("independent, but more services than
    # the organisation needs"), or None: the verdict itself never changes.
    verdict_caveat: str | None = None

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
    yes = sum(1 for a in signs.values() if instrument.means(a) == "present")
    unsure = sum(1 for a in signs.values() if instrument.means(a) == "unknown")
    verdict = _verdict(signs, yes, unsure, instrument)
    flags = _flags(answers, instrument)
    candidates = tuple(_candidate(c, instrument, flags) for c in answers.candidates)
    text, caveat = instrument.verdicts[verdict].worded_for(flags)
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
        verdict_caveat=caveat,
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
    if any(instrument.means(a) in ("present", "partly") for a in signs.values()):
        return "at_risk"
    return "independent"


def _flags(answers: Answers, instrument: Instrument) -> tuple[str, ...]:
    flags = []
    ctx, rule = answers.context, instrument.premature_split
    if all(ctx[rule.count] > ctx[field] * limit for field, limit in rule.per):
        flags.append("premature_split")
    if any(instrument.means(a) == "unknown" for a in answers.signs.values()):
        flags.append("blind_spots")
    return tuple(flags)


def candidate_verdict(candidate: Candidate, instrument: Instrument) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """(verdict, blockers, because) for one candidate, as CONTRACT.md says: a module when an
    answer the instrument marks `keeps_module` was given (for a multiple-choice question, "none":
    nothing ticked); otherwise "fix first" when a question with a `ready` answer has another;
    otherwise split."""
    blockers = tuple(
        q for q in instrument.blocking_questions if candidate.answers[q] != instrument.candidate_question(q).ready
    )
    because = tuple(q.id for q in instrument.candidate_questions if _answered(candidate, q.id, q.keeps_module))
    if because:
        return "keep_module", blockers, because
    if blockers:
        return "fix_first", blockers, blockers
    multiple = tuple(q.id for q in instrument.candidate_questions if q.kind == "multiple")
    return "split", (), multiple


def _answered(candidate: Candidate, question: str, answers: tuple[str, ...]) -> bool:
    """Whether the candidate gave one of `answers` to `question` (on a multiple-choice question:
    ticked one of them, or nothing ticked for "none")."""
    value = candidate.answers[question]
    if isinstance(value, tuple):
        return (NO_REASON in answers and not value) or any(v in answers for v in value)
    return value in answers


def _candidate(candidate: Candidate, instrument: Instrument, flags: tuple[str, ...]) -> CandidateResult:
    verdict, blockers, because = candidate_verdict(candidate, instrument)
    text, _ = instrument.candidate_verdicts[verdict].worded_for(flags)
    return CandidateResult(candidate.name, verdict, text.label, text.summary, blockers, because)


def flag_causes(flag: str, answers: Answers, instrument: Instrument) -> tuple[str, ...]:
    """The answer ids that raised a flag: the context numbers of the premature-split rule, or
    the signs answered with the unknown answer."""
    if flag == "premature_split":
        return tuple(f"context.{field}" for field in instrument.premature_split.fields)
    return tuple(s for s, a in answers.signs.items() if instrument.means(a) == "unknown")


def _causes(
    rec: Recommendation, answers: Answers, verdict: str, flags: tuple[str, ...], instrument: Instrument
) -> tuple[str, ...]:
    when, signs = rec.when, answers.signs
    if when.kind == "signs":
        return tuple(s for s in when.signs if signs[s] in when.answers)
    if when.kind == "verdict":
        present = tuple(s for s, a in signs.items() if instrument.means(a) == "present")
        return present if verdict in when.verdicts else ()
    if when.kind == "all_signs":
        return tuple(signs) if all(a in when.answers for a in signs.values()) else ()
    if when.kind == "flags":
        return tuple(cause for flag in when.flags if flag in flags for cause in flag_causes(flag, answers, instrument))
    if any(flag not in flags for flag in when.while_flags):
        return ()
    causes = []
    for i, candidate in enumerate(answers.candidates):
        if when.candidate_verdicts and candidate_verdict(candidate, instrument)[0] not in when.candidate_verdicts:
            continue  # the verdict filter: advice for other kinds of candidate only
        for question, hits in when.candidate.items():
            if _answered(candidate, question, hits):
                causes.append(f"candidates[{i}].{question}")
    if causes:  # advice for candidates while a flag is raised: the flag's causes too
        causes += [cause for flag in when.while_flags for cause in flag_causes(flag, answers, instrument)]
    return tuple(causes)


def _recommendations(
    answers: Answers, verdict: str, flags: tuple[str, ...], instrument: Instrument
) -> tuple[RecommendationResult, ...]:
    """The advice that applies, phase by phase (the instrument's order), then by priority, by
    how many answers call for it, and by the file's order; ranked from 1."""
    fired = []
    for order, rec in enumerate(instrument.recommendations):
        because = _causes(rec, answers, verdict, flags, instrument)
        if because:
            fired.append((instrument.phase_order(rec.phase), rec.priority, -len(because), order, rec, because))
    fired.sort(key=lambda item: item[:4])
    figures = size_figures(answers.context, instrument)
    return tuple(
        RecommendationResult(
            rec.id,
            rank,
            rec.title,
            rec.why,
            rec.steps,
            because,
            rec.phase,
            figures if any(c.startswith("context.") for c in because) else "",
        )
        for rank, (*_, rec, because) in enumerate(fired, start=1)
    )
