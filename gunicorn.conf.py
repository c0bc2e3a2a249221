"""gunicorn settings for Splitcheck. Every value can be overridden from the environment."""

import multiprocessing
import os
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


class RedactingLogger(Logger):
    """The access log with private-link tokens replaced by "[token]", in every value a log format
    can name (request line, path, query, referrer, headers, environ).

    `private_paths` is made from the app's URL map before workers fork (`when_ready`); until then
    anything shaped like a token is masked."""

    private_paths = None

    def atoms(self, resp, req, environ, request_time):
        from app.observability import LOOKS_LIKE_A_TOKEN, redact

        pattern = self.private_paths or LOOKS_LIKE_A_TOKEN
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: redact(value, pattern) if isinstance(value, str) else value for key, value in atoms.items()}


logger_class = RedactingLogger


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    if _own_metrics_dir:
        shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)


def when_ready(server):
    """The app is loaded (preload_app) and no worker forked yet: ready what every worker shares."""
    from app.observability import private_paths
    from app.warmup import settle

    app = server.app.wsgi()
    RedactingLogger.private_paths = private_paths(app.url_map)
    settle(app)
