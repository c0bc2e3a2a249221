"""Sign ``shared_database``: services sharing the same database.

* **strong**: two or more services name the same database on the same
  datastore, in their settings or in traced database calls.
* **weak**: two or more services connect to the same datastore, with
  different databases or without naming one; or two or more services
  ``depends_on`` the same datastore while no setting shows they use it
  (``depends_on`` only orders start-up, so it is a hint, never proof).

Suggestion: strong -> ``yes``; weak -> ``partly``; ``no`` only when the files
cover the sign: every application shows its connections (settings or traced
database calls), none reads configuration the files do not show (mounted
config files, a config server: see ``coverage``), and no datastore has two
users; otherwise ``unsure``, saying what could not be seen.

A client is whatever carries connection settings: ``POSTGRES_*``, ``MYSQL_*``,
``SPRING_DATASOURCE_*``, ``*_DB_URI`` reaching a datastore, read directly or through
``envFrom`` and ``valueFrom``. Two applications reaching the same database on the same
datastore share it.
"""

from __future__ import annotations

from app.language import _, ngettext

from ..model import Edge
from .coverage import data_connections, hidden_note
from .finding import NO, STRONG, UNSURE, WEAK, Evidence, Finding, SignReport, cited, files_of, listing, suggestion_from

SIGN = "shared_database"


def _uses(evidence: Evidence) -> dict[str, dict[str, list[Edge]]]:
    apps = {n.name for n in evidence.inventory.applications()}
    uses: dict[str, dict[str, list[Edge]]] = {}
    for edge in evidence.edges:
        if edge.kind == "database" and edge.source_node in apps:
            uses.setdefault(edge.target, {}).setdefault(edge.source_node, []).append(edge)
    return uses


def _store_findings(store: str, users: dict[str, list[Edge]]) -> list[Finding]:
    by_database: dict[str, set[str]] = {}
    spelled: dict[str, str] = {}
    for service, edges in users.items():
        for edge in edges:
            if edge.database:
                by_database.setdefault(edge.database.lower(), set()).add(service)
                spelled.setdefault(edge.database.lower(), edge.database)
    findings = []
    for key, services in sorted(by_database.items()):
        if len(services) < 2:
            continue
        names = sorted(services)
        edges = [e for s in names for e in users[s] if (e.database or "").lower() == key]
        files = files_of(edges)
        said = {"names": listing(names, 6), "database": spelled[key], "store": store, "files": cited(files)}
        findings.append(
            Finding(
                SIGN,
                STRONG,
                _("%(names)s use the same database %(database)s on %(store)s as measured in traces%(files)s.", **said)
                if all(e.source == "trace" for e in edges)
                else _("%(names)s use the same database %(database)s on %(store)s%(files)s.", **said),
                files,
                {"services": names, "datastore": store, "database": spelled[key]},
            )
        )
    if findings:
        return findings
    names = sorted(users)
    edges = [e for s in names for e in users[s]]
    databases = sorted({e.database for e in edges if e.database})
    files = files_of(edges)
    said = {"names": listing(names, 6), "store": store, "files": cited(files)}
    return [
        Finding(
            SIGN,
            WEAK,
            _(
                "%(names)s connect to the same datastore %(store)s, with different databases (%(databases)s)%(files)s.",
                databases=listing(databases),
                **said,
            )
            if databases
            else _(
                "%(names)s connect to the same datastore %(store)s, with settings that do not say which "
                "database each uses%(files)s.",
                **said,
            ),
            files,
            {"services": names, "datastore": store, "databases": databases},
        )
    ]


def assess(evidence: Evidence) -> SignReport:
    report = SignReport()
    uses = _uses(evidence)
    for store in sorted(uses):
        if len(uses[store]) >= 2:
            report.findings.extend(_store_findings(store, uses[store]))
    flagged = {f.details["datastore"] for f in report.findings}
    apps = {n.name for n in evidence.inventory.applications()}
    waiting: dict[str, list[Edge]] = {}
    for edge in evidence.edges:
        node = evidence.inventory.nodes.get(edge.target)
        if edge.kind == "depends_on" and node and node.role == "datastore" and edge.source_node in apps:
            waiting.setdefault(edge.target, []).append(edge)
    for store, edges in sorted(waiting.items()):
        services = sorted({e.source_node for e in edges} | set(uses.get(store, {})))
        if store in flagged or len(services) < 2:
            continue
        unproven = sorted({e.source_node for e in edges} - set(uses.get(store, {})))
        files = files_of(edges)
        report.findings.append(
            Finding(
                SIGN,
                WEAK,
                ngettext(
                    "%(names)s all wait for %(store)s to start (depends_on)%(files)s, but no setting shows "
                    "that %(unproven)s actually uses it.",
                    "%(names)s all wait for %(store)s to start (depends_on)%(files)s, but no setting shows "
                    "that %(unproven)s actually use it.",
                    len(unproven),
                    names=listing(services, 6),
                    store=store,
                    files=cited(files),
                    unproven=listing(unproven),
                ),
                files,
                {"services": services, "datastore": store},
            )
        )
    seen = data_connections(evidence)
    report.suggestion = suggestion_from(report.findings) or _absence(evidence, seen)
    if not report.findings:
        report.unseen.extend(hidden_note(seen, _("which database each one uses")))
    return report


def _absence(evidence: Evidence, seen) -> str:
    if not seen.applications or not evidence.inventory.by_role("datastore"):
        return UNSURE
    return NO if seen.complete else UNSURE
