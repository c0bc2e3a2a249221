"""The workspace: its name, welcome text and logo, members and invitations."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from app.extensions import db
from app.language import _
from app.routing import external_url

from . import bp, tokens
from .forms import InviteForm, WorkspaceForm
from .models import User

LOGO_MAX = 200 * 1024
LOGO_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def _owner_only() -> None:
    if not current_user.is_owner:
        abort(404)


def _members():
    return list(
        db.session.scalars(select(User).where(User.workspace_id == current_user.workspace_id).order_by(User.id))
    )


@bp.route("/workspace", methods=["GET", "POST"])
@login_required
def workspace():
    workspace = current_user.workspace
    form = WorkspaceForm(obj=workspace)
    if form.is_submitted():
        _owner_only()
    if form.validate_on_submit():
        upload = form.logo.data
        if upload:
            data = upload.read(LOGO_MAX + 1)
            kind = next((mime for magic, mime in LOGO_TYPES.items() if data.startswith(magic)), None)
            if len(data) > LOGO_MAX or kind is None:
                form.logo.errors = [_("Choose a PNG or JPEG image of at most 200 KB.")]
                return _page(form), 422
            workspace.logo, workspace.logo_type = data, kind
        workspace.name, workspace.welcome_text = form.name.data, form.welcome_text.data or None
        db.session.commit()
        flash(_("Workspace saved."), "success")
        return redirect(url_for("consultants.workspace"))
    return _page(form), 422 if form.errors else 200


def _page(form):
    return render_template("consultants/workspace.html", form=form, invite_form=InviteForm(), members=_members())


@bp.post("/workspace/invitations")
@login_required
def invite():
    _owner_only()
    form = InviteForm()
    if not form.validate():
        abort(400)
    token = tokens.create_invitation(current_user.workspace_id, form.role.data)
    flash(external_url("consultants.join", token=token), "new-link")
    return redirect(url_for("consultants.workspace"))


@bp.post("/workspace/members/<int:user_id>/remove")
@login_required
def remove_member(user_id: int):
    _owner_only()
    member = db.session.scalar(select(User).where(User.id == user_id, User.workspace_id == current_user.workspace_id))
    if member is None:
        abort(404)
    if member.id == current_user.id:
        flash(_("You can't remove yourself."), "error")
    else:
        db.session.delete(member)
        db.session.commit()
        flash(_("%(email)s no longer has access.", email=member.email), "success")
    return redirect(url_for("consultants.workspace"))
