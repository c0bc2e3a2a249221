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

from .coverage import hidden_note, hidden_wiring, traced
from .finding import NO, STRONG, UNSURE, WEAK, Evidence, Finding, SignReport, cited, counted, listing, suggestion_from

SIGN = "cascading_failure"
MIN_SAMPLES = 20


def assess(evidence: Evidence) -> SignReport:
    report = SignReport()
    if not evidence.has_traces:
        report.unseen.append(
            "No traces were given, so whether one failing service takes requests down with it could not be measured."
        )
        return report
    entries = evidence.measured.entries
    samples = sum(e.downstream_errors for e in entries.values())
    failed = sum(e.propagated for e in entries.values())
    if not samples:
        report.unseen.append(
            "The traces hold no failed downstream calls, so they cannot show whether a failure spreads."
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
    measured = (
        f"In {failed} of {counted(samples, 'traced request')} where a downstream call failed "
        f"({share:.0%}), the request failed at the entry point too{cited(files)}"
    )
    if samples >= MIN_SAMPLES and share >= 0.5:
        report.findings.append(Finding(SIGN, STRONG, measured + ": failures spread.", files, details))
    elif samples >= MIN_SAMPLES and share >= 0.2:
        report.findings.append(Finding(SIGN, WEAK, measured + ": some failures spread.", files, details))
    elif samples < MIN_SAMPLES and failed:
        report.findings.append(
            Finding(
                SIGN,
                WEAK,
                measured + f"; with fewer than {MIN_SAMPLES} such requests this is only a hint.",
                files,
                details,
            )
        )
    if report.findings:
        report.suggestion = suggestion_from(report.findings) or UNSURE
    elif samples >= MIN_SAMPLES:
        seen = traced(evidence)
        missing = sorted(set(seen.applications) - seen.seen)
        seen.hidden = hidden_wiring(evidence)
        if missing:
            report.unseen.append(
                f"{listing(missing, 4)} {'does' if len(missing) == 1 else 'do'} not "
                "appear in the traces, so how a failure there spreads is not shown."
            )
        report.unseen.extend(hidden_note(seen, "how failures are handled"))
        report.suggestion = NO if not missing and not seen.hidden else UNSURE
    else:
        report.unseen.append(
            f"{'Only ' + counted(samples, 'traced request') if samples else 'No traced request'} had a failed "
            f"downstream call; at least {MIN_SAMPLES} are needed to tell whether failures spread."
        )
    return report
