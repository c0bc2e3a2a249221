"""CSRF is enforced, and an expired token or session never loses answers."""

from __future__ import annotations

import re

from .journey import context_form, signs_form


def csrf_token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page)[1]


def version(page: str) -> str:
    return re.search(r'name="version" value="([^"]+)"', page)[1]


def begin(client) -> tuple[str, str]:
    landing = client.get("/").get_data(as_text=True)
    response = client.post("/start", data={"csrf_token": csrf_token(landing)})
    assert response.status_code == 302
    public_id = re.search(r"/assessments/([^/]+)/", response.location)[1]
    page = client.get(response.location).get_data(as_text=True)
    return public_id, page


def test_start_without_token_is_refused(csrf_app, count_rows):
    from app.assessments.models import Assessment

    client = csrf_app.test_client()
    response = client.post("/start")
    assert response.status_code == 400
    assert count_rows(Assessment) == 0


def test_step_with_token_saves(csrf_app, answers):
    client = csrf_app.test_client()
    public_id, page = begin(client)
    response = client.post(
        f"/assessments/{public_id}/context",
        data={**context_form(answers), "csrf_token": csrf_token(page), "action": "next", "version": version(page)},
    )
    assert response.status_code == 302


def test_step_without_token_is_refused_but_answers_come_back(csrf_app, answers, stored):
    client = csrf_app.test_client()
    public_id, page = begin(client)
    form = {
        **signs_form(answers, {"call_chains": "Checkout calls five services"}),
        "action": "next",
        "csrf_token": "stale-or-forged",
        "version": version(page),
    }
    response = client.post(f"/assessments/{public_id}/signs", data=form)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Your page had been open for a long time" in html
    assert re.search(r'name="shared_database" value="yes"\s+checked', html)
    assert "Checkout calls five services" in html
    assert stored(public_id).draft["signs"] == {}
    # The page it gave back carries a fresh token: pressing the button again saves.
    form["csrf_token"] = csrf_token(html)
    assert client.post(f"/assessments/{public_id}/signs", data=form).status_code == 302
    assert stored(public_id).draft["signs"] == answers["signs"]


def test_expired_session_keeps_the_answers_and_recovers(csrf_app, answers):
    client = csrf_app.test_client()
    public_id, page = begin(client)
    resume_token = re.search(r'name="resume_token" value="([^"]+)"', page)[1]
    stale_csrf = csrf_token(page)
    client.delete_cookie("session", domain="splitcheck.test")  # the browser session ended
    form = {
        **context_form(answers),
        "action": "next",
        "csrf_token": stale_csrf,
        "resume_token": resume_token,
        "version": version(page),
    }
    response = client.post(f"/assessments/{public_id}/context", data=form)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'value="Checkout"' in html and 'value="12"' in html
    form["csrf_token"] = csrf_token(html)
    assert client.post(f"/assessments/{public_id}/context", data=form).status_code == 302


def test_api_needs_no_csrf_token(csrf_app, answers):
    response = csrf_app.test_client().post("/api/v1/score", json=answers)
    assert response.status_code == 200


def test_background_saves_need_the_token_too(csrf_app, answers, stored):
    client = csrf_app.test_client()
    public_id, page = begin(client)
    token = re.search(r'name="resume_token" value="([^"]+)"', page)[1]
    form = {**context_form(answers), "action": "save", "resume_token": token, "version": version(page)}
    refused = client.post(f"/assessments/{public_id}/context/save", data=form)
    assert refused.status_code == 400 and refused.get_json() == {"saved": False, "expired": True}
    assert stored(public_id).draft["context"] == {}
    form["csrf_token"] = csrf_token(page)
    saved = client.post(f"/assessments/{public_id}/context/save", data=form)
    assert saved.status_code == 200 and stored(public_id).draft["context"]["team"] == "Checkout"


def test_oversized_posts_are_refused(client):
    from .journey import start

    public_id = start(client)
    response = client.post(f"/assessments/{public_id}/context", data={"team": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413 and "That was too large" in response.get_data(as_text=True)
