"""Sign ``deploy_coupling``: services that cannot be deployed alone.

* **strong**: one image (or one build) runs three or more services that are
  at least a third of all services: they are built and shipped as one.
* **weak**: one image runs two services; every service (three or more) is
  pinned to the same version tag (other than ``latest``), which suggests
  lock-step releases; or a service's ``depends_on`` chain drags in at least
  half of the rest of the system.

Suggestion: strong -> ``yes``; weak -> ``partly``; otherwise ``unsure``
(configuration cannot prove that releases are independent).
"""

from __future__ import annotations

from ..engines import image_tag
from .finding import STRONG, UNSURE, WEAK, Evidence, Finding, SignReport, cited, listing, suggestion_from, system_parts
from .reach import reach_counts

SIGN = "deploy_coupling"


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


def assess(evidence: Evidence) -> SignReport:
    report = SignReport()
    report.findings = _shared_builds(evidence)
    for finding in (_shared_tag(evidence), _start_up_chains(evidence)):
        if finding:
            report.findings.append(finding)
    report.suggestion = suggestion_from(report.findings) or UNSURE
    if not evidence.has_config:
        report.unseen.append(
            "No compose file or manifest was given, so how services are built and started together is not shown."
        )
    elif not report.findings:
        report.unseen.append(
            "Whether a service can be released on its own depends on release "
            "habits that configuration files do not show."
        )
    return report
