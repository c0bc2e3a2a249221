"""One trace's spans as a tree: who is whose child, where the request starts.

The **entry** of a trace is its root span (the first span without a parent; if every span has
a missing parent, the first such orphan). A trace with orphans, or with spans in a loop of
parents, is **incomplete**: each loop is entered at its first span.
"""

from __future__ import annotations

from typing import Any

from .spans import CLIENT, SERVER, SpanRow


class SpanTree:
    """``rows`` (shared Zipkin spans split in two), ``children`` by parent id, and ``starts``:
    the spans with no parent among the rows, the entry first."""

    __slots__ = ("children", "incomplete", "rows", "starts")

    def __init__(self, rows: list[SpanRow]) -> None:
        by_id = {row[0]: row for row in rows}
        if len(by_id) != len(rows):
            rows, by_id = _separate_shared_spans(rows)
        self.rows = rows
        self.children: dict[Any, list[SpanRow]] = {}
        self.starts: list[SpanRow] = []
        root = orphan = None
        for row in rows:
            parent = row[1]
            if parent is not None and parent != row[0] and parent in by_id:
                self.children.setdefault(parent, []).append(row)
                continue
            self.starts.append(row)
            if parent is None:
                root = root or row
            else:
                orphan = orphan or row
        reached = _reached(self.starts, self.children)
        while len(reached) < len(rows):  # spans in a loop of parents: start from the first one
            first = next(r for r in rows if r[0] not in reached)
            orphan = orphan or first
            self.starts.append(first)
            reached |= _reached([first], self.children)
        self.incomplete = orphan is not None
        entry = root or orphan or rows[0]
        if entry is not self.starts[0]:
            self.starts.remove(entry)
            self.starts.insert(0, entry)


def _reached(starts: list[SpanRow], children: dict[Any, list[SpanRow]]) -> set[Any]:
    found: set[Any] = set()
    stack = list(starts)
    while stack:
        row = stack.pop()
        if row[0] not in found:
            found.add(row[0])
            stack.extend(children.get(row[0], ()))
    return found


def _separate_shared_spans(rows: list[SpanRow]) -> tuple[list[SpanRow], dict[Any, SpanRow]]:
    """Zipkin lets a client and a server share one span id: split them.

    The server half keeps the id (its children point at it) and gets the
    client half, re-keyed, as its parent. Other duplicates are dropped.
    """
    groups: dict[Any, list[SpanRow]] = {}
    for row in rows:
        groups.setdefault(row[0], []).append(row)
    fixed: list[SpanRow] = []
    for sid, group in groups.items():
        client = next((r for r in group if r[4] == CLIENT), None)
        server = next((r for r in group if r[4] == SERVER), None)
        if len(group) == 1 or client is None or server is None:
            fixed.append(group[0])
            continue
        client_key = (sid, "client")
        fixed.append((client_key,) + client[1:])
        fixed.append(server[:1] + (client_key,) + server[2:])
    return fixed, {row[0]: row for row in fixed}
