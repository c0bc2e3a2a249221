"""A workspace's own question banks ("lenses"): upload, check, preview, publish.

A lens is data, never code: a YAML file of the instrument's structure (`app/instrument/loader.py`
checks it and lists every problem), shown with the app's escaping like every other text. A draft
can be replaced by uploading a file with the same id; a published lens never changes, and a new
version is a new upload with a new id. Only the workspace that uploaded a lens sees it or can
pick it for a client; the anonymous API scores only the built-in questionnaires.
"""

from __future__ import annotations

from flask import abort, current_app, flash, has_app_context, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select

from app import instrument as instruments
from app import language
from app.extensions import db
from app.instrument import Instrument, InstrumentError
from app.language import _, ngettext
from app.routing import external_url
from app.timestamps import utcnow

from . import bp
from .forms import LensForm
from .models import Client, Lens

# Published lenses by their random public id: a published lens never changes, so each is read and
# checked once per process. (Keyed by public id, not by instrument id: if a workspace is deleted,
# another may publish a lens with the same id, which is another lens.)
_published: dict[str, Instrument] = {}


def _database_at_hand() -> bool:
    """Inside an app with a database (not a pure computation, nor the offline commands' app)."""
    return has_app_context() and "sqlalchemy" in current_app.extensions


def published_instrument(instrument_id: str) -> Instrument | None:
    """`app.instrument.resolvers`: the published lens with this id, if any (for the assessments
    answered with it; who may open those is decided by their own access rules). Outside an app
    with a database (a pure computation, or the offline commands' app) there is none."""
    if not _database_at_hand():
        return None
    public_id = db.session.scalar(
        select(Lens.public_id).where(Lens.instrument_id == instrument_id, Lens.published_at.is_not(None))
    )
    if public_id is None:
        return None
    if public_id not in _published:
        source = db.session.scalar(select(Lens.source).where(Lens.public_id == public_id))
        _published[public_id] = instruments.loads(source or "", f"{instrument_id} (published)")
    return _published[public_id]


def how_url(instrument_id: str) -> str | None:
    """`reports.services.how_urls`: the address of a published lens's "How the score works" page,
    which the reports made with it link to (by the lens's random public id, not its name)."""
    if not _database_at_hand():
        return None
    public_id = db.session.scalar(
        select(Lens.public_id).where(Lens.instrument_id == instrument_id, Lens.published_at.is_not(None))
    )
    return external_url("consultants.lens_scoring", public_id=public_id) if public_id else None


def check(text: str, source: str) -> tuple[Instrument | None, list[str]]:
    """The lens in `text` and no problems, or None and every problem as `file: key: problem`."""
    try:
        return instruments.loads(text, source), []
    except InstrumentError as exc:
        return None, exc.problems


def choices(workspace_id: int) -> list[tuple[str, str]]:
    """The questionnaires a client of this workspace can answer: splitcheck/1, then its published lenses."""
    lenses = db.session.scalars(
        select(Lens)
        .where(Lens.workspace_id == workspace_id, Lens.published_at.is_not(None))
        .order_by(Lens.instrument_id)
    )
    built_in = instruments.get()
    return [
        (built_in.id, f"{built_in.title} ({built_in.id})"),
        *((lens.instrument_id, f"{lens.title} ({lens.instrument_id})") for lens in lenses),
    ]


def _owner_only() -> None:
    if not current_user.is_owner:
        abort(404)


def _lens_or_404(public_id: str) -> Lens:
    lens = db.session.scalar(
        select(Lens).where(Lens.public_id == public_id, Lens.workspace_id == current_user.workspace_id)
    )
    if lens is None:
        abort(404)
    return lens


def _lenses() -> list[tuple[Lens, int]]:
    used = (
        select(Client.instrument, func.count(Client.id).label("clients"))
        .where(Client.workspace_id == current_user.workspace_id)
        .group_by(Client.instrument)
        .subquery()
    )
    rows = db.session.execute(
        select(Lens, func.coalesce(used.c.clients, 0))
        .outerjoin(used, used.c.instrument == Lens.instrument_id)
        .where(Lens.workspace_id == current_user.workspace_id)
        .order_by(Lens.created_at.desc(), Lens.id.desc())
    )
    return [(lens, clients) for lens, clients in rows]


@bp.route("/workspace/lenses", methods=["GET", "POST"])
@login_required
def lenses():
    _owner_only()
    form = LensForm()
    problems: list[str] = []
    if form.validate_on_submit():
        text, name = form.text_of()
        found, problems = check(text, name)
        if found is not None:
            problem = _id_problem(found.id)
            if problem is None:
                lens = _save_draft(found, text)
                flash(_("The file is valid. Check the questionnaire below, then publish it."), "success")
                return redirect(url_for("consultants.lens", public_id=lens.public_id))
            problems = [f"{name}: id: {problem}"]
        form.source.data = text  # whatever was uploaded stays on the page to fix
    status = 422 if problems or form.errors else 200
    return render_template("consultants/lenses.html", form=form, problems=problems, lenses=_lenses()), status


def _id_problem(instrument_id: str) -> str | None:
    """Why a lens with this id can't be saved as this workspace's draft, if it can't."""
    taken = db.session.scalar(select(Lens).where(Lens.instrument_id == instrument_id))
    if instrument_id in instruments.known() or (taken and taken.workspace_id != current_user.workspace_id):
        return _(
            "%(id)s is already in use; give your lens an id of its own, e.g. with your company's name",
            id=repr(instrument_id),
        )
    if taken is not None and taken.published:
        return _(
            "%(id)s is published and never changes; upload the new version with a new id, e.g. %(next)s",
            id=repr(instrument_id),
            next=_next_version(instrument_id),
        )
    return None


def _save_draft(found: Instrument, text: str) -> Lens:
    """The workspace's draft with this id, new or replaced by the file just uploaded."""
    lens = db.session.scalar(select(Lens).where(Lens.instrument_id == found.id)) or Lens(
        workspace_id=current_user.workspace_id, instrument_id=found.id
    )
    lens.title, lens.source, lens.uploaded_by = found.title, text, current_user.id
    db.session.add(lens)
    db.session.commit()
    return lens


def _next_version(instrument_id: str) -> str:
    name, _, version = instrument_id.partition("/")
    return f"{name}/{int(version) + 1}" if version.isdigit() else f"{name}/2"


@bp.get("/workspace/lenses/<public_id>")
@login_required
def lens(public_id: str):
    _owner_only()
    found = _lens_or_404(public_id)
    instrument, problems = check(found.source, found.instrument_id)
    if instrument is None:  # a draft saved valid cannot turn invalid, but say so if it ever does
        return render_template("consultants/lens.html", lens=found, instrument=None, problems=problems), 422
    return render_template(
        "consultants/lens.html",
        lens=found,
        instrument=instrument.in_language(language.current()),
        translated=language_notes(instrument),
        problems=[],
    )


def language_notes(instrument: Instrument) -> list[str]:
    """For each of the product's other languages, how much of the lens is translated: a text
    without a translation is shown in English on a page in that language."""
    notes = []
    for code, missing in instrument.untranslated.items():
        name = language.LANGUAGES[code]
        if instrument.in_language(code) is instrument:
            notes.append(
                _(
                    "%(language)s: not translated; pages in %(language)s show this lens in English.",
                    language=name,
                )
            )
        elif missing:
            notes.append(
                ngettext(
                    "%(language)s: %(num)s text is not translated and is shown in English.",
                    "%(language)s: %(num)s texts are not translated and are shown in English.",
                    missing,
                    language=name,
                )
            )
        else:
            notes.append(_("%(language)s: every text is translated.", language=name))
    return notes


@bp.post("/workspace/lenses/<public_id>/publish")
@login_required
def publish_lens(public_id: str):
    _owner_only()
    found = _lens_or_404(public_id)
    if not found.published:
        found.published_at = utcnow()
        db.session.commit()
        flash(_("%(title)s is published: you can choose it when you add a client.", title=found.title), "success")
    return redirect(url_for("consultants.lens", public_id=public_id))


@bp.post("/workspace/lenses/<public_id>/delete")
@login_required
def delete_lens(public_id: str):
    _owner_only()
    found = _lens_or_404(public_id)
    if found.published:
        flash(_("A published lens stays: the clients answered with it keep using it."), "error")
        return redirect(url_for("consultants.lens", public_id=public_id))
    db.session.delete(found)
    db.session.commit()
    flash(_("The draft was deleted."), "success")
    return redirect(url_for("consultants.lenses"))


@bp.get("/lenses/<public_id>/how-the-score-works")
def lens_scoring(public_id: str):
    """How a published lens scores, for whoever reads a report made with it (the report links
    here); a draft, or an unknown address, is not found."""
    found = db.session.scalar(select(Lens).where(Lens.public_id == public_id, Lens.published_at.is_not(None)))
    instrument = published_instrument(found.instrument_id) if found is not None else None
    if instrument is None:
        abort(404)
    return render_template("site/how_scoring_works.html", instrument=instrument)
