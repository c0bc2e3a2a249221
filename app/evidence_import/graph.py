"""The service graph as SVG: laid out by Graphviz, then cleaned for embedding."""

from __future__ import annotations

import math
import subprocess
import xml.etree.ElementTree as ET

from markupsafe import escape

from app.evidence import to_dot
from app.language import gettext as _

SVG_NS = "http://www.w3.org/2000/svg"
ALLOWED = {"svg", "g", "title", "path", "polygon", "polyline", "ellipse", "circle", "rect", "line", "text", "defs"}
TIMEOUT_SECONDS = 60


class GraphUnavailable(RuntimeError):
    """Graphviz is missing or failed; the evidence is still usable without a picture."""


# Graphviz wraps an edge with a tooltip (the calls counted in traces) in a link: the link goes,
# the line and arrowhead it holds stay.
UNWRAPPED = {"a"}


def _clean(svg: str) -> str:
    """Keep drawing elements and their presentation attributes; drop links (not what they hold),
    scripts, images."""
    ET.register_namespace("", SVG_NS)
    root = ET.fromstring(svg)
    for element in root.iter():
        if element.tag.removeprefix("{" + SVG_NS + "}") in UNWRAPPED:
            element.tag, element.attrib = "{" + SVG_NS + "}g", {}
    for parent in root.iter():
        for child in list(parent):
            if child.tag.removeprefix("{" + SVG_NS + "}") not in ALLOWED:
                parent.remove(child)
    for element in root.iter():
        for name in list(element.attrib):
            local = name.rsplit("}", 1)[-1]
            if local.startswith("on") or "href" in local or local == "style" and "url(" in element.attrib[name]:
                del element.attrib[name]
    root.set("role", "img")
    root.set("aria-label", LABEL)
    return ET.tostring(root, encoding="unicode")


# The drawing's label as stored (English); pages say it in the reader's language.
LABEL = "Service graph: services, data stores and brokers, and how they are connected"


def translated_label(svg: str) -> str:
    """The stored drawing with its label in the language of the page."""
    said = _("Service graph: services, data stores and brokers, and how they are connected")
    if said == LABEL:
        return svg
    return svg.replace(f'aria-label="{LABEL}"', f'aria-label="{escape(said)}"', 1)


# A landscape A4 page; layouts far from its shape shrink to unreadable on paper.
PAGE_ASPECT = 1.41


def _layout(engine: str, dot: str) -> str:
    try:
        done = subprocess.run(
            [engine, "-Tsvg"], input=dot.encode(), capture_output=True, timeout=TIMEOUT_SECONDS, check=True
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise GraphUnavailable(str(exc)) from exc
    return done.stdout.decode("utf-8")


def _misfit(svg: str) -> float:
    """How far the drawing's shape is from the page's (0 is a perfect fit)."""
    root = ET.fromstring(svg)
    width, height = (float(root.get(k, "1pt").removesuffix("pt") or 1) for k in ("width", "height"))
    return abs(math.log(max(width, 1) / max(height, 1) / PAGE_ASPECT))


def render_svg(document: dict) -> str:
    """Lay the graph out left to right; if that is far too wide or tall (long chains),
    try top to bottom and a force-directed layout, and keep the best-fitting one."""
    dot = to_dot(document)
    best = _layout("dot", dot)
    if _misfit(best) > math.log(2):
        candidates = [best, _layout("dot", dot.replace("rankdir=LR", "rankdir=TB", 1))]
        try:
            candidates.append(_layout("neato", dot))
        except GraphUnavailable:
            pass
        best = min(candidates, key=_misfit)
    return _clean(best)
