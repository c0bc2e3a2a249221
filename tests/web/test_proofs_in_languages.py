"""What a reassessment proved, and what a respondent changed, read in the reader's language
whatever the language they were recorded in; the plan's JSON keeps its English; proofs stored as
words before keep their words."""

from __future__ import annotations

import re

from sqlalchemy import update

from app.extensions import db
from app.plans.models import PlanItem

from .consulting import variant
from .journey import complete, post, signs_form
from .test_history import again, finish
from .test_plan import page, plan_url, save_item
from .test_response_changes import changes_section


def proven(client, answers) -> str:
    """A team marks two items done and reassesses in German: one sign improved, one did not."""
    first = complete(client, answers)
    save_item(client, first, "Give every service its own data", status="done")
    save_item(client, first, "Make each service releasable on its own", status="done")
    client.get("/?lang=de")  # from now on this person reads German
    second = again(client, first)
    answers["signs"].update(shared_database="no")
    finish(client, second, answers)
    return second


def test_a_proof_made_in_german_reads_in_either_language(client, answers):
    second = proven(client, answers)
    german = page(client, second)
    assert "Als erledigt markiert, aber das Team antwortet weiterhin Ja bei „" in german
    assert "Durch die Antworten erledigt: das Team antwortet nicht mehr " in german
    assert "Marked done, but" not in german and "Resolved by the answers" not in german
    # The plan's JSON document is for programs: English, whatever the language it was proven in.
    doc = client.get(f"/assessments/{second}/plan.json").get_json()
    release = next(item for item in doc["items"] if item["title"] == "Make each service releasable on its own")
    assert release["proof_message"] == "Marked done, but the team still answers Yes to “Deploys go together”."
    assert release["history"][-1]["detail"] == release["proof_message"]
    english = client.get(plan_url(second) + "?lang=en").get_data(as_text=True)
    assert "Marked done, but the team still answers Yes to “Deploys go together”." in english
    assert "Resolved by the answers: the team no longer answers Yes to “Services share a database”." in english
    assert "Als erledigt markiert" not in english


def test_a_proof_stored_as_words_is_shown_as_it_was_stored(app, client, answers):
    second = proven(client, answers)
    with app.app_context():
        db.session.execute(
            update(PlanItem).values(proof_saying=None, proof_message="Resolved by the answers: as it was said then.")
        )
        db.session.commit()
    proofs = re.findall(r'<p class="proof[^"]*"[^>]*>(.*?)</p>', page(client, second), re.S)
    assert proofs and all(p.endswith("Resolved by the answers: as it was said then.") for p in proofs)


def test_a_change_recorded_from_an_english_browser_reads_in_german(app, consultant, two_respondents, answers):
    public_id, (maya, maya_id), _ = two_respondents
    post(maya, maya_id, "signs", signs_form(variant(answers, shared_database="partly", call_chains="yes")))
    german = consultant.get(f"/clients/{public_id}?lang=de").get_data(as_text=True)
    noted = german.split('id="changes-title"')[1].split("</section>")[0]
    assert "Maya hat abgeschlossene Antworten geändert: " in noted and ": Ja → Teilweise" in noted
    assert "Yes → Partly" not in noted
    assert ": Yes → Partly." in changes_section(consultant, public_id + "?lang=en")


def test_someone_without_name_or_role_is_anonymous_in_the_readers_language(app):
    from app.consultants.report_extras import grouped
    from app.scoring.aggregate import person_label

    with app.test_request_context("/?lang=de"):
        assert grouped((person_label("", ""), "SRE", person_label(" ", None))) == ("Anonym (2 Personen)", "SRE")
    with app.test_request_context("/"):
        assert grouped((person_label("", ""), "SRE")) == ("Anonymous", "SRE")
