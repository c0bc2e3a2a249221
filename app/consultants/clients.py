"""The consultant's side: dashboard, clients, intake rounds, notes."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from app import instrument as instruments
from app.extensions import db
from app.language import _, ngettext
from app.plans import services as plans
from app.routing import external_url
from app.timestamps import utcnow

from . import bp, changes, lenses, services
from .dashboard import PLAN_FILTERS, Filters, clients_page
from .deletion import delete_client as delete_client_and_answers
from .forms import ClientForm, LanguageForm, NoteForm, WelcomeForm
from .models import STATUSES, Client, ClientNote, IntakeLink, Respondent
from .report_extras import disagreements_of


def client_or_404(public_id: str) -> Client:
    """Every client lookup goes through here: scoped to the signed-in consultant's workspace."""
    client = db.session.scalar(
        select(Client).where(Client.public_id == public_id, Client.workspace_id == current_user.workspace_id)
    )
    if client is None:
        abort(404)
    return client


def plan_in_words(summary: dict[str, Any]) -> str | None:
    """`plans.plan_summary` as a sentence ("7 items, 3 done, 1 overdue; target score 35 by
    2027-Q2"); None for no plan (no items, no targets)."""
    if not summary["items"] and summary["target_score"] is None and summary["by"] is None:
        return None
    items, done, overdue = summary["items"], summary["done"], summary["overdue"]
    if overdue:
        work = ngettext(
            "%(num)s item, %(done)s done, %(overdue)s overdue",
            "%(num)s items, %(done)s done, %(overdue)s overdue",
            items,
            done=done,
            overdue=overdue,
        )
    else:
        work = ngettext(
            "%(num)s item, %(done)s done, none overdue", "%(num)s items, %(done)s done, none overdue", items, done=done
        )
    if summary["target_score"] is None:
        aim = _("no targets set yet")
    elif summary["by"]:
        aim = _("target score %(score)s by %(quarter)s", score=summary["target_score"], quarter=summary["by"])
    else:
        aim = _("target score %(score)s", score=summary["target_score"])
    return f"{work}; {aim}"


@bp.get("/clients")
@login_required
def dashboard():
    verdicts = tuple(instruments.get().verdicts)
    page = clients_page(current_user.workspace_id, Filters.from_args(request.args, verdicts))
    return render_template(
        "consultants/dashboard.html",
        page=page,
        statuses=STATUSES,
        verdicts=instruments.get().verdicts,
        plan_filters=PLAN_FILTERS,
    )


@bp.route("/clients/new", methods=["GET", "POST"])
@login_required
def new_client():
    form = ClientForm()
    form.instrument.choices = lenses.choices(current_user.workspace_id)
    if form.validate_on_submit():
        client, token = services.create_client(
            current_user.workspace, form.name.data, form.contact.data, form.instrument.data, form.language.data
        )
        if form.note.data:
            db.session.add(ClientNote(client_id=client.id, author_id=current_user.id, text=form.note.data))
            db.session.commit()
        flash(external_url("consultants.intake", token=token), "new-link")
        return redirect(url_for("consultants.client", public_id=client.public_id))
    return render_template("consultants/new_client.html", form=form), 422 if form.errors else 200


@bp.get("/clients/<public_id>")
@login_required
def client(public_id: str):
    return _client_page(client_or_404(public_id), NoteForm())


def _client_page(found: Client, note_form: NoteForm) -> str:
    link = services.current_round(found)
    respondents = services.respondents_of(link)
    count, disagreements = disagreements_of(link)
    rounds = list(
        db.session.scalars(select(IntakeLink).where(IntakeLink.client_id == found.id).order_by(IntakeLink.id.desc()))
    )
    latest = plans.latest_submitted(found.team_id)
    return render_template(
        "consultants/client.html",
        client=found,
        plan_latest=latest,
        plan_words=plan_in_words(plans.plan_summary(found.team)) if latest is not None else None,
        link=link,
        respondents=respondents,
        disagreements=disagreements,
        rounds=rounds,
        note_form=note_form,
        response_changes=changes.worded(changes.of_client(found)),
        finished=count,
        welcome_form=WelcomeForm(welcome_text=link.welcome_text),
        language_form=LanguageForm(language=found.language),
        verdicts=instruments.get().verdicts,
        questionnaires=lenses.choices(current_user.workspace_id),
        questionnaire=instruments.get(found.instrument),
    )


@bp.post("/clients/<public_id>/intake/<action>")
@login_required
def intake_action(public_id: str, action: str):
    found = client_or_404(public_id)
    link = services.current_round(found)
    if action == "close":
        link.closed_at = link.closed_at or utcnow()
        flash(_("The intake link is closed: nobody new can start answering."), "success")
    elif action == "reopen":
        link.closed_at = None
        flash(_("The intake link is open again."), "success")
    elif action == "welcome":
        form = WelcomeForm()
        if not form.validate():
            flash(_("The welcome text is too long (2,000 characters at most)."), "error")
            return redirect(url_for("consultants.client", public_id=public_id))
        link.welcome_text = form.welcome_text.data or None
        flash(_("Welcome text saved."), "success")
    elif action == "new-round":
        chosen = request.form.get("instrument", found.instrument)
        if chosen not in dict(lenses.choices(current_user.workspace_id)):
            abort(400)
        link.closed_at = link.closed_at or utcnow()
        found.instrument = chosen  # a new version of a lens starts with a new round
        token = services.open_round(found, link.welcome_text)
        flash(external_url("consultants.intake", token=token), "new-link")
    else:
        abort(404)
    db.session.commit()
    return redirect(url_for("consultants.client", public_id=public_id))


@bp.post("/clients/<public_id>/language")
@login_required
def client_language(public_id: str):
    """The language the client's intake link opens in and its combined report is written in."""
    found = client_or_404(public_id)
    form = LanguageForm()
    if not form.validate():
        flash(_("Choose one of the languages offered; the language was not changed."), "error")
    else:
        services.set_language(found, form.language.data)
        db.session.commit()
        flash(_("Language saved. The intake link and the combined report use it from now on."), "success")
    return redirect(url_for("consultants.client", public_id=public_id) + "#language")


@bp.route("/clients/<public_id>/intake/new-link", methods=["GET", "POST"])
@login_required
def new_intake_link(public_id: str):
    """A new link for the current round, once the consultant confirms that the old one will stop working."""
    found = client_or_404(public_id)
    link = services.current_round(found)
    if request.method != "POST":  # GET, or HEAD: never a change
        return render_template("consultants/new_intake_link.html", client=found, link=link)
    token = services.new_link_for_round(link)
    flash(
        _(
            "Here is a new link for this round. The link you sent before no longer works; "
            "everyone who already started keeps their answers."
        ),
        "success",
    )
    flash(external_url("consultants.intake", token=token), "new-link")
    return redirect(url_for("consultants.client", public_id=public_id))


@bp.post("/clients/<public_id>/notes")
@login_required
def add_note(public_id: str):
    found = client_or_404(public_id)
    form = NoteForm()
    if form.validate():
        db.session.add(
            ClientNote(
                client_id=found.id, author_id=current_user.id, text=form.text.data, in_report=form.in_report.data
            )
        )
        db.session.commit()
        flash(_("Note saved."), "success")
        return redirect(url_for("consultants.client", public_id=public_id) + "#notes")
    # The page again, with the note as typed and what is wrong with it: nothing typed is lost.
    return _client_page(found, form), 422


@bp.post("/clients/<public_id>/notes/<int:note_id>/toggle")
@login_required
def toggle_note(public_id: str, note_id: int):
    found = client_or_404(public_id)
    note = db.session.scalar(select(ClientNote).where(ClientNote.id == note_id, ClientNote.client_id == found.id))
    if note is None:
        abort(404)
    note.in_report = not note.in_report
    db.session.commit()
    return redirect(url_for("consultants.client", public_id=public_id) + "#notes")


def respondent_or_404(client: Client, respondent_id: int) -> Respondent:
    respondent = db.session.scalar(
        select(Respondent).join(IntakeLink).where(Respondent.id == respondent_id, IntakeLink.client_id == client.id)
    )
    if respondent is None:
        abort(404)
    return respondent


@bp.get("/clients/<public_id>/responses/<int:respondent_id>")
@login_required
def response(public_id: str, respondent_id: int):
    found = client_or_404(public_id)
    respondent = respondent_or_404(found, respondent_id)
    latest = respondent.team.latest
    if not latest.submitted:
        flash(_("%(name)s has not finished answering yet.", name=respondent.name), "error")
        return redirect(url_for("consultants.client", public_id=public_id))
    return redirect(url_for("reports.result", public_id=latest.public_id))


@bp.post("/clients/<public_id>/responses/<int:respondent_id>/reopen")
@login_required
def reopen_response(public_id: str, respondent_id: int):
    """Give finished answers back to the person who gave them; only they can change them."""
    found = client_or_404(public_id)
    respondent = respondent_or_404(found, respondent_id)
    if services.reopen(respondent, by_consultant=current_user.email):
        db.session.commit()
        flash(
            _(
                "%(name)s's answers are open again. They count in the combined result again once %(name)s "
                "finishes; let them know their private link takes them back to their answers.",
                name=respondent.name,
            ),
            "success",
        )
    else:
        flash(_("%(name)s has not finished answering, so there is nothing to reopen.", name=respondent.name), "error")
    return redirect(url_for("consultants.client", public_id=public_id) + "#respondents-title")


@bp.route("/clients/<public_id>/delete", methods=["GET", "POST"])
@login_required
def delete_client(public_id: str):
    found = client_or_404(public_id)
    if request.method != "POST":  # GET, or HEAD: never a change
        return render_template("consultants/delete_client.html", client=found)
    name = found.name
    delete_client_and_answers(found)
    flash(_("%(name)s was deleted, with every response, report, share link and note.", name=name), "success")
    return redirect(url_for("consultants.dashboard"))
