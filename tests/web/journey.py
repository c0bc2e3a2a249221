"""Walks the questionnaire through the test client, as a browser would post it."""

from __future__ import annotations

import re


def start(client) -> str:
    response = client.post("/start")
    assert response.status_code == 302, response.status_code
    return re.search(r"/assessments/([^/]+)/context", response.location)[1]


def step_url(public_id: str, step: str) -> str:
    return f"/assessments/{public_id}/{step}"


def context_form(doc: dict) -> dict:
    form = {k: str(v) for k, v in doc["context"].items()}
    form["team"] = doc.get("team", {}).get("name", "")
    return form


def signs_form(doc: dict, notes: dict | None = None) -> dict:
    form = dict(doc["signs"])
    form.update({f"{sign}_note": note for sign, note in (notes or {}).items()})
    return form


def candidates_form(doc: dict) -> dict:
    form: dict = {}
    for i, candidate in enumerate(doc.get("candidates", [])):
        for question, answer in candidate.items():  # the name, then every question of the document
            form[f"candidates-{i}-{question}"] = (answer or ["none"]) if isinstance(answer, list) else answer
    return form


def version_on_page(client, public_id: str, step: str) -> str | None:
    """The version of the answers the step's page holds; None when this client can't open it."""
    page = client.get(step_url(public_id, step))
    found = re.search(r'name="version" value="([^"]*)"', page.get_data(as_text=True))
    return found[1] if page.status_code == 200 and found else None


def post(client, public_id: str, step: str, form: dict, action: str = "next"):
    """The step posted as from its page, just opened: with the version of the answers it holds."""
    data = {**form, "action": action}
    if "version" not in data and (version := version_on_page(client, public_id, step)) is not None:
        data["version"] = version
    return client.post(step_url(public_id, step), data=data)


def complete(client, doc: dict, notes: dict | None = None) -> str:
    """Answer every step from an answers document; returns the public id."""
    public_id = start(client)
    assert post(client, public_id, "context", context_form(doc)).status_code == 302
    assert post(client, public_id, "signs", signs_form(doc, notes)).status_code == 302
    response = post(client, public_id, "candidates", candidates_form(doc))
    assert response.status_code == 302 and response.location.endswith("/result"), response.location
    return public_id
