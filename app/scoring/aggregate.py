"""Several respondents' answers -> one team answer, with the spread and the disagreements.

Pure: only the standard library and `app.scoring` / `app.instrument`; no Flask,
no database. The aggregated `Answers` is an ordinary answers document, scored
by `app.scoring.score_answers` like any other: aggregation never computes a
verdict of its own.

The rules, in plain words
-------------------------
Signs
  * Answers are ordered no < partly < yes. "unsure" is not on that scale: a
    respondent who was unsure takes no part in choosing the answer (they are
    still counted in the spread).
  * The chosen answer is the middle (median) answer of the respondents who
    were sure. With an even number of sure answers there are two middle
    answers; we take the upper one, the one nearer to "yes". Reason: a sign
    that half the team sees should not be hidden from the report; taking the
    lower would quietly drop it. The disagreement section says the team was
    split, so the reader also sees that the other half did not see it.
  * If nobody was sure, the answer is "unsure".

Disagreement on a sign (among the respondents who were sure)
  * at least one "yes" and at least one "no" (answers two steps apart), or
  * at least one "partly" and at least one "no", with each side ({yes, partly}
    against {no}) holding at least a third of the sure respondents.
  "yes" against "partly" is not a disagreement: both see the sign. Unsure
  respondents take no side, but the report lists them with what they said.
  Each disagreement maps every answer that was given (in the order yes,
  partly, no, unsure) to the people who gave it, as "Name (Role)", in the order
  the responses were passed in.

Context
  * engineers, teams, services: the median of the respondents' values, as a
    whole number; a half-way median (even count) rounds up.
  * deploys_per_week: the median of the respondents who gave it (an exact
    median, so it may be a fraction); absent if nobody gave it.
  * team name: the `team_name` argument when given (and not blank); otherwise
    the team name given by most respondents, compared ignoring case and outer
    spaces, ties going to the name seen first, spelled as first seen;
    otherwise none.

Candidates
  * Merged by name, ignoring case and outer spaces; the first spelling seen is
    kept, and so is the order of first appearance. At most 50 candidates are
    kept (the first 50 to appear). A respondent who lists the same candidate
    twice counts once, with their first description.
  * domain_split, owns_data, deploy_alone, survives_outages: the middle answer
    of the respondents sure about that candidate, on each question's own order
    from good to bad (domain < layer; yes < shared; yes < no). On an even
    split the upper middle, the worse answer, is taken, as for signs: a
    blocker that half the team sees stays visible. "unsure" if nobody who
    described the candidate was sure.
  * reasons: those named by at least half (rounded up) of the respondents who
    described that candidate: 1 of 1 or 2, 2 of 3 or 4, 3 of 5 and so on. None
    reaching that leaves the list empty ("a module would do").

Inputs
  * `aggregate([])` raises ValueError("no responses"); responses to different
    instruments raise ValueError. One response gives back that response's
    answers exactly (up to the 50-candidate cap).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.instrument import CANDIDATE_ANSWERS, REASONS, SIGN_ANSWERS, SIGN_IDS

from .answers import MAX_NAME, Answers, Candidate, Context, clean_name

MAX_CANDIDATES = 50
UNSURE = "unsure"
# Each scale runs from the good (or "not present") end to the bad end;
# "unsure" is never on a scale.
SIGN_ORDER = ("no", "partly", "yes")
CANDIDATE_ORDER = {
    "domain_split": ("domain", "layer"),
    "owns_data": ("yes", "shared"),
    "deploy_alone": ("yes", "no"),
    "survives_outages": ("yes", "no"),
}
assert set(SIGN_ORDER) | {UNSURE} == set(SIGN_ANSWERS)
assert all(set(CANDIDATE_ORDER[q]) | {UNSURE} == set(a) for q, a in CANDIDATE_ANSWERS.items())


@dataclass(frozen=True)
class Response:
    """One respondent's finished answers."""

    name: str  # the person's name as they gave it
    role: str  # their role, e.g. "Engineering lead"
    answers: Answers  # parsed, valid answers

    @property
    def label(self) -> str:
        """Name and role, as in Maya (Engineering lead); a blank part is left out."""
        name, role = clean_name(self.name or ""), clean_name(self.role or "")
        if name and role:
            return f"{name} ({role})"
        return name or role or "Anonymous"


@dataclass(frozen=True)
class SignSpread:
    sign: str
    chosen: str  # yes | partly | no | unsure
    counts: dict[str, int]  # every answer (yes, partly, no, unsure) -> how many gave it
    sure: int  # how many respondents were not unsure


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


def middle(answers: Iterable[str], order: Sequence[str]) -> str:
    """The median of the sure answers on `order`; the upper middle on an even count.

    "unsure" answers are left out; "unsure" comes back only if nothing else was given.
    """
    rank = {answer: i for i, answer in enumerate(order)}
    sure = sorted((a for a in answers if a != UNSURE), key=lambda a: _rank(rank, a))
    if not sure:
        return UNSURE
    return sure[len(sure) // 2]  # odd: the middle one; even: the upper of the two


def disagrees(answers: Iterable[str]) -> bool:
    """True when the sure answers to one sign are split (see the module's rules)."""
    given = [a for a in answers if a != UNSURE]
    yes, partly, no = (given.count(a) for a in ("yes", "partly", "no"))
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
    for r in responses:
        for sign in SIGN_IDS:
            if r.answers.signs.get(sign) not in SIGN_ANSWERS:
                raise ValueError(f"{r.label}: signs.{sign}: must be one of {', '.join(SIGN_ANSWERS)}")

    spreads: dict[str, SignSpread] = {}
    disagreements: list[Disagreement] = []
    for sign in SIGN_IDS:
        given = [r.answers.signs[sign] for r in responses]
        counts = {answer: given.count(answer) for answer in SIGN_ANSWERS}
        spreads[sign] = SignSpread(sign, middle(given, SIGN_ORDER), counts, len(given) - counts[UNSURE])
        if disagrees(given):
            by_answer = {
                answer: tuple(r.label for r in responses if r.answers.signs[sign] == answer)
                for answer in SIGN_ANSWERS
                if counts[answer]
            }
            disagreements.append(Disagreement(sign, by_answer))

    answers = Answers(
        instrument=responses[0].answers.instrument,
        team_name=_team_name(team_name, responses),
        context=_context([r.answers.context for r in responses]),
        signs={sign: spreads[sign].chosen for sign in SIGN_IDS},
        candidates=_candidates(responses),
    )
    return Aggregate(answers, spreads, tuple(disagreements), len(responses))


def _rank(rank: dict[str, int], answer: str) -> int:
    try:
        return rank[answer]
    except KeyError:
        raise ValueError(f"{answer!r} is not one of {', '.join([*rank, UNSURE])}") from None


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


def _context(contexts: list[Context]) -> Context:
    deploys = [c.deploys_per_week for c in contexts if c.deploys_per_week is not None]
    return Context(
        engineers=_median_int([c.engineers for c in contexts]),
        teams=_median_int([c.teams for c in contexts]),
        services=_median_int([c.services for c in contexts]),
        deploys_per_week=_median(deploys) if deploys else None,
    )


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


def _candidates(responses: list[Response]) -> tuple[Candidate, ...]:
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
    merged = []
    for descriptions in described.values():
        need = (len(descriptions) + 1) // 2  # at least half, rounding up
        merged.append(
            Candidate(
                name=descriptions[0].name,
                **{q: middle((getattr(d, q) for d in descriptions), order) for q, order in CANDIDATE_ORDER.items()},
                reasons=tuple(reason for reason in REASONS if sum(reason in d.reasons for d in descriptions) >= need),
            )
        )
    return tuple(merged)


__all__ = ["Aggregate", "Disagreement", "Response", "SignSpread", "aggregate", "disagrees", "middle"]
