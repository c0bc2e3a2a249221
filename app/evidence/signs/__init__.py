"""The six signs, each assessed from the evidence by its own module.

A registry keyed by sign id; every assessment returns findings, a suggested
answer (``yes``, ``partly``, ``no`` or ``unsure``) and what it could not see.
The rules of each sign are in its module's docstring. In short: a strong
finding suggests ``yes``, a weak one ``partly``; ``no`` only where the inputs
really show the sign is absent; ``unsure`` everywhere else.
"""

from __future__ import annotations

from collections.abc import Callable

from .. import budget
from . import breaking_changes, call_chains, cascading_failure, deploy_coupling, local_testing, shared_database
from .finding import Evidence, Finding, SignReport

SIGNS: dict[str, Callable[[Evidence], SignReport]] = {
    "deploy_coupling": deploy_coupling.assess,
    "cascading_failure": cascading_failure.assess,
    "call_chains": call_chains.assess,
    "shared_database": shared_database.assess,
    "local_testing": local_testing.assess,
    "breaking_changes": breaking_changes.assess,
}


def assess_all(evidence: Evidence) -> tuple[list[Finding], dict[str, str], dict[str, list[str]]]:
    """(findings, suggested answers for all six signs, what each sign could not see)."""
    findings: list[Finding] = []
    suggested: dict[str, str] = {}
    unseen: dict[str, list[str]] = {}
    for sign, assess in SIGNS.items():
        budget.check()
        report = assess(evidence)
        findings.extend(report.findings)
        suggested[sign] = report.suggestion
        unseen[sign] = list(report.unseen)
    budget.check()
    return findings, suggested, unseen


__all__ = ["SIGNS", "Evidence", "Finding", "assess_all"]
