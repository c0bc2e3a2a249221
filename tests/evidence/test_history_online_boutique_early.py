"""A real history where services did change together: Online Boutique's first two years
(GoogleCloudPlatform/microservices-demo, 2018-06 to 2020-06), exported with the documented git log
command. The pairs and counts were made with git by hand (see the fixture's README)."""

from __future__ import annotations

from pathlib import Path

from app.evidence import analyse
from tests.contract_ids import SIGN_IDS

HISTORY = Path(__file__).resolve().parents[1] / "fixtures" / "online-boutique-early-history" / "history.txt"
DEPLOY = SIGN_IDS[0]


def read() -> dict:
    return analyse([("history.txt", HISTORY.read_bytes())])


def pairs(doc: dict) -> dict[tuple[str, ...], dict]:
    return {tuple(p["services"]): p for p in doc["history"]["pairs"]}


def test_the_thirteen_services_of_those_years_are_mapped():
    doc = read()
    entry = doc["inputs"][0]
    assert len(entry["mapping"]) == 13
    assert {"folder": "src/test-cli", "service": "test-cli", "by": "top-level folder"} in entry["mapping"]
    assert {"folder": "src/shippingservice", "service": "shippingservice", "by": "Dockerfile"} in entry["mapping"]
    assert entry["merges_not_counted"] == 22
    assert entry["from"] == "2018-06-13" and entry["to"] == "2020-06-18"


def test_what_was_set_aside_and_what_counts():
    history = read()["history"]
    assert history["sweeping_set_aside"] == 5
    assert history["upkeep_set_aside"] == 49
    assert history["commits"] == 270
    assert history["changes_touching_several"] == 49
    assert history["commits_touching_no_service"] == 83


def test_the_pairs_counted_by_hand():
    doc = read()
    found = pairs(doc)
    first = doc["history"]["pairs"][0]
    assert first["services"] == ["productcatalogservice", "shippingservice"] and first["strength"] == "strong"
    assert first["together"] == 20 and first["changes"] == [36, 31]
    checkout = found["checkoutservice", "frontend"]
    assert (checkout["together"], checkout["changes"], checkout["strength"]) == (23, [36, 101], "weak")
    assert found["checkoutservice", "shippingservice"]["together"] == 16
    python = found["emailservice", "recommendationservice"]
    assert (python["together"], python["changes"], python["strength"]) == (7, [8, 32], "weak")


def test_the_shared_contract_is_named_and_deployment_folders_are_not():
    shared = read()["history"]["shared_folders"]
    assert [s["folder"] for s in shared] == ["pb"]
    assert shared[0]["changes"] == 9 and len(shared[0]["services"]) == 9


def test_the_finding_says_it_in_a_sentence_and_suggests_yes():
    doc = read()
    strong = [f["summary"] for f in doc["findings"] if f["sign"] == DEPLOY and f["strength"] == "strong"]
    assert strong == [
        "productcatalogservice and shippingservice changed together in 20 of the 36 changes to "
        "productcatalogservice and in 20 of the 31 to shippingservice (history.txt), so neither is usually "
        "changed, or released, without the other."
    ]
    weak = [f["summary"] for f in doc["findings"] if f["sign"] == DEPLOY and f["strength"] == "weak"]
    assert (
        "recommendationservice changed too in 7 of the 8 changes to emailservice (history.txt): emailservice "
        "is rarely changed, or released, without recommendationservice." in weak
    )
    assert doc["suggested"][DEPLOY] == "yes"
