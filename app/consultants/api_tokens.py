"""A workspace's API tokens: the owner makes named tokens with scopes, sees when each was last
used, and revokes them.

A token (`sc_` and 192 random bits, `links.new_api_token`) is shown once, right after it is made,
in a read-only field to copy; only its SHA-256 is kept. Scripts send it as
`Authorization: Bearer <token>`; the API (`app/api/access.py`) finds it here, and everything it
reaches is its workspace's.
"""

from __future__ import annotations

from datetime import timedelta

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from app import links
from app.extensions import db
from app.language import _
from app.timestamps import utcnow

from . import bp
from .forms import ApiTokenForm
from .models import API_SCOPES, ApiToken

# "Last used" is kept to the minute: a script's every request does not write to the database.
LAST_USED_PRECISION = timedelta(minutes=1)


def create(workspace_id: int, name: str, scopes: list[str], created_by: int | None) -> tuple[ApiToken, str]:
    """A new token of the workspace; returns it and the token itself (never stored)."""
    token, digest = links.new_api_token()
    chosen = [scope for scope in API_SCOPES if scope in scopes]
    found = ApiToken(
        workspace_id=workspace_id, name=name, token_hash=digest, scopes=" ".join(chosen), created_by=created_by
    )
    db.session.add(found)
    db.session.commit()
    return found, token


def find(token: str | None) -> ApiToken | None:
    """The token's row, unless it was revoked; None for any token that isn't one."""
    if not token or not token.startswith(links.API_TOKEN_PREFIX):
        return None
    found = links.find_by_token(ApiToken.token_hash, token)
    return None if found is None or found.revoked else found


def mark_used(api_token: ApiToken) -> None:
    now = utcnow()
    if api_token.last_used_at is None or now - api_token.last_used_at >= LAST_USED_PRECISION:
        api_token.last_used_at = now
        db.session.commit()


def of_workspace(workspace_id: int) -> list[ApiToken]:
    """The workspace's tokens: those in use first, newest first."""
    return list(
        db.session.scalars(
            select(ApiToken)
            .where(ApiToken.workspace_id == workspace_id)
            .order_by(ApiToken.revoked_at.is_not(None), ApiToken.id.desc())
        )
    )


def _owner_only() -> None:
    if not current_user.is_owner:
        abort(404)


def _page(form: ApiTokenForm):
    return render_template(
        "consultants/api_tokens.html", form=form, tokens=of_workspace(current_user.workspace_id), scopes=API_SCOPES
    )


@bp.route("/workspace/api-tokens", methods=["GET", "POST"])
@login_required
def api_tokens():
    _owner_only()
    form = ApiTokenForm()
    if form.validate_on_submit():
        made, token = create(current_user.workspace_id, form.name.data, form.scopes.data, current_user.id)
        flash(_("The token “%(name)s” is made.", name=made.name), "success")
        flash(token, "new-link")  # shown once, in the box to copy (never as a message)
        return redirect(url_for("consultants.api_tokens"))
    return _page(form), 422 if form.errors else 200


@bp.post("/workspace/api-tokens/<int:token_id>/revoke")
@login_required
def revoke_api_token(token_id: int):
    _owner_only()
    found = db.session.scalar(
        select(ApiToken).where(ApiToken.id == token_id, ApiToken.workspace_id == current_user.workspace_id)
    )
    if found is None:
        abort(404)
    if not found.revoked:
        found.revoked_at = utcnow()
        db.session.commit()
    flash(_("“%(name)s” is revoked: scripts that use it are refused from now on.", name=found.name), "success")
    return redirect(url_for("consultants.api_tokens"))
