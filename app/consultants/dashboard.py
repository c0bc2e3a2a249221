"""The dashboard's query: one indexed query per page, no per-row work."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import UnaryExpression, func, select

from app.extensions import db
from app.routing import query_text

from .models import STATUSES, Client

PER_PAGE = 25
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
    sort: str = "updated"
    page: int = 1

    @classmethod
    def from_args(cls, args, verdicts: tuple[str, ...]) -> Filters:
        page = args.get("page", "1")
        return cls(
            q=query_text(args.get("q")),
            verdict=args.get("verdict") if args.get("verdict") in verdicts else "",
            status=args.get("status") if args.get("status") in STATUSES else "",
            sort=args.get("sort") if args.get("sort") in SORTS else "updated",
            page=int(page) if page.isascii() and page.isdigit() and 0 < int(page) < 100_000 else 1,
        )

    def args(self, **changes) -> dict[str, str | int]:
        values = {
            "q": self.q,
            "verdict": self.verdict,
            "status": self.status,
            "sort": self.sort,
            "page": self.page,
            **changes,
        }
        return {k: v for k, v in values.items() if v not in ("", None) and not (k == "page" and v == 1)}


@dataclass(frozen=True)
class Page:
    clients: list[Client]
    total: int
    filters: Filters

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PER_PAGE))


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
    total = db.session.execute(select(func.count()).select_from(Client).where(*conditions)).scalar_one()
    rows = db.session.scalars(
        select(Client)
        .where(*conditions)
        .order_by(*SORTS[filters.sort])
        .limit(PER_PAGE)
        .offset((filters.page - 1) * PER_PAGE)
    )
    return Page(list(rows), total, filters)
