"""The PDF report is readable by screen readers: tagged (PDF/UA-1), with a title and a language."""

from __future__ import annotations

import io

from pypdf import PdfReader

from .journey import complete, step_url


def structure(node, found: list) -> list:
    """Every structure element under `node`, depth first: (its type, its /Alt text)."""
    node = node.get_object()
    if isinstance(node, list):
        for child in node:
            structure(child, found)
    elif hasattr(node, "get"):
        if node.get("/S") is not None:
            found.append((str(node["/S"]), str(node.get("/Alt", ""))))
        if node.get("/K") is not None:
            structure(node["/K"], found)
    return found


def flag(dictionary, key: str) -> bool:
    """A PDF boolean (pypdf's BooleanObject) as a Python bool; False when missing."""
    value = dictionary.get(key) if dictionary is not None else None
    return value is not None and getattr(value.get_object(), "value", None) is True


def test_pdf_is_tagged_with_a_title_and_a_language(client, answers):
    public_id = complete(client, answers)
    response = client.get(step_url(public_id, "report.pdf"))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    catalog = reader.trailer["/Root"]

    mark_info = catalog.get("/MarkInfo")
    assert mark_info is not None, "the PDF has no /MarkInfo: it is not tagged"
    assert flag(mark_info.get_object(), "/Marked"), f"/MarkInfo is {mark_info.get_object()!r}"
    tree = catalog.get("/StructTreeRoot")
    assert tree is not None, "the PDF has no structure tree (/StructTreeRoot)"
    tags = structure(tree.get_object()["/K"], [])
    kinds = [kind for kind, _ in tags]
    assert kinds.count("/H1") == 1 and "/H2" in kinds and "/L" in kinds, f"headings and lists not tagged: {kinds}"
    figures = [alt for kind, alt in tags if kind == "/Figure"]
    assert any("six signs" in alt for alt in figures), f"the chart has no text alternative: {figures}"

    assert str(catalog.get("/Lang", "")).lower().startswith("en"), f"/Lang is {catalog.get('/Lang')!r}"
    title = reader.metadata.title if reader.metadata else None
    assert title and answers["team"]["name"] in title, f"the PDF's title is {title!r}"
    # Viewers show that title rather than the file name (PDF/UA asks for it).
    preferences = catalog.get("/ViewerPreferences")
    assert flag(preferences.get_object() if preferences else None, "/DisplayDocTitle"), preferences
