"""Each suggestion carries how much of the system the files let it see; "no" needs all of it.

Real files only (see the README.md beside each fixture for the facts).
"""

import re
from pathlib import Path

import pytest

from app.evidence import analyse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SIGNS = {"deploy_coupling", "cascading_failure", "call_chains", "shared_database", "local_testing", "breaking_changes"}
SYSTEMS = {
    "bank-of-anthos": sorted((FIXTURES / "bank-of-anthos").glob("*.yaml")),
    "deathstarbench-hotel": [FIXTURES / "deathstarbench-hotel" / "docker-compose.yml"],
    "deathstarbench-social": [FIXTURES / "deathstarbench-social" / "docker-compose.yml"],
    "spring-petclinic": [FIXTURES / "spring-petclinic" / "docker-compose.yml"],
    "online-boutique": [FIXTURES / "online-boutique" / "release" / "kubernetes-manifests.yaml"],
    "sockshop-compose": [FIXTURES / "sockshop" / "docker-compose.yml"],
    "sockshop-kubernetes": [FIXTURES / "sockshop" / "complete-demo.yaml"],
}
FULL = re.compile(r"^(\d+) of (\d+) applications' [a-z ]+ seen$")


def read(system: str) -> dict:
    return analyse([(path.name, path.read_bytes()) for path in SYSTEMS[system]])


@pytest.mark.parametrize("system", sorted(SYSTEMS))
def test_every_sign_has_its_coverage(system):
    doc = read(system)
    assert set(doc["coverage"]) == SIGNS
    assert all(isinstance(text, str) and text for text in doc["coverage"].values())


@pytest.mark.parametrize("system", sorted(SYSTEMS))
def test_no_is_suggested_only_with_full_coverage(system):
    doc = read(system)
    for sign in ("shared_database", "local_testing"):
        if doc["suggested"][sign] == "no":
            seen, total = FULL.match(doc["coverage"][sign]).groups()
            assert seen == total


def test_bank_of_anthos_coverage_counts_applications_not_their_clients_settings():
    doc = read("bank-of-anthos")
    assert doc["coverage"]["shared_database"] == (
        "6 of 6 applications' data connections seen; 6 also read configuration that is not "
        "in these files, so some may be missing"
    )


def test_a_config_folder_mounted_into_every_service_is_named_in_what_was_not_seen():
    doc = read("deathstarbench-social")
    assert doc["coverage"]["shared_database"].startswith("0 of 13 applications' data connections seen")
    assert doc["suggested"]["shared_database"] == "unsure"
    [note] = doc["unseen_by_sign"]["shared_database"]
    assert "13 of 13 applications read configuration these files do not show" in note
    assert "./config (mounted at /social-network-microservices/config)" in note
