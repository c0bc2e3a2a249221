"""The plan's forms: one item (edit, add, status), and the targets.

An item's form validates its values; the version it was based on is checked by the view. The
targets are read from the posted fields the page names (one per sign, one per candidate's
blocker), each checked against the answers the question offers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from wtforms import HiddenField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import Optional, ValidationError

from app.assessments.forms import TextForm, at_most
from app.instrument import Instrument
from app.language import _, _l
from app.scoring import clean_name
from app.scoring.answers import Answers

from . import quarters
from .models import NOTE_MAX, OWNER_MAX, REASON_MAX, STATUS_SHOWN, STATUSES, TITLE_MAX
from .services import TargetKey, TargetValue

DATE_HELP = _l("For example 2027-03-31.")
STATUS_CHOICES = [SelectChoice(value, label) for value, label in STATUS_SHOWN.items()]


class ItemForm(TextForm):
    """One plan item. `saved_due`: the date saved now, which may stay even once it has passed."""

    title = StringField(_l("What to do"), validators=[at_most(TITLE_MAX)])
    sign_id = SelectField(_l("Which sign it improves"), validators=[Optional()], validate_choice=False)
    owner = StringField(
        _l("Owner"), validators=[Optional(), at_most(OWNER_MAX)], description=_l("Who makes it happen.")
    )
    due = StringField(_l("Due date"), validators=[Optional()], description=DATE_HELP)
    status = SelectField(_l("Status"), choices=STATUS_CHOICES, validate_choice=False)
    reason = TextAreaField(_l("Why the team won't do it"), validators=[Optional(), at_most(REASON_MAX)])
    note = TextAreaField(_l("Note"), validators=[Optional(), at_most(NOTE_MAX)])
    version = HiddenField()

    def __init__(self, *args, signs: Sequence[tuple[str, str]] = (), saved_due: date | None = None, own=False, **kw):
        super().__init__(*args, **kw)
        self.sign_id.choices = [SelectChoice(v, label) for v, label in [("", _("No particular sign")), *signs]]
        self.saved_due = saved_due
        self.own = own
        self.due_date: date | None = None

    def validate_title(self, field) -> None:
        if self.own and not clean_name(field.data or ""):
            raise ValidationError(_("Say what the team will do."))

    def validate_sign_id(self, field) -> None:
        if field.data and field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(_("Choose one of the signs offered."))

    def validate_status(self, field) -> None:
        if field.data not in STATUSES:
            raise ValidationError(_("Choose one of the statuses offered."))
        if field.data == "wont_do" and not (self.reason.data or "").strip():
            raise ValidationError(_("Say why the team won't do this, in the box below."))

    def validate_due(self, field) -> None:
        text = (field.data or "").strip()
        if not text:
            return
        try:
            due = date.fromisoformat(text)
        except ValueError:
            raise ValidationError(_("Enter the date as year-month-day. For example 2027-03-31.")) from None
        if len(text) != 10:
            raise ValidationError(_("Enter the date as year-month-day. For example 2027-03-31."))
        if due < date.today() and due != self.saved_due:
            raise ValidationError(_("Choose today or a later date."))
        self.due_date = due

    def values(self) -> dict[str, Any]:
        """What the form says, as the item stores it."""
        return {
            "title": clean_name(self.title.data or "") or None,
            "sign_id": self.sign_id.data or None,
            "owner": clean_name(self.owner.data or "") or None,
            "due": self.due_date,
            "status": self.status.data,
            "reason": (self.reason.data or "").strip() or None,
            "note": (self.note.data or "").strip() or None,
        }


class StatusForm(TextForm):
    """A quick change of status ("Mark done") from the plan, with the item's version."""

    status = SelectField(_l("Status"), choices=STATUS_CHOICES, validate_choice=False)
    version = HiddenField()

    def validate_status(self, field) -> None:
        if field.data not in STATUSES or field.data == "wont_do":
            raise ValidationError(_("Choose one of the statuses offered."))


# -- targets ------------------------------------------------------------------------------------


def sign_field(sign_id: str) -> str:
    return f"target-{sign_id}"


def candidate_field(index: int, question: str) -> str:
    return f"target-candidate-{index}-{question}"


def target_rows(answers: Answers, instrument: Instrument) -> list[dict[str, Any]]:
    """Every answer a target may be set for: each sign, and each blocker of each candidate."""
    rows = [
        {
            "key": ("sign", sign.id, ""),
            "field": sign_field(sign.id),
            "label": sign.title,
            "today": answers.signs[sign.id],
            "choices": [(a, instrument.option_label("sign", a)) for a in instrument.sign_answers],
        }
        for sign in instrument.signs
    ]
    questions = {q.id: q.question for q in instrument.candidate_questions}
    for index, candidate in enumerate(answers.candidates):
        for question in instrument.blocking_questions:
            today = candidate.choice(question)
            if today == instrument.candidate_question(question).ready:
                continue  # not a blocker
            rows.append(
                {
                    "key": ("candidate", candidate.name, question),
                    "field": candidate_field(index, question),
                    "label": f"{candidate.name}: {questions.get(question, question)}",
                    "today": today,
                    "choices": [(a, instrument.option_label(question, a)) for a in instrument.answers_to(question)],
                }
            )
    return rows


def read_targets(
    posted, rows: list[dict[str, Any]], saved: dict[TargetKey, TargetValue], today: date
) -> tuple[dict[TargetKey, TargetValue], dict[str, str]]:
    """The targets posted for `rows`, and a message per field that needs fixing.

    A target is kept as saved for a row the page no longer shows (a candidate whose blocker is
    gone); a quarter may be one that has passed only if it is the one saved."""
    targets = {key: value for key, value in saved.items() if key not in {row["key"] for row in rows}}
    problems: dict[str, str] = {}
    offered_quarters = set(quarters.upcoming(today))
    for row in rows:
        answer = posted.get(row["field"], "")
        by = posted.get(row["field"] + "-by", "")
        if not isinstance(answer, str) or not isinstance(by, str):
            problems[row["field"]] = _("Choose one of the answers offered.")
            continue
        if not answer:
            continue
        if answer not in {value for value, _ in row["choices"]}:
            problems[row["field"]] = _("Choose one of the answers offered.")
            continue
        previous = saved.get(row["key"])
        if by and by not in offered_quarters and not (previous and previous.by == by and quarters.parse(by)):
            problems[row["field"] + "-by"] = _("Choose one of the quarters offered.")
            continue
        targets[row["key"]] = TargetValue(answer, by or None)
    return targets, problems
