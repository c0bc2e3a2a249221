"""Sign ``cascading_failure``: one failing service taking requests down.

Measured in traces only: among requests where a downstream call failed (an
error on a span reached through a synchronous hop), the share whose entry
span failed too. At least ``MIN_SAMPLES`` such requests are needed before the
share means much.

* **strong**: at least 20 requests with a downstream error, and half or more
  of them failed at the entry point.
* **weak**: at least 20 such requests and a fifth to a half failed; or fewer
  than 20 such requests, some of which failed at the entry point.

Suggestion: strong -> ``yes``; weak -> ``partly``; ``no`` when at least 20
requests had a downstream error, fewer than a fifth of them failed at the
entry point (the failures were absorbed), every application appears in the
traces and none reads configuration the files do not show (timeouts and
fallbacks may be set there); otherwise ``unsure``.
"""

from __future__ import annotations

from app.language import _, ngettext

from .coverage import hidden_note, hidden_wiring, traced
from .finding import NO, STRONG, UNSURE, WEAK, Evidence, Finding, SignReport, cited, listing, suggestion_from

SIGN = "cascading_failure"
MIN_SAMPLES = 20


def assess(evidence: Evidence) -> SignReport:
    report = SignReport()
    if not evidence.has_traces:
        report.unseen.append(
            _("No traces were given, so whether one failing service takes requests down with it could not be measured.")
        )
        return report
    entries = evidence.measured.entries
    samples = sum(e.downstream_errors for e in entries.values())
    failed = sum(e.propagated for e in entries.values())
    if not samples:
        report.unseen.append(
            _("The traces hold no failed downstream calls, so they cannot show whether a failure spreads.")
        )
        return report
    share = failed / samples
    files = sorted(evidence.trace_files)
    worst = sorted(
        ((s, n, e) for (s, n), e in entries.items() if e.propagated),
        key=lambda item: (-item[2].propagated, item[0], item[1]),
    )
    operations = [
        {
            "service": s,
            "operation": n,
            "downstream_errors": e.downstream_errors,
            "failed_with_downstream_error": e.propagated,
        }
        for s, n, e in worst[:20]
    ]
    details = {
        "requests_with_downstream_errors": samples,
        "failed_at_entry": failed,
        "share": round(share, 3),
        "operations": operations,
    }
    measured = {"failed": failed, "share": f"{share:.0%}", "files": cited(files), "least": MIN_SAMPLES}
    if samples >= MIN_SAMPLES and share >= 0.5:
        summary = ngettext(
            "In %(failed)s of %(num)s traced request where a downstream call failed (%(share)s), "
            "the request failed at the entry point too%(files)s: failures spread.",
            "In %(failed)s of %(num)s traced requests where a downstream call failed (%(share)s), "
            "the request failed at the entry point too%(files)s: failures spread.",
            samples,
            **measured,
        )
        report.findings.append(Finding(SIGN, STRONG, summary, files, details))
    elif samples >= MIN_SAMPLES and share >= 0.2:
        summary = ngettext(
            "In %(failed)s of %(num)s traced request where a downstream call failed (%(share)s), "
            "the request failed at the entry point too%(files)s: some failures spread.",
            "In %(failed)s of %(num)s traced requests where a downstream call failed (%(share)s), "
            "the request failed at the entry point too%(files)s: some failures spread.",
            samples,
            **measured,
        )
        report.findings.append(Finding(SIGN, WEAK, summary, files, details))
    elif samples < MIN_SAMPLES and failed:
        summary = ngettext(
            "In %(failed)s of %(num)s traced request where a downstream call failed (%(share)s), "
            "the request failed at the entry point too%(files)s; with fewer than %(least)s such requests "
            "this is only a hint.",
            "In %(failed)s of %(num)s traced requests where a downstream call failed (%(share)s), "
            "the request failed at the entry point too%(files)s; with fewer than %(least)s such requests "
            "this is only a hint.",
            samples,
            **measured,
        )
        report.findings.append(Finding(SIGN, WEAK, summary, files, details))
    if report.findings:
        report.suggestion = suggestion_from(report.findings) or UNSURE
    elif samples >= MIN_SAMPLES:
        seen = traced(evidence)
        missing = sorted(set(seen.applications) - seen.seen)
        seen.hidden = hidden_wiring(evidence)
        if missing:
            report.unseen.append(
                ngettext(
                    "%(names)s does not appear in the traces, so how a failure there spreads is not shown.",
                    "%(names)s do not appear in the traces, so how a failure there spreads is not shown.",
                    len(missing),
                    names=listing(missing, 4),
                )
            )
        report.unseen.extend(hidden_note(seen, _("how failures are handled")))
        report.suggestion = NO if not missing and not seen.hidden else UNSURE
    else:
        if samples:
            too_few = ngettext(
                "Only %(num)s traced request had a failed downstream call; at least %(least)s are needed "
                "to tell whether failures spread.",
                "Only %(num)s traced requests had a failed downstream call; at least %(least)s are needed "
                "to tell whether failures spread.",
                samples,
                least=MIN_SAMPLES,
            )
        else:
            too_few = _(
                "No traced request had a failed downstream call; at least %(least)s are needed "
                "to tell whether failures spread.",
                least=MIN_SAMPLES,
            )
        report.unseen.append(too_few)
    return report
