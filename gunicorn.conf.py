"""gunicorn settings for Splitcheck. Every value can be overridden from the environment."""
import multiprocessing
import os
import re
import shutil
import tempfile

from gunicorn.glogging import Logger

# Metrics from every worker, summed at /metrics; must be set before the app is imported.
_own_metrics_dir = not os.environ.get("PROMETHEUS_MULTIPROC_DIR")
if _own_metrics_dir:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="splitcheck-metrics-")

bind = os.environ.get("BIND", "127.0.0.1:8000")


def _default_workers() -> int:
    """2 x cores + 1 where a request waits on a database server; cores + 1 on SQLite, where it
    never waits on a network and workers beyond that only take turns at the same cores
    (measured on 2 cores: the signs step 25% faster with 3 workers than with 5)."""
    cores = multiprocessing.cpu_count()
    on_sqlite = (os.environ.get("DATABASE_URL") or "sqlite").startswith("sqlite")
    return min(cores + 1 if on_sqlite else cores * 2 + 1, 8)


workers = int(os.environ.get("WEB_CONCURRENCY", _default_workers()))
threads = int(os.environ.get("WEB_THREADS", 1))
# Load the app (and WeasyPrint) once in the master; workers fork from it.
preload_app = True
timeout = int(os.environ.get("WEB_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
# The app writes one JSON line per request itself; gunicorn's own access log is optional.
accesslog = os.environ.get("ACCESS_LOG") or None
# gunicorn's control socket would be shared by every instance on the machine.
control_socket_disable = True
errorlog = "-"

# Private links carry their token in the path; it must never reach a log.
PRIVATE_PATH = re.compile(r"/(r|s|i)/[^/?\s]+")


class RedactingLogger(Logger):
    """The access log with private-link tokens replaced by "[token]"."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "q"):
            if isinstance(atoms.get(key), str):
                atoms[key] = PRIVATE_PATH.sub(r"/\1/[token]", atoms[key])
        atoms["f"] = PRIVATE_PATH.sub(r"/\1/[token]", atoms.get("f", "-"))
        return atoms


logger_class = RedactingLogger


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    if _own_metrics_dir:
        shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)


def when_ready(server):
    """The app is loaded (preload_app) and no worker forked yet: ready what every worker shares."""
    from app.warmup import settle

    settle(server.app.wsgi())
