"""Readying a long-lived process before it forks: what every worker would otherwise do for
itself on its first requests, after every start and every restart, done once and shared.

gunicorn's master calls `settle` when the app is loaded (preload_app) and before any worker is
forked; the PDF worker calls it before rq forks a work horse per job.
"""

from __future__ import annotations

from flask import Flask

from app.reports import pdf


def settle(app: Flask) -> None:
    """Compile every template, load WeasyPrint's fonts, and freeze what exists out of the
    garbage collector's sight (`reports.pdf.settle`).

    Without this, a worker compiles each template on first use: its first pages are served
    100 ms or more late, after every restart (gunicorn restarts a worker every 2,000 requests).
    """
    for name in app.jinja_env.list_templates():
        app.jinja_env.get_template(name)
    pdf.settle()
