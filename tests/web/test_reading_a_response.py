"""A consultant reading one respondent's answers: whose they are, read-only, with the way back to the
client, and nothing that leads into the respondent's own form or private link."""

from __future__ import annotations

import re

from .consulting import new_client, respond
from .journey import complete, step_url

STEPS = ("context", "signs", "candidates")


def responses_on(consultant, public_id: str) -> list[str]:
    """The addresses of the client page's finished responses, in the order listed."""
    page = consultant.get(f"/clients/{public_id}").text
    return re.findall(rf'href="(/clients/{public_id}/responses/\d+)"', page)


def assert_read_only_for(page: str, title: str, public_id: str) -> None:
    assert f"<h2>{title}</h2>" in page
    assert re.search(rf'<a class="back-link" href="/clients/{public_id}">.*?Back to Acme Retail</a>', page)
    assert "Change answers" not in page and "Come back later" not in page and "Keep this result" not in page
    assert not re.search(r'href="[^"]*/r/', page)  # no private link, least of all an empty one


def test_a_respondents_result_names_them_and_leads_back_to_the_client(consultant, two_respondents):
    public_id, (_, maya_id), _ = two_respondents
    maya_response, _ = responses_on(consultant, public_id)
    opened = consultant.get(maya_response)
    assert opened.status_code == 302 and opened.location == step_url(maya_id, "result")
    page = consultant.get(opened.location).text
    assert_read_only_for(page, "Maya (Engineering lead)&#39;s answers — read-only", public_id)
    assert f'href="{step_url(maya_id, "context")}">See the answers</a>' in page


def test_each_step_of_a_respondents_answers_is_read_only_with_their_name(consultant, two_respondents):
    public_id, _, (_, tom_id) = two_respondents
    for step in STEPS:
        response = consultant.get(step_url(tom_id, step))
        assert response.status_code == 200, step
        page = response.text
        assert_read_only_for(page, "Tom (Backend developer)&#39;s answers — read-only", public_id)
        assert '<fieldset class="read-only" disabled>' in page and "Save and continue" not in page


def test_the_respondent_still_sees_their_own_pages_as_before(consultant, two_respondents):
    _, (maya, maya_id), _ = two_respondents
    result = maya.get(step_url(maya_id, "result")).text
    assert "Change answers" in result and "read-only" not in result and "Back to Acme Retail" not in result
    step = maya.get(step_url(maya_id, "context")).text
    assert "Come back later" in step and re.search(r'href="http://splitcheck.test/r/[^"]+"', step)
    assert "answers — read-only" not in step and "someone else" not in step


def test_the_name_and_role_are_escaped(app, consultant, answers):
    public_id, intake = new_client(consultant)
    _, public = respond(app, intake, "<b>Mal</b>", 'Lead "ops" & <i>SRE</i>', answers)
    page = consultant.get(step_url(public, "context")).text
    assert "<b>Mal</b>" not in page and "<i>SRE</i>" not in page
    assert "&lt;b&gt;Mal&lt;/b&gt; (Lead &#34;ops&#34; &amp; &lt;i&gt;SRE&lt;/i&gt;)&#39;s answers — read-only" in page


def test_a_team_answering_by_itself_sees_no_such_notice(client, answers):
    public_id = complete(client, answers)
    for path in ("result", "context"):
        page = client.get(step_url(public_id, path)).text
        assert "read-only" not in page and "someone else" not in page and "back-link" not in page
