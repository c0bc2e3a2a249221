from wtforms import RadioField, SelectChoice, StringField
from wtforms.validators import InputRequired, Optional

from app.assessments.forms import TextForm, _clean, at_most
from app.language import _l

EXPIRY_CHOICES = [
    SelectChoice("7", _l("7 days")),
    SelectChoice("30", _l("30 days")),
    SelectChoice("90", _l("90 days")),
    SelectChoice("never", _l("Never")),
]


class ShareForm(TextForm):
    label = StringField(
        _l("Who is it for? (optional)"),
        filters=[_clean],
        validators=[Optional(), at_most(100)],
        description=_l('A note for yourself, such as "for the CTO". Only you see it.'),
    )
    expiry = RadioField(
        _l("The link stops working after"),
        choices=EXPIRY_CHOICES,
        default="30",
        validators=[InputRequired(message=_l("Choose when the link should stop working."))],
    )
