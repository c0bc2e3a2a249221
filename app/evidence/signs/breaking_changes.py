"""Sign ``breaking_changes``: these inputs cannot show it.

Whether changing one service's API breaks others lives in the teams'
history (incidents, coordinated releases, contract tests), not in
configuration or traces. The suggestion is always ``unsure``.
"""

from __future__ import annotations

from .finding import UNSURE, Evidence, SignReport


def assess(evidence: Evidence) -> SignReport:
    return SignReport(
        suggestion=UNSURE,
        unseen=[
            "Whether changing one service's API breaks others cannot be seen in configuration "
            "or traces; the team's own experience (or contract tests) has to answer that."
        ],
    )
