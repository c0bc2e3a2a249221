"""The app's packages depend on each other in one direction: a package that plugs into another
(through its registries: after_submit, after_refresh, extras, policies) imports it, never the
other way round. Read from the source with `ast`, so a cycle is found before it bites."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"
# The questionnaire's signs step takes the evidence suggestions' accept and override actions
# itself; the evidence import reads the draft through the questionnaire's services.
KNOWN_CYCLES = {frozenset({"assessments", "evidence_import"})}


def imports_between_packages() -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for path in APP.rglob("*.py"):
        package = path.relative_to(APP).parts[0].removesuffix(".py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [f"{node.module}.{a.name}" for a in node.names] if node.module == "app" else [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] == "app" and len(parts) > 1 and parts[1] != package:
                    found[package].add(parts[1])
    return found


def test_no_two_packages_import_each_other():
    graph = imports_between_packages()
    assert "plans" in graph["consultants"] and "reports" in graph["consultants"]  # the check sees imports
    both_ways = {frozenset({a, b}) for a, targets in graph.items() for b in targets if a in graph.get(b, set())}
    assert both_ways - KNOWN_CYCLES == set()


def test_the_plans_and_the_reports_know_nothing_of_consultants():
    graph = imports_between_packages()
    assert "consultants" not in graph["plans"]
    assert "consultants" not in graph["reports"]
