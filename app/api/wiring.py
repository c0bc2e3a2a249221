"""How the API plugs into other parts: a workspace's API token also reads its clients' plans
(`plans.export.bearers`), which know nothing of workspaces."""

from __future__ import annotations

from app.plans import export

from .assessments import plan_bearer


def connect() -> None:
    """Register once per process, however many apps are created (tests make many)."""
    if plan_bearer not in export.bearers:
        export.bearers.append(plan_bearer)
