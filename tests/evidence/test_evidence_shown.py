"""What the evidence says from little: a single short trace, and counts of one in the singular."""

import json
from pathlib import Path

from app.evidence import analyse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SOCKSHOP = ("docker-compose.yml", (FIXTURES / "sockshop" / "docker-compose.yml").read_bytes())
ONE_TRACE = ("jaeger.json", (FIXTURES / "trace-formats" / "jaeger.json").read_bytes())


def zipkin_traces(count: int) -> tuple[str, bytes]:
    """The Zipkin fixture's one request (frontend -> orders), as ``count`` traces."""
    spans = json.loads((FIXTURES / "trace-formats" / "zipkin.json").read_bytes())
    many = [{**span, "traceId": f"{n:016x}"} for n in range(1, count + 1) for span in spans]
    return "zipkin.json", json.dumps(many).encode()


def test_one_short_trace_is_too_little_to_rule_long_chains_out():
    # sockshop's compose file and one trace, frontend -> orders -> payment: two calls deep
    doc = analyse([SOCKSHOP, ONE_TRACE])
    assert doc["operations"][0]["depth_max"] == 2 and doc["operations"][0]["traces"] == 1
    assert doc["suggested"]["call_chains"] == "unsure"
    [note] = doc["unseen_by_sign"]["call_chains"]
    assert note.startswith("Only 1 request was traced, at most 2 calls deep: too few to show")


def test_two_requests_are_still_too_few_three_short_ones_say_no():
    two = analyse([zipkin_traces(2)])
    assert two["suggested"]["call_chains"] == "unsure"
    assert "Only 2 requests were traced, at most 1 call deep" in two["unseen_by_sign"]["call_chains"][0]
    three = analyse([zipkin_traces(3)])
    assert three["suggested"]["call_chains"] == "no" and "call_chains" not in three["unseen_by_sign"]


def test_counts_in_the_evidence_are_in_the_singular_when_there_is_one():
    doc = analyse([SOCKSHOP, ONE_TRACE])
    text = json.dumps([doc["unseen"], doc["coverage"]])
    assert "Only 1 traced request had a failed downstream call" in text
    assert "1 traced requests" not in text and "1 traces" not in text
    assert "9 of 10 services name no datastore" in text
