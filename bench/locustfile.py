"""Locust user for bench/load.py: one person answering the questionnaire once, like a browser.

Each simulated person (a `Respondent`):

1. GET /                                  reads the start form's csrf_token
2. POST /start                            302 to the context step
3. GET + POST the context step            realistic numbers and a team name
4. GET + POST the signs step              an answer to each of the six signs, notes on 0-3 of them
5. GET the candidates step, then for each of 0-2 candidates POST "add" and GET the page
   again (as a browser without JavaScript does), then POST "next"   302 to the result
6. GET the result page
7. one person in five (users 1, 6, 11, ...): GET /assessments/<id>/report.pdf; while it
   answers 202 "Preparing your PDF", poll it every second until 200 (give up after 60 s
   and count an error). The wait from the first request to the 200 is recorded as a
   custom event, type "PDF", name "job wait (first request to 200)".

Every form post carries the hidden fields of the page it comes from (csrf_token,
resume_token, version): CSRF protection is on. Each person pauses before each form post
and before the PDF (BENCH_THINK, default "1,3": a random 1 to 3 s; a redirect is
followed at once, as a browser does), then stops after its journey;
when every person has finished, the run ends (--run-time is only the upper bound).
So the number of requests is bounded: 100 users make about 1,100 page requests, plus
at most 61 requests per PDF (20 PDFs).

Requests are named by page template ("GET /assessments/[id]/signs") so that the
statistics group per page. Every response is checked (status, redirect target,
the form or PDF expected); anything else is a failure, and so is a journey that
did not finish before the run ended.

When BENCH_SAMPLES names a file, every sample (name, type, start, milliseconds,
ok) and the journeys' counters are written there as JSON when the test stops,
for bench/load.py to compute exact percentiles from. Only 127.0.0.1 is allowed
as --host.

Run by bench/load.py; on its own (against a server you started on 127.0.0.1):

    .venv/bin/locust -f bench/locustfile.py --headless -u 100 -r 10 --run-time 90s \\
        --host http://127.0.0.1:8000
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from html import unescape
from urllib.parse import urlencode, urlsplit

import gevent
from locust import FastHttpUser, events, task
from locust.exception import StopUser

PDF_EVERY = 5  # one person in five downloads the PDF
PDF_POLL_SECONDS = 1.0
PDF_GIVE_UP_SECONDS = 60.0
SIGN_IDS = (
    "deploy_coupling",
    "cascading_failure",
    "call_chains",
    "shared_database",
    "local_testing",
    "breaking_changes",
)
SIGN_ANSWERS = ("yes", "partly", "no", "unsure")
CANDIDATE_OPTIONS = {
    "domain_split": ("domain", "layer", "unsure"),
    "owns_data": ("yes", "shared", "unsure"),
    "deploy_alone": ("yes", "no", "unsure"),
    "survives_outages": ("yes", "no", "unsure"),
}
REASONS = ("independent_scaling", "team_independence", "reliability_needs")
SERVICE_NAMES = (
    "Notifications",
    "Invoicing",
    "Search",
    "Auth gateway",
    "Checkout",
    "Catalogue",
    "Payouts",
    "Risk scoring",
    "Shipping",
    "Reporting",
)
TEAM_NAMES = ("Payments Platform", "Checkout", "Growth", "Core Banking", "Logistics", "Identity", "Data Platform")
NOTES = (
    "Checkout, ledger and payouts go out together every Thursday; the release train needs sign-off from "
    "all three teams.",
    "When the FX rates service timed out in March, card capture queued up behind it for 40 minutes.",
    "A card payment crosses gateway -> orders -> risk -> ledger -> payouts, all synchronous.",
    "Ledger and payouts both write to the payments schema in the same Postgres cluster.",
    "Nobody has tried running checkout against stubs; staging is used for everything.",
    "Renaming a field in the customer API last quarter broke the mobile app and invoicing.",
)
PDF_EVENT = ("PDF", "job wait (first request to 200)")


def _think_range() -> tuple[float, float]:
    low, _, high = os.environ.get("BENCH_THINK", "3,6").partition(",")
    return float(low), float(high or low)


THINK = _think_range()
SEED = int(os.environ.get("BENCH_SEED", "20261125"))

# --- what the run measured, written to BENCH_SAMPLES at the end -------------
_numbers = itertools.count(1)
_samples: list[list] = []
_journeys = {
    "started": 0,
    "completed": 0,
    "failed": 0,
    "pdf_wanted": 0,
    "pdf_received": 0,
    "pdf_gave_up": 0,
    "failures": [],
}
_finished = 0
_quitting = False


@events.test_start.add_listener
def _check_host(environment, **_kw) -> None:
    host = urlsplit(environment.host or "").hostname
    if host != "127.0.0.1":
        raise SystemExit(f"bench/locustfile.py sends traffic only to 127.0.0.1, not {environment.host!r}")


@events.request.add_listener
def _record(request_type, name, response_time, start_time=None, exception=None, **_kw) -> None:
    _samples.append(
        [
            name,
            request_type,
            start_time or time.time() - response_time / 1000,
            round(response_time, 3),
            exception is None,
        ]
    )


def _write_samples(**_kw) -> None:
    path = os.environ.get("BENCH_SAMPLES")
    if not path:
        return
    with open(path, "w") as f:
        json.dump({"journeys": _journeys, "samples": _samples}, f)


events.test_stop.add_listener(_write_samples)
events.quitting.add_listener(_write_samples)


class JourneyFailed(Exception):
    """A journey that stopped: kind "request" (a request failed), "pdf_timeout" or "page" (unreadable page)."""

    def __init__(self, detail: str, kind: str = "request") -> None:
        super().__init__(detail)
        self.kind = kind


# --- reading pages like a browser -------------------------------------------
_FORM = re.compile(r'<form\b[^>]*\baction="([^"]*)"[^>]*>(.*?)</form>', re.S)
_HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


def hidden_fields(html: str, action: str) -> list[tuple[str, str]]:
    """The hidden inputs of the page's form that posts to `action`, as a browser would send them."""
    for form_action, body in _FORM.findall(html):
        if urlsplit(unescape(form_action)).path == action:
            return [(name, unescape(value)) for name, value in _HIDDEN.findall(body)]
    raise JourneyFailed(f"no form posting to {action} in the page", kind="exception")


def _location(response) -> str:
    headers = response.headers or {}
    return urlsplit(headers.get("Location") or headers.get("location") or "").path


class Respondent(FastHttpUser):
    """One person, one questionnaire, then stop."""

    network_timeout = 60.0
    connection_timeout = 10.0

    def on_start(self) -> None:
        self.number = next(_numbers)
        self.rng = random.Random(SEED + self.number)
        self.wants_pdf = self.number % PDF_EVERY == 1 % PDF_EVERY
        # Locust replaces a user that stops while it is still spawning the others: such a
        # replacement does nothing, so that the run stays at -u journeys exactly.
        runner = self.environment.runner
        self.extra = runner is not None and self.number > (runner.target_user_count or self.number)
        self.done = self.extra
        if not self.extra:
            _journeys["started"] += 1

    def on_stop(self) -> None:
        global _finished, _quitting
        if self.extra:
            return
        if not self.done:  # stopped by the end of the run, in the middle of its journey
            self.fail("unfinished", "journey not finished when the run ended")
            self.done = True
        _finished += 1
        runner = self.environment.runner
        if runner is not None and not _quitting and _finished >= (runner.target_user_count or 0) > 0:
            _quitting = True
            gevent.spawn_later(0.5, runner.quit)  # everyone is done: end the run now

    def fail(self, kind: str, detail: str) -> None:
        _journeys["failed"] += 1
        _journeys["failures"].append({"user": self.number, "kind": kind, "detail": detail})

    def think(self) -> None:
        gevent.sleep(self.rng.uniform(*THINK))

    # --- requests -----------------------------------------------------------
    def _request(
        self,
        method: str,
        path: str,
        name: str,
        expect: int,
        form=None,
        then: str | None = None,
        must_contain: str | None = None,
    ):
        headers, body = {}, None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        with self.client.request(
            method, path, name=name, data=body, headers=headers, allow_redirects=False, catch_response=True
        ) as response:
            problem = None
            if response.status_code != expect:
                problem = f"HTTP {response.status_code}, expected {expect}"
            elif then is not None and not re.fullmatch(then, _location(response)):
                problem = f"redirected to {_location(response)!r}, expected {then!r}"
            elif must_contain is not None and must_contain not in (response.text or ""):
                problem = f"page without {must_contain!r}"
            if problem:
                response.failure(problem)
                raise JourneyFailed(f"{name}: {problem}")
            response.success()
            return response

    def get_page(self, path: str, name: str, must_contain: str | None = None):
        return self._request("GET", path, f"GET {name}", 200, must_contain=must_contain)

    def post_form(self, path: str, name: str, form: list, then: str):
        return self._request("POST", path, f"POST {name}", 302, form=form, then=then)

    # --- the journey ----------------------------------------------------------
    @task
    def answer_questionnaire(self) -> None:
        if self.extra:
            raise StopUser()
        try:
            self.journey()
        except JourneyFailed as exc:
            self.fail(exc.kind, str(exc))
        except Exception as exc:  # anything unexpected in the simulated browser: never loop again
            self.fail("exception", repr(exc))
        else:
            _journeys["completed"] += 1
        self.done = True
        raise StopUser()

    def journey(self) -> None:
        landing = self.get_page("/", "/", must_contain='action="/start"')
        self.think()
        start = self.post_form(
            "/start", "/start", hidden_fields(landing.text, "/start"), then=r"/assessments/[^/]+/context"
        )
        public_id = _location(start).split("/")[2]
        base = f"/assessments/{public_id}"

        self.step(base, "context", self.context_answers(), then="signs")
        self.step(base, "signs", self.sign_answers(), then="candidates")

        # Candidates: "Add a service" once per candidate, then "See the result".
        page = self.get_page(f"{base}/candidates", "/assessments/[id]/candidates", must_contain="<form")
        candidates = self.candidate_answers()
        for count in range(len(candidates)):
            self.think()
            form = self.candidate_fields(candidates[:count]) + [("action", "add")]
            self.post_form(
                f"{base}/candidates",
                "/assessments/[id]/candidates",
                form + hidden_fields(page.text, f"{base}/candidates"),
                then=rf"{base}/candidates",
            )
            page = self.get_page(
                f"{base}/candidates", "/assessments/[id]/candidates", must_contain=f'name="candidates-{count}-name"'
            )
        self.think()
        form = self.candidate_fields(candidates) + [("action", "next")]
        self.post_form(
            f"{base}/candidates",
            "/assessments/[id]/candidates",
            form + hidden_fields(page.text, f"{base}/candidates"),
            then=rf"{base}/result",
        )
        self.get_page(f"{base}/result", "/assessments/[id]/result", must_contain="report.pdf")

        if self.wants_pdf:
            self.think()
            self.download_pdf(f"{base}/report.pdf")

    def step(self, base: str, step: str, answers: list, then: str) -> None:
        path = f"{base}/{step}"
        page = self.get_page(path, f"/assessments/[id]/{step}", must_contain="<form")
        self.think()
        self.post_form(
            path,
            f"/assessments/[id]/{step}",
            answers + [("action", "next")] + hidden_fields(page.text, path),
            then=rf"{base}/{then}",
        )

    def download_pdf(self, path: str) -> None:
        _journeys["pdf_wanted"] += 1
        name = "GET /assessments/[id]/report.pdf"
        started = time.perf_counter()
        start_time = time.time()
        first = True
        while True:
            with self.client.get(
                path, name=name if first else f"{name} (poll)", allow_redirects=False, catch_response=True
            ) as response:
                status = response.status_code
                body = response.content or b""
                if status == 200 and body.startswith(b"%PDF"):
                    response.success()
                    waited = (time.perf_counter() - started) * 1000
                    events.request.fire(
                        request_type=PDF_EVENT[0],
                        name=PDF_EVENT[1],
                        response_time=waited,
                        response_length=len(body),
                        exception=None,
                        context={},
                        start_time=start_time,
                    )
                    _journeys["pdf_received"] += 1
                    return
                if status == 202 and b"Preparing your PDF" in body:
                    response.success()
                else:
                    response.failure(f"HTTP {status}, expected 200 with a PDF or 202 Preparing your PDF")
                    raise JourneyFailed(f"{name}: HTTP {status}")
            first = False
            if time.perf_counter() - started + PDF_POLL_SECONDS > PDF_GIVE_UP_SECONDS:
                _journeys["pdf_gave_up"] += 1
                events.request.fire(
                    request_type=PDF_EVENT[0],
                    name=PDF_EVENT[1],
                    response_time=(time.perf_counter() - started) * 1000,
                    response_length=0,
                    exception=JourneyFailed("no PDF after 60 s"),
                    context={},
                    start_time=start_time,
                )
                raise JourneyFailed(f"{name}: still preparing after {PDF_GIVE_UP_SECONDS:.0f} s", kind="pdf_timeout")
            gevent.sleep(PDF_POLL_SECONDS)

    # --- realistic answers ----------------------------------------------------
    def context_answers(self) -> list:
        rng = self.rng
        engineers = rng.choice((6, 12, 24, 40, 80, 150, 400))
        teams = max(1, engineers // rng.randint(5, 9))
        return [
            ("team", f"{rng.choice(TEAM_NAMES)} {self.number}"),
            ("engineers", str(engineers)),
            ("teams", str(teams)),
            ("services", str(rng.randint(2, 60))),
            ("deploys_per_week", rng.choice(("", "1", "3", "6", "12.5", "40"))),
        ]

    def sign_answers(self) -> list:
        rng = self.rng
        form = [(sign, rng.choice(SIGN_ANSWERS)) for sign in SIGN_IDS]
        for sign in rng.sample(SIGN_IDS, rng.randint(0, 3)):
            form.append((f"{sign}_note", rng.choice(NOTES)))
        return form

    def candidate_answers(self) -> list[dict]:
        rng = self.rng
        names = rng.sample(SERVICE_NAMES, rng.randint(0, 2))
        candidates = []
        for name in names:
            candidate = {"name": name, **{q: rng.choice(options) for q, options in CANDIDATE_OPTIONS.items()}}
            candidate["reasons"] = rng.sample(REASONS, rng.randint(0, 2)) or ["none"]
            candidates.append(candidate)
        return candidates

    @staticmethod
    def candidate_fields(candidates: list[dict]) -> list:
        fields: list = []
        for i, candidate in enumerate(candidates):
            for key, value in candidate.items():
                if key == "reasons":
                    fields += [(f"candidates-{i}-reasons", r) for r in value]
                else:
                    fields.append((f"candidates-{i}-{key}", value))
        return fields
