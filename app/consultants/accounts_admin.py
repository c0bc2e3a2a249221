"""Account administration for the command line."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select

from app.extensions import db
from app.routing import external_url

from . import tokens
from .models import User, Workspace
from .passwords import MAX_LENGTH, MIN_LENGTH, hash_password


def create_owner(email: str, password: str, workspace_name: str) -> User:
    email = email.strip().lower()
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValueError(f"{email}: not an email address ({exc})") from None
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        raise ValueError(f"The password must have {MIN_LENGTH} to {MAX_LENGTH} characters.")
    if db.session.scalar(select(User).where(User.email == email)) is not None:
        raise ValueError(f"{email} already has an account.")
    workspace = Workspace(name=workspace_name.strip()[:200] or "My consultancy")
    user = User(workspace=workspace, email=email, role="owner", password_hash=hash_password(password))
    db.session.add_all([workspace, user])
    db.session.commit()
    return user


def reset_link(email: str) -> str:
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise LookupError(f"No account has the email address {email}.")
    token = tokens.create_reset(user)
    return external_url("consultants.reset_password", token=token)
