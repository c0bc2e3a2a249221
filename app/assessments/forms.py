"""Questionnaire forms, built from the instrument by one builder.

No question is written here by hand: fields, choices and limits all come
from `app/instrument/*.yaml`. Every field validates the *value*; whether a
step is *complete* is checked separately (`require`), so a person can go
back with a half-answered step without losing it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, partial
from typing import Any

from babel.support import LazyProxy
from flask import request
from flask_wtf import FlaskForm
from flask_wtf import form as flask_wtf_form
from flask_wtf.form import _is_submitted
from wtforms import (
    FieldList,
    FloatField,
    Form,
    FormField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.form import BaseForm
from wtforms.validators import Optional, ValidationError

from app.instrument import NO_REASON, Instrument
from app.language import _, _l
from app.scoring import clean_name
from app.translation import number

NOTE_MAX = 500
NAME_MAX = 200
NONE_REASON = NO_REASON  # the "None of these" box of a multiple-choice question


def later(make: Callable[[], str]) -> Any:
    """A text made when it is shown, in the language of that moment: the form classes are built once,
    their labels and hints are read by every request."""
    return LazyProxy(make, enable_cache=False)


class TextForm(FlaskForm):
    """A form of text fields: it reads the posted form fields only.

    Flask-WTF would also mix in uploaded files and JSON bodies, turning a file
    or a number posted under a text field's name into a crash.
    """

    class Meta:
        def wrap_formdata(self, form, formdata):
            if formdata is flask_wtf_form._Auto:
                return request.form if _is_submitted() else None
            return formdata


class AtMost:
    """Text of at most `limit` characters (counted once cleaned). Longer text is refused, never cut,
    and the page shows it again as typed; so no field has `maxlength`, which cuts pasted text
    without a word. The limit is the field's `limit` flag, for the page to show.

    `subject` says whose text it is ("This name", "The note on “<the sign>”": a lazy text), for
    a message that says how long the text is; `names_field`: the subject names the field well enough
    for the message to stand alone in the page's list of problems.
    """

    def __init__(self, limit: int, subject: Any = None, names_field: bool = False):
        self.limit, self.subject = limit, subject
        self.field_flags = {"limit": limit, **({"names_itself": True} if names_field else {})}

    def __call__(self, form: Form, field: Any) -> None:
        length = len(field.data) if isinstance(field.data, str) else 0
        if length <= self.limit:
            return
        if self.subject is None:
            raise ValidationError(_("Use at most %(limit)s characters.", limit=number(self.limit)))
        raise ValidationError(
            _(
                "%(subject)s is %(length)s characters; the limit is %(limit)s.",
                subject=self.subject,
                length=number(length),
                limit=number(self.limit),
            )
        )


def at_most(characters: int, subject: Any = None, names_field: bool = False) -> AtMost:
    return AtMost(characters, subject, names_field)


def hint(help: str | None, characters: int) -> str:
    """A field's help, then its limit."""
    return " ".join(filter(None, (help, up_to(characters))))


def up_to(characters: int) -> str:
    """The limit, as a field's hint says it."""
    return _("Up to %(limit)s characters.", limit=number(characters))


def _optional_str(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


def _clean(value: Any) -> Any:
    return clean_name(value) if isinstance(value, str) else value


def _clean_note(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    return "".join(ch for ch in value if ch in "\n\t" or ch.isprintable()).strip()


class Between:
    """A number within limits; a value that isn't a number already has its message."""

    def __init__(self, low: float, high: float):
        self.low, self.high = low, high

    def __call__(self, form: Form, field: Any) -> None:
        if field.data is not None and not self.low <= field.data <= self.high:
            low, high = number(round(self.low)), number(round(self.high))
            raise ValidationError(_("Enter a number from %(low)s to %(high)s.", low=low, high=high))


class WholeNumberField(IntegerField):
    def process_formdata(self, valuelist: list) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_("Enter a whole number, like 8.")) from None


class NumberField(FloatField):
    data: float | None

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else f"{self.data:g}"

    def process_formdata(self, valuelist: list) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_("Enter a number, like 2 or 0.5.")) from None
        if self.data is not None and self.data != self.data:  # NaN
            self.data = None
            raise ValueError(_("Enter a number, like 2 or 0.5."))


class Choice:
    """The value, if given, must be one of the instrument's options."""

    def __init__(self, allowed: tuple[str, ...]):
        self.allowed = allowed

    def __call__(self, form: Form, field: Any) -> None:
        values = field.data if isinstance(field.data, list) else [field.data]
        if any(v is not None and v not in self.allowed for v in values):
            raise ValidationError(_("Choose one of the answers shown."))


def _radio(label: str, options: tuple, **kwargs: Any) -> RadioField:
    ids = tuple(o.id for o in options)
    return RadioField(
        label,
        choices=[SelectChoice(o.id, o.label) for o in options],
        coerce=_optional_str,
        validate_choice=False,
        validators=[Choice(ids)],
        **kwargs,
    )


class ReasonsField(SelectMultipleField):
    """Checkboxes of a multiple-choice question (the reasons to split); "none" excludes the others."""

    def pre_validate(self, form: BaseForm) -> None:
        super().pre_validate(form)  # only the offered choices
        if self.data and NONE_REASON in self.data and len(self.data) > 1:
            raise ValidationError(_('"None of these" can\'t be ticked together with a reason.'))


@cache
def context_form_class(instrument: Instrument) -> type[FlaskForm]:
    fields: dict[str, Any] = {}
    for item in instrument.context:
        if item.kind == "text":
            limit = item.max_length or NAME_MAX
            fields[item.id] = StringField(
                item.label,
                description=later(partial(hint, item.help, limit)),
                filters=[_clean],
                validators=[Optional(), at_most(limit, _l("This name"))],
            )
            continue
        low, high = item.min, item.max
        assert low is not None and high is not None, "every number in the instrument has its limits"
        field_class = WholeNumberField if item.kind == "integer" else NumberField
        fields[item.id] = field_class(
            item.label,
            description=item.help,
            validators=[Optional(), Between(low, high)],
            render_kw={"inputmode": "numeric" if item.kind == "integer" else "decimal"},
        )
    return type("ContextForm", (TextForm,), {**fields, "instrument": instrument})


def note_hint() -> str:
    return _("Context for whoever reads the report. Up to %(limit)s characters.", limit=number(NOTE_MAX))


@cache
def signs_form_class(instrument: Instrument) -> type[FlaskForm]:
    fields: dict[str, Any] = {}
    for sign in instrument.signs:
        fields[sign.id] = _radio(sign.statement, instrument.options["sign"], description=sign.explanation)
        fields[f"{sign.id}_note"] = TextAreaField(
            _l("Note for the report"),
            filters=[_clean_note],
            validators=[Optional(), at_most(NOTE_MAX, _l("The note on “%(sign)s”", sign=sign.title), names_field=True)],
            description=later(note_hint),
        )
    return type("SignsForm", (TextForm,), {**fields, "instrument": instrument})


@cache
def candidate_form_class(instrument: Instrument) -> type[Form]:
    fields: dict[str, Any] = {
        "name": StringField(
            _l("Service name"),
            description=later(lambda: up_to(NAME_MAX)),
            filters=[_clean],
            validators=[Optional(), at_most(NAME_MAX, _l("This name"))],
        ),
    }
    for q in instrument.candidate_questions:
        if q.kind == "choice":
            fields[q.id] = _radio(q.question, instrument.options[q.id], description=q.help)
            continue
        choices = [SelectChoice(o.id, o.label) for o in instrument.options[q.id]]
        choices.append(SelectChoice(NONE_REASON, q.none_label or _l("None of these")))
        fields[q.id] = ReasonsField(
            q.question,
            description=q.help,
            choices=choices,
            validate_choice=True,
            coerce=str,
            invalid_choice_message=lambda _count: _("Choose one of the answers shown."),
        )
    return type("CandidateForm", (Form,), {**fields, "instrument": instrument})


@cache
def candidates_form_class(instrument: Instrument) -> type[FlaskForm]:
    entry = candidate_form_class(instrument)
    return type(
        "CandidatesForm",
        (TextForm,),
        {
            "candidates": FieldList(FormField(entry), min_entries=0, max_entries=50),
            "instrument": instrument,
        },
    )


VERSION_MAX = 2**31 - 1  # the database's integer range: no assessment gets a version beyond it


def posted_version(value: Any) -> int | None:
    """The version of the answers a page says it was based on, written as the page writes it.

    None for anything no page holds: missing, blank, signs, spaces, leading zeros, other
    scripts' digits, zero or a number beyond the database's integer range.
    """
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or value[0] == "0":
        return None
    return int(value) if len(value) <= 10 and int(value) <= VERSION_MAX else None


def problems(form: BaseForm) -> list[str]:
    """Each field's first problem, as the page's list of problems says it (`error_summary`)."""
    fields: list[Any] = []
    for field in form:
        fields += [sub for entry in field for sub in entry.form] if field.type == "FieldList" else [field]
    return [
        str(f.errors[0]) if f.flags.names_itself else f"{f.label.text}: {f.errors[0]}"
        for f in fields
        if f.errors and f.name != "csrf_token"
    ]


def require(fields: list[Any], message: str) -> bool:
    """Mark every empty field as missing; True when none was."""
    complete = True
    for field in fields:
        if field.data in (None, "", []):
            field.errors = [*field.errors, message]
            complete = False
    return complete
