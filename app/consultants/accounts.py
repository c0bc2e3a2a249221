"""Sign in, sign out, sign up, invitations and password resets."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import func, select
from werkzeug.exceptions import HTTPException

from app import routing
from app.extensions import db, limiter, login_manager
from app.language import _, _l
from app.links import guessing_limit

from . import bp, tokens
from .forms import JoinForm, NewPasswordForm, SignInForm, SignUpForm
from .models import User, Workspace, new_session_key
from .passwords import hash_password, needs_rehash, verify

login_manager.login_view = "consultants.sign_in"
login_manager.login_message = _l("Please sign in to see that page.")
login_manager.localize_callback = str  # flashed in the language of the request
login_manager.login_message_category = "error"
login_manager.session_protection = "basic"

FAILED = _l("Wrong email address or password.")


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    uid, _, key = user_id.partition(":")
    if not uid.isdigit() or not key:
        return None
    user = db.session.get(User, int(uid))
    return user if user is not None and user.session_key == key else None


def _account_key() -> str:
    """The per-account limit's key. It runs inside the rate limiter, which takes any error here for
    its storage failing (and counts in memory from then on), so a body too large to read is keyed
    like a post without an address; the request itself still gets its 413."""
    try:
        email = request.form.get("email") or ""
    except HTTPException:
        email = ""
    return "account:" + email.strip().lower()[:254]


def _failed(response) -> bool:
    return response.status_code != 302


def _start_session(user: User) -> None:
    session.clear()  # a fresh session: nothing from before signing in carries over
    login_user(user)
    session.permanent = True


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit("10 per minute;60 per hour", methods=["POST"], deduct_when=_failed)
@limiter.limit("5 per 15 minutes", key_func=_account_key, methods=["POST"], deduct_when=_failed)
def sign_in():
    form = SignInForm()
    if form.validate_on_submit():
        user = db.session.scalar(select(User).where(User.email == form.email.data))
        # verify() runs for an unknown e-mail address too, so it takes as long as for a known one.
        if verify(user.password_hash if user else None, form.password.data) and user is not None:
            if needs_rehash(user.password_hash):
                user.password_hash = hash_password(form.password.data)
                db.session.commit()
            _start_session(user)
            return redirect(routing.safe_next(request.args.get("next")) or url_for("consultants.dashboard"))
        form.password.errors = [str(FAILED)]
    return render_template(
        "consultants/sign_in.html", form=form, signup=current_app.config["SIGNUP_ENABLED"]
    ), 422 if form.errors else 200


@bp.post("/sign-out")
@login_required
def sign_out():
    current_user.session_key = new_session_key()  # every copy of this session stops working
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You are signed out."), "success")
    return redirect(url_for("site.landing"))


@bp.route("/sign-up", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"])
def sign_up():
    if not current_app.config["SIGNUP_ENABLED"]:
        abort(404)
    form = SignUpForm()
    if form.validate_on_submit():
        if _email_taken(form.email.data):
            form.email.errors = [_("An account with this email address already exists. Sign in instead.")]
        else:
            workspace = Workspace(name=form.workspace.data)
            user = User(
                workspace=workspace,
                email=form.email.data,
                role="owner",
                password_hash=hash_password(form.password.data),
            )
            db.session.add_all([workspace, user])
            db.session.commit()
            _start_session(user)
            return redirect(url_for("consultants.dashboard"))
    return render_template("consultants/sign_up.html", form=form), 422 if form.errors else 200


def _email_taken(email: str) -> bool:
    return db.session.execute(select(func.count()).select_from(User).where(User.email == email)).scalar_one() > 0


@bp.route("/join/<token>", methods=["GET", "POST"])
@guessing_limit
@limiter.limit("20 per hour", methods=["POST"])
def join(token: str):
    invitation = tokens.usable_invitation(token)
    if invitation is None:
        abort(410)
    workspace = db.session.get_one(Workspace, invitation.workspace_id)
    form = JoinForm()
    if form.validate_on_submit():
        if _email_taken(form.email.data):
            form.email.errors = [_("An account with this email address already exists.")]
        else:
            user = User(
                workspace_id=workspace.id,
                email=form.email.data,
                role=invitation.role,
                password_hash=hash_password(form.password.data),
            )
            if not tokens.consume(invitation):  # used by another request meanwhile
                db.session.rollback()
                abort(410)
            db.session.add(user)
            db.session.commit()
            _start_session(user)
            return redirect(url_for("consultants.dashboard"))
    return render_template("consultants/join.html", form=form, workspace=workspace), 422 if form.errors else 200


@bp.route("/reset/<token>", methods=["GET", "POST"])
@guessing_limit
@limiter.limit("20 per hour", methods=["POST"])
def reset_password(token: str):
    reset = tokens.usable_reset(token)
    if reset is None:
        abort(410)
    form = NewPasswordForm()
    if form.validate_on_submit():
        password_hash = hash_password(form.password.data)
        if not tokens.consume(reset):  # used by another request meanwhile
            db.session.rollback()
            abort(410)
        user = db.session.get_one(User, reset.user_id)
        user.password_hash = password_hash
        user.session_key = new_session_key()  # sessions opened with the old password end
        db.session.commit()
        flash(_("Your password was changed. Sign in with the new one."), "success")
        return redirect(url_for("consultants.sign_in"))
    return render_template("consultants/reset.html", form=form), 422 if form.errors else 200
