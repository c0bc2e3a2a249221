"""How much one evidence analysis may cost: size before the form is read, time, and how often."""

from __future__ import annotations

import io

from app.evidence_import.models import EvidenceImport

from .test_csrf_and_expiry import begin, csrf_token
from .test_evidence_import import SHARED_DB

MEGABYTE = 1024 * 1024


def _padded(size: int) -> bytes:
    """A small compose file made `size` bytes long with a comment, as a generated file can be."""
    return SHARED_DB + b"# " + b"x" * (size - len(SHARED_DB) - 3) + b"\n"


def _upload(client, public_id: str, data: bytes):
    page = client.get(f"/assessments/{public_id}/evidence").get_data(as_text=True)
    return client.post(
        f"/assessments/{public_id}/evidence",
        content_type="multipart/form-data",
        data={"csrf_token": csrf_token(page), "files": [(io.BytesIO(data), "compose.yaml")]},
    )


def test_the_upload_page_takes_files_larger_than_a_form_with_csrf_on(csrf_app, count_rows):
    client = csrf_app.test_client()
    public_id, _ = begin(client)
    response = _upload(client, public_id, _padded(3 * MEGABYTE))
    assert response.status_code == 302 and response.location.endswith("/signs#evidence")
    assert count_rows(EvidenceImport) == 1


def test_over_the_upload_limit_the_page_says_the_limit(csrf_app, count_rows):
    csrf_app.config["EVIDENCE_MAX_BYTES"] = MEGABYTE
    client = csrf_app.test_client()
    public_id, _ = begin(client)
    response = _upload(client, public_id, _padded(MEGABYTE + MEGABYTE // 2))
    html = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "Import evidence" in html and "larger than 1 MB together" in html
    assert count_rows(EvidenceImport) == 0


def test_an_analysis_over_its_time_budget_is_refused_with_a_message(app, client, count_rows):
    app.config["EVIDENCE_MAX_SECONDS"] = 1e-9
    response = client.post(
        "/api/v1/evidence",
        content_type="multipart/form-data",
        data={"files": [(io.BytesIO(SHARED_DB), "compose.yaml")]},
    )
    assert response.status_code == 422
    (error,) = response.get_json()["errors"]
    assert error["field"] == "files" and "within 1e-09 seconds" in error["message"]

    from .journey import start

    public_id = start(client)
    page = client.post(
        f"/assessments/{public_id}/evidence",
        content_type="multipart/form-data",
        data={"files": [(io.BytesIO(SHARED_DB), "compose.yaml")]},
    )
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert "more than Splitcheck can analyse" in html and "Nothing was imported" in html
    assert count_rows(EvidenceImport) == 0


def test_analyses_are_limited_per_address_across_the_api_and_the_page(app, client):
    app.config["EVIDENCE_RATE_LIMIT"] = "3 per minute"
    from .journey import start

    public_id = start(client)

    def api():
        return client.post(
            "/api/v1/evidence",
            content_type="multipart/form-data",
            data={"files": [(io.BytesIO(SHARED_DB), "compose.yaml")]},
        )

    assert [api().status_code for _ in range(2)] == [200, 200]
    assert (
        client.post(
            f"/assessments/{public_id}/evidence",
            content_type="multipart/form-data",
            data={"files": [(io.BytesIO(SHARED_DB), "compose.yaml")]},
        ).status_code
        == 302
    )
    refused = api()
    assert refused.status_code == 429 and refused.get_json()["errors"]
    # The page itself still opens: only asking for analyses is limited.
    assert client.get(f"/assessments/{public_id}/evidence").status_code == 200
