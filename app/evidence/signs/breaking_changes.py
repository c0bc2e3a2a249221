"""Sign ``breaking_changes``: changing one service's API breaks others.

Read from API contracts (OpenAPI 2.0 and 3.x in YAML or JSON, ``.proto`` files): two or more
versions of one contract in the files given (``contracts/versions.py`` says which are versions of
one another, and in which order), or the successive versions of contract files in a repository's
history. Each version is compared with the one before it.

**Our rules: what breaks callers.**

* OpenAPI: an operation (method on a path) removed, or its path renamed (a path's parameter
  names do not count); a 2xx response removed; a response field removed; a new required
  parameter or request field, or an optional one made required; the type of a parameter or field
  changed; enum values removed from a parameter or field.
* protobuf: a message, enum, service or call (rpc) removed; a field removed; a field number
  reused with another name or type; a field's type changed; a call taking or returning other
  messages (or streaming where it did not); enum values removed; a new ``required`` (proto2) field.
* Not breaking: new operations, new optional parameters and fields, new messages, calls, enum
  values and fields; request fields or parameters removed (callers may still send them: the
  service ignores them).

Each break keeps where it is (method and path, or message and field) and why it breaks, in one
sentence. The service serving a contract, and its callers, come from ``contracts/owners.py``.

* **strong**: a breaking change shipped while callers of that API are seen in the other evidence
  (calls in traces, URLs in settings); they are named.
* **weak**: a breaking change with no caller seen; or a contract with no version in its paths or
  package (``/v1/``, ``package orders.v1``) that several services call, so any change reaches
  them all at once.

Suggestion: strong -> ``yes``; weak -> ``partly``; ``no`` when a repository's history showed at
least ``MIN_CHANGES_FOR_NO`` changes to contracts, none of them breaking, and every contract is
versioned; otherwise ``unsure`` (a few compatible changes, or none compared, show too little).
"""

from __future__ import annotations

from typing import Any

from ..contracts import Contract, ContractEvidence, ContractHistory, Step
from ..contracts.owners import callers, serving
from .finding import NO, STRONG, UNSURE, WEAK, Evidence, Finding, SignReport, counted, listing, suggestion_from

SIGN = "breaking_changes"
MIN_CHANGES_FOR_NO = 10
MAX_BREAKS_KEPT = 50  # per finding; the count says how many there were

STEP_WITH_CALLERS = (
    "The {api} changed in version {version} in a way that breaks its callers, while it is still called by {callers}."
)
STEP_NO_CALLERS = (
    "The {api} changed in version {version} in a way that would break its callers; no caller of it is seen in "
    "these files."
)
FILES_WITH_CALLERS = (
    "The {api} changed from {before} to {after} in a way that breaks its callers, while it is still called "
    "by {callers}."
)
FILES_NO_CALLERS = (
    "The {api} changed from {before} to {after} in a way that would break its callers; no caller of it is seen "
    "in these files."
)
MORE_BREAKS = "{count} changes in this version break callers in all."
HISTORY_WITH_CALLERS = (
    "Breaking changes shipped in {breaking} of {changes} changes to {file} between {first} and {last}, while "
    "it is called by {callers}."
)
HISTORY_NO_CALLERS = (
    "Breaking changes shipped in {breaking} of {changes} changes to {file} between {first} and {last}; no "
    "caller of it is seen in these files."
)
LATEST_BREAK = "The latest was commit {commit} on {date}: {why}"
UNVERSIONED = (
    "The {api} has no version in its paths or package, yet it is called by {callers}, so every change to it "
    "reaches them all at once and none of them can stay on the old version."
)
NO_CONTRACTS = (
    "No API contracts (OpenAPI or .proto files) were given, so whether changing one service's API breaks "
    "others could not be checked; the team's own experience, or contract tests, have to answer that."
)
ONE_VERSION = (
    "Only one version of each API contract was given, so no change could be compared: give two versions "
    "(for example in before/ and after/ folders) or the repository's history."
)
NO_SERVICE = (
    "Which service serves {files} is not clear from the names of its folders, servers, title or package, "
    "so who calls it is not known."
)
NO_CALLERS = (
    "No caller of {apis} is seen in these files (traces or settings naming {them} would show it), so whom "
    "their changes reach is not known."
)
NO_CONTRACT_TESTS = (
    "Whether the callers run contract tests (consumer-driven tests such as Pact) is not visible in these files."
)
COVERAGE = (
    "{contracts} read, {compared} with an earlier version to compare; {breaking} of {changes} between "
    "versions broke callers; callers seen for {called} of {total}"
)
NO_CONTRACTS_COVERAGE = "No API contracts (OpenAPI or .proto files) were given"
UNREADABLE_VERSIONS = "{count} versions of contract files in the history could not be read, for example {example}."


def api_name(contract: Contract, services: list[str]) -> str:
    """How a contract is named to people: 'orders API', or its title, or its file."""
    if len(services) == 1:
        return f"{services[0]} API"
    if contract.format == "protobuf":
        return f"API of {contract.file}"
    return contract.name if contract.name.lower().endswith("api") else f"{contract.name} API"


def _details(contract: Contract, services: list[str], seen: list[str], breaks: list[Any]) -> dict[str, Any]:
    return {
        "contract": contract.file,
        "services": services,
        "consumers": seen,
        "breaks": [b.as_dict() for b in breaks[:MAX_BREAKS_KEPT]],
        "breaks_total": len(breaks),
    }


def _step_finding(step: Step, evidence: Evidence) -> Finding:
    served = serving(step.after, evidence.inventory)
    seen = callers(served, evidence.edges)
    words = {
        "api": api_name(step.after, served),
        "version": step.after.version,
        "before": step.before.file,
        "after": step.after.file,
        "callers": listing(seen),
    }
    if step.after.version and step.after.version != step.before.version:
        lead = STEP_WITH_CALLERS if seen else STEP_NO_CALLERS
    else:
        lead = FILES_WITH_CALLERS if seen else FILES_NO_CALLERS
    summary = lead.format(**words) + " " + step.breaks[0].why
    if len(step.breaks) > 1:
        summary += " " + MORE_BREAKS.format(count=len(step.breaks))
    details = _details(step.after, served, seen, step.breaks)
    details.update(from_version=version_of(step.before), to_version=version_of(step.after))
    files = sorted({step.before.file, step.after.file})
    return Finding(SIGN, STRONG if seen else WEAK, summary, files, details)


def version_of(contract: Contract) -> str:
    return contract.version or contract.file


def _history_finding(history: ContractHistory, evidence: Evidence) -> Finding | None:
    breaking = history.breaking
    if not breaking:
        return None
    latest = breaking[-1]
    served = serving(latest.after, evidence.inventory)
    seen = callers(served, evidence.edges)
    words = {
        "breaking": len(breaking),
        "changes": history.changes,
        "file": history.file,
        "api": api_name(latest.after, served),
        "first": (history.first_date or "")[:10],
        "last": (history.last_date or "")[:10],
        "callers": listing(seen),
    }
    summary = (HISTORY_WITH_CALLERS if seen else HISTORY_NO_CALLERS).format(**words)
    summary += " " + LATEST_BREAK.format(
        commit=(latest.commit or "")[:10], date=(latest.date or "")[:10], why=latest.breaks[0].why
    )
    details = _details(latest.after, served, seen, latest.breaks)
    details.update(changes=history.changes, breaking_changes=len(breaking), commit=latest.commit, date=latest.date)
    return Finding(SIGN, STRONG if seen else WEAK, summary, [history.file], details)


def latest_versions(found: ContractEvidence) -> list[Contract]:
    """The contracts of the import that no other version given replaces."""
    replaced = {id(step.before) for step in found.steps}
    return [c for c in found.contracts if id(c) not in replaced]


def _unversioned(found: ContractEvidence, evidence: Evidence) -> list[Finding]:
    findings = []
    for contract in latest_versions(found):
        served = serving(contract, evidence.inventory)
        seen = callers(served, evidence.edges)
        if contract.versioned or len(seen) < 2:
            continue
        summary = UNVERSIONED.format(api=api_name(contract, served), callers=listing(seen))
        findings.append(Finding(SIGN, WEAK, summary, [contract.file], _details(contract, served, seen, [])))
    return findings


def _unseen(found: ContractEvidence, evidence: Evidence) -> list[str]:
    notes = []
    if not found.steps and not any(h.changes for h in found.histories):
        notes.append(ONE_VERSION)
    contracts = latest_versions(found)
    services = {id(c): serving(c, evidence.inventory) for c in contracts}
    unknown = [c.file for c in contracts if not services[id(c)]]
    if unknown:
        notes.append(NO_SERVICE.format(files=listing(unknown, 3)))
    uncalled = sorted({api_name(c, s) for c in contracts if (s := services[id(c)]) and not callers(s, evidence.edges)})
    if uncalled:
        notes.append(NO_CALLERS.format(apis=listing(uncalled, 3), them="it" if len(uncalled) == 1 else "them"))
    unreadable = [f"{h.file} at {line}" for h in found.histories for line in h.unreadable]
    if unreadable:
        notes.append(UNREADABLE_VERSIONS.format(count=len(unreadable), example=unreadable[0]))
    notes.append(NO_CONTRACT_TESTS)
    return notes


def _nothing_broke(found: ContractEvidence) -> bool:
    changes = sum(h.changes for h in found.histories)
    return changes >= MIN_CHANGES_FOR_NO and all(c.versioned for c in latest_versions(found))


def assess(evidence: Evidence) -> SignReport:
    found = evidence.contracts
    if found is None or not (found.contracts or found.histories):
        return SignReport(suggestion=UNSURE, unseen=[NO_CONTRACTS])
    report = SignReport()
    report.findings = [_step_finding(step, evidence) for step in found.steps if step.breaks]
    for history in found.histories:
        finding = _history_finding(history, evidence)
        if finding:
            report.findings.append(finding)
    report.findings.extend(_unversioned(found, evidence))
    report.suggestion = suggestion_from(report.findings) or (NO if _nothing_broke(found) else UNSURE)
    report.unseen = _unseen(found, evidence)
    return report


def coverage(evidence: Evidence) -> str:
    """How much the contracts let this sign see, in one sentence (no full stop)."""
    found = evidence.contracts
    if found is None or not (found.contracts or found.histories):
        return NO_CONTRACTS_COVERAGE
    contracts = latest_versions(found)
    compared = {step.after.identity for step in found.steps}
    steps = len(found.steps) + sum(h.changes for h in found.histories)
    breaking = sum(1 for step in found.steps if step.breaks) + sum(len(h.breaking) for h in found.histories)
    called = sum(1 for c in contracts if callers(serving(c, evidence.inventory), evidence.edges))
    total = len(contracts) + len(found.histories)
    return COVERAGE.format(
        contracts=counted(total, "API contract"),
        compared=len(compared) + sum(1 for h in found.histories if h.changes),
        breaking=breaking,
        changes=counted(steps, "change"),
        called=called,
        total=total,
    )
