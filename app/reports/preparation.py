"""PDFs prepared ahead: when an assessment is finished or its report's inputs change, its PDF is
made before anyone asks, so that the first "Download PDF" is normally a stored file.

With Redis the worker renders it: a job with the id a download would use (the PDF's
fingerprint), in the queue read after the PDFs people asked for, so a download meanwhile waits
for that job rather than starting another. Without Redis the web process renders it after the
response has been sent (`call_on_close`), on one background thread per process at the lowest
CPU priority (:class:`Preparer`): neither the request that finished the assessment nor the
next request the worker takes waits for WeasyPrint.

Both run after the request's transaction has committed, in an app context of their own, and
read the assessment again by id: what is rendered is what a download will look up. A
preparation that fails is logged and forgotten; the download then renders as it would anyway.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import deque
from collections.abc import Callable
from typing import Any

from flask import Flask, Response, after_this_request, current_app, g, has_request_context, request

from app.assessments.models import Assessment
from app.extensions import db

from . import pdf_store, queue
from .services import fingerprint, pdf_of, source_of

log = logging.getLogger("splitcheck.pdf")


class Preparer:
    """One thread that runs preparations one after another, started in the process that first
    needs it (a forked worker starts its own), niced so that pages go first."""

    def __init__(self) -> None:
        self._work: deque[Callable[[], None]] = deque()
        self._changed = threading.Condition()
        self._busy = 0
        self._pid: int | None = None

    def put(self, task: Callable[[], None]) -> None:
        with self._changed:
            self._work.append(task)
            self._busy += 1
            if self._pid != os.getpid():
                self._pid = os.getpid()
                threading.Thread(target=self._run, name="pdf-preparation", daemon=True).start()
            self._changed.notify_all()

    def wait(self, timeout: float) -> bool:
        """True once everything put so far has run (tests and benchmarks wait on it)."""
        with self._changed:
            return self._changed.wait_for(lambda: self._busy == 0, timeout)

    def _run(self) -> None:
        try:  # Linux nices one thread at a time
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
        except (AttributeError, OSError):
            pass
        while True:
            with self._changed:
                self._changed.wait_for(lambda: bool(self._work))
                task = self._work.popleft()
            try:
                task()
            finally:
                with self._changed:
                    self._busy -= 1
                    self._changed.notify_all()


preparer = Preparer()


def enabled() -> bool:
    return bool(current_app.config.get("PDF_PREPARE_AHEAD", True))


def prepare_after_request(assessment: Assessment) -> None:
    """Prepare this assessment's PDF once the current request is answered; outside a request
    (the CLI, say) nothing is prepared and the first download renders it."""
    if not enabled() or not has_request_context():
        return
    pending: list[int] | None = g.get("_pdfs_to_prepare")
    if pending is None:
        pending = g._pdfs_to_prepare = []
        _after_response(current_app._get_current_object(), pending, request.host_url)  # type: ignore[attr-defined]
    if assessment.id is not None and assessment.id not in pending:
        pending.append(assessment.id)


def on_submitted(assessment: Assessment, before: dict[str, Any] | None) -> None:
    """`assessments.services.after_submit` hook."""
    prepare_after_request(assessment)


def _after_response(app: Flask, pending: list[int], base_url: str) -> None:
    @after_this_request
    def attach(response: Response) -> Response:
        if response.status_code < 400:  # a refused or failed request committed nothing to prepare
            ids = list(pending)
            response.call_on_close(lambda: preparer.put(lambda: prepare_now(app, ids, base_url)))
        return response


def prepare_now(app: Flask, assessment_ids: list[int], base_url: str) -> None:
    """Store (without Redis) or enqueue (with Redis) each assessment's PDF, as asked at
    `base_url`: the report links there, so that is part of its fingerprint."""
    for assessment_id in assessment_ids:
        try:
            with app.app_context(), app.test_request_context("/", base_url=base_url):
                prepare(assessment_id, base_url)
        except Exception:  # never the submit's problem: the download renders it instead
            log.exception("Preparing the PDF of assessment %s failed", assessment_id)


def prepare(assessment_id: int, base_url: str) -> str:
    """In an app and request context: "stored" if the PDF is there already, "rendered",
    "queued" or "failed" (a job for it failed and waits for a retry from the page), or "gone".
    The PDF prepared is the one in the language the assessment was answered in."""
    try:
        assessment = db.session.get(Assessment, assessment_id)
        if assessment is None or not assessment.submitted:
            return "gone"
        key = fingerprint(source_of(assessment))
        store = pdf_store.current()
        if (stored := store.open(assessment_id, key)) is not None:
            stored.close()
            return "stored"
        if queue.enabled():
            return queue.request_render(key, assessment_id, base_url, ahead=True, language=assessment.language)
        store.put(assessment_id, key, pdf_of(assessment))
        return "rendered"
    finally:
        db.session.remove()
