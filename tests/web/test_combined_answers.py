"""A client's combined answers say honestly what the respondents said: a disputed sign is shown
as disputed and counts as not sure, recommendations follow from the respondents' answers (not
"yours"), and a trend says when different people answered."""

from __future__ import annotations

import re

from .consulting import new_client, respond, variant
from .journey import step_url
from .test_intake import aggregate_id
from .test_report import pdf_text


def test_one_yes_and_one_no_is_disputed_and_not_counted_as_present(app, consultant, answers):
    # Three signs are "Yes" for both but one: on their own these answers make a distributed monolith.
    public_id, intake = new_client(consultant)
    respond(app, intake, "Maya", "Engineering lead", answers)
    respond(app, intake, "Tom", "Backend developer", variant(answers, deploy_coupling="no"))
    agg = aggregate_id(consultant, public_id)
    page = consultant.get(step_url(agg, "result")).get_data(as_text=True)
    text = pdf_text(consultant.get(step_url(agg, "report.pdf")).data)
    for body in (page, re.sub(r"\s+", " ", text)):
        assert "Disputed: 1 Yes, 1 No" in body
        assert "The people who answered disagree on this sign, so it counts as “Not sure”" in body
        assert "disagree on, counts as “Not sure” in the score and the verdict, never as clearly present" in body
        assert "Because you answered" not in body and "Because respondents answered" in body
    assert '<span class="verdict-label">At risk</span>' in page and text.splitlines()[1] == "At risk"
    figure = page.split('class="figure-value">', 2)[2]
    assert figure.startswith("2<small> of 6</small>")  # only the two signs both saw
    detail = page.split('id="signs-title"')[1]
    assert re.search(r"Deploys go together\s*<span[^>]*>Disputed: 1 Yes, 1 No</span>", detail)
    # The recommendation to find out what isn't known names the dispute as its cause.
    assert "Deploys go together: disputed (1 Yes, 1 No)" in page
    assert "Disputed: 1 Yes, 1 No (counted as “Not sure”)" in page.split('id="appendix-title"')[1]


def test_an_undisputed_combined_answer_reads_as_before(app, consultant, answers):
    public_id, intake = new_client(consultant)
    respond(app, intake, "Maya", "Engineering lead", answers)
    respond(app, intake, "Tom", "Backend developer", variant(answers, deploy_coupling="partly"))
    page = consultant.get(step_url(aggregate_id(consultant, public_id), "result")).get_data(as_text=True)
    assert "Disputed" not in page and "Distributed monolith" in page
    assert "Because respondents answered" in page


def new_round(app, consultant, public_id: str) -> str:
    response = consultant.post(f"/clients/{public_id}/intake/new-round")
    page = consultant.get(response.location).get_data(as_text=True)
    return re.search(r'value="https?://[^/"]+(/i/[^"]+)"', page)[1]


def test_a_trend_says_when_different_people_answered(app, consultant, answers):
    public_id, intake = new_client(consultant)
    for name in ("Maya", "Tom", "Ira"):
        respond(app, intake, name, "Engineer", answers)
    later = new_round(app, consultant, public_id)
    respond(app, later, "Maya", "Engineer", variant(answers, breaking_changes="no"))
    agg = aggregate_id(consultant, public_id)
    caveat = "3 people answered then, 1 now: the change may come from who answered."
    page = consultant.get(step_url(agg, "result")).get_data(as_text=True)
    assert page.count(caveat) == 2  # on page 1 and in "What changed"
    assert caveat in re.sub(r"\s+", " ", pdf_text(consultant.get(step_url(agg, "report.pdf")).data))


def test_a_trend_between_the_same_people_has_no_caveat(app, consultant, answers):
    public_id, intake = new_client(consultant)
    for name in ("Maya", "Tom"):
        respond(app, intake, name, "Engineer", answers)
    later = new_round(app, consultant, public_id)
    respond(app, later, "tom ", "Engineer", answers)
    respond(app, later, "Maya", "Engineer", variant(answers, breaking_changes="no"))
    page = consultant.get(step_url(aggregate_id(consultant, public_id), "result")).get_data(as_text=True)
    assert "What changed since" in page and "may come from who answered" not in page
