"""Sending a password reset link by e-mail, when an SMTP server is configured."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app


def smtp_configured() -> bool:
    return bool(current_app.config.get("SMTP_HOST"))


def send_reset_link(email: str, link: str) -> None:
    config = current_app.config
    message = EmailMessage()
    message["Subject"] = "Choose a new Splitcheck password"
    message["From"] = config["SMTP_FROM"]
    message["To"] = email
    message.set_content(
        "Someone (hopefully you) asked to choose a new password for Splitcheck.\n\n"
        f"Open this link within an hour to choose it. It works once:\n{link}\n\n"
        "If you didn't ask, ignore this message: your password stays as it is.\n"
    )
    with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=20) as smtp:
        if config.get("SMTP_STARTTLS"):
            smtp.starttls()
        if config.get("SMTP_USERNAME"):
            smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"] or "")
        smtp.send_message(message)
