"""A real history: a year of Online Boutique (GoogleCloudPlatform/microservices-demo), exported with
the documented git log command. The pairs below were counted with git by hand (see the fixture's
README)."""

from __future__ import annotations

from pathlib import Path

from app.evidence import analyse
from app.evidence.archives import Input
from tests.contract_ids import SIGN_IDS

HISTORY = Path(__file__).resolve().parents[1] / "fixtures" / "online-boutique-history" / "history.txt"
DEPLOY = SIGN_IDS[0]
SERVICES = {
    "adservice",
    "cartservice",
    "checkoutservice",
    "currencyservice",
    "emailservice",
    "frontend",
    "loadgenerator",
    "paymentservice",
    "productcatalogservice",
    "recommendationservice",
    "shippingservice",
    "shoppingassistantservice",
}


def read() -> dict:
    return analyse([("history.txt", HISTORY.read_bytes())])


def test_the_twelve_services_are_mapped_from_their_dockerfiles():
    doc = read()
    mapping = doc["inputs"][0]["mapping"]
    assert {m["service"] for m in mapping} == SERVICES
    # its Dockerfile is in src/cartservice/src
    assert {"folder": "src/cartservice", "service": "cartservice", "by": "Dockerfile"} in mapping
    assert doc["inputs"][0]["merges_not_counted"] == 0
    assert doc["inputs"][0]["from"] == "2025-08-12" and doc["inputs"][0]["to"] == "2026-08-11"


def test_the_pairs_counted_by_hand():
    doc = read()
    pairs = {tuple(p["services"]): p for p in doc["history"]["pairs"]}
    assert doc["history"]["pairs"][0]["services"] == ["currencyservice", "paymentservice"]
    assert pairs["currencyservice", "paymentservice"]["together"] == 19
    assert pairs["checkoutservice", "frontend"]["together"] == 10
    assert pairs["checkoutservice", "productcatalogservice"]["together"] == 10
    assert doc["history"]["sweeping_set_aside"] >= 8  # at least the 8 counted by hand


def test_the_finding_says_it_in_a_sentence_and_suggests_yes():
    doc = read()
    summaries = [f["summary"] for f in doc["findings"] if f["sign"] == DEPLOY and f["strength"] == "strong"]
    assert summaries[0].startswith(
        "currencyservice and paymentservice changed together in 19 of the 21 changes to currencyservice "
        "and in 19 of the 22 to paymentservice (history.txt)"
    )
    assert doc["suggested"][DEPLOY] == "yes"


def test_the_export_inside_a_folder_with_the_manifests_maps_the_same_services():
    manifest = (
        b"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cartservice\nspec:\n  template:\n"
        b"    spec:\n      containers:\n      - name: server\n        image: cartservice\n"
    )
    doc = analyse(
        [
            Input("history.txt", HISTORY.read_bytes(), "boutique"),
            Input("kubernetes-manifests/cartservice.yaml", manifest, "boutique"),
        ]
    )
    mapping = doc["inputs"][0]["mapping"]
    assert {"folder": "src/cartservice", "service": "cartservice", "by": "image name"} in mapping
