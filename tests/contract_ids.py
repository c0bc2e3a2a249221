"""splitcheck/1's question ids and answers as CONTRACT.md and DOMAIN.md fix them.

The app reads every id from its instrument file; the tests keep their own copy, so a test checks
the file and the app against the contract instead of reading the ids back from the file.
"""

from __future__ import annotations

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


def candidate_of(
    name: str, domain_split: str, owns_data: str, deploy_alone: str, survives_outages: str, reasons: tuple[str, ...]
):
    """A splitcheck/1 candidate, its answers given in the contract's order."""
    from app.scoring import Candidate

    answers = dict(zip(CANDIDATE_ANSWERS, (domain_split, owns_data, deploy_alone, survives_outages), strict=True))
    return Candidate(name, {**answers, "reasons": tuple(reasons)})


def context_of(engineers: int, teams: int, services: int, deploys_per_week: float | None = None) -> dict:
    """A splitcheck/1 context: the answers document's numbers."""
    context: dict = {"engineers": engineers, "teams": teams, "services": services}
    if deploys_per_week is not None:
        context["deploys_per_week"] = deploys_per_week
    return context
