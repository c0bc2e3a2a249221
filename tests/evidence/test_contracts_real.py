"""Real contracts: Spring PetClinic REST's OpenAPI document before and after POST /pets was removed
(tests/fixtures/contracts-petclinic-rest), read as a team would upload them."""

from pathlib import Path

from app.evidence import analyse
from app.evidence.archives import Input
from app.evidence.folders import read_folder
from app.evidence.limits import Limits
from tests.contract_ids import SIGN_IDS

PETCLINIC = Path(__file__).resolve().parents[1] / "fixtures" / "contracts-petclinic-rest"
BREAKING = SIGN_IDS[5]


def test_the_removed_operation_is_the_one_break_found_in_the_real_pair():
    document = analyse(read_folder(PETCLINIC, Limits(), "petclinic"))
    assert [i.get("format", i.get("skipped")) for i in document["inputs"]] == [
        "not a deployment, manifest or trace file",  # README.md
        "openapi",
        "openapi",
    ]
    [finding] = [f for f in document["findings"] if f["sign"] == BREAKING]
    assert [(b["rule"], b["where"]) for b in finding["breaks"]] == [("operation_removed", "POST /pets")]
    assert finding["strength"] == "weak"  # no caller of it is among these files
    assert finding["summary"] == (
        "The Spring PetClinic API changed from before/openapi.yml to after/openapi.yml in a way that would "
        "break its callers; no caller of it is seen in these files. The operation POST /pets was removed, "
        "so its callers get an error."
    )
    assert document["suggested"][BREAKING] == "partly"


def test_with_a_caller_in_the_configuration_the_break_is_strong_and_names_it():
    compose = b"""services:
  petclinic:
    image: springcommunity/spring-petclinic-rest
  vet-portal:
    image: example/vet-portal
    environment:
      PETCLINIC_API: http://petclinic:9966/petclinic/api
"""
    inputs = read_folder(PETCLINIC, Limits(), "petclinic") + [Input("docker-compose.yml", compose, "petclinic")]
    document = analyse(inputs)
    [finding] = [f for f in document["findings"] if f["sign"] == BREAKING]
    assert (finding["strength"], finding["services"], finding["consumers"]) == ("strong", ["petclinic"], ["vet-portal"])
    assert finding["summary"].startswith("The petclinic API changed from before/openapi.yml to after/openapi.yml")
    assert "while it is still called by vet-portal. The operation POST /pets was removed" in finding["summary"]
    assert document["suggested"][BREAKING] == "yes"
