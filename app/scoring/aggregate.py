"""Several respondents' answers -> one team answer, with the spread and the disagreements.

Pure: only the standard library and `app.scoring` / `app.instrument`; no Flask,
no database. The aggregated `Answers` is an ordinary answers document, scored
by `app.scoring.score_answers` like any other: aggregation never computes a
verdict of its own.

The rules, in plain words
-------------------------
(The answer ids below are splitcheck/1's; an instrument's answers say what
they mean: present ("yes"), partly, absent ("no") and unknown ("unsure"). Its
questions, context numbers and candidate questions come from the instrument.)

Signs
  * Answers are ordered no < partly < yes. "unsure" is not on that scale: a
    respondent who was unsure takes no part in choosing the answer (they are
    still counted in the spread).
  * A disputed sign (see "Disagreement on a sign" below) is answered "unsure":
    the combined answers take no side where the people who were sure
    contradict each other, so a sign only some of them see is never counted
    as clearly present, nor one only some of them miss as absent. It then
    counts as "unsure" everywhere the answers are scored: half the points, in
    the verdict's count of unsure answers, not in `signs_present`. The
    spread keeps what each person said, for the report to show the dispute.
  * Otherwise the chosen answer is the middle (median) answer of the
    respondents who were sure. With an even number of sure answers there are
    two middle answers; we take the upper one, the one nearer to "yes". (An
    even split that is not a dispute is "yes" against "partly": both see the
    sign, and taking the lower would understate it.)
  * If nobody was sure, the answer is "unsure".

Disagreement on a sign (among the respondents who were sure)
  * at least one "yes" and at least one "no" (answers two steps apart), or
  * at least one "partly" and at least one "no", with each side ({yes, partly}
    against {no}) holding at least a third of the sure respondents.
  "yes" against "partly" is not a disagreement: both see the sign. Unsure
  respondents take no side, but the report lists them with what they said.
  Each disagreement maps every answer that was given (in the order yes,
  partly, no, unsure) to the people who gave it, as "Name (Role)" (just the
  role when the name is blank), in the order the responses were passed in.

Context
  * whole numbers (engineers, teams, services): the median of the
    respondents who gave one, as a whole number; a half-way median (even
    count) rounds up.
  * other numbers (deploys_per_week): the median of the respondents who gave
    it (an exact median, so it may be a fraction).
  * a number nobody gave is left out.
  * team name: the `team_name` argument when given (and not blank); otherwise
    the team name given by most respondents, compared ignoring case and outer
    spaces, ties going to the name seen first, spelled as first seen;
    otherwise none.

Candidates
  * Merged by name, ignoring case and outer spaces; the first spelling seen is
    kept, and so is the order of first appearance. At most 50 candidates are
    kept (the first 50 to appear). A respondent who lists the same candidate
    twice counts once, with their first description.
  * choice questions (domain_split, owns_data, deploy_alone, survives_outages):
    the middle answer of the respondents sure about that candidate, on each
    question's own order from good to bad, as the instrument lists them
    (domain < layer; yes < shared; yes < no). On an even split the upper
    middle, the worse answer, is taken, as for signs: a blocker that half the
    team sees stays visible. "unsure" if nobody who described the candidate
    was sure.
  * multiple-choice questions (reasons): the answers ticked by at least half
    (rounded up) of the respondents who described that candidate: 1 of 1 or 2,
    2 of 3 or 4, 3 of 5 and so on. None reaching that leaves the list empty
    ("a module would do").

Inputs
  * `aggregate([])` raises ValueError("no responses"); responses to different
    instruments raise ValueError. One response gives back that response's
    answers exactly (up to the 50-candidate cap).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.instrument import Instrument, get

from .answers import MAX_NAME, Answers, Candidate, Context, clean_name

MAX_CANDIDATES = 50


@dataclass(frozen=True)
class Response:
    """One respondent's finished answers."""

    name: str  # the person's name as they gave it
    role: str  # their role, e.g. "Engineering lead"
    answers: Answers  # parsed, valid answers

    @property
    def label(self) -> str:
        return person_label(self.name, self.role)


# The label of someone who gave neither name nor role (pages show it in the reader's language).
ANONYMOUS = "Anonymous"


def person_label(name: str | None, role: str | None) -> str:
    """Name and role, as in Maya (Engineering lead); a blank part is left out."""
    name, role = clean_name(name or ""), clean_name(role or "")
    if name and role:
        return f"{name} ({role})"
    return name or role or ANONYMOUS


@dataclass(frozen=True)
class SignSpread:
    sign: str
    chosen: str  # yes | partly | no | unsure
    counts: dict[str, int]  # every answer (yes, partly, no, unsure) -> how many gave it
    sure: int  # how many respondents were not unsure
    disputed: bool = False  # the sure answers disagree (see `disagrees`): chosen is the unknown answer


@dataclass(frozen=True)
class Disagreement:
    sign: str
    by_answer: dict[str, tuple[str, ...]]  # answer given -> "Name (Role)" of who gave it


@dataclass(frozen=True)
class Aggregate:
    answers: Answers
    spreads: dict[str, SignSpread]
    disagreements: tuple[Disagreement, ...]
    respondents: int


def middle(answers: Iterable[str], order: Sequence[str], unknown: str | None) -> str:
    """The median of the sure answers on `order` (good to bad); the upper middle on an even count.

    `unknown` answers are left out; `unknown` comes back only if nothing else was given.
    """
    rank = {answer: i for i, answer in enumerate(order)}
    sure = sorted((a for a in answers if a != unknown), key=lambda a: _rank(rank, a, unknown))
    if not sure:
        assert unknown is not None, "a question without an unknown answer always has sure answers"
        return unknown
    return sure[len(sure) // 2]  # odd: the middle one; even: the upper of the two


def sign_scale(instrument: Instrument) -> tuple[str, ...]:
    """The sign answers from absent to present, without the unknown one."""
    return tuple(instrument.answer_meaning(m) for m in ("absent", "partly", "present"))


def disagrees(answers: Iterable[str], instrument: Instrument) -> bool:
    """True when the sure answers to one sign are split (see the module's rules)."""
    given = [instrument.means(a) for a in answers if instrument.means(a) != "unknown"]
    yes, partly, no = (given.count(m) for m in ("present", "partly", "absent"))
    if yes and no:
        return True
    seeing = yes + partly
    return bool(seeing and no and 3 * seeing >= len(given) and 3 * no >= len(given))


def aggregate(responses: Sequence[Response], team_name: str | None = None) -> Aggregate:
    """Merge several respondents' answers into one team's answers (rules above)."""
    responses = list(responses)
    if not responses:
        raise ValueError("no responses")
    instruments = {r.answers.instrument for r in responses}
    if len(instruments) != 1:
        raise ValueError(f"responses use different instruments: {', '.join(sorted(instruments))}")
    instrument = get(responses[0].answers.instrument)
    answers_offered = instrument.sign_answers
    for r in responses:
        for sign in instrument.sign_ids:
            if r.answers.signs.get(sign) not in answers_offered:
                raise ValueError(f"{r.label}: signs.{sign}: must be one of {', '.join(answers_offered)}")

    unknown = instrument.answer_meaning("unknown")
    spreads: dict[str, SignSpread] = {}
    disagreements: list[Disagreement] = []
    for sign in instrument.sign_ids:
        given = [r.answers.signs[sign] for r in responses]
        counts = {answer: given.count(answer) for answer in answers_offered}
        disputed = disagrees(given, instrument)
        chosen = unknown if disputed else middle(given, sign_scale(instrument), unknown)
        spreads[sign] = SignSpread(sign, chosen, counts, len(given) - counts[unknown], disputed)
        if disputed:
            by_answer = {
                answer: tuple(r.label for r in responses if r.answers.signs[sign] == answer)
                for answer in answers_offered
                if counts[answer]
            }
            disagreements.append(Disagreement(sign, by_answer))

    answers = Answers(
        instrument=instrument.id,
        team_name=_team_name(team_name, responses),
        context=_context([r.answers.context for r in responses], instrument),
        signs={sign: spreads[sign].chosen for sign in instrument.sign_ids},
        candidates=_candidates(responses, instrument),
    )
    return Aggregate(answers, spreads, tuple(disagreements), len(responses))


def _rank(rank: dict[str, int], answer: str, unknown: str | None) -> int:
    try:
        return rank[answer]
    except KeyError:
        offered = [*rank, unknown] if unknown else list(rank)
        raise ValueError(f"{answer!r} is not one of {', '.join(offered)}") from None


def _key(name: str) -> str:
    return name.strip().casefold()


def _median_int(values: list[int]) -> int:
    """Median of whole numbers; a half-way median rounds up."""
    values = sorted(values)
    n = len(values)
    if n % 2:
        return values[n // 2]
    return (values[n // 2 - 1] + values[n // 2] + 1) // 2


def _median(values: list[float]) -> float:
    values = sorted(values)
    n = len(values)
    if n % 2:
        return values[n // 2]
    half = (values[n // 2 - 1] + values[n // 2]) / 2
    return int(half) if half == int(half) and all(isinstance(v, int) for v in values) else half


def _context(contexts: list[Context], instrument: Instrument) -> Context:
    merged: Context = {}
    for f in instrument.numbers:
        given = [c[f.id] for c in contexts if f.id in c]
        if given:
            merged[f.id] = _median_int([int(v) for v in given]) if f.kind == "integer" else _median(given)
    return merged


def _team_name(given: str | None, responses: list[Response]) -> str | None:
    if given is not None:
        cleaned = clean_name(given)
        if len(cleaned) > MAX_NAME:
            raise ValueError(f"team name must be at most {MAX_NAME} characters")
        if cleaned:
            return cleaned
    counts: dict[str, int] = {}
    spelling: dict[str, str] = {}
    for r in responses:
        name = r.answers.team_name
        if name and name.strip():
            key = _key(name)
            counts[key] = counts.get(key, 0) + 1
            spelling.setdefault(key, name)
    if not counts:
        return None
    best = max(counts.values())
    return spelling[next(key for key, n in counts.items() if n == best)]  # dicts keep first-seen order


def _candidates(responses: list[Response], instrument: Instrument) -> tuple[Candidate, ...]:
    described: dict[str, list[Candidate]] = {}  # key -> one description per respondent
    for r in responses:
        seen: set[str] = set()
        for candidate in r.answers.candidates:
            key = _key(candidate.name)
            if key in seen:
                continue
            seen.add(key)
            if key in described:
                described[key].append(candidate)
            elif len(described) < MAX_CANDIDATES:
                described[key] = [candidate]
    return tuple(_merged(descriptions, instrument) for descriptions in described.values())


def _merged(descriptions: list[Candidate], instrument: Instrument) -> Candidate:
    need = (len(descriptions) + 1) // 2  # at least half, rounding up
    answers: dict[str, str | tuple[str, ...]] = {}
    for q in instrument.candidate_questions:
        if q.kind == "choice":
            given = (d.choice(q.id) for d in descriptions)
            answers[q.id] = middle(given, instrument.scale(q.id), instrument.unknown_answer(q.id))
        else:
            answers[q.id] = tuple(
                a for a in instrument.answers_to(q.id) if sum(a in d.ticked(q.id) for d in descriptions) >= need
            )
    return Candidate(descriptions[0].name, answers)


__all__ = [
    "ANONYMOUS",
    "Aggregate",
    "Disagreement",
    "Response",
    "SignSpread",
    "aggregate",
    "disagrees",
    "middle",
    "person_label",
    "sign_scale",
]
