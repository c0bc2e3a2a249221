"""Evidence analysis stays near-linear in the size of the system, and stops within its budget."""

from __future__ import annotations

import random

import pytest

from app.evidence import EvidenceError, Limits, analyse
from app.evidence.budget import AnalysisTooLong
from app.evidence.model import Edge
from app.evidence.signs.reach import reach_counts


def _naive(edges: list[Edge], start: str) -> int:
    """What a service needs, by walking from it alone: the reference the fast count must equal."""
    seen: set[str] = set()
    pending = [start]
    while pending:
        node = pending.pop()
        for edge in edges:
            if edge.source_node == node and edge.target not in seen and edge.target != start:
                seen.add(edge.target)
                pending.append(edge.target)
    return len(seen)


def _edges(pairs) -> list[Edge]:
    return [Edge(a, b, "depends_on", "depends_on") for a, b in pairs]


def test_reach_counts_equal_a_walk_from_each_service_on_generated_graphs():
    rng = random.Random(20261202)
    for case in range(300):
        size = rng.randint(1, 14)
        names = [f"s{n}" for n in range(size)]
        pairs = [(rng.choice(names), rng.choice(names)) for _ in range(rng.randint(0, size * 3))]
        edges = _edges(pairs)
        starts = names + ["not-in-any-edge"]
        assert reach_counts(edges, starts) == {s: _naive(edges, s) for s in starts}, (case, pairs)


def test_cycles_chains_and_stars():
    chain = _edges((f"s{n}", f"s{n + 1}") for n in range(5))
    assert reach_counts(chain, ["s0", "s3", "s5"]) == {"s0": 5, "s3": 2, "s5": 0}
    ring = _edges([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("a", "a")])
    assert reach_counts(ring, "abcd") == {"a": 3, "b": 3, "c": 3, "d": 0}
    star = _edges((f"s{n}", "hub") for n in range(4))
    assert reach_counts(star, ["s0", "hub"]) == {"s0": 1, "hub": 0}


def _chain_compose(size: int) -> bytes:
    lines = ["services:"]
    for n in range(size):
        lines += [f"  s{n}:", f"    image: example/s{n}:1.{n}"]
        if n + 1 < size:
            lines.append(f"    depends_on: [s{n + 1}]")
    return ("\n".join(lines) + "\n").encode()


def test_a_long_depends_on_chain_fits_a_budget_it_used_to_take_minutes_over():
    # 3,000 services in a chain took 22 s (a walk of the whole graph per service); it is now well
    # under a second, so even a busy machine finishes inside a 10 s budget.
    document = analyse([("compose.yaml", _chain_compose(3000))], limits=Limits(max_seconds=10))
    (finding,) = [f for f in document["findings"] if f["sign"] == "deploy_coupling"]
    assert finding["needs"]["s0"] == 2999 and document["suggested"]["local_testing"] == "yes"


def test_an_analysis_past_its_budget_ends_with_a_message_and_no_document():
    with pytest.raises(AnalysisTooLong) as refused:
        analyse([("compose.yaml", _chain_compose(200))], limits=Limits(max_seconds=1e-9))
    assert isinstance(refused.value, EvidenceError)
    assert "nothing was imported" in refused.value.message


def test_without_a_budget_the_command_line_takes_as_long_as_it_needs():
    assert Limits().max_seconds is None
    assert analyse([("compose.yaml", _chain_compose(50))])["services"]
