from wtforms import RadioField, SelectChoice, StringField
from wtforms.validators import InputRequired, Optional

from app.assessments.forms import TextForm, _clean, at_most

EXPIRY_CHOICES = [
    SelectChoice("7", "7 days"),
    SelectChoice("30", "30 days"),
    SelectChoice("90", "90 days"),
    SelectChoice("never", "Never"),
]


class ShareForm(TextForm):
    label = StringField(
        "Who is it for? (optional)",
        filters=[_clean],
        validators=[Optional(), at_most(100)],
        description='A note for yourself, such as "for the CTO". Only you see it.',
    )
    expiry = RadioField(
        "The link stops working after",
        choices=EXPIRY_CHOICES,
        default="30",
        validators=[InputRequired(message="Choose when the link should stop working.")],
    )
