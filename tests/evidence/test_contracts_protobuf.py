""".proto contracts: every protobuf rule of breaking_changes on versions made in the test."""

import pytest

from app.evidence import EvidenceError, analyse
from app.evidence.archives import Input
from app.evidence.contracts import ContractProblem, looks_like_proto
from app.evidence.contracts.compare import breaks_between
from app.evidence.contracts.versions import read_contract
from tests.contract_ids import SIGN_IDS

ORDERS = """// Orders, as the shop's services see them.
syntax = "proto3";

package shop.orders;

message Order {
  string id = 1;
  int64 total_cents = 2;
  Status status = 3;
  repeated Line lines = 4;
  map<string, string> labels = 5;
  message Line {
    string sku = 1;
    int32 count = 2;
  }
}

enum Status {
  OPEN = 0;
  PAID = 1;
  SHIPPED = 2;
}

message GetOrderRequest { string id = 1; }

service OrderService {
  rpc GetOrder(GetOrderRequest) returns (Order);
  rpc WatchOrders(GetOrderRequest) returns (stream Order);
}
"""


def breaks(new: str, old: str = ORDERS) -> list[tuple[str, str, str]]:
    before, after = read_contract("before/orders.proto", old), read_contract("after/orders.proto", new)
    return [(b.rule, b.where, b.name) for b in breaks_between(before.surface, after.surface)]


def test_the_unchanged_contract_has_no_breaks():
    assert breaks(ORDERS) == []


def test_a_field_number_reused_with_another_name_breaks_callers():
    assert breaks(ORDERS.replace("int64 total_cents = 2;", "int64 discount_cents = 2;")) == [
        ("field_reused", "Order", "discount_cents")
    ]


def test_a_field_type_change_breaks_callers():
    assert breaks(ORDERS.replace("int64 total_cents = 2;", "string total_cents = 2;")) == [
        ("field_type_changed", "Order", "total_cents")
    ]
    assert breaks(ORDERS.replace("repeated Line lines = 4;", "Line lines = 4;")) == [
        ("field_type_changed", "Order", "lines")
    ]


def test_a_removed_field_breaks_callers_even_when_its_number_is_reserved():
    found = breaks(ORDERS.replace("Status status = 3;", "reserved 3;"))
    assert found == [("field_removed", "Order", "status")]
    assert (
        "number 3"
        in breaks_between(
            read_contract("a.proto", ORDERS).surface,
            read_contract("b.proto", ORDERS.replace("Status status = 3;", "")).surface,
        )[0].why
    )


def test_removed_enum_values_break_callers_and_new_ones_do_not():
    assert breaks(ORDERS.replace("  PAID = 1;\n", "")) == [("enum_values_removed", "Status", "Status")]
    assert breaks(ORDERS.replace("SHIPPED = 2;", "SHIPPED = 2;\n  REFUNDED = 3;")) == []


def test_removed_messages_services_and_calls_break_callers_once():
    without_call = ORDERS.replace("  rpc WatchOrders(GetOrderRequest) returns (stream Order);\n", "")
    assert breaks(without_call) == [("rpc_removed", "OrderService.WatchOrders", "OrderService.WatchOrders")]
    without_service = ORDERS[: ORDERS.index("service OrderService")]
    assert breaks(without_service) == [("service_removed", "OrderService", "OrderService")]
    nested_gone = ORDERS.replace("  message Line {\n    string sku = 1;\n    int32 count = 2;\n  }\n", "")
    assert breaks(nested_gone) == [("message_removed", "Order.Line", "Order.Line")]


def test_a_call_that_now_streams_or_takes_another_message_breaks_callers():
    assert breaks(ORDERS.replace("returns (Order);", "returns (stream Order);")) == [
        ("rpc_changed", "OrderService.GetOrder", "OrderService.GetOrder")
    ]


def test_new_fields_messages_and_calls_are_not_breaking():
    added = ORDERS.replace("map<string, string> labels = 5;", "map<string, string> labels = 5;\n  string note = 6;")
    added = added.replace("service OrderService {", "message Refund { string id = 1; }\nservice OrderService {")
    added = added.replace("returns (Order);", "returns (Order);\n  rpc Refund(Refund) returns (Refund);")
    assert breaks(added) == []


def test_a_new_required_proto2_field_breaks_callers_an_optional_one_does_not():
    proto2 = 'syntax = "proto2";\npackage shop;\nmessage Order {\n  required string id = 1;\n}\n'
    required = proto2.replace("required string id = 1;", "required string id = 1;\n  required int64 total = 2;")
    optional = proto2.replace("required string id = 1;", "required string id = 1;\n  optional int64 total = 2;")
    assert breaks(required, proto2) == [("field_required", "Order", "total")]
    assert breaks(optional, proto2) == []


def test_a_proto_file_is_recognised_by_its_content_whatever_it_is_called():
    assert looks_like_proto("/* header */\n// more\nsyntax = 'proto3';")
    assert looks_like_proto("package shop.v1;\nmessage A {}")
    assert not looks_like_proto("services:\n  message: {image: x}\n")
    read = analyse([("orders.txt", ORDERS.encode())])
    assert read["inputs"] == [{"file": "orders.txt", "format": "protobuf"}]


def test_an_invalid_proto_is_named_with_its_line_alone_refused_in_a_folder_skipped():
    broken = ORDERS.replace("string id = 1;\n  int64", "string id = 1\n  int64")
    with pytest.raises(ContractProblem, match=r"is not a valid \.proto file: line 8, column 3"):
        read_contract("orders.proto", broken)
    with pytest.raises(EvidenceError, match=r"^orders\.proto: is not a valid \.proto file: line 8"):
        analyse([("orders.proto", broken.encode())])
    read = analyse(
        [Input("proto/orders.proto", broken.encode(), "shop"), Input("proto/ok.proto", ORDERS.encode(), "shop")]
    )
    assert read["inputs"][0]["file"] == "proto/ok.proto"
    assert read["inputs"][1]["skipped"].startswith("could not be read: is not a valid .proto file: line 8")


def test_versions_in_before_and_after_folders_are_compared_oldest_first():
    after = ORDERS.replace("  PAID = 1;\n", "")
    read = analyse(
        [Input("after/orders.proto", after.encode(), "up"), Input("before/orders.proto", ORDERS.encode(), "up")]
    )
    [finding] = read["findings"]
    assert finding["breaks"][0]["rule"] == "enum_values_removed"
    assert finding["summary"].startswith(
        "The API of after/orders.proto changed from before/orders.proto to after/orders.proto"
    )


def test_two_files_of_one_package_are_not_versions_of_each_other():
    other = 'syntax = "proto3";\npackage shop.orders;\nmessage Refund { string id = 1; }\n'
    read = analyse([("orders.proto", ORDERS.encode()), ("refunds.proto", other.encode())])
    assert read["findings"] == []
    assert read["suggested"][SIGN_IDS[5]] == "unsure"
