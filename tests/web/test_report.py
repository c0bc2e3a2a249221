"""The result's PDF: its text, its cache, and what it refuses to fetch."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from werkzeug.http import parse_options_header

from app.reports import pdf
from app.reports.pdf import RefusedResource, StaticOnlyFetcher

from .journey import complete, context_form, post, step_url
from .journey import start as start_draft

HOSTILE = '<img src="file:///etc/passwd"><script>alert(1)</script>'


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def fetched(monkeypatch):
    """Every URL WeasyPrint asks the fetcher for."""
    urls: list[str] = []
    original = StaticOnlyFetcher.fetch

    def recording(self, url, headers=None):
        urls.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(StaticOnlyFetcher, "fetch", recording)
    return urls


def test_pdf_has_the_verdict_team_and_recommendations(client, answers, fetched):
    public_id = complete(client, answers)
    response = client.get(step_url(public_id, "report.pdf"))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    disposition, options = parse_options_header(response.headers["Content-Disposition"])
    assert disposition == "attachment" and options["filename"].startswith("splitcheck-checkout-")
    text = pdf_text(response.data)
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) >= 3
    first_page = reader.pages[0].extract_text()
    assert "Checkout" in first_page and "Distributed monolith" in first_page
    assert "What is a distributed monolith?" in first_page and "What to do first" in first_page
    for title in ("Give every service its own data", "Make API changes safe with contracts"):
        assert title in text
    assert "Page 1 of" in text and "splitcheck/1" in text
    assert all(url.startswith(pdf.BASE_URL) for url in fetched)
    assert reader.metadata.title == "Splitcheck report: Checkout"


def test_hostile_team_name_is_escaped_in_page_and_pdf_and_never_fetched(client, answers, fetched):
    answers["team"]["name"] = HOSTILE
    answers["candidates"][0]["name"] = '<object data="http://127.0.0.1:9/x">'
    public_id = complete(client, answers, notes={"call_chains": '<link rel="attachment" href="file:///etc/passwd">'})
    page = client.get(step_url(public_id, "result")).get_data(as_text=True)
    assert HOSTILE not in page and "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in page
    assert "<object" not in page and '<link rel="attachment"' not in page
    text = pdf_text(client.get(step_url(public_id, "report.pdf")).data)
    assert '<img src="file:///etc/passwd">' in text  # shown as text, not rendered
    assert "root:x:0:0" not in text
    assert not [u for u in fetched if "passwd" in u or "127.0.0.1" in u]


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/style.css",
        "https://example.com/logo.png",
        "data:text/plain;base64,aGVsbG8=",
        pdf.BASE_URL + "../pyproject.toml",
        pdf.BASE_URL + "css/../../wsgi.py",
        "ftp://example.com/x",
    ],
)
def test_fetcher_refuses_everything_outside_static(url):
    with pytest.raises(RefusedResource):
        StaticOnlyFetcher().fetch(url)


def test_fetcher_serves_static_files():
    response = StaticOnlyFetcher().fetch(pdf.BASE_URL + "css/report-print.css")
    assert b"@page" in response.read() and response.content_type == "text/css"


def test_second_download_comes_from_the_cache(client, answers, monkeypatch):
    public_id = complete(client, answers)
    renders = []
    real_render = pdf.render
    monkeypatch.setattr(pdf, "render", lambda html: renders.append(1) or real_render(html))
    first = client.get(step_url(public_id, "report.pdf")).data
    from app.reports import delivery

    monkeypatch.setattr(delivery, "report_for", lambda assessment: pytest.fail("a cache hit built the report"))
    second = client.get(step_url(public_id, "report.pdf")).data
    assert first == second and len(renders) == 1


def test_a_stored_pdf_comes_out_the_same(client, answers):
    public_id = complete(client, answers)
    first = client.get(step_url(public_id, "report.pdf"))
    second = client.get(step_url(public_id, "report.pdf"))
    assert second.status_code == 200 and second.data == first.data
    for header in ("Content-Type", "Content-Disposition", "Cache-Control"):
        assert second.headers[header] == first.headers[header], header


def test_a_stored_pdf_is_only_for_whoever_holds_the_link(app, client, answers):
    """The one-query download checks the link as every other page does: a stored PDF is no
    easier to reach than the page it comes from."""
    from app.assessments.access import SESSION_KEY
    from app.assessments.models import Assessment
    from app.extensions import db
    from app.links import new_link

    public_id = complete(client, answers)
    assert client.get(step_url(public_id, "report.pdf")).status_code == 200  # now stored
    with app.app_context():
        team_public_id = db.session.scalar(db.select(Assessment).filter_by(public_id=public_id)).team.public_id
    stranger = app.test_client()
    assert stranger.get(step_url(public_id, "report.pdf")).status_code == 404
    with stranger.session_transaction() as session:
        session[SESSION_KEY] = {team_public_id: new_link()[0]}  # a made-up link for this team
    assert stranger.get(step_url(public_id, "report.pdf")).status_code == 404
    with client.session_transaction() as session:
        held = session[SESSION_KEY][team_public_id]
    with stranger.session_transaction() as session:
        session[SESSION_KEY] = {team_public_id: held}
    assert stranger.get(step_url(public_id, "report.pdf")).data.startswith(b"%PDF")


def test_the_narrow_screen_chart_is_on_the_page_and_not_in_the_pdf(client, answers, monkeypatch):
    """The PDF has the SVG chart only: its page is never narrow, and hidden HTML still costs a render."""
    public_id = complete(client, answers)
    assert 'class="sign-bars"' in client.get(step_url(public_id, "result")).get_data(as_text=True)
    rendered = []
    real_render = pdf.render
    monkeypatch.setattr(pdf, "render", lambda html: rendered.append(html) or real_render(html))
    assert client.get(step_url(public_id, "report.pdf")).status_code == 200
    assert 'class="sign-bars"' not in rendered[0] and "<svg" in rendered[0]


def test_a_pdf_cached_before_an_edit_is_not_served_after_it(client, answers):
    public_id = complete(client, answers)
    before = pdf_text(client.get(step_url(public_id, "report.pdf")).data)
    post(client, public_id, "context", dict(context_form(answers), team="Payments"))
    after = pdf_text(client.get(step_url(public_id, "report.pdf")).data)
    assert "Checkout" in before and "Payments" in after and "Checkout" not in after


@pytest.mark.parametrize("name", ["مراجعة الخدمات", "Checkout 🚀🧦 结账平台", "W" * 200])
def test_names_in_any_script_render_in_page_and_pdf(client, answers, name):
    answers["team"]["name"] = name
    public_id = complete(client, answers)
    assert name in client.get(step_url(public_id, "result")).get_data(as_text=True)
    response = client.get(step_url(public_id, "report.pdf"))
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    # Drawn with a font that has the characters (text without one comes out as empty boxes,
    # and unreadable): the name is in the PDF's text, written left to right or right to left.
    text = "".join(pdf_text(response.data).split())  # long names wrap
    assert all(word in text or word[::-1] in text for word in name.split()), name


def test_harfbuzz_subsetting_is_available():
    """Without libharfbuzz-subset0 WeasyPrint silently falls back to a 2.5x slower subsetter."""
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    assert harfbuzz_subset is not None, "install Debian's libharfbuzz-subset0"
    assert harfbuzz.hb_version_atleast(4, 1, 0)


def test_unfinished_assessment_has_no_pdf_yet(client):
    from .journey import start

    public_id = start(client)
    response = client.get(step_url(public_id, "report.pdf"))
    assert response.status_code == 302 and "/context" in response.location


def test_settled_process_renders_with_its_long_lived_objects_out_of_the_collectors_sight():
    import gc

    try:
        pdf.settle()
        assert gc.get_freeze_count() > 10_000  # the app, WeasyPrint and the loaded fonts
        body = pdf.render("<h1>Checkout</h1><p>Still renders.</p>")
        assert body.startswith(b"%PDF") and "Checkout" in pdf_text(body)
    finally:
        gc.unfreeze()


def test_a_settled_process_serves_pages_from_templates_compiled_before_any_worker_forked(app, client, monkeypatch):
    """gunicorn's master settles the app before forking: no worker compiles a template itself."""
    import gc

    from app.warmup import settle

    try:
        settle(app)
    finally:
        gc.unfreeze()

    def no_loading(*args, **kwargs):
        raise AssertionError("a template was compiled after settle()")

    monkeypatch.setattr(app.jinja_env.loader, "get_source", no_loading)
    public_id = start_draft(client)
    for path in ("/", step_url(public_id, "context"), step_url(public_id, "signs"), "/how-the-score-works"):
        assert client.get(path).status_code == 200, path


def test_with_public_url_set_no_host_header_changes_the_pdf_or_makes_another(app, client, answers, monkeypatch):
    """The report links to "How the score works" under PUBLIC_URL, whatever Host a request brings:
    otherwise anyone holding a link could make the server render and store a PDF per made-up host."""
    app.config.update(PUBLIC_URL="https://splitcheck.example", SERVER_NAME=None)
    public_id = complete(client, answers)
    renders = []
    real_render = pdf.render
    monkeypatch.setattr(pdf, "render", lambda html: renders.append(html) or real_render(html))
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    browser = app.test_client(use_cookies=False)  # the same session, sent to any host
    for host in ("splitcheck.example", "evil.example", "10.0.0.7:8123"):
        response = browser.get(
            step_url(public_id, "report.pdf"), headers={"Host": host, "Cookie": f"{cookie.key}={cookie.value}"}
        )
        assert response.status_code == 200 and response.data.startswith(b"%PDF"), host
    assert len(renders) == 1 and 'href="https://splitcheck.example/how-the-score-works"' in renders[0]
