"""PDF renders as RQ jobs in a separate worker, when REDIS_URL is set.

The web process never waits for WeasyPrint then: it enqueues a job whose id
is the PDF's content hash (so a second request waits for the same job) and
shows a "preparing" page until the worker has stored the PDF.

Two queues, read by the worker in this order: ``pdf`` for PDFs someone asked for,
``pdf-ahead`` for PDFs prepared before anyone asks. A burst of finished assessments
then never makes a person who clicked "Download PDF" wait behind them: asking for a PDF
whose job still waits in ``pdf-ahead`` moves that job to ``pdf``.
"""

from __future__ import annotations

from flask import current_app
from redis import Redis
from rq import Queue, Retry
from rq.exceptions import NoSuchJobError
from rq.job import Job

QUEUE_NAME = "pdf"
AHEAD_QUEUE_NAME = "pdf-ahead"
JOB_TIMEOUT = 120
RETRIES = 2
RETRY_SECONDS = [2, 10]


def enabled() -> bool:
    return bool(current_app.config.get("REDIS_URL"))


def connection() -> Redis:
    redis = current_app.extensions.get("splitcheck_redis")
    if redis is None:
        redis = current_app.extensions["splitcheck_redis"] = Redis.from_url(current_app.config["REDIS_URL"])
    return redis


def queue(name: str = QUEUE_NAME) -> Queue:
    return Queue(name, connection=connection(), default_timeout=JOB_TIMEOUT)


def queues() -> list[Queue]:
    """What the worker reads, most urgent first."""
    return [queue(QUEUE_NAME), queue(AHEAD_QUEUE_NAME)]


def job_id(key: str) -> str:
    return f"pdf-{key}"


def request_render(
    key: str,
    assessment_id: int,
    base_url: str,
    retry: bool = False,
    ahead: bool = False,
    snapshot_id: int | None = None,
    language: str | None = None,
) -> str:
    """Make sure a job is on its way for this PDF; returns "queued" or "failed".

    `base_url` is the address the PDF was asked for at: the worker makes the report's links with
    it, so that what it renders has the fingerprint the web process looks for. `ahead`: nobody
    has asked for it yet (it goes to the second queue). `snapshot_id`: the PDF is made of that
    snapshot of the assessment's answers (a shared report). `language`: the one it is written in
    (part of `key`), by default the assessment's."""
    target = queue(AHEAD_QUEUE_NAME if ahead else QUEUE_NAME)
    job = _job(job_id(key))
    if job is not None and job.is_failed and not retry:
        return "failed"
    if job is not None and job.is_queued:
        if not ahead and job.origin == AHEAD_QUEUE_NAME:  # someone asks now: it goes first
            queue(AHEAD_QUEUE_NAME).remove(job)
            target.enqueue_job(job)
        return "queued"
    if job is None or job.is_failed or job.is_finished or job.is_canceled or job.is_stopped:
        if job is not None:
            job.delete()
        target.enqueue_call(
            "app.reports.jobs.render_assessment_pdf",
            args=(assessment_id, base_url, snapshot_id, language),
            job_id=job_id(key),
            timeout=JOB_TIMEOUT,
            result_ttl=600,
            failure_ttl=3600,
            retry=Retry(max=RETRIES, interval=RETRY_SECONDS),
        )
    return "queued"


def _job(id_: str) -> Job | None:
    """The job of that id, in whichever queue it is."""
    try:
        return Job.fetch(id_, connection=connection())
    except NoSuchJobError:
        return None


def depth() -> int:
    return sum(q.count for q in queues())
