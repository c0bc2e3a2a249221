"""Sign ``deploy_coupling``: services that cannot be deployed alone.

* **strong**: one image (or one build) runs three or more services that are
  at least a third of all services: they are built and shipped as one.
* **weak**: one image runs two services; every service (three or more) is
  pinned to the same version tag (other than ``latest``), which suggests
  lock-step releases; or a service's ``depends_on`` chain drags in at least
  half of the rest of the system.

From version-control history (``history_coupling`` measures it; merge commits are not
counted, their changes are counted once through the commits they bring; vendored, generated,
lock and binary files and sweeping commits are left out, and so are commits that touched services
only through their dependency lists and Dockerfiles: the dependency and base-image updates that
tools make across many services at once, which say nothing of how the services are released):

* **strong**: two services changed together (in one commit; across repositories, within the
  window of each other) at least 10 times, and in at least half of the changes of each: neither
  is usually changed, and so released, without the other.
* **weak**: two services changed together at least 5 times, in at least half of the changes of
  one of them; or a folder that is no service (a shared library, protos, schemas) changed
  together with three or more services: a change there may mean releasing all of them.

Suggestion: strong -> ``yes``; weak -> ``partly``; otherwise ``unsure``
(neither configuration nor history can prove that releases are independent).
"""

from __future__ import annotations

from app.language import ngettext

from ..engines import image_tag
from ..history_coupling import CoChange, Pair
from .finding import STRONG, UNSURE, WEAK, Evidence, Finding, SignReport, cited, listing, suggestion_from, system_parts
from .reach import reach_counts

SIGN = "deploy_coupling"
PAIR_FINDINGS = 5  # strong pairs told one by one; the document's "history" lists the rest
SHARED_FINDINGS = 3
# Each sentence is whole, with named places, so that it can be translated as one.
TOGETHER = (
    "{a} and {b} changed together in {together_a} of the {changes_a} changes to {a} and in "
    "{together_b} of the {changes_b} to {b} ({files}), so neither is usually changed, or released, "
    "without the other."
)
TOGETHER_ACROSS = (
    "{a} and {b} changed within {window} of each other in {together_a} of the {changes_a} changes "
    "to {a} and in {together_b} of the {changes_b} to {b} ({files}), so neither is usually changed, "
    "or released, without the other."
)
MOSTLY_WITH = (
    "{b} changed too in {together_a} of the {changes_a} changes to {a} ({files}): {a} is rarely "
    "changed, or released, without {b}."
)
MOSTLY_WITH_ACROSS = (
    "{b} changed within {window} in {together_a} of the {changes_a} changes to {a} ({files}): {a} "
    "is rarely changed, or released, without {b}."
)
SHARED_FOLDER = (
    "The folder {folder}, which is not a service, changed together with {count} services ({names}) "
    "in {changes} changes ({files}); a change there may mean changing and releasing all of them."
)


def _workload_files(evidence: Evidence, names: list[str]) -> list[str]:
    files: set[str] = set()
    for name in names:
        workload = evidence.inventory.nodes[name].workload
        files.update(workload.files if workload else ())
    return sorted(files)


def _shared_builds(evidence: Evidence) -> list[Finding]:
    workloads = [(n.name, n.workload) for n in evidence.inventory.applications() if n.workload]
    groups: dict[str, list[str]] = {}
    for name, workload in workloads:
        if workload.image:
            groups.setdefault(f"the image {workload.image}", []).append(name)
        elif workload.build:
            groups.setdefault(f"the same build ({workload.build})", []).append(name)
    findings = []
    for what, names in sorted(groups.items()):
        if len(names) < 2:
            continue
        strong = len(names) >= 3 and len(names) * 3 >= len(workloads)
        files = _workload_files(evidence, names)
        findings.append(
            Finding(
                SIGN,
                STRONG if strong else WEAK,
                f"{listing(sorted(names), 6)} all run {what}{cited(files)}, so they are built and shipped together.",
                files,
                {"services": sorted(names)},
            )
        )
    return findings


def _shared_tag(evidence: Evidence) -> Finding | None:
    images = {n.name: n.workload.image for n in evidence.inventory.applications() if n.workload and n.workload.image}
    tags = {image_tag(image) for image in images.values()}
    if len(images) < 3 or len(tags) != 1:
        return None
    tag = tags.pop()
    if not tag or tag == "latest":
        return None
    names = sorted(images)
    files = _workload_files(evidence, names)
    return Finding(
        SIGN,
        WEAK,
        f"All {len(names)} services are pinned to the same version tag {tag}{cited(files)}, "
        "which suggests they are released together.",
        files,
        {"services": names, "tag": tag},
    )


def _start_up_chains(evidence: Evidence) -> Finding | None:
    edges = evidence.counted_edges("depends_on")
    if not edges:
        return None
    parts = system_parts(evidence)
    others = len(parts) - 1
    needed = reach_counts(edges, (node.name for node in evidence.inventory.applications()))
    heavy = {name: count for name, count in needed.items() if count >= 3 and count * 2 >= others}
    if not heavy:
        return None
    names = sorted(heavy, key=lambda n: (-heavy[n], n))
    files = sorted({e.file for e in edges if e.file and e.source_node in heavy})
    worst = names[0]
    if len(names) == 1:
        summary = (
            f"{worst}'s start-up order (depends_on) drags in {heavy[worst]} of the "
            f"{others} other parts of the system{cited(files)}."
        )
    else:
        summary = (
            f"The start-up order (depends_on) of {listing(names)} drags in most of the "
            f"system: {worst} alone needs {heavy[worst]} of the {others} other parts "
            f"started first{cited(files)}."
        )
    return Finding(SIGN, WEAK, summary, files, {"services": names, "needs": heavy})


def window_words(seconds: int) -> str:
    """86400 -> 'a day', 172800 -> '2 days', 21600 -> '6 hours'."""
    if seconds % 86400 == 0:
        days = seconds // 86400
        return "a day" if days == 1 else f"{days} days"
    hours = max(1, round(seconds / 3600))
    return "an hour" if hours == 1 else f"{hours} hours"


def _pair_finding(pair: Pair, history: CoChange, strength: str) -> Finding:
    a, b = pair.a, pair.b
    (changes_a, changes_b), (together_a, together_b) = pair.changes, pair.together_each
    if strength == WEAK and pair.confidence[1] > pair.confidence[0]:  # the side that depends on the other first
        a, b, changes_a, changes_b, together_a, together_b = b, a, changes_b, changes_a, together_b, together_a
    across = history.window is not None
    if strength == STRONG:
        template = TOGETHER_ACROSS if across else TOGETHER
    else:
        template = MOSTLY_WITH_ACROSS if across else MOSTLY_WITH
    summary = template.format(
        a=a,
        b=b,
        together_a=together_a,
        changes_a=changes_a,
        together_b=together_b,
        changes_b=changes_b,
        files=", ".join(history.files),
        window=window_words(history.window or 0),
    )
    measured = {key: value for key, value in pair.as_dict().items() if key != "strength"}
    details = {**measured, "source": "history"}
    return Finding(SIGN, strength, summary, list(history.files), details)


def _history_findings(history: CoChange) -> list[Finding]:
    strong = [p for p in history.pairs if p.strength == STRONG]
    weak = [p for p in history.pairs if p.strength == WEAK]
    findings = [_pair_finding(p, history, STRONG) for p in strong[:PAIR_FINDINGS]]
    findings += [_pair_finding(p, history, WEAK) for p in weak[: max(0, PAIR_FINDINGS - len(findings))]]
    for shared in history.shared[:SHARED_FINDINGS]:
        summary = SHARED_FOLDER.format(
            folder=shared["folder"],
            count=len(shared["services"]),
            names=listing(shared["services"], 6),
            changes=shared["changes"],
            files=", ".join(history.files),
        )
        details = {"services": shared["services"], "source": "history", "folder": shared["folder"]}
        findings.append(Finding(SIGN, WEAK, summary, list(history.files), details))
    return findings


def assess(evidence: Evidence) -> SignReport:
    report = SignReport()
    report.findings = _shared_builds(evidence)
    for finding in (_shared_tag(evidence), _start_up_chains(evidence)):
        if finding:
            report.findings.append(finding)
    if evidence.history is not None:
        report.findings += _history_findings(evidence.history)
    report.suggestion = suggestion_from(report.findings) or UNSURE
    history = evidence.history
    if not evidence.has_config:
        report.unseen.append(
            "No compose file or manifest was given, so how services are built and started together is not shown."
        )
    elif not report.findings and history is None:
        report.unseen.append(
            "Whether a service can be released on its own depends on release habits that configuration "
            "files do not show; a version-control history shows which services change together."
        )
    if history is not None and history.upkeep:
        report.unseen.append(
            ngettext(
                "%(num)s change that only updated services' dependency lists or Dockerfiles was set aside: "
                "tools such as Renovate and Dependabot make such updates in many services at once, "
                "which does not show that the services must be released together.",
                "%(num)s changes that only updated services' dependency lists or Dockerfiles were set aside: "
                "tools such as Renovate and Dependabot make such updates in many services at once, "
                "which does not show that the services must be released together.",
                history.upkeep,
            )
        )
    if history is not None and history.commits == 0:
        report.unseen.append(
            "The version-control history given holds no change to any service's files, so what changes "
            "together is not shown."
        )
    if history is not None and not evidence.has_config and len(report.unseen) > 1:
        # what the history set aside explains an unsure answer better than the missing configuration,
        # which the coverage already names: the history's notes come first
        report.unseen.append(report.unseen.pop(0))
    return report
