"""Managing share links (owner) and viewing a shared report (anyone with the link)."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for

from app import translation
from app.assessments import access, snapshots
from app.language import _, _l
from app.links import guessing_limit
from app.reports.delivery import other_pdfs, pdf_response
from app.reports.services import report_for
from app.timestamps import utcnow

from . import bp, services
from .forms import ShareForm

PRIVATE_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex, nofollow",
}


@bp.after_request
def private_headers(response: Response) -> Response:
    if request.endpoint in ("sharing.shared_report", "sharing.shared_pdf") or request.path.startswith("/s/"):
        response.headers.update(PRIVATE_HEADERS)
    return response


@bp.route("/assessments/<public_id>/share", methods=["GET", "POST"])
def manage(public_id: str):
    assessment, _token = access.owned_or_404(public_id)
    shown = services.links_of(assessment)
    if not assessment.submitted and (request.method == "POST" or not shown):
        abort(404)  # nothing finished to share; links made before the answers were reopened stay listed
    form = ShareForm()
    if request.method == "POST":
        if not form.validate():
            return _manage_page(assessment, form, shown), 422
        _, token = services.create(assessment, form.label.data, form.expiry.data)
        flash(url_for("sharing.shared_report", token=token, _external=True), "new-link")
        return redirect(url_for("sharing.manage", public_id=public_id))
    return _manage_page(assessment, form, shown)


def _manage_page(assessment, form: ShareForm, shown: list) -> str:
    return render_template(
        "sharing/manage.html",
        assessment=assessment,
        form=form,
        links=shown,
        behind=services.behind(assessment, shown),
        answers_submitted_on=snapshots.submitted_on(assessment) if assessment.submitted else None,
        now=utcnow(),
    )


@bp.post("/assessments/<public_id>/share/<int:link_id>/revoke")
def revoke(public_id: str, link_id: int):
    assessment, _token = access.owned_or_404(public_id)
    if not services.revoke(assessment, link_id):
        abort(404)
    flash(_("The link was withdrawn. Anyone who opens it now sees that it is no longer valid."), "success")
    return redirect(url_for("sharing.manage", public_id=public_id))


@bp.route("/assessments/<public_id>/share/<int:link_id>/new-link", methods=["GET", "POST"])
def new_link(public_id: str, link_id: int):
    """A new address for a link in use, once the owner confirms that the old one will stop working."""
    assessment, _token = access.owned_or_404(public_id)
    link = services.link_of(assessment, link_id)
    if link is None or link.status(utcnow()) != "active":
        abort(404)
    if request.method != "POST":  # GET, or HEAD: never a change
        return render_template("sharing/new_link.html", assessment=assessment, link=link)
    token = services.renew(link)
    flash(
        _(
            "Here is the link's new address. The address you sent before no longer works; "
            "the link keeps who it is for, when it stops working, and its views."
        ),
        "success",
    )
    flash(url_for("sharing.shared_report", token=token, _external=True), "new-link")
    return redirect(url_for("sharing.manage", public_id=public_id))


PUBLISHED = {
    "published": ("success", _l("The link now shows your latest answers, with the date they were submitted.")),
    "gone": ("error", _l("That link was withdrawn or has expired, so nothing was changed.")),
    "not_finished": (
        "error",
        _l(
            "Your answers are being changed, so there is nothing new to show yet. Finish them first; "
            "until then the link keeps showing the answers it showed before."
        ),
    ),
}


@bp.post("/assessments/<public_id>/share/<int:link_id>/publish")
def publish(public_id: str, link_id: int):
    assessment, _token = access.owned_or_404(public_id)
    outcome = services.publish(assessment, link_id)
    if outcome == "not_found":
        abort(404)
    category, message = PUBLISHED[outcome]
    flash(str(message), category)
    return redirect(url_for("sharing.manage", public_id=public_id))


def _open(token: str, count_view: bool = True):
    """The link, and the snapshot of the answers it shows (None: it follows the assessment's). What
    it shows is in the language the assessment was answered in, unless the viewer chose another:
    a team that answered in German shares a German report with its German leadership."""
    try:
        link = services.open_link(token, count_view=False)
    except services.LinkGone:
        abort(410)
    if link is None:
        abort(404)
    snapshot = services.snapshot_of(link)
    if snapshot is None and not link.assessment.submitted:
        abort(404)  # a client with no finished answers left, or a team's link never finished
    if count_view:
        services.count_view_of(link)
    translation.show_in(link.assessment.language)
    return link, snapshot


@bp.get("/s/<token>")
@guessing_limit
def shared_report(token: str):
    link, snapshot = _open(token)
    return render_template(
        "sharing/report.html",
        report=report_for(link.assessment, snapshot),
        pdf_url=url_for("sharing.shared_pdf", token=token),
        other_pdfs=other_pdfs("sharing.shared_pdf", token=token),
        show_sign_in=False,
    )


@bp.get("/s/<token>/report.pdf")
@translation.download
@guessing_limit
def shared_pdf(token: str):
    link, snapshot = _open(token, count_view=False)  # the PDF of a page already counted
    return pdf_response(link.assessment, snapshot, language=translation.current())
