"""A request refused by the CSRF check never changes the session of the person it was sent for.

A form posted from another site arrives without the person's cookie (SameSite=Lax), so any cookie
written in the answer would replace theirs, and the private links it remembers, with the other
site's choice.
"""

from __future__ import annotations

import re

from .journey import context_form
from .test_csrf_and_expiry import begin, csrf_token, version

FROM_ANOTHER_SITE = {"Origin": "https://attacker.example", "Sec-Fetch-Site": "cross-site"}


def _resume_token(page: str) -> str:
    return re.search(r'name="resume_token" value="([^"]+)"', page)[1]


def test_a_forged_step_post_from_another_site_writes_no_cookie(csrf_app, answers):
    attacker = csrf_app.test_client()
    attacker_id, attacker_page = begin(attacker)
    form = {
        **context_form(answers),
        "action": "next",
        "csrf_token": "forged",
        "resume_token": _resume_token(attacker_page),
    }
    # The victim's browser, which sends no cookie with another site's POST.
    victim_browser = csrf_app.test_client()
    response = victim_browser.post(f"/assessments/{attacker_id}/context", data=form, headers=FROM_ANOTHER_SITE)
    assert response.status_code == 400
    assert "Set-Cookie" not in response.headers
    assert "attacker" not in response.get_data(as_text=True).lower()


def test_a_forged_post_with_the_cookie_leaves_the_remembered_links_as_they_were(csrf_app, answers):
    attacker = csrf_app.test_client()
    attacker_id, attacker_page = begin(attacker)
    victim = csrf_app.test_client()
    victim_id, _ = begin(victim)
    form = {
        **context_form(answers),
        "action": "next",
        "csrf_token": "forged",
        "resume_token": _resume_token(attacker_page),
    }
    response = victim.post(f"/assessments/{attacker_id}/context", data=form, headers=FROM_ANOTHER_SITE)
    assert response.status_code == 400 and "Set-Cookie" not in response.headers
    assert victim.get(f"/assessments/{victim_id}/context").status_code == 200
    assert victim.get(f"/assessments/{attacker_id}/context").status_code == 404


def test_other_forms_refused_from_another_site_write_no_cookie(csrf_app):
    browser = csrf_app.test_client()
    for path in ("/start", "/sign-in"):
        response = browser.post(path, data={"csrf_token": "forged"}, headers=FROM_ANOTHER_SITE)
        assert response.status_code == 400, path
        assert "Set-Cookie" not in response.headers, path


def test_an_expired_form_of_this_site_still_gets_its_answers_and_a_new_session(csrf_app, answers):
    client = csrf_app.test_client()
    public_id, page = begin(client)
    client.delete_cookie("session", domain="splitcheck.test")  # the browser session ended
    form = {
        **context_form(answers),
        "action": "next",
        "csrf_token": csrf_token(page),
        "resume_token": _resume_token(page),
        "version": version(page),
    }
    response = client.post(
        f"/assessments/{public_id}/context",
        data=form,
        headers={"Origin": "http://splitcheck.test", "Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 400 and "Set-Cookie" in response.headers
    html = response.get_data(as_text=True)
    assert 'value="Checkout"' in html
    form["csrf_token"] = csrf_token(html)
    assert client.post(f"/assessments/{public_id}/context", data=form).status_code == 302
