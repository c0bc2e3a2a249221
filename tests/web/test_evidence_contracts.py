"""Two versions of an API contract uploaded with the system's compose file: the signs step
suggests an answer from the break, and the report and its PDF list the break (escaped)."""

from __future__ import annotations

import json

import yaml

from tests.contract_ids import SIGN_IDS

from .journey import context_form, post, signs_form, start, step_url
from .test_evidence_import import upload
from .test_evidence_report import evidence_section, finished_with
from .test_report import pdf_text

BREAKING = SIGN_IDS[5]
COMPOSE = b"""services:
  orders: {image: shop/orders}
  billing:
    image: shop/billing
    environment: {ORDERS_URL: "http://orders:8080"}
  shipping:
    image: shop/shipping
    environment: {ORDERS_URL: "http://orders:8080"}
"""


def orders_api(version: str, with_total: bool, id_type: str = "string") -> bytes:
    fields = {"id": {"type": id_type}, "<script>alert(1)</script>": {"type": "string"}}
    if with_total:
        fields["total"] = {"type": "number"}
    return yaml.safe_dump(
        {
            "openapi": "3.0.3",
            "info": {"title": "Orders API", "version": version},
            "paths": {
                "/orders/{id}": {
                    "get": {
                        "responses": {
                            "200": {
                                "content": {"application/json": {"schema": {"type": "object", "properties": fields}}}
                            }
                        }
                    }
                }
            },
        }
    ).encode()


OLD = ("shop/api/before/orders.yaml", orders_api("2.2", True))
NEW = ("shop/api/after/orders.yaml", json.dumps(yaml.safe_load(orders_api("2.3", False, "integer"))).encode())
EXPECTED = (
    "The orders API changed in version 2.3 in a way that breaks its callers, while it is still called by billing "
    "and shipping. The field total was removed from the response of GET /orders/{id}, so callers that read it "
    "get nothing. 2 changes in this version break callers in all."
)


def test_two_versions_uploaded_give_a_suggestion_and_the_break_in_the_report(client, answers, stored):
    public_id = finished_with(client, answers, ("shop/docker-compose.yml", COMPOSE), OLD, NEW)
    signs_page = client.get(step_url(public_id, "signs")).get_data(as_text=True)
    suggestion = signs_page.split(f'id="{BREAKING}-suggestion"')[1].split("</div>")[0]
    assert "Suggested from your files: Yes" in suggestion
    assert EXPECTED in suggestion
    assert "1 API contract read, 1 with an earlier version to compare" in suggestion
    section = evidence_section(client, public_id)
    assert EXPECTED in section
    assert '<ul class="finding-breaks"' in section
    assert "<li>The field total was removed from the response of GET /orders/{id}" in section
    assert "<li>The type of id in GET /orders/{id} changed from string to integer" in section
    text = " ".join(pdf_text(client.get(step_url(public_id, "report.pdf")).data).split())
    assert "while it is still called by billing and shipping. The field total was removed" in text


def test_a_removed_field_named_like_markup_is_shown_as_text(client, answers):
    renamed = orders_api("2.4", False, "integer").replace(b"<script>alert(1)</script>", b"name")
    public_id = finished_with(
        client, answers, ("shop/docker-compose.yml", COMPOSE), NEW, ("shop/api/v24/orders.yaml", renamed)
    )
    section = evidence_section(client, public_id)
    assert "The field &lt;script&gt;alert(1)&lt;/script&gt; was removed" in section
    assert "<script>alert(1)</script>" not in section


def test_using_the_suggestion_answers_the_sign_with_it(client, answers, stored):
    public_id = start(client)
    post(client, public_id, "context", context_form(answers))
    assert upload(client, public_id, ("shop/docker-compose.yml", COMPOSE), OLD, NEW).status_code == 302
    assert stored(public_id).draft["signs"].get(BREAKING) is None  # a suggestion answers nothing by itself
    post(client, public_id, "signs", signs_form(answers), action=f"accept-{BREAKING}")
    draft = stored(public_id).draft
    assert draft["signs"][BREAKING] == "yes" and draft["evidence"][BREAKING]["decision"] == "accepted"
