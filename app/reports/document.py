"""What a report is made of, for the page and the PDF alike."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import render_template
from markupsafe import Markup

from app import instrument as instruments
from app.instrument import Instrument
from app.language import _
from app.scoring import Answers, Result, score_answers
from app.scoring.advice import AdvicePhase, phases
from app.scoring.engine import RecommendationResult
from app.scoring.figures import counted, decimal, joined, ratio
from app.scoring.trend import Trend

from . import pdf
from .charts import score_history_chart, signs_chart

CANDIDATE_CAUSE = re.compile(r"candidates\[(\d+)\]\.(\w+)")


def disputed() -> str:
    """The word for a combined answer where the people who were sure contradict each other."""
    return _("Disputed")


@dataclass(frozen=True)
class Report:
    answers: Answers
    result: Result
    instrument: Instrument
    date: datetime
    notes: dict[str, str] = field(default_factory=dict)
    how_url: str | None = None
    trend: Trend | None = None
    # (label, coupling score) of the team's assessments up to this one, oldest first.
    history: tuple[tuple[str, int], ...] = ()
    # For a client's aggregate: how many answered, where they disagree, the disputed signs (sign
    # id -> what was said, "1 Yes, 1 No"; each is answered with the unknown answer), a caveat on
    # the trend when different people answered, and the consultant's notes chosen for the report.
    respondents: int = 0
    disagreements: tuple[Any, ...] = ()
    disputed: dict[str, str] = field(default_factory=dict)
    trend_caveat: str | None = None
    consultant_notes: tuple[str, ...] = ()
    # Only on the consultant's result page of a client's aggregate: sign id -> (who, note) of the
    # respondents' own notes.
    respondent_notes: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    # Evidence imported from the team's files (an EvidenceSection), if any.
    evidence: Any = None
    # The team's improvement plan (an app.plans.report.PlanSection), if it has one.
    plan: Any | None = None
    # Made of a snapshot of the answers (a shared report): `date` is when they were submitted.
    as_snapshot: bool = False

    @property
    def title(self) -> str:
        return self.answers.team_name or _("Your system")

    @property
    def chart(self) -> Markup:
        return signs_chart(self.result, self.instrument, dict.fromkeys(self.disputed, disputed()))

    def answer_words(self, sign_id: str, counts: bool = False) -> str:
        """The answer to a sign as the report shows it: "Disputed" (with what was said, "Disputed:
        1 Yes, 1 No", when `counts`) for a disputed combined answer, else the answer's label."""
        if sign_id in self.disputed:
            return _("Disputed: %(said)s", said=self.disputed[sign_id]) if counts else disputed()
        return self.result.signs[sign_id].answer_label

    @property
    def because_intro(self) -> str:
        """Whose answers a recommendation follows from: a combined result's are not "yours"."""
        return _("Because respondents answered") if self.respondents else _("Because you answered")

    @property
    def history_chart(self) -> Markup | None:
        return score_history_chart(list(self.history)) if len(self.history) >= 3 else None

    @property
    def advice(self) -> tuple[AdvicePhase, ...]:
        """The recommendations as one plan, phase by phase."""
        return phases(self.result, self.instrument)

    @property
    def top_actions(self) -> list[tuple[str, RecommendationResult]]:
        """The first three recommendations, each with the title of its phase where a new phase
        starts after the first ("Then, for the services you keep"), else ""."""
        titles = {p.id: p.title for p in self.advice}
        top = self.result.recommendations[:3]
        return [(titles[r.phase] if i and r.phase != top[i - 1].phase else "", r) for i, r in enumerate(top)]

    @staticmethod
    def number(value: float) -> str:
        """A number the team gave, written as its language writes it (2.5, or 2,5 in German)."""
        return decimal(value)

    def cause(self, cause: str) -> str:
        """A `because` id in words: the question and the answer given."""
        answers, instrument = self.answers, self.instrument
        if cause in self.disputed:
            return _("%(sign)s: disputed (%(said)s)", sign=instrument.sign(cause).title, said=self.disputed[cause])
        if cause in answers.signs:
            answer = instrument.option_label("sign", answers.signs[cause])
            return f"{instrument.sign(cause).title}: {answer}"
        if cause.startswith("context."):
            key = cause.removeprefix("context.")
            label = next(f.label for f in instrument.context if f.id == key)
            return f"{label}: {decimal(answers.context[key])}"
        if match := CANDIDATE_CAUSE.fullmatch(cause):
            candidate = answers.candidates[int(match[1])]
            return f"{candidate.name}: {self.candidate_answer(candidate, match[2])}"
        return cause

    def candidate_answer(self, candidate, question: str) -> str:
        q = self.instrument.candidate_question(question)
        value = candidate.answers[question]
        if isinstance(value, tuple):
            if not value:
                return q.none_label or _("none of these")
            return "; ".join(self.instrument.option_label(question, a) for a in value)
        return f"{q.question} {self.instrument.option_label(question, value)}"

    @property
    def system_line(self) -> str:
        """Page 1's deciding facts: "5 engineers, 1 team and 40 deployable services, 8 for each
        engineer", from the context numbers that have units, and the ratio the premature-split
        rule looks at first."""
        context, instrument = self.answers.context, self.instrument
        parts = [counted(context[f.id], f) for f in instrument.numbers if f.one and f.many and f.id in context]
        if not parts:
            return ""
        line = joined(parts)
        rule = instrument.premature_split
        if rule.per:
            per_field = next(f for f in instrument.numbers if f.id == rule.per[0][0])
            count, per = context.get(rule.count), context.get(per_field.id)
            if count and per and count > per:
                each = _(
                    "%(number)s for each %(unit)s",
                    number=ratio(count, per),
                    unit=per_field.one or per_field.label.lower(),
                )
                line = _("%(facts)s, %(each)s", facts=line, each=each)
        return line


def build(
    answers: Answers,
    date: datetime,
    notes: dict[str, str] | None = None,
    how_url: str | None = None,
    trend: Trend | None = None,
    history: tuple[tuple[str, int], ...] = (),
    as_snapshot: bool = False,
) -> Report:
    return Report(
        answers,
        score_answers(answers),
        instruments.get(answers.instrument),
        date,
        notes or {},
        how_url,
        trend,
        history,
        as_snapshot=as_snapshot,
    )


def render_pdf(report: Report) -> bytes:
    return pdf.render(render_template("reports/pdf.html", report=report))


def filename(title: str, date: datetime) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "report"
    return f"splitcheck-{slug}-{date:%Y-%m-%d}.pdf"
