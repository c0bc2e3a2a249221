"""Two tabs on the same step: the stale save is refused with both versions shown; retries change nothing."""

from __future__ import annotations

import re

from .journey import context_form, start, step_url


def version_on(client, url: str) -> str:
    return re.search(r'name="version" value="(\d+)"', client.get(url).get_data(as_text=True))[1]


def test_second_tab_with_a_stale_page_gets_409_with_both_versions(client, answers, stored):
    public_id = start(client)
    url = step_url(public_id, "context")
    tab_one = tab_two = version_on(client, url)
    form = {**context_form(answers), "action": "save"}
    assert client.post(url, data={**form, "version": tab_one}).status_code == 302
    stale = client.post(url, data={**form, "team": "Payments", "version": tab_two})
    assert stale.status_code == 409
    page = stale.get_data(as_text=True)
    assert "These answers were changed somewhere else" in page and "Nothing was overwritten" in page
    row = page.split("Team or system name</th>")[1].split("</tr>")[0]
    assert "Checkout" in row and "Payments" in row
    assert stored(public_id).draft["context"]["team"] == "Checkout"
    # "Use the answers on my page" posts them again on top of the current version.
    resend = {k: v for k, v in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page)}
    assert resend["team"] == "Payments" and resend["version"] == str(stored(public_id).version)
    assert client.post(url, data=resend).status_code == 302
    assert stored(public_id).draft["context"]["team"] == "Payments"


def test_retrying_the_same_save_is_harmless(client, answers, stored):
    public_id = start(client)
    url = step_url(public_id, "context")
    version = version_on(client, url)
    form = {**context_form(answers), "action": "save", "version": version}
    first = client.post(f"{url}/save", data=form)
    again = client.post(f"{url}/save", data=form)  # a retry of the same request, with the old version
    assert first.status_code == again.status_code == 200
    assert stored(public_id).version == 2  # saved once


def test_background_save_on_a_stale_page_is_refused(client, answers, stored):
    public_id = start(client)
    url = step_url(public_id, "context")
    version = version_on(client, url)
    client.post(url, data={**context_form(answers), "action": "save", "version": version})
    response = client.post(f"{url}/save", data={**context_form(answers), "team": "Other", "version": version})
    assert response.status_code == 409 and response.get_json()["conflict"] is True
    assert stored(public_id).draft["context"]["team"] == "Checkout"
