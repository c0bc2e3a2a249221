"""The questionnaire as typed, immutable data.

Everything the product asks, explains and recommends is described by an
`Instrument`, loaded from a YAML file in this package (see `loader.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.language import _, _l

# The rule kinds the scoring knows (CONTRACT.md). Which questions exist, their answers and their
# texts all come from the instrument file; only these rules are code.
VERDICTS = ("distributed_monolith", "at_risk", "independent", "inconclusive")
CANDIDATE_VERDICTS = ("split", "fix_first", "keep_module")
FLAGS = ("premature_split", "blind_spots")
# What a sign's answer means to the rules: the sign is clearly there, partly there, not there, or
# nobody knows. Each instrument's sign answers say which they are (`means` in the file).
MEANINGS = ("present", "partly", "absent", "unknown")
# How bad each meaning is, for trends and plans: absent < partly = unknown < present.
SEVERITY = {"absent": 0, "partly": 1, "unknown": 1, "present": 2}
NO_REASON = "none"  # in a trigger on a multiple-choice question: nothing was ticked


NUMBER_WORDS = (
    _l("no"),
    _l("one"),
    _l("two"),
    _l("three"),
    _l("four"),
    _l("five"),
    _l("six"),
    _l("seven"),
    _l("eight"),
    _l("nine"),
    _l("ten"),
    _l("eleven"),
    _l("twelve"),
)


def count_in_words(n: int) -> str:
    """A count as a manager reads it in a sentence: "six", and 13 and more as digits."""
    return str(NUMBER_WORDS[n]) if 0 <= n < len(NUMBER_WORDS) else str(n)


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    points: float | None = None
    note: str | None = None
    # Sign answers: what the answer means to the rules (MEANINGS). Candidate answers: "unknown"
    # for the not-sure answer, None for the rest (listed from the good end to the bad end).
    means: str | None = None


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
    # A number's unit in a sentence ("1 engineer", "5 engineers"), for the report's first page.
    one: str | None = None
    many: str | None = None


@dataclass(frozen=True)
class Sign:
    id: str
    title: str
    statement: str
    explanation: str
    example: str
    weight: float
    meaning: dict[str, str]
    # The part of the questionnaire the sign belongs to ("Observability"), for a question bank
    # that adds sections of its own; None for splitcheck/1's signs.
    section: str | None = None


@dataclass(frozen=True)
class CandidateQuestion:
    """A question asked of each service a team might split out.

    `kind` "choice" takes one answer, "multiple" any number (none ticked means "none").
    `keeps_module`: answers that make a module the better choice (for "multiple", "none": when
    nothing is ticked). `ready`: for a question that can block a split, the one answer that
    does not. `problem` and `fixed` say in words what an answer that causes advice means, and
    its opposite, for plans ("lacks data of its own", "has data of its own")."""

    id: str
    question: str
    help: str
    kind: str = "choice"
    keeps_module: tuple[str, ...] = ()
    ready: str | None = None
    problem: str | None = None
    fixed: str | None = None
    none_label: str | None = None  # "multiple": the label of ticking none of them


@dataclass(frozen=True)
class Label:
    label: str
    summary: str
    headline: str | None = None
    # The wording to use instead while a flag is raised, by flag id ("independent, but more
    # services than the organisation needs"): a verdict that ignored the flag would contradict
    # the advice. Never changes the verdict itself.
    flagged: dict[str, Label] = field(default_factory=dict)

    def worded_for(self, flags: tuple[str, ...]) -> tuple[Label, str | None]:
        """(the wording, the flag it takes into account): the first raised flag with a wording
        of its own, else this one and None."""
        flag = next((f for f in flags if f in self.flagged), None)
        return (self.flagged[flag], flag) if flag else (self, None)


@dataclass(frozen=True)
class Phase:
    """A step of the plan the advice makes ("First: run fewer services", "Then, for the services
    you keep"). Recommendations are given phase by phase, in the file's order. `then_title` and
    `then_intro` are used when an earlier phase has advice too: the sentence that says how the
    two fit together."""

    id: str
    title: str
    intro: str
    then_title: str
    then_intro: str


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
    # Only for "candidates": flags that must be raised too; their causes join the candidates'.
    while_flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Recommendation:
    id: str
    priority: int
    title: str
    why: str
    steps: tuple[str, ...]
    when: Trigger
    phase: str = ""
    # Recommendations whose goal this one carries on in other words (run fewer services /
    # merge what changes together): between two assessments, neither is "no longer needed"
    # while the other is given.
    continues: tuple[str, ...] = ()


@dataclass(frozen=True)
class PrematureSplitRule:
    """Flagged when the context number `count` is above `limit × field` for every (field, limit)
    in `per`: e.g. services above 0.5 per engineer and above 3 per team."""

    count: str
    per: tuple[tuple[str, float], ...]

    @property
    def fields(self) -> tuple[str, ...]:
        return (*(field for field, _ in self.per), self.count)


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
    phases: tuple[Phase, ...] = ()
    # The language of the texts, the same questionnaire in each language it has (shared by all
    # of them), and per other language how many texts have no translation (shown in English).
    language: str = "en"
    versions: dict[str, Instrument] = field(default_factory=dict, repr=False)
    untranslated: dict[str, int] = field(default_factory=dict, repr=False)

    def in_language(self, code: str) -> Instrument:
        """This questionnaire with its texts in `code`: the same ids, points and rules; itself in
        English where it has no translation into `code`."""
        return self.versions.get(code) or self.versions.get("en") or self

    def sign(self, sign_id: str) -> Sign:
        return next(s for s in self.signs if s.id == sign_id)

    # -- the signs and their answers ----------------------------------------------------------

    @property
    def signs_title(self) -> str:
        """ "The six signs": how pages and the report name the signs of this instrument."""
        return _("The %(count)s signs", count=count_in_words(len(self.signs)))

    @property
    def sign_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.signs)

    @property
    def sign_answers(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options["sign"])

    def means(self, answer: str) -> str:
        """What a sign answer means to the rules: present, partly, absent or unknown."""
        means = next(o.means for o in self.options["sign"] if o.id == answer)
        assert means is not None, "the loader requires a meaning on every sign answer"
        return means

    def answer_meaning(self, means: str) -> str:
        """The sign answer with this meaning ("present" -> "yes")."""
        return next(o.id for o in self.options["sign"] if o.means == means)

    def severity(self, answer: str) -> int:
        """How bad a sign answer is: absent 0, partly or unknown 1, present 2."""
        return SEVERITY[self.means(answer)]

    def points(self, answer: str) -> float:
        points = next(o.points for o in self.options["sign"] if o.id == answer)
        assert points is not None, "the loader requires points on every sign answer"
        return points

    def option_label(self, group: str, answer: str) -> str:
        for option in self.options[group]:
            if option.id == answer:
                return option.label
        return answer

    # -- the context ---------------------------------------------------------------------------

    @property
    def numbers(self) -> tuple[ContextField, ...]:
        """The context's numbers (the answers document's `context`); a text field is the name of
        what was assessed (`team.name`)."""
        return tuple(f for f in self.context if f.kind != "text")

    # -- the questions about a candidate service ---------------------------------------------

    @property
    def candidate_ids(self) -> tuple[str, ...]:
        return tuple(q.id for q in self.candidate_questions)

    def candidate_question(self, question_id: str) -> CandidateQuestion:
        return next(q for q in self.candidate_questions if q.id == question_id)

    @property
    def choice_questions(self) -> tuple[CandidateQuestion, ...]:
        return tuple(q for q in self.candidate_questions if q.kind == "choice")

    @property
    def blocking_questions(self) -> tuple[str, ...]:
        """The questions whose answer, unless `ready`, blocks a split."""
        return tuple(q.id for q in self.candidate_questions if q.ready is not None)

    def answers_to(self, question_id: str) -> tuple[str, ...]:
        return tuple(o.id for o in self.options[question_id])

    def scale(self, question_id: str) -> tuple[str, ...]:
        """A choice question's answers from the good end to the bad end, without the unknown one."""
        return tuple(o.id for o in self.options[question_id] if o.means != "unknown")

    def unknown_answer(self, question_id: str) -> str | None:
        return next((o.id for o in self.options[question_id] if o.means == "unknown"), None)

    def recommendation(self, rec_id: str) -> Recommendation:
        return next(r for r in self.recommendations if r.id == rec_id)

    def same_goal(self, one: str, other: str) -> bool:
        """Whether two recommendations are the same advice: the same id, or one continues the other."""
        continued = {r.id: r.continues for r in self.recommendations}
        return one == other or other in continued.get(one, ()) or one in continued.get(other, ())

    def phase_order(self, phase_id: str) -> int:
        return next(i for i, p in enumerate(self.phases) if p.id == phase_id)
