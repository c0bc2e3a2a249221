"""A save that fails halfway leaves the previous answers whole."""

from __future__ import annotations

from app.extensions import db

from .journey import context_form, post, start


def test_failure_in_the_middle_of_a_save_changes_nothing(app, client, answers, stored, monkeypatch):
    public_id = start(client)
    post(client, public_id, "context", context_form(answers))
    before = stored(public_id)
    real_commit = db.session.commit

    def fail_after_writing():
        db.session.flush()  # the new answers are written inside the transaction...
        raise RuntimeError("the disk filled up")  # ...and then it fails

    monkeypatch.setattr(db.session, "commit", fail_after_writing)
    response = post(client, public_id, "context", dict(context_form(answers), team="Half-saved", services="99"))
    assert response.status_code == 500
    assert "Your answers that were already saved are safe" in response.get_data(as_text=True)
    monkeypatch.setattr(db.session, "commit", real_commit)
    after = stored(public_id)
    assert after.draft == before.draft and after.version == before.version and after.team_name == "Checkout"
