"""A save that doesn't say which version of the answers it was based on is refused, never taken as
current: nothing is saved, and the answers that were posted come back to be saved on purpose."""

from __future__ import annotations

import re

import pytest

from .journey import context_form, start, step_url
from .test_conflicts import version_on

# Missing, blank, not a number, negative, and a number no page holds (beyond any version).
BAD_VERSIONS = [None, "", "abc", "-1", "999999999999", "0", "01", " 2", "2.0", "²"]


def _form(answers: dict, version: str | None, **changes) -> dict:
    form = {**context_form(answers), "action": "save", **changes}
    if version is not None:
        form["version"] = version
    return form


@pytest.fixture
def saved_once(client, answers, stored):
    """An assessment whose context was saved once from its page: version 2, team "Checkout"."""
    public_id = start(client)
    url = step_url(public_id, "context")
    assert client.post(url, data=_form(answers, version_on(client, url))).status_code == 302
    assert stored(public_id).version == 2
    return public_id, url


@pytest.mark.parametrize("version", BAD_VERSIONS)
@pytest.mark.parametrize("action", ["save", "next"])
def test_a_save_without_a_valid_version_is_refused_and_shows_the_posted_answers(
    client, answers, stored, saved_once, version, action
):
    public_id, url = saved_once
    before = stored(public_id)
    response = client.post(url, data=_form(answers, version, team="Payments", action=action))
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Nothing was saved" in page and "which version of your answers" in page
    row = page.split("Team or system name</th>")[1].split("</tr>")[0]
    assert "Checkout" in row and "Payments" in row
    resend = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page))
    assert resend["team"] == "Payments" and resend["version"] == str(before.version)
    after = stored(public_id)
    assert (after.version, after.draft, after.step) == (before.version, before.draft, before.step)
    # Choosing "Use the answers on my page" saves them, on top of the version now saved.
    assert client.post(url, data=resend).status_code == 302
    assert stored(public_id).draft["context"]["team"] == "Payments"


@pytest.mark.parametrize("version", BAD_VERSIONS)
def test_a_background_save_without_a_valid_version_is_refused(client, answers, stored, saved_once, version):
    public_id, url = saved_once
    before = stored(public_id)
    response = client.post(f"{url}/save", data=_form(answers, version, team="Payments"))
    assert response.status_code == 409
    body = response.get_json()
    assert body["saved"] is False and body["conflict"] is True and "version" in body["problem"]
    after = stored(public_id)
    assert (after.version, after.draft) == (before.version, before.draft)


def test_the_same_answers_without_a_version_are_refused_too(client, answers, stored, saved_once):
    """Even a post that would change nothing is refused: the rule doesn't depend on the answers."""
    public_id, url = saved_once
    before = stored(public_id)
    response = client.post(url, data=_form(answers, None, action="next"))
    assert response.status_code == 409 and "Your page has the same answers as the ones saved" in response.text
    assert stored(public_id).step == before.step == "context"


def test_a_post_with_invalid_answers_and_no_version_shows_the_problems_first(client, answers, stored, saved_once):
    public_id, url = saved_once
    response = client.post(url, data=_form(answers, None, engineers="many"))
    assert response.status_code == 422 and "Enter a whole number" in response.text
    assert stored(public_id).draft["context"]["engineers"] == 8


def test_the_version_the_page_holds_still_saves(client, answers, stored, saved_once):
    public_id, url = saved_once
    response = client.post(f"{url}/save", data=_form(answers, version_on(client, url), team="Payments"))
    assert response.status_code == 200 and response.get_json() == {"saved": True, "version": 3}
    assert stored(public_id).draft["context"]["team"] == "Payments"
