"""One part under two spellings (``front-end`` in compose, ``frontend`` in a trace) is shown once."""

import copy

from test_evidence_shown import ONE_TRACE, SOCKSHOP  # beside this file

from app.evidence import analyse
from app.evidence.aliases import merge_aliases, name_key


def test_names_that_differ_in_capitals_and_separators_are_one_part():
    assert name_key("Front_End") == name_key("front-end") == name_key("frontend") == name_key("FRONT.END")
    assert name_key("order") != name_key("orders")
    doc = analyse([SOCKSHOP, ONE_TRACE])
    before = copy.deepcopy(doc)
    shown = merge_aliases(doc)
    assert doc == before  # the analysis is kept as read
    names = [s["name"] for s in shown["services"]]
    assert "frontend" not in names and names.count("front-end") == 1 and len(names) == len(doc["services"]) - 1
    front = next(s for s in shown["services"] if s["name"] == "front-end")
    assert front["sources"] == ["compose", "traces"]  # the configured name is kept
    assert shown["merged_names"] == [{"name": "front-end", "also": ["frontend"]}]
    calls = {(e["from"], e["to"]): e.get("count") for e in shown["edges"] if e["kind"] == "call"}
    assert calls == {("front-end", "orders"): 1, ("orders", "payment"): 1}


def test_edges_of_merged_names_add_up_and_nothing_else_changes():
    doc = {
        "services": [{"name": "Billing_API", "sources": ["traces"]}, {"name": "billing-api", "sources": ["compose"]}],
        "datastores": [{"name": "db", "used_by": ["Billing_API", "billing-api"]}],
        "edges": [
            {"from": "Billing_API", "to": "db", "kind": "call", "count": 2},
            {"from": "billing-api", "to": "db", "kind": "call", "count": 3},
            {"from": "Billing_API", "to": "billing-api", "kind": "call", "count": 1},
        ],
    }
    shown = merge_aliases(doc)
    assert [s["name"] for s in shown["services"]] == ["billing-api"]
    assert shown["datastores"][0]["used_by"] == ["billing-api"]
    assert shown["edges"] == [{"from": "billing-api", "to": "db", "kind": "call", "count": 5}]
    alone = {"services": [{"name": "orders"}, {"name": "order"}], "edges": []}
    assert merge_aliases(alone) == {**alone, "merged_names": []}
