"""The record of what happened to respondents' answers: who, when, what. Shown on the client page.

A respondent finishes and changes their own answers; a consultant may only reopen them. When a
respondent deletes their answers, their name leaves the record and only the fact remains.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from app import instrument as instruments
from app.assessments.models import Assessment
from app.extensions import db
from app.language import _

from .models import Client, Respondent, ResponseChange

SHOWN = 50


def record(
    respondent: Respondent,
    event: str,
    detail: str | None = None,
    by_consultant: str | None = None,
    answers: dict[str, Any] | None = None,
) -> None:
    """Add to the record, in the caller's transaction. `answers`: the draft as it became."""
    db.session.add(
        ResponseChange(
            client_id=respondent.intake_link.client_id,
            respondent_id=respondent.id,
            respondent_name=respondent.name,
            event=event,
            detail=detail,
            by_consultant=by_consultant,
            answers=answers,
        )
    )


def last_answers(respondent: Respondent) -> dict[str, Any] | None:
    """The respondent's answers when they last finished or changed them; None if they never did."""
    return db.session.scalar(
        select(ResponseChange.answers)
        .where(ResponseChange.respondent_id == respondent.id, ResponseChange.answers.is_not(None))
        .order_by(ResponseChange.id.desc())
        .limit(1)
    )


def forget(respondent: Respondent) -> None:
    """The respondent's answers are deleted: their name, answers and what they changed leave every
    entry (that something happened stays), and the deletion is noted."""
    db.session.execute(
        update(ResponseChange)
        .where(ResponseChange.respondent_id == respondent.id)
        .values(respondent_name=None, answers=None, detail=None)
    )
    db.session.add(ResponseChange(client_id=respondent.intake_link.client_id, event="deleted"))


def of_client(client: Client) -> list[ResponseChange]:
    """The latest entries, newest first."""
    return list(
        db.session.scalars(
            select(ResponseChange)
            .where(ResponseChange.client_id == client.id)
            .order_by(ResponseChange.id.desc())
            .limit(SHOWN)
        )
    )


def worded(entries: list[ResponseChange]) -> list[tuple[ResponseChange, str | None]]:
    """Each entry with which answers changed, in the reader's language: worded now by comparing the
    answers kept with the entry and with the respondent's entry before it. An entry recorded
    without them keeps the words it was recorded with."""
    return [(entry, _worded(entry)) for entry in entries]


def _worded(entry: ResponseChange) -> str | None:
    if entry.detail is None or entry.answers is None or entry.respondent_id is None:
        return entry.detail
    before = db.session.scalar(
        select(ResponseChange.answers)
        .where(
            ResponseChange.respondent_id == entry.respondent_id,
            ResponseChange.id < entry.id,
            ResponseChange.answers.is_not(None),
        )
        .order_by(ResponseChange.id.desc())
        .limit(1)
    )
    instrument_id = db.session.scalar(
        select(Assessment.instrument)
        .join(Respondent, Respondent.team_id == Assessment.team_id)
        .where(Respondent.id == entry.respondent_id)
        .order_by(Assessment.id.desc())
        .limit(1)
    )
    if before is None or instrument_id is None:
        return entry.detail
    return differences(instrument_id, before, entry.answers) or entry.detail


def differences(instrument_id: str, before: dict[str, Any], after: dict[str, Any]) -> str | None:
    """Which answers changed between two drafts, in the questionnaire's words; None if none did."""
    instrument = instruments.get(instrument_id)
    changes = []
    for field in instrument.context:
        old, new = before.get("context", {}).get(field.id), after.get("context", {}).get(field.id)
        if old != new:
            changes.append(f"{field.label}: {_shown(old)} → {_shown(new)}")
    for sign in instrument.signs:
        old, new = before.get("signs", {}).get(sign.id), after.get("signs", {}).get(sign.id)
        if old != new:
            changes.append(f"{sign.title}: {_option(instrument, old)} → {_option(instrument, new)}")
        if before.get("notes", {}).get(sign.id) != after.get("notes", {}).get(sign.id):
            changes.append(_("the note on “%(sign)s”", sign=sign.title))
    changes.extend(_candidate_changes(before.get("candidates", []), after.get("candidates", [])))
    return "; ".join(changes) or None


def _candidate_changes(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[str]:
    old_names, new_names = [c.get("name") or "" for c in before], [c.get("name") or "" for c in after]
    if old_names != new_names:
        return [_("candidates: %(before)s → %(after)s", before=_names(old_names), after=_names(new_names))]
    return [
        _("the answers about candidate “%(name)s”", name=old.get("name") or _("unnamed"))
        for old, new in zip(before, after, strict=True)
        if old != new
    ]  # as many: the names are the same


def _shown(value: Any) -> str:
    return _("blank") if value in (None, "") else str(value)


def _option(instrument: instruments.Instrument, answer: str | None) -> str:
    return _("no answer") if answer is None else instrument.option_label("sign", answer)


def _names(names: list[str]) -> str:
    return ", ".join(name or _("unnamed") for name in names) or _("none")
