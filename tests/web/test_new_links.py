"""Links shown once: each is handed out in a read-only field with a Copy button."""

from __future__ import annotations

import re

from .journey import complete, step_url

# -- the link to copy -----------------------------------------------------------------------------


def test_the_intake_link_is_handed_out_in_a_field_to_copy(consultant):
    response = consultant.post("/clients/new", data={"name": "Acme Retail"})
    page = consultant.get(response.location).get_data(as_text=True)
    box = page.split('id="new-link-title"')[1].split("</section>")[0]
    field = re.search(r'<input type="text" id="intake-link" class="link-field" value="([^"]+)" readonly', box)
    assert field and re.fullmatch(r"http://splitcheck\.test/i/[A-Za-z0-9_-]{32}", field[1])
    assert '<label for="intake-link">' in box
    # The button is for browsers that can copy: copy.js shows it; without script the field is enough.
    assert re.search(
        r'<button type="button" class="button secondary" data-copy="intake-link" hidden>Copy link</button>', box
    )
    assert '<p class="copy-status" id="intake-link-status" role="status"></p>' in box
    assert '<script src="/static/js/copy.js" defer></script>' in page
    assert "<script>" not in page  # the Content-Security-Policy allows no inline script
    again = consultant.get(response.location).get_data(as_text=True)
    assert field[1] not in again


def test_a_share_link_is_handed_out_in_a_field_to_copy(client, answers):
    public_id = complete(client, answers)
    client.post(step_url(public_id, "share"), data={"label": "for the CTO", "expiry": "30"})
    page = client.get(step_url(public_id, "share")).get_data(as_text=True)
    box = page.split('id="new-link-title"')[1].split("</section>")[0]
    assert re.search(
        r'<input type="text" id="share-link" class="link-field" value="http://splitcheck.test/s/[^"]+" readonly', box
    )
    assert 'data-copy="share-link" hidden>Copy link</button>' in box and 'id="share-link-status" role="status"' in box
    assert '<script src="/static/js/copy.js" defer></script>' in page
