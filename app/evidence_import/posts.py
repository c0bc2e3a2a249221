"""Evidence a pipeline posts for an assessment, each post with its label, and their history.

A post is an import like an upload (the same analysis and limits, its files not kept), plus its
label and what changed since the post before it (`app.evidence.drift`), worked out once when it
arrives. A team's signs step then offers the latest post's suggestions; no answer changes until a
person uses one. A consultant's client's combined result takes its answers from the respondents
only: its posts are shown in the report's Evidence section and never offered as answers.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select

from app import instrument as instruments
from app.assessments.models import Assessment
from app.evidence import drift
from app.extensions import db
from app.language import DEFAULT_LANGUAGE, LANGUAGES
from app.translation import speaking

from .decisions import offer
from .models import EvidenceImport, EvidencePost
from .services import new_import

KEPT = 50  # posts kept per assessment; an older one goes, with its evidence
LABEL_MAX = 100
LABEL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/+-]*")
LABEL_RULE = (
    f"must name the commit or release the files come from, e.g. release-42, v2.3.1 or a commit hash: "
    f"up to {LABEL_MAX} letters, digits, “.”, “-”, “_”, “/” and “+”, starting with a letter or digit"
)


def label_problem(label: str | None) -> str | None:
    """What is wrong with a post's label, in words; None when it will do."""
    if not label:
        return "is required: " + LABEL_RULE
    if len(label) > LABEL_MAX or not LABEL.fullmatch(label):
        return LABEL_RULE
    return None


def _names(assessment: Assessment) -> dict[str, Any]:
    """How the questionnaire names signs and answers, for the sentences of what changed."""
    found = instruments.find(assessment.instrument) or instruments.get()
    titles = {sign.id: sign.title for sign in found.signs}
    return {
        "sign_title": lambda sign: titles.get(sign, sign.replace("_", " ")),
        "answer_label": lambda answer: found.option_label("sign", answer),
    }


def latest_post(assessment: Assessment, made_by: datetime | None = None) -> EvidencePost | None:
    query = select(EvidencePost).where(EvidencePost.assessment_id == assessment.id)
    if made_by is not None:
        query = query.where(EvidencePost.created_at <= made_by)
    return db.session.scalar(query.order_by(EvidencePost.id.desc()).limit(1))


def receive(assessment: Assessment, inputs: list[tuple[str, bytes]], label: str) -> EvidencePost:
    """Analyse a pipeline's files and keep the post, all or nothing (EvidenceError naming the file);
    a team's signs step then offers its suggestions."""
    before = latest_post(assessment)
    record = new_import(assessment, inputs, keep_files=False)
    previous = db.session.get(EvidenceImport, before.import_id) if before is not None else None
    said = {}
    for code in LANGUAGES:  # the sentences of what changed, in each language, said once
        with speaking(code):
            said[code] = drift.changes(
                previous.shown_in(code) if previous is not None else None,
                record.shown_in(code),
                label,
                since=before.label if before is not None else None,
                **_names(assessment),
            )
    post = EvidencePost(
        assessment_id=assessment.id,
        import_id=record.id,
        label=label,
        counts=drift.counts(record.shown_in(DEFAULT_LANGUAGE)),
        changes=said.pop(DEFAULT_LANGUAGE),
        changes_in=said,
    )
    db.session.add(post)
    db.session.flush()
    _forget_old(assessment)
    db.session.commit()
    if assessment.team.kind.answers_itself:  # a team's answers, never a client's combined ones
        offer(assessment, record)
    return post


def _forget_old(assessment: Assessment) -> None:
    """Past `KEPT` posts, the oldest go with their evidence (and its files, by cascade)."""
    kept = select(EvidencePost.id).where(EvidencePost.assessment_id == assessment.id)
    oldest_kept = db.session.scalar(kept.order_by(EvidencePost.id.desc()).offset(KEPT - 1).limit(1))
    if oldest_kept is None:
        return
    old = list(
        db.session.execute(
            select(EvidencePost.id, EvidencePost.import_id).where(
                EvidencePost.assessment_id == assessment.id, EvidencePost.id < oldest_kept
            )
        )
    )
    db.session.execute(delete(EvidencePost).where(EvidencePost.id.in_([row[0] for row in old])))
    db.session.execute(delete(EvidenceImport).where(EvidenceImport.id.in_([row[1] for row in old])))


def history(assessment: Assessment, made_by: datetime | None = None, limit: int = KEPT) -> list[EvidencePost]:
    """The assessment's posts, newest first; with `made_by`, those sent by then."""
    query = select(EvidencePost).where(EvidencePost.assessment_id == assessment.id)
    if made_by is not None:
        query = query.where(EvidencePost.created_at <= made_by)
    return list(db.session.scalars(query.order_by(EvidencePost.id.desc()).limit(limit)))


def find(assessment: Assessment, public_id: str) -> EvidencePost | None:
    return db.session.scalar(
        select(EvidencePost).where(EvidencePost.assessment_id == assessment.id, EvidencePost.public_id == public_id)
    )


def suggested_by(post: EvidencePost) -> dict[str, str]:
    record = db.session.get(EvidenceImport, post.import_id)
    return dict((record.document if record is not None else {}).get("suggested") or {})
