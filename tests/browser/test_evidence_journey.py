"""Evidence import, in a real browser against the app served by gunicorn.

A team uploads the Sock Shop docker-compose file on the signs step, sees
what it suggests for each sign (and what the files could not show), uses
one suggestion, keeps its own answer against another, and finds both, with
the evidence and the service graph, in the report and its PDF. A second
test uploads files that are not evidence and gets a clear error; a third chooses a whole
folder (Online Boutique's repository files) and sees what was read and what was not, and why.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.axe import audit
from tests.browser.journey import (
    SIGNS,
    Autosaves,
    download_pdf,
    fill_context,
    follow,
    label,
    press,
    sign_by_id,
    sign_group,
    squash,
    visit,
)

pytestmark = pytest.mark.browser

SOCKSHOP = Path(__file__).resolve().parents[1] / "fixtures" / "sockshop" / "docker-compose.yml"
BOUTIQUE = Path(__file__).resolve().parents[1] / "fixtures" / "online-boutique"
SOCKSHOP_SERVICES = 10  # the app's services; databases and the queue are counted apart
SUGGESTED = "unsure"  # the compose file hides the wiring inside images: every sign is "Not sure"
# The team's own answers, all different from the suggestion.
OWN = {
    "deploy_coupling": "yes",
    "cascading_failure": "partly",
    "call_chains": "no",
    "shared_database": "yes",
    "local_testing": "no",
    "breaking_changes": "partly",
}
ACCEPT, OVERRIDE = "call_chains", "deploy_coupling"
UNSEEN = {  # what the files could not show, per sign, as the signs step explains it
    "call_chains": "No traces were given, so how many calls one request sets off could not be measured.",
    "cascading_failure": "No traces were given, so whether one failing service takes requests down",
    "deploy_coupling": "depends on release habits that configuration files do not show",
}
GRAPH_NAMES = ("carts", "orders", "front-end", "catalogue", "payment")


def sign_region(page, sign_id: str):
    return page.get_by_role("region", name=sign_by_id(sign_id).title)


def expect_answers(page, answers: dict[str, str]) -> None:
    for sign in SIGNS:
        expect(sign_group(page, sign).get_by_label(label("sign", answers[sign.id]), exact=True)).to_be_checked()


def start_check(page, live_server, team: str) -> None:
    """Landing page to "The six signs", with step 1 filled in."""
    visit(page, live_server + "/")
    press(page, "Start the check")
    expect(page).to_have_url(re.compile(r"/assessments/[^/]+/context$"))
    fill_context(page, team=team, engineers="20", teams="4", services="10")
    press(page, "Save and continue", Autosaves(page))
    expect(page).to_have_url(re.compile(r"/signs$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("The six signs")


def test_evidence_journey(live_server, new_context, shot, tmp_path):
    assert SOCKSHOP.is_file(), f"the Sock Shop fixture is missing: {SOCKSHOP}"
    page = new_context().new_page()
    start_check(page, live_server, "Sock Shop")
    autosaves = Autosaves(page)
    expect(page.get_by_text("Suggested from your files")).to_have_count(0)

    # 1. Import the compose file.
    press(page, "Import evidence", autosaves)
    expect(page.get_by_role("heading", level=1)).to_have_text("Import evidence")
    files = page.get_by_label("Files", exact=True)
    files.set_input_files(SOCKSHOP)
    assert files.evaluate("el => [...el.files].map(f => f.name)") == ["docker-compose.yml"]
    shot(page, "evidence-upload")
    response = press(page, "Read the files")
    assert response.status == 200

    # 2. Back on the signs step, with the evidence and a suggestion under each sign.
    expect(page).to_have_url(re.compile(r"/signs#evidence$"))
    expect(page.get_by_role("status").filter(has_text="Evidence read.")).to_be_visible()
    expect(
        page.get_by_text(
            re.compile(rf"Evidence from your files \(docker-compose\.yml\): {SOCKSHOP_SERVICES} services\b")
        )
    ).to_be_visible()
    expect(page.get_by_role("button", name="Import other files")).to_be_visible()
    not_sure = label("sign", SUGGESTED)
    for sign in SIGNS:
        region = sign_region(page, sign.id)
        expect(region.get_by_text(f"Suggested from your files: {not_sure}", exact=True)).to_be_visible()
        expect(region.get_by_role("button", name=re.compile(r"^Use this answer"))).to_be_visible()
        expect(region.get_by_role("button", name=re.compile(r"^Keep my own answer"))).to_be_visible()
        # Nothing is answered for the team by the import.
        expect(sign_group(page, sign).get_by_role("radio", checked=True)).to_have_count(0)
    for sign_id, text in UNSEEN.items():
        expect(sign_region(page, sign_id).get_by_text(text)).to_be_visible()

    # 3. The team answers for itself first, then uses one suggestion and keeps its own answer against another.
    for sign in SIGNS:
        sign_group(page, sign).get_by_label(label("sign", OWN[sign.id]), exact=True).check()
    press(
        page,
        re.compile(rf"^Use this answer for .{re.escape(sign_by_id(ACCEPT).title)}"),
        autosaves,
        scope=sign_region(page, ACCEPT),
    )
    expect(page).to_have_url(re.compile(rf"/signs#{ACCEPT}$"))
    expected = dict(OWN, **{ACCEPT: SUGGESTED})
    expect_answers(page, expected)
    accepted = sign_region(page, ACCEPT)
    expect(accepted.get_by_text("You used this answer.", exact=True)).to_be_visible()
    expect(accepted.get_by_role("button", name=re.compile(r"^(Use this answer|Keep my own answer)"))).to_have_count(0)

    press(
        page,
        re.compile(rf"^Keep my own answer for .{re.escape(sign_by_id(OVERRIDE).title)}"),
        autosaves,
        scope=sign_region(page, OVERRIDE),
    )
    expect(page).to_have_url(re.compile(rf"/signs#{OVERRIDE}$"))
    expect_answers(page, expected)  # keeping one's answer changes no answer
    expect(sign_region(page, OVERRIDE).get_by_text("You kept your own answer.", exact=True)).to_be_visible()
    expect(accepted.get_by_text("You used this answer.", exact=True)).to_be_visible()
    expect(page.get_by_text(re.compile(r"^You (used this|kept your own) answer\.$"))).to_have_count(2)
    for sign in SIGNS:
        if sign.id not in (ACCEPT, OVERRIDE):  # still undecided: the choice is still offered
            expect(
                sign_region(page, sign.id).get_by_role("button", name=re.compile(r"^Use this answer"))
            ).to_be_visible()
    shot(page, "evidence-signs")

    # 4. Finish (no candidates) and read the result.
    press(page, "Save and continue", autosaves)
    expect(page).to_have_url(re.compile(r"/candidates$"))
    expect(page.get_by_role("region", name=re.compile(r"^Candidate "))).to_have_count(0)
    press(page, "See the result", autosaves)
    expect(page).to_have_url(re.compile(r"/assessments/[^/]+/result$"))

    section = page.get_by_role("region", name="Evidence from the system's own files")
    expect(section).to_be_visible()
    expect(
        section.get_by_text(re.compile(rf"^Read from docker-compose\.yml: {SOCKSHOP_SERVICES} services\b"))
    ).to_be_visible()
    decisions = section.get_by_role("heading", name="How the evidence was used")
    expect(decisions).to_be_visible()
    items = section.locator("ul.evidence-decisions > li")
    expect(items).to_have_count(2)
    by_title = {squash(t).split(":", 1)[0]: squash(t) for t in items.all_inner_texts()}
    used = by_title[sign_by_id(ACCEPT).title]
    assert f"the files suggested “{not_sure}”; the team used this answer." in used, used
    assert UNSEEN["call_chains"] in used, f"the evidence behind the suggestion is missing: {used}"
    kept = by_title[sign_by_id(OVERRIDE).title]
    assert f"the files suggested “{not_sure}”; the team answered “{label('sign', OWN[OVERRIDE])}” instead." in kept, (
        kept
    )

    graph = section.get_by_role("img", name=re.compile(r"^Service graph"))
    expect(graph).to_have_count(1)
    assert graph.evaluate("el => el.tagName.toLowerCase()") == "svg", "the graph should be inline SVG"
    names = set(graph.locator("text").all_text_contents())
    missing = [n for n in GRAPH_NAMES if n not in names]
    assert not missing, f"services missing from the graph: {missing} (drawn: {sorted(names)})"

    expect(section.get_by_role("heading", name="What the files could not show")).to_be_visible()
    expect(section.get_by_role("listitem").filter(has_text=UNSEEN["call_chains"])).to_have_count(2)  # decision + list
    shot(page, "evidence-report")

    # The PDF has the evidence too.
    _, text = download_pdf(page, tmp_path)
    assert "Evidence from the system's own files" in text, text[:3000]
    assert "the team used this answer" in text
    assert "docker-compose.yml" in text


@pytest.mark.parametrize(
    "upload",
    [
        {
            "name": "architecture.png",
            "mimeType": "image/png",
            "buffer": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
        },
        {
            "name": "meeting-notes.txt",
            "mimeType": "text/plain",
            "buffer": b"Notes from the architecture meeting.\nWe should look at the orders service.\n",
        },
    ],
    ids=["png", "text"],
)
def test_bad_upload_is_refused(live_server, new_context, shot, upload):
    page = new_context().new_page()
    start_check(page, live_server, "Bad upload")
    press(page, "Import evidence")
    page.get_by_label("Files", exact=True).set_input_files(upload)
    response = press(page, "Read the files")
    assert response.status == 422
    expect(page).to_have_title(re.compile(r"^Error"))
    alert = page.get_by_role("alert")
    expect(alert).to_be_visible()
    # Not checked: focus on the summary (the step pages move it there; this page loads no script).
    expect(alert).to_contain_text("The files could not be read")
    expect(alert).to_contain_text(upload["name"])
    expect(alert).to_contain_text("Nothing was imported")
    expect(page.get_by_label("Files", exact=True)).to_have_attribute("aria-invalid", "true")
    shot(page, f"evidence-bad-upload-{Path(upload['name']).suffix[1:]}")

    # Nothing changed on the signs step.
    follow(page, "Back to the signs")
    expect(page).to_have_url(re.compile(r"/signs$"))
    expect(page.get_by_role("button", name="Import evidence")).to_be_visible()
    expect(page.get_by_text("Suggested from your files")).to_have_count(0)


def test_a_whole_folder_is_read_and_what_was_not_read_is_listed_with_why(live_server, new_context, shot):
    page = new_context().new_page()
    start_check(page, live_server, "Online Boutique")
    press(page, "Import evidence")
    folder = page.get_by_label("Or a whole folder", exact=True)
    folder.set_input_files(BOUTIQUE)
    sent = folder.evaluate("el => [...el.files].map(f => f.webkitRelativePath).sort()")
    assert "online-boutique/release/kubernetes-manifests.yaml" in sent and len(sent) == 10, sent
    response = press(page, "Read the files")
    assert response.status == 200
    expect(page).to_have_url(re.compile(r"/signs#evidence$"))
    box = page.locator("#evidence")
    expect(box).to_contain_text(
        "Evidence from your files (release/kubernetes-manifests.yaml; 9 other files skipped): "
        "10 services (and 1 tooling or platform part), 1 data store, 2 findings."
    )
    skipped = box.get_by_role("group").filter(has_text="Files that were not read (9)")
    skipped.locator("summary").click()
    items = skipped.get_by_role("listitem")
    expect(items).to_have_count(9)
    expect(items.filter(has_text=re.compile(r"^helm-chart/Chart\.yaml:"))).to_contain_text(
        "helm template <release-name> helm-chart > manifests.yaml"
    )
    expect(items.filter(has_text=re.compile(r"^helm-chart/values\.yaml:"))).to_have_text(
        "helm-chart/values.yaml: is part of the Helm chart in helm-chart: see helm-chart/Chart.yaml."
    )
    expect(items.filter(has_text="helm template")).to_have_count(1)
    expect(items.filter(has_text="kubectl kustomize kustomize/base > manifests.yaml")).to_have_count(1)
    shot(page, "evidence-folder")


ONE_TRACE = Path(__file__).resolve().parents[1] / "fixtures" / "trace-formats" / "jaeger.json"


def test_compose_and_a_trace_show_one_front_end_and_visible_calls(live_server, new_context, shot, tmp_path):
    """The trace names the Sock Shop's front-end "frontend": one service, said so; its calls are lines."""
    page = new_context().new_page()
    start_check(page, live_server, "Sock Shop traced")
    press(page, "Import evidence")
    page.get_by_label("Files", exact=True).set_input_files([SOCKSHOP, ONE_TRACE])
    assert press(page, "Read the files").status == 200
    box = page.locator("#evidence")
    expect(box).to_contain_text(f"{SOCKSHOP_SERVICES} services, 4 data stores, and no findings: nothing in these files")
    expect(box).to_contain_text("front-end and frontend are shown under one name")
    expect(sign_region(page, "call_chains").get_by_text("Suggested from your files: Not sure")).to_be_visible()
    for sign in SIGNS:
        sign_group(page, sign).get_by_label(label("sign", OWN[sign.id]), exact=True).check()
    autosaves = Autosaves(page)
    press(page, "Save and continue", autosaves)
    press(page, "See the result", autosaves)

    section = page.get_by_role("region", name="Evidence from the system's own files")
    expect(section).to_contain_text("Shown under one name: front-end (also named frontend).")
    expect(section).to_contain_text("None. Nothing in these files shows any of the six signs")
    expect(section).to_contain_text("Only 1 request was traced, at most 2 calls deep")
    graph = section.get_by_role("img", name=re.compile(r"^Service graph"))
    names = graph.locator("g.node text").all_text_contents()
    assert "front-end" in names and "frontend" not in names, names
    lines = graph.locator("g.edge path")
    expect(lines).to_have_count(3)
    for line in lines.all():  # each line is drawn, long enough and thick enough to see
        box_ = line.bounding_box()
        assert box_ and max(box_["width"], box_["height"]) > 20, box_
        assert float(line.evaluate("el => getComputedStyle(el).strokeWidth").removesuffix("px")) >= 1.5
    graph.scroll_into_view_if_needed()
    shot(page, "evidence-report-merged-names")

    _, text = download_pdf(page, tmp_path)
    assert "Shown under one name: front-end (also named frontend)." in text
    assert "The service graph drawn from them is on the last page." in text


TICKED = {"deploy_coupling": "yes", "call_chains": "partly", "local_testing": "no"}  # half the step
NOTED, NOTE = "shared_database", "Billing reads the orders table every night."
LONG = "breaking_changes"  # the sign whose note is pasted too long


def note_field(page, sign_id: str):
    """The sign's note, opened ("Add a note" folds it away)."""
    region = sign_region(page, sign_id)
    field = region.get_by_label("Note for the report", exact=True)
    if not field.is_visible():
        region.locator("summary").filter(has_text="Add a note").click()
    return field


def test_answers_ticked_before_importing_are_kept_and_a_long_note_is_refused(live_server, new_context, shot):
    page = new_context().new_page()
    start_check(page, live_server, "Half answered")
    autosaves = Autosaves(page)

    # Answers ticked and a note typed; the background save is held on its way when "Import evidence"
    # is pressed: the page waits for it before it leaves.
    held: list = []

    def hold(route) -> None:
        held.append(route)

    page.route("**/signs/save", hold)
    for sign_id, answer in TICKED.items():
        sign_group(page, sign_by_id(sign_id)).get_by_label(label("sign", answer), exact=True).check()
    note_field(page, NOTED).fill(NOTE)
    deadline = 50
    while not held and deadline:
        page.wait_for_timeout(100)
        deadline -= 1
    assert held, "no background save was sent"
    step_posts: list = []
    page.on("request", lambda r: step_posts.append(r) if r.method == "POST" and r.url.endswith("/signs") else None)
    page.get_by_role("button", name="Import evidence", exact=True).click()
    page.wait_for_timeout(500)
    assert step_posts == [] and page.url.endswith("/signs"), "the page left before its answers were saved"
    with page.expect_navigation() as navigation:
        for route in held:
            route.continue_()
    page.unroute("**/signs/save", hold)
    assert navigation.value.status == 200 and len(step_posts) == 1
    expect(page.get_by_role("heading", level=1)).to_have_text("Import evidence")
    audit(page)

    # Back without importing, then with a file: the answers and the note are there both times.
    follow(page, "Back to the signs")
    expect_ticked(page)
    press(page, "Import evidence", autosaves)
    page.get_by_label("Files", exact=True).set_input_files(SOCKSHOP)
    assert press(page, "Read the files").status == 200
    expect(page).to_have_url(re.compile(r"/signs#evidence$"))
    expect_ticked(page)
    shot(page, "evidence-answers-kept")

    # A note pasted over the limit: the count says so at once, the background save says which note,
    # and "Save and continue" refuses it, naming the sign, with the text still in the field.
    long_note = ("Every change to the order schema needs a release of billing and shipping. " * 9)[:611] + "!"
    field = note_field(page, LONG)
    field.focus()
    page.keyboard.insert_text(long_note)  # as a paste does: a `maxlength` would cut it here
    expect(field).to_have_value(long_note)
    count = sign_region(page, LONG).locator(".character-count")
    expect(count).to_have_text("612 characters: 112 more than the limit of 500. Shorten it to save it.")
    message = f"The note on “{sign_by_id(LONG).title}” is 612 characters; the limit is 500."
    sign_region(page, NOTED).get_by_role("heading").click()  # leaving the field saves in the background
    expect(page.get_by_role("status").filter(has_text="Not saved yet")).to_have_text(f"Not saved yet: {message}")
    audit(page)
    shot(page, "long-note-counted")

    assert press(page, "Save and continue", autosaves).status == 422
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text([message])
    expect(note_field(page, LONG)).to_have_value(long_note)
    expect(sign_region(page, LONG).locator(".field-error")).to_have_text(message)
    expect_ticked(page)
    shot(page, "long-note-refused")


def expect_ticked(page) -> None:
    for sign_id, answer in TICKED.items():
        expect(sign_group(page, sign_by_id(sign_id)).get_by_label(label("sign", answer), exact=True)).to_be_checked()
    expect(note_field(page, NOTED)).to_have_value(NOTE)
