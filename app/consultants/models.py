"""A consultancy's workspace: its members, clients, intake links and respondents."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, LargeBinary, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.assessments.models import Assessment, Team
from app.extensions import Model
from app.instrument import CURRENT
from app.language import DEFAULT_LANGUAGE, _l
from app.timestamps import UTCDateTime, utcnow

ROLES = ("owner", "consultant")


def new_session_key() -> str:
    return secrets.token_urlsafe(16)


class Workspace(Model):
    __tablename__ = "workspaces"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    welcome_text: Mapped[str | None] = mapped_column(Text)
    logo: Mapped[bytes | None] = mapped_column(LargeBinary)
    logo_type: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class User(UserMixin, Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="consultant")
    # Part of the session's user id: changing it signs out every copy of every session.
    session_key: Mapped[str] = mapped_column(String(32), default=new_session_key)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    workspace: Mapped[Workspace] = relationship()

    def get_id(self) -> str:
        return f"{self.id}:{self.session_key}"

    @property
    def is_owner(self) -> bool:
        return self.role == "owner"


class Invitation(Model):
    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16), default="consultant")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class PasswordReset(Model):
    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


# What a workspace API token may do, with what the token page says about each.
API_SCOPES = {
    "read:results": _l("Read clients, their rounds, results, reports and plans"),
    "write:assessments": _l("Add clients and make their intake links"),
    "write:evidence": _l("Send evidence files for the workspace's clients"),
}


class ApiToken(Model):
    """A workspace's token for scripts (`Authorization: Bearer sc_...`). Shown once when made; only
    its SHA-256 is kept. Revoked tokens stay listed, and stop working at once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[str] = mapped_column(String(200))  # space-separated, from API_SCOPES
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


STATUSES = ("invited", "in_progress", "submitted")
# The API's JSON documents name a status in English (`status_label`); people read STATUS_SHOWN.
STATUS_LABELS = {"invited": "Invited", "in_progress": "In progress", "submitted": "Submitted"}
STATUS_SHOWN = {"invited": _l("Invited"), "in_progress": _l("In progress"), "submitted": _l("Submitted")}


class Client(Model):
    """A company the consultancy works with. Its team's assessments are the aggregates."""

    __tablename__ = "clients"
    # One index per way the dashboard filters and sorts, ending in id, so each
    # page is read straight from an index however many clients there are.
    __table_args__ = (
        Index("ix_clients_workspace_name", "workspace_id", "name_key", "id"),
        Index("ix_clients_workspace_updated", "workspace_id", "updated_at", "id"),
        Index("ix_clients_workspace_score", "workspace_id", "sort_score", "id"),
        Index("ix_clients_workspace_respondents", "workspace_id", "respondents", "id"),
        Index("ix_clients_workspace_verdict_updated", "workspace_id", "latest_verdict", "updated_at", "id"),
        Index("ix_clients_workspace_verdict_score", "workspace_id", "latest_verdict", "sort_score", "id"),
        Index("ix_clients_workspace_status_updated", "workspace_id", "status", "updated_at", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=lambda: secrets.token_urlsafe(12))
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))  # casefolded, for search and sorting
    contact: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Kept up to date when respondents answer, so the dashboard never recomputes them.
    status: Mapped[str] = mapped_column(String(16), default="invited")
    respondents: Mapped[int] = mapped_column(Integer, default=0)
    latest_verdict: Mapped[str | None] = mapped_column(String(32))
    latest_score: Mapped[int | None] = mapped_column(Integer)
    previous_score: Mapped[int | None] = mapped_column(Integer)
    # latest_score, or -1 before any result: sorts without NULL handling, so an index serves it.
    sort_score: Mapped[int] = mapped_column(Integer, default=-1, server_default="-1")
    # The questionnaire its people answer: splitcheck/1, or one of the workspace's published lenses.
    instrument: Mapped[str] = mapped_column(String(32), default=CURRENT, server_default=CURRENT)
    # The language of its questionnaire and report ("en", "de"): the intake link opens in it, and
    # its combined results are in it.
    language: Mapped[str] = mapped_column(String(8), default=DEFAULT_LANGUAGE, server_default=DEFAULT_LANGUAGE)

    team: Mapped[Team] = relationship()
    notes: Mapped[list[ClientNote]] = relationship(
        order_by="ClientNote.id", cascade="all, delete-orphan", passive_deletes=True
    )


class ClientNote(Model):
    """A consultant's private note: never on share links or in the PDF unless included."""

    __tablename__ = "client_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    in_report: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class IntakeLink(Model):
    """The link a client's people open to answer; one round of intake."""

    __tablename__ = "intake_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    # The aggregate assessment this round of answers feeds.
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    welcome_text: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    client: Mapped[Client] = relationship()
    assessment: Mapped[Assessment] = relationship()

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Respondent(Model):
    """One person answering an intake link, with their own private draft."""

    __tablename__ = "respondents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    intake_link_id: Mapped[int] = mapped_column(ForeignKey("intake_links.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    help_wanted: Mapped[str | None] = mapped_column(Text)
    timeline: Mapped[str | None] = mapped_column(String(32))
    # They agreed that their name may appear in the report (the page, its PDF, share links);
    # without it the report shows their role. The consultant's client page always shows names.
    name_in_report: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    intake_link: Mapped[IntakeLink] = relationship()
    team: Mapped[Team] = relationship()


class ResponseChange(Model):
    """Something that happened to a respondent's answers, for the client page: who, when, what.

    Respondents finish and change their own answers; consultants may only reopen them. When a
    respondent deletes their answers, their name leaves these records too."""

    __tablename__ = "response_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    respondent_id: Mapped[int | None] = mapped_column(ForeignKey("respondents.id", ondelete="SET NULL"))
    respondent_name: Mapped[str | None] = mapped_column(String(200))  # None once they deleted their answers
    event: Mapped[str] = mapped_column(String(16))  # one of CHANGE_EVENTS
    by_consultant: Mapped[str | None] = mapped_column(String(254))  # their e-mail; None: the respondent
    detail: Mapped[str | None] = mapped_column(Text)  # which answers changed, and how
    # The draft as it became, to compare the next change with.
    answers: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


CHANGE_EVENTS = ("finished", "changed", "reopened", "deleted")


class Lens(Model):
    """A workspace's own question bank: an instrument file, validated on upload, previewed, then
    published. A published lens never changes (its assessments keep using it); a new version is
    a new upload with a new id. Only its workspace sees or uses it."""

    __tablename__ = "lenses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=lambda: secrets.token_urlsafe(12))
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    # The file's id, e.g. "acme-platform/2": what assessments and answers documents name.
    instrument_id: Mapped[str] = mapped_column(String(32), unique=True)
    title: Mapped[str] = mapped_column(String(2000))
    source: Mapped[str] = mapped_column(Text)  # the file as uploaded
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def published(self) -> bool:
        return self.published_at is not None
