"""The service graph of an evidence document as Graphviz DOT text.

Services are boxes, datastores cylinders, brokers hexagons (tooling dimmed).
Synchronous ``call`` edges are solid, ``async`` dashed, ``depends_on`` dotted
grey (left out where a call or connection links the same pair), ``database``
edges solid in the datastore colour. A datastore used by
two or more services is filled red with a bold border. Left-to-right layout,
small fonts and merged parallel edges keep 70 services legible. Only text is
produced; rendering happens elsewhere.
"""

from __future__ import annotations

from typing import Any

from app.language import ngettext

_EDGE_STYLES = {
    "call": 'style=solid, color="#1f4e79"',
    "async": 'style=dashed, color="#6a3d9a"',
    "depends_on": 'style=dotted, color="#9e9e9e"',
    "database": 'style=solid, color="#8c6d1f"',
}
_ARROWS = {"database": "arrowhead=none", "depends_on": "arrowhead=empty"}


def quote(text: Any) -> str:
    """A DOT double-quoted string, safe for any label."""
    value = "".join(ch for ch in str(text) if ch in "\r\n" or ch.isprintable())  # no control characters in SVG
    value = value.replace("\\", "\\\\").replace('"', '\\"')
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{value}"'


def _label(name: str, detail: str | None) -> str:
    return quote(f"{name}\n{detail}" if detail and detail != name else name)


def _shared_stores(doc: dict[str, Any]) -> set[str]:
    users: dict[str, set[str]] = {}
    for edge in doc.get("edges") or ():
        if edge.get("kind") == "database":
            users.setdefault(str(edge.get("to")), set()).add(str(edge.get("from")))
    for store in doc.get("datastores") or ():
        users.setdefault(str(store.get("name")), set()).update(store.get("used_by") or ())
    return {name for name, who in users.items() if len(who) >= 2}


def _part_nodes(doc: dict[str, Any], shared: set[str], known: set[str]) -> list[str]:
    """A box per service (grey for tooling), a cylinder per datastore (red when shared), a
    hexagon per broker; their names go into ``known``."""
    lines = []
    for service in doc.get("services") or ():
        name = str(service.get("name"))
        known.add(name)
        extra = (
            ', fillcolor="#f4f4f4", color="#9e9e9e", fontcolor="#616161"' if service.get("role") == "tooling" else ""
        )
        lines.append(f"  {quote(name)} [shape=box, label={quote(name)}{extra}];")
    for store in doc.get("datastores") or ():
        name = str(store.get("name"))
        known.add(name)
        engine = store.get("engine")
        style = (
            'fillcolor="#f8d7da", color="#b00020", penwidth=2.5, fontcolor="#7f0015"'
            if name in shared
            else 'fillcolor="#fff4d6", color="#8c6d1f"'
        )
        lines.append(f"  {quote(name)} [shape=cylinder, label={_label(name, engine)}, {style}];")
    for broker in doc.get("brokers") or ():
        name = str(broker.get("name"))
        known.add(name)
        lines.append(
            f"  {quote(name)} [shape=hexagon, label={_label(name, broker.get('engine'))}, "
            'fillcolor="#ece4f5", color="#6a3d9a"];'
        )
    return lines


def to_dot(doc: dict[str, Any]) -> str:
    lines = [
        "digraph services {",
        "  graph [rankdir=LR, nodesep=0.25, ranksep=0.7, concentrate=true, splines=true, newrank=true, "
        'fontname="Helvetica", fontsize=10, overlap=false, outputorder=edgesfirst];',
        '  node [fontname="Helvetica", fontsize=9, margin="0.08,0.04", height=0.3, '
        'style=filled, fillcolor="#eef3f8", color="#1f4e79"];',
        '  edge [fontname="Helvetica", fontsize=8, arrowsize=0.8, penwidth=1.6];',
    ]
    known: set[str] = set()
    shared = _shared_stores(doc)
    lines += _part_nodes(doc, shared, known)
    stores = [str(item.get("name")) for item in (doc.get("datastores") or ())]
    if stores:  # datastores line up in the last column
        lines.append("  { rank=sink; " + " ".join(quote(name) for name in stores) + " }")
    drawn: dict[tuple[str, str, str], int | None] = {}
    for edge in doc.get("edges") or ():
        key = (str(edge.get("from")), str(edge.get("to")), str(edge.get("kind")))
        count = edge.get("count")
        drawn[key] = (drawn.get(key) or 0) + count if count is not None else drawn.get(key)
    linked = {(source, target) for source, target, kind in drawn if kind != "depends_on"}
    for (source, target, kind), count in sorted(drawn.items()):
        if kind == "depends_on" and (source, target) in linked:
            continue  # a call or connection already shows this start-up need
        for name in (source, target):
            if name not in known:
                known.add(name)
                lines.append(f"  {quote(name)} [shape=box, style=dashed, label={quote(name)}];")
        if kind == "database" and target in shared:
            attributes = ['style=solid, color="#b00020", penwidth=2.2']
        else:
            attributes = [_EDGE_STYLES.get(kind, "style=solid")]
        if kind in _ARROWS:
            attributes.append(_ARROWS[kind])
        if kind == "depends_on":
            attributes.append("constraint=false")  # start-up order should not shape the layout
        if count is not None:
            said = ngettext("%(num)s call seen in traces", "%(num)s calls seen in traces", count)
            attributes.append(f"tooltip={quote(said)}")
            if len(drawn) <= 40:
                attributes.append(f"label={quote(count)}")
        lines.append(f"  {quote(source)} -> {quote(target)} [{', '.join(attributes)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
