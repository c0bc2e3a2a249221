"""The breaking_changes sign's findings, suggestion, coverage and what it says it could not see."""

import yaml

from app.evidence import analyse
from app.evidence.contracts import breaks_over_history
from tests.contract_ids import SIGN_IDS

BREAKING = SIGN_IDS[5]
COMPOSE = b"""services:
  orders: {image: shop/orders}
  billing: {image: shop/billing, environment: {ORDERS_URL: "http://orders:8080"}}
  shipping: {image: shop/shipping, environment: {ORDERS_URL: "http://orders:8080"}}
  audit: {image: shop/audit}
"""


def api(title: str, path: str = "/orders") -> bytes:
    return yaml.safe_dump(
        {
            "openapi": "3.1.0",
            "info": {"title": title, "version": "1"},
            "paths": {path: {"get": {"responses": {"200": {"description": "ok"}}}}},
        }
    ).encode()


def sign(document: dict) -> tuple[list[dict], str, list[str], str]:
    findings = [f for f in document["findings"] if f["sign"] == BREAKING]
    return (
        findings,
        document["suggested"][BREAKING],
        document["unseen_by_sign"][BREAKING],
        document["coverage"][BREAKING],
    )


def test_without_contracts_the_sign_says_so_and_stays_unsure():
    findings, suggested, unseen, coverage = sign(analyse([("docker-compose.yml", COMPOSE)]))
    assert (findings, suggested) == ([], "unsure")
    assert unseen[0].startswith("No API contracts (OpenAPI or .proto files) were given")
    assert coverage == "No API contracts (OpenAPI or .proto files) were given"


def test_an_unversioned_contract_called_by_several_services_is_a_hint():
    findings, suggested, unseen, _ = sign(
        analyse([("docker-compose.yml", COMPOSE), ("orders.yaml", api("Orders API"))])
    )
    [finding] = findings
    assert finding["strength"] == "weak" and suggested == "partly"
    assert finding["summary"] == (
        "The orders API has no version in its paths or package, yet it is called by billing and shipping, so "
        "every change to it reaches them all at once and none of them can stay on the old version."
    )
    assert unseen[0].startswith("Only one version of each API contract was given")


def test_a_versioned_contract_is_no_hint_and_unmatched_or_uncalled_contracts_are_said():
    document = analyse(
        [
            ("docker-compose.yml", COMPOSE),
            ("orders.yaml", api("Orders API", "/v1/orders")),
            ("audit.yaml", api("Audit API")),
            ("weather.yaml", api("Weather")),
        ]
    )
    findings, suggested, unseen, coverage = sign(document)
    assert (findings, suggested) == ([], "unsure")
    assert any(u.startswith("Which service serves weather.yaml is not clear") for u in unseen)
    assert any(u.startswith("No caller of audit API is seen in these files") for u in unseen)
    assert unseen[-1].startswith("Whether the callers run contract tests")
    assert coverage == (
        "3 API contracts read, 0 with an earlier version to compare; 0 of 0 changes between versions broke "
        "callers; callers seen for 1 of 3"
    )


def test_many_compatible_changes_to_versioned_contracts_suggest_no_a_few_do_not():
    proto = 'syntax = "proto3";\npackage shop.orders.v1;\nmessage Order {\n  string id = 1;\n}\n'
    fields = ["  string id = 1;\n"]
    versions = []
    for n in range(11):  # each version adds an optional field
        fields.append(f"  string note{n} = {n + 2};\n")
        versions.append((f"{n:040d}", f"2025-01-{n + 1:02d}", proto.replace("  string id = 1;\n", "".join(fields))))
    many = breaks_over_history("orders.proto", versions)
    few = breaks_over_history("orders.proto", versions[:4])
    assert (many.changes, few.changes) == (10, 3)
    compose = [("docker-compose.yml", COMPOSE)]
    assert sign(analyse(compose, contract_histories=[many]))[1] == "no"
    assert sign(analyse(compose, contract_histories=[few]))[1] == "unsure"
