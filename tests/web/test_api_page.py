"""The API's reference page (/api): made from the OpenAPI document the API serves, linked from
every page's footer, its text escaped."""

from __future__ import annotations

import html
import re

from app import instrument as instruments
from app.api.openapi import document
from app.api.reference import prose


def test_the_page_shows_every_operation_of_the_document(client):
    response = client.get("/api")
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200 and "<h1>The Splitcheck API</h1>" in page
    doc = document()
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            assert f'id="{operation["operationId"]}"' in page and operation["summary"] in page
            assert f'<span class="api-method">{method.upper()}</span> {path}' in page
            for status in operation["responses"]:
                assert ("Any other" if status == "default" else status) in page
    for name in doc["components"]["schemas"]:
        assert f'id="schema-{name}"' in page
    assert 'href="/api/v1/openapi.json"' in page


def test_the_page_shows_parameters_fields_access_and_examples(client):
    page = html.unescape(client.get("/api").get_data(as_text=True))
    section = page[page.index('id="listClients"') : page.index('id="createClient"')]
    assert "<code>per_page</code>" in section and "whole number, in the query" in section
    assert "a workspace API token with <code>read:results</code>" in section
    assert '"total": 61' in section  # its example, as JSON
    scoring = page[page.index('id="score"') : page.index('id="evidence"')]
    assert "Open to anyone" in scoring and '"instrument": "splitcheck/1"' in scoring
    answers = page[page.index('id="schema-Answers-splitcheck-1"') :]
    for sign in instruments.get().signs:  # the questionnaire's own signs, from its file
        assert f"<code>signs.{sign.id}</code>" in answers and sign.title in answers


def test_every_page_links_to_it(client):
    assert re.search(r'<a href="/api">API for scripts</a>', client.get("/").get_data(as_text=True))


def test_text_is_escaped_and_backticks_are_code():
    shown = prose("send `Authorization: Bearer <token>` & <script>alert(1)</script>")
    assert shown == (
        "send <code>Authorization: Bearer &lt;token&gt;</code> &amp; &lt;script&gt;alert(1)&lt;/script&gt;"
    )
