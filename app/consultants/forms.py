"""Forms for accounts, clients and intake."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length, Optional

from app import translation
from app.assessments.forms import TextForm, _clean, _clean_note, at_most
from app.instrument import CURRENT
from app.instrument.loader import MAX_FILE_BYTES
from app.language import LANGUAGES, _, _l

from .models import API_SCOPES
from .passwords import MAX_LENGTH, MIN_LENGTH

REQUIRED = _l("This is required.")
MAX_LENS_BYTES = MAX_FILE_BYTES


def _lower(value):
    return value.strip().lower() if isinstance(value, str) else value


def _email(label: str | None = None, required: bool = True) -> EmailField:
    checks = [DataRequired(REQUIRED)] if required else [Optional()]
    return EmailField(
        label or _l("Email address"),
        filters=[_lower],
        validators=[*checks, at_most(254), Email(_l("Enter an email address like name@example.com."))],
    )


def _new_password() -> PasswordField:
    return PasswordField(
        _l("Password"),
        description=_l("At least %(min)s characters.", min=MIN_LENGTH),
        validators=[
            DataRequired(REQUIRED),
            Length(MIN_LENGTH, MAX_LENGTH, _l("Use %(min)s to %(max)s characters.", min=MIN_LENGTH, max=MAX_LENGTH)),
        ],
    )


class SignInForm(TextForm):
    email = _email()
    password = PasswordField(_l("Password"), validators=[DataRequired(REQUIRED), at_most(MAX_LENGTH)])


class SignUpForm(TextForm):
    workspace = StringField(
        _l("Your consultancy's name"), filters=[_clean], validators=[DataRequired(REQUIRED), at_most(200)]
    )
    email = _email()
    password = _new_password()


class JoinForm(TextForm):
    email = _email()
    password = _new_password()


class NewPasswordForm(TextForm):
    password = _new_password()
    confirm = PasswordField(_l("Password again"), validators=[EqualTo("password", _l("The two passwords differ."))])


class InviteForm(TextForm):
    role = RadioField(
        _l("Role"),
        default="consultant",
        choices=[
            SelectChoice("consultant", _l("Consultant: works with clients")),
            SelectChoice("owner", _l("Owner: also manages members")),
        ],
        validators=[DataRequired(REQUIRED)],
    )


class WorkspaceForm(FlaskForm):
    name = StringField(_l("Consultancy name"), filters=[_clean], validators=[DataRequired(REQUIRED), at_most(200)])
    welcome_text = TextAreaField(
        _l("Default welcome text for intake links"), filters=[_clean_note], validators=[Optional(), at_most(2000)]
    )
    logo = FileField(
        _l("Logo (PNG or JPEG, at most 200 KB)"),
        validators=[FileAllowed(["png", "jpg", "jpeg"], _l("Choose a PNG or JPEG image."))],
    )


class ApiTokenForm(TextForm):
    name = StringField(
        _l("Token name"),
        description=_l('What will use it, for example "Weekly portfolio report". Up to 100 characters.'),
        filters=[_clean],
        validators=[DataRequired(REQUIRED), at_most(100)],
    )
    scopes = SelectMultipleField(
        _l("What it may do"),
        choices=[
            SelectChoice(scope, _l("%(what)s (%(scope)s)", what=text, scope=scope))
            for scope, text in API_SCOPES.items()
        ],
        validators=[DataRequired(_l("Choose at least one thing this token may do."))],
    )


class LensForm(FlaskForm):
    """A lens file, uploaded or pasted (the pasted text is what stays on the page to fix)."""

    file = FileField(
        _l("Lens file (YAML)"), validators=[FileAllowed(["yaml", "yml"], _l("Choose a .yaml or .yml file."))]
    )
    source = TextAreaField(
        _l("Or paste the file's text"),
        validators=[Optional(), at_most(MAX_LENS_BYTES)],
        description=_l("The same structure as Splitcheck's own questionnaire: see docs/lenses.md."),
    )

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if not self.file.data and not (self.source.data or "").strip():
            self.file.errors = [_("Choose a lens file, or paste its text.")]
            return False
        if self.file.data:
            data = self.file.data.read(MAX_LENS_BYTES + 1)
            if len(data) > MAX_LENS_BYTES:
                self.file.errors = [_("The file is larger than %(size)s KB.", size=MAX_LENS_BYTES // 1024)]
                return False
            try:
                self._uploaded = (data.decode("utf-8"), self.file.data.filename or "lens.yaml")
            except UnicodeDecodeError:
                self.file.errors = [_("The file is not text in UTF-8: save it as UTF-8 and upload it again.")]
                return False
        return True

    def text_of(self) -> tuple[str, str]:
        """The lens's text and the name its problems are reported under."""
        uploaded = getattr(self, "_uploaded", None)
        return uploaded if uploaded else (self.source.data or "", _("pasted text"))


def _language_field() -> SelectField:
    """The language a client's intake link opens in and its combined report is written in: by
    default the one the consultant is reading in. Each named in its own language."""
    return SelectField(
        _l("Language of the questionnaire and report"),
        choices=[SelectChoice(code, name) for code, name in LANGUAGES.items()],
        default=translation.current,
        validate_choice=True,
    )


class LanguageForm(FlaskForm):
    language = _language_field()


class ClientForm(TextForm):
    name = StringField(_l("Company name"), filters=[_clean], validators=[DataRequired(REQUIRED), at_most(200)])
    contact = StringField(_l("Contact person (optional)"), filters=[_clean], validators=[Optional(), at_most(200)])
    # Choices are the workspace's (lenses.choices), set by the view; a value not offered is refused.
    instrument = SelectField(_l("Questionnaire"), default=CURRENT, validate_choice=True)
    language = _language_field()
    note = TextAreaField(
        _l("Private note (optional)"),
        filters=[_clean_note],
        validators=[Optional(), at_most(2000)],
        description=_l("Only your workspace sees notes, unless you choose to include one in the report."),
    )


class NoteForm(TextForm):
    text = TextAreaField(
        _l("New private note"), filters=[_clean_note], validators=[DataRequired(REQUIRED), at_most(2000)]
    )
    in_report = BooleanField(_l("Include this note in the client's report"))


class WelcomeForm(TextForm):
    welcome_text = TextAreaField(_l("Welcome text"), filters=[_clean_note], validators=[Optional(), at_most(2000)])


TIMELINES = [
    SelectChoice("now", _l("As soon as possible")),
    SelectChoice("quarter", _l("In the next three months")),
    SelectChoice("year", _l("This year")),
    SelectChoice("exploring", _l("Just exploring")),
]


class IntakeForm(TextForm):
    name = StringField(_l("Your name"), filters=[_clean], validators=[DataRequired(REQUIRED), at_most(200)])
    role = StringField(
        _l("Your role"),
        filters=[_clean],
        validators=[DataRequired(REQUIRED), at_most(200)],
        description=_l('For example "Engineering lead" or "Backend developer".'),
    )
    email = _email(_l("Email address (optional)"), required=False)
    help_wanted = TextAreaField(
        _l("What would you like help with? (optional)"), filters=[_clean_note], validators=[Optional(), at_most(2000)]
    )
    timeline = RadioField(_l("When do you need it?"), choices=TIMELINES, validators=[InputRequired(_l("Choose one."))])
    name_in_report = BooleanField(
        _l("My name may appear in the report"),
        description=_l(
            "Leave this unticked and the report, and anything shared from it, shows your role instead of your name."
        ),
    )
