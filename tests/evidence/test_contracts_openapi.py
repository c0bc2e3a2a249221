"""OpenAPI contracts: every rule of breaking_changes on versions made in the test, Swagger 2.0 and
OpenAPI 3, YAML and JSON; circular and cross-file $refs; broken specs named with their problem."""

import json
import time

import pytest
import yaml

from app.evidence import EvidenceError, analyse
from app.evidence.archives import Input
from app.evidence.contracts import ContractProblem
from app.evidence.contracts.compare import breaks_between
from app.evidence.contracts.versions import read_contract
from tests.contract_ids import SIGN_IDS

BREAKING = SIGN_IDS[5]


def openapi3(version="1.0", **extra_paths) -> dict:
    """An orders API: GET /orders/{id} answers an Order; POST /orders takes a NewOrder."""
    return {
        "openapi": "3.0.3",
        "info": {"title": "Orders API", "version": version},
        "paths": {
            "/orders/{id}": {
                "get": {
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                        {"name": "expand", "in": "query", "schema": {"type": "string", "enum": ["items", "customer"]}},
                    ],
                    "responses": {
                        "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Order"}}}},
                        "404": {"description": "not found"},
                    },
                }
            },
            "/orders": {
                "post": {
                    "requestBody": {
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewOrder"}}}
                    },
                    "responses": {"201": {"description": "made"}},
                }
            },
            **extra_paths,
        },
        "components": {
            "schemas": {
                "Order": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string"},
                        "total": {"type": "number"},
                        "status": {"type": "string", "enum": ["open", "paid", "shipped"]},
                        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}},
                    },
                },
                "Item": {"type": "object", "properties": {"sku": {"type": "string"}, "count": {"type": "integer"}}},
                "NewOrder": {
                    "type": "object",
                    "required": ["customer"],
                    "properties": {"customer": {"type": "string"}, "note": {"type": "string"}},
                },
            }
        },
    }


def swagger2(version="1.0") -> dict:
    return {
        "swagger": "2.0",
        "info": {"title": "Orders API", "version": version},
        "host": "orders:8080",
        "basePath": "/",
        "paths": {
            "/orders/{id}": {
                "get": {
                    "parameters": [{"name": "id", "in": "path", "required": True, "type": "string"}],
                    "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Order"}}},
                }
            },
            "/orders": {
                "post": {
                    "parameters": [{"name": "body", "in": "body", "schema": {"$ref": "#/definitions/NewOrder"}}],
                    "responses": {"201": {"description": "made"}},
                }
            },
        },
        "definitions": {
            "Order": {"type": "object", "properties": {"id": {"type": "string"}, "total": {"type": "number"}}},
            "NewOrder": {"type": "object", "properties": {"customer": {"type": "string"}}},
        },
    }


def breaks(old: dict, new: dict, as_json: bool = False) -> list[tuple[str, str, str]]:
    dump = json.dumps if as_json else yaml.safe_dump
    before = read_contract("before/orders.yaml", dump(old))
    after = read_contract("after/orders.yaml", dump(new))
    return [(b.rule, b.where, b.name) for b in breaks_between(before.surface, after.surface)]


def schema(doc: dict, name: str) -> dict:
    return doc.get("components", {}).get("schemas", doc.get("definitions", {}))[name]


@pytest.mark.parametrize("make", [openapi3, swagger2], ids=["openapi3", "swagger2"])
@pytest.mark.parametrize("as_json", [False, True], ids=["yaml", "json"])
def test_a_removed_response_field_breaks_callers_in_both_versions_and_both_notations(make, as_json):
    old, new = make(), make("1.1")
    del schema(new, "Order")["properties"]["total"]
    assert breaks(old, new, as_json) == [("output_removed", "GET /orders/{id}", "total")]


@pytest.mark.parametrize("make", [openapi3, swagger2], ids=["openapi3", "swagger2"])
def test_a_changed_field_type_breaks_callers(make):
    old, new = make(), make()
    schema(new, "Order")["properties"]["total"] = {"type": "string"}
    assert breaks(old, new) == [("type_changed", "GET /orders/{id}", "total")]


@pytest.mark.parametrize("make", [openapi3, swagger2], ids=["openapi3", "swagger2"])
def test_a_new_required_request_field_breaks_callers_an_optional_one_does_not(make):
    old, required, optional = make(), make(), make()
    for doc in (required, optional):
        schema(doc, "NewOrder")["properties"]["currency"] = {"type": "string"}
    schema(required, "NewOrder")["required"] = ["customer", "currency"] if make is openapi3 else ["currency"]
    assert breaks(old, required) == [("input_required", "POST /orders", "currency")]
    assert breaks(old, optional) == []


def test_an_optional_field_made_required_and_a_new_required_parameter_break_callers():
    old, new = openapi3(), openapi3()
    schema(new, "NewOrder")["required"] = ["customer", "note"]
    new["paths"]["/orders/{id}"]["get"]["parameters"].append(
        {"name": "tenant", "in": "header", "required": True, "schema": {"type": "string"}}
    )
    assert sorted(breaks(old, new)) == [
        ("became_required", "POST /orders", "note"),
        ("input_required", "GET /orders/{id}", "tenant (header)"),
    ]


def test_removed_and_renamed_operations_break_callers_once_not_once_per_field():
    old, new = openapi3(), openapi3()
    new["paths"]["/purchases/{id}"] = new["paths"].pop("/orders/{id}")  # renamed path
    found = breaks(old, new)
    assert found == [("operation_removed", "GET /orders/{id}", "")]


def test_removed_enum_values_break_callers_in_parameters_and_fields():
    old, new = openapi3(), openapi3()
    schema(new, "Order")["properties"]["status"]["enum"] = ["open", "shipped"]
    new["paths"]["/orders/{id}"]["get"]["parameters"][1]["schema"]["enum"] = ["items"]
    assert sorted(breaks(old, new)) == [
        ("values_removed", "GET /orders/{id}", "expand (query)"),
        ("values_removed", "GET /orders/{id}", "status"),
    ]


def test_nested_array_fields_are_named_by_their_path():
    old, new = openapi3(), openapi3()
    del schema(new, "Item")["properties"]["sku"]
    assert breaks(old, new) == [("output_removed", "GET /orders/{id}", "items[].sku")]


def test_additions_are_not_breaking():
    old = openapi3()
    new = openapi3("1.1", **{"/refunds": {"post": {"responses": {"201": {"description": "made"}}}}})
    schema(new, "Order")["properties"]["currency"] = {"type": "string"}
    schema(new, "Order")["properties"]["status"]["enum"].append("refunded")
    schema(new, "NewOrder")["properties"]["coupon"] = {"type": "string"}
    new["paths"]["/orders/{id}"]["get"]["parameters"].append({"name": "fields", "in": "query"})
    new["paths"]["/orders/{id}"]["get"]["responses"]["500"] = {"description": "oops"}
    assert breaks(old, new) == []


def test_renaming_a_path_parameter_is_not_a_change():
    old, new = openapi3(), openapi3()
    operation = new["paths"].pop("/orders/{id}")
    operation["get"]["parameters"][0]["name"] = "orderId"
    new["paths"]["/orders/{orderId}"] = operation
    assert breaks(old, new) == []


def test_a_removed_request_field_is_not_breaking_callers_may_still_send_it():
    old, new = openapi3(), openapi3()
    del schema(new, "NewOrder")["properties"]["note"]
    assert breaks(old, new) == []


def circular() -> dict:
    doc = openapi3()
    schema(doc, "Order")["properties"]["parent"] = {"$ref": "#/components/schemas/Order"}
    schema(doc, "Item")["properties"]["order"] = {"$ref": "#/components/schemas/Order"}
    return doc


def test_circular_refs_end_and_are_compared():
    old, new = circular(), circular()
    del schema(new, "Order")["properties"]["parent"]
    started = time.monotonic()
    found = breaks(old, new)
    assert time.monotonic() - started < 5  # a loop would never end; this is no speed target
    assert found == [("output_removed", "GET /orders/{id}", "parent")]
    fields = {item.name for item in read_contract("o.yaml", yaml.safe_dump(old)).surface.values()}
    assert {"parent", "items[].order", "items[].sku"} <= fields
    assert "parent.parent" not in fields


def test_a_ref_to_another_file_of_the_import_is_followed():
    doc = openapi3()
    doc["components"]["schemas"]["Order"] = {"$ref": "schemas/order.yaml#/Order"}
    order = {"Order": schema(openapi3(), "Order"), "Item": schema(openapi3(), "Item")}
    order["Order"]["properties"]["items"]["items"] = {"$ref": "#/Item"}
    files = {"api/orders.yaml": yaml.safe_dump(doc).encode(), "api/schemas/order.yaml": yaml.safe_dump(order).encode()}
    contract = read_contract("api/orders.yaml", files["api/orders.yaml"].decode(), files)
    assert {"total", "items[].sku"} <= {item.name for item in contract.surface.values()}
    read = analyse([Input(name, data, "shop") for name, data in files.items()])
    assert read["inputs"] == [
        {"file": "api/orders.yaml", "format": "openapi"},
        {"file": "api/schemas/order.yaml", "skipped": "not a deployment, manifest or trace file"},
    ]


@pytest.mark.parametrize(
    "ref, problem",
    [
        ("#/components/schemas/Nothing", "its $ref /components/schemas/Nothing points at nothing in the files given"),
        ("common.yaml#/Order", "refers to common.yaml, which is not among the files given"),
        ("https://example.com/order.yaml#/Order", "refers to https://example.com/order.yaml, which is not read"),
    ],
)
def test_a_broken_ref_names_the_file_and_the_problem(ref, problem):
    doc = openapi3()
    schema(doc, "Order")["properties"]["total"] = {"$ref": ref}
    with pytest.raises(ContractProblem, match=problem.replace("$", r"\$").replace(".", r"\.")):
        read_contract("orders.yaml", yaml.safe_dump(doc))
    with pytest.raises(EvidenceError) as alone:
        analyse([("orders.yaml", yaml.safe_dump(doc).encode())])
    assert alone.value.message.startswith("orders.yaml: ")
    good = yaml.safe_dump(openapi3()).encode()
    read = analyse([Input("api/orders.yaml", yaml.safe_dump(doc).encode(), "shop"), Input("api/ok.yaml", good, "shop")])
    skipped = {i["file"]: i.get("skipped") for i in read["inputs"]}
    assert skipped["api/orders.yaml"].startswith("could not be read: ")
    assert skipped["api/ok.yaml"] is None


def test_a_spec_with_paths_that_are_no_map_is_named():
    doc = openapi3()
    doc["paths"] = ["/orders"]
    with pytest.raises(EvidenceError, match="orders.json: its 'paths' is not a map"):
        analyse([("orders.json", json.dumps(doc).encode())])


def test_an_upload_of_two_versions_is_read_whatever_the_files_are_called():
    old, new = openapi3("2.2"), openapi3("2.3")
    del schema(new, "Order")["properties"]["total"]
    read = analyse([("z.txt", yaml.safe_dump(old).encode()), ("a.txt", json.dumps(new).encode())])
    assert [i["format"] for i in read["inputs"]] == ["openapi", "openapi"]
    [finding] = [f for f in read["findings"] if f["sign"] == BREAKING]
    assert (finding["from_version"], finding["to_version"], finding["strength"]) == ("2.2", "2.3", "weak")
    assert finding["breaks"][0]["why"].startswith("The field total was removed from the response of GET /orders/{id}")
    assert "in version 2.3" in finding["summary"]
    assert read["suggested"][BREAKING] == "partly"
