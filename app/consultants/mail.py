"""Sending a password reset link by e-mail, when an SMTP server is configured.

The message is written in the recipient's language: the one given (the command line's
`--language`), else the language of the request that sends it, else English.
"""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app

from app import translation
from app.language import _


def smtp_configured() -> bool:
    return bool(current_app.config.get("SMTP_HOST"))


def reset_message(email: str, link: str, language: str | None = None) -> EmailMessage:
    with translation.speaking(language or translation.current()):
        subject = _("Choose a new Splitcheck password")
        body = (
            _("Someone (hopefully you) asked to choose a new password for Splitcheck.")
            + "\n\n"
            + _("Open this link within an hour to choose it. It works once:")
            + f"\n{link}\n\n"
            + _("If you didn't ask, ignore this message: your password stays as it is.")
            + "\n"
        )
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = current_app.config["SMTP_FROM"]
    message["To"] = email
    message.set_content(body)
    return message


def send_reset_link(email: str, link: str, language: str | None = None) -> None:
    config = current_app.config
    message = reset_message(email, link, language)
    with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=20) as smtp:
        if config.get("SMTP_STARTTLS"):
            smtp.starttls()
        if config.get("SMTP_USERNAME"):
            smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"] or "")
        smtp.send_message(message)
