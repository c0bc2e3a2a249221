"""Evidence from a pipeline, in a real browser against the app served by gunicorn.

A team finishes the check; its pipeline posts Sock Shop's compose file as release-41, then a copy
in which `orders` also uses `user-db` (changed here, not in the fixture) as release-42, with the
team's private link token, as docs/ci.md's job does. The report lists what changed, by label; the
signs step offers the latest files' suggestion next to the team's own answer, which stays.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.axe import audit
from tests.browser.journey import Autosaves, answer_questionnaire, label, press, sign_by_id, sign_group, visit

pytestmark = pytest.mark.browser

SOCKSHOP = (Path(__file__).resolve().parents[1] / "fixtures" / "sockshop" / "docker-compose.yml").read_bytes()
SHARED = SOCKSHOP.replace(
    b"-Dspring.zipkin.enabled=false\n  orders-db:",
    b"-Dspring.zipkin.enabled=false\n      - MONGO_HOST=user-db:27017\n  orders-db:",
)
SIGNS = {
    "deploy_coupling": "yes",
    "cascading_failure": "no",
    "call_chains": "partly",
    "shared_database": "yes",
    "local_testing": "no",
    "breaking_changes": "no",
}


def test_a_pipeline_posts_evidence_and_the_report_says_what_changed(live_server, new_context, shot):
    assert SHARED != SOCKSHOP
    page = new_context().new_page()
    visit(page, live_server + "/")
    press(page, "Start the check")
    answer_questionnaire(page, Autosaves(page), SIGNS, team="Sock Shop", engineers="20", teams="4", services="10")
    result_url = page.url
    public_id = re.search(r"/assessments/([^/]+)/result$", result_url)[1]
    resume = page.locator(".resume-link a").get_attribute("href")
    token = resume.rsplit("/r/", 1)[1]

    api = page.context.request
    url = f"{live_server}/api/v1/assessments/{public_id}/evidence"
    for release, content in (("release-41", SOCKSHOP), ("release-42", SHARED)):
        posted = api.post(
            url,
            headers={"Authorization": f"Bearer {token}"},
            multipart={
                "label": release,
                "files": {"name": "docker-compose.yml", "mimeType": "application/yaml", "buffer": content},
            },
        )
        assert posted.status == 201, posted.text()

    visit(page, result_url)
    changed = page.locator("ul.evidence-changes")
    expect(page.get_by_role("heading", name="What changed in your files")).to_be_visible()
    expect(changed.locator(":scope > li").first).to_contain_text("release-42")
    expect(changed).to_contain_text("A second service started using user-db in release-42: orders, alongside user.")
    expect(changed).to_contain_text("The first files received: 10 services")
    audit(page, "report with what changed in the files")
    page.get_by_role("heading", name="What changed in your files").scroll_into_view_if_needed()
    shot(page, "ci-evidence-report", full_page=False)

    visit(page, f"{live_server}/assessments/{public_id}/signs")
    group = sign_group(page, sign_by_id("shared_database"))
    expect(group.get_by_label(label("sign", "yes"), exact=True)).to_be_checked()  # the team's answer stays
    expect(page.get_by_text(f"Suggested from your files: {label('sign', 'partly')}")).to_be_visible()
    page.get_by_text(f"Suggested from your files: {label('sign', 'partly')}").scroll_into_view_if_needed()
    shot(page, "ci-evidence-signs", full_page=False)
