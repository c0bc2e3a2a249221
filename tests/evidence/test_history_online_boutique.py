"""A real history: a recent year of Online Boutique (GoogleCloudPlatform/microservices-demo),
exported with the documented git log command. Almost every change to its services that year was a
dependency or base-image update made by a bot; the counts below were made with git by hand (see
the fixture's README)."""

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
    # the year's first commit (2025-08-12) changed documentation only
    assert doc["inputs"][0]["from"] == "2025-08-15" and doc["inputs"][0]["to"] == "2026-08-11"


def test_dependency_updates_are_set_aside_and_no_pair_is_left():
    history = read()["history"]
    # the 27 commits touching currencyservice and paymentservice changed only their package.json,
    # lock files or Dockerfiles: 8 of the year's commits are sweeping, 125 upkeep
    assert history["sweeping_set_aside"] == 8
    assert history["upkeep_set_aside"] == 125
    assert history["commits"] == 2
    assert history["services"] == {"productcatalogservice": 1, "shippingservice": 1}
    assert history["pairs"] == [] and history["shared_folders"] == []


def test_the_suggestion_is_unsure_and_says_why():
    doc = read()
    assert doc["suggested"][DEPLOY] == "unsure"
    assert [f for f in doc["findings"] if f["sign"] == DEPLOY] == []
    assert (
        "125 changes that only updated services' dependency lists or Dockerfiles were set aside: tools such "
        "as Renovate and Dependabot make such updates in many services at once, which does not show that "
        "the services must be released together." in doc["unseen"]
    )


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
