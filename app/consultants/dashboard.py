"""The dashboard's query: one indexed query per page, no per-row work; the page's plans in figures
in two more queries (`app.plans.services.progress_of`), whatever the number of clients."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import UnaryExpression, func, select

from app.extensions import db
from app.language import _l
from app.plans import services as plans
from app.routing import query_text

from .models import STATUSES, Client

PER_PAGE = 25
PER_PAGE_MAX = 100  # what the API may ask for (`per_page`); the dashboard shows PER_PAGE
# The plan filter: any, some item overdue, or no plan at all (no items, no targets).
PLAN_FILTERS = {"overdue": _l("Has overdue items"), "none": _l("No plan yet")}
SORTS: dict[str, tuple[UnaryExpression[Any], ...]] = {
    "updated": (Client.updated_at.desc(), Client.id.desc()),
    "name": (Client.name_key.asc(), Client.id.asc()),
    "score": (Client.sort_score.desc(), Client.id.desc()),
    "respondents": (Client.respondents.desc(), Client.id.desc()),
}


@dataclass(frozen=True)
class Filters:
    q: str = ""
    verdict: str = ""
    status: str = ""
    plan: str = ""
    sort: str = "updated"
    page: int = 1
    per_page: int = PER_PAGE

    @classmethod
    def from_args(cls, args, verdicts: tuple[str, ...]) -> Filters:
        page, per_page = args.get("page", "1"), args.get("per_page", str(PER_PAGE))
        return cls(
            q=query_text(args.get("q")),
            verdict=args.get("verdict") if args.get("verdict") in verdicts else "",
            status=args.get("status") if args.get("status") in STATUSES else "",
            plan=args.get("plan") if args.get("plan") in PLAN_FILTERS else "",
            sort=args.get("sort") if args.get("sort") in SORTS else "updated",
            page=int(page) if page.isascii() and page.isdigit() and 0 < int(page) < 100_000 else 1,
            per_page=int(per_page)
            if per_page.isascii() and per_page.isdigit() and 0 < int(per_page) <= PER_PAGE_MAX
            else PER_PAGE,
        )

    def args(self, **changes) -> dict[str, str | int]:
        values = {
            "q": self.q,
            "verdict": self.verdict,
            "status": self.status,
            "plan": self.plan,
            "sort": self.sort,
            "page": self.page,
            "per_page": self.per_page,
            **changes,
        }
        defaults = {"page": 1, "per_page": PER_PAGE}
        return {k: v for k, v in values.items() if v not in ("", None) and defaults.get(k) != v}

    @property
    def narrowed(self) -> bool:
        """Whether the list shows only some clients."""
        return bool(self.q or self.verdict or self.status or self.plan)


@dataclass(frozen=True)
class Page:
    clients: list[Client]
    total: int
    filters: Filters
    # The plans of the page's clients, by team id; a client without a plan is left out.
    progress: dict[int, plans.Progress] = field(default_factory=dict)

    def plan_of(self, client: Client) -> plans.Progress:
        return self.progress.get(client.team_id, plans.Progress())

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.filters.per_page))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def clients_page(workspace_id: int, filters: Filters) -> Page:
    conditions = [Client.workspace_id == workspace_id]
    if filters.q:
        conditions.append(Client.name_key.like(f"%{_escape_like(filters.q.casefold())}%", escape="\\"))
    if filters.verdict:
        conditions.append(Client.latest_verdict == filters.verdict)
    if filters.status:
        conditions.append(Client.status == filters.status)
    if filters.plan == "overdue":
        conditions.append(plans.has_overdue(Client.team_id))
    elif filters.plan == "none":
        conditions.append(plans.has_no_plan(Client.team_id))
    total = db.session.execute(select(func.count()).select_from(Client).where(*conditions)).scalar_one()
    rows = db.session.scalars(
        select(Client)
        .where(*conditions)
        .order_by(*SORTS[filters.sort])
        .limit(filters.per_page)
        .offset((filters.page - 1) * filters.per_page)
    )
    clients = list(rows)
    return Page(clients, total, filters, plans.progress_of(c.team_id for c in clients))
