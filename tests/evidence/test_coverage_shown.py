"""The page and the report show, beside each suggestion, how much the files could show.

Real files: Bank of Anthos's Kubernetes manifests (see tests/fixtures/bank-of-anthos/README.md).
"""

import io
from pathlib import Path

from tests.web.journey import candidates_form, context_form, post, signs_form, start, step_url

MANIFESTS = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "bank-of-anthos").glob("*.yaml"))


def test_the_page_and_the_report_show_the_coverage_beside_the_suggestion(client, answers):
    public_id = start(client)
    post(client, public_id, "context", context_form(answers))
    upload = {"files": [(io.BytesIO(p.read_bytes()), p.name) for p in MANIFESTS]}
    response = client.post(step_url(public_id, "evidence"), data=upload, content_type="multipart/form-data")
    assert response.status_code == 302
    page = client.get(step_url(public_id, "signs")).get_data(as_text=True)
    shared = page.split('id="shared_database-suggestion"')[1].split("</div>")[0]
    assert "How much the files could show: 6 of 6 applications&#39; data connections seen" in shared
    form = signs_form({"signs": answers["signs"]})
    assert post(client, public_id, "signs", form, action="accept-shared_database").status_code == 302
    form["shared_database"] = "yes"
    assert post(client, public_id, "signs", form).status_code == 302
    assert post(client, public_id, "candidates", candidates_form(answers)).status_code == 302
    result = client.get(step_url(public_id, "result")).get_data(as_text=True)
    section = result.split('id="evidence"')[1].split("</section>")[0]
    assert "How much the files could show: 6 of 6 applications&#39; data connections seen" in section
    assert "6 services, 2 data stores" in section and "1 more part is tooling or shared platform" in section
