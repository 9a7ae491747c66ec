"""gunicorn settings for gigkit's API nodes: `gunicorn -c deploy/gunicorn.conf.py
app.wsgi:application`. Every value can be overridden on the command line or with
GUNICORN_CMD_ARGS; docs/deploy.md explains each choice, docs/scaling.md how many nodes."""

import multiprocessing
import os
import shutil
import tempfile

bind = os.environ.get("GIGKIT_BIND", "127.0.0.1:8000")
# Sync workers: each request holds one process (and at most one database connection at a
# time); the API does no long waits in a request. A few per core.
worker_class = "sync"
workers = int(os.environ.get("GIGKIT_WEB_WORKERS", multiprocessing.cpu_count() * 2 + 1))
timeout = 30  # a stuck request: the worker is replaced
graceful_timeout = 30
max_requests = 5000  # recycle workers now and then (with jitter, not all at once)
max_requests_jitter = 500
limit_request_line = 8190  # the app answers 414 itself up to this (docs/deploy.md)
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = None  # the app logs every request itself, as JSON with its request id

# Prometheus multiprocess mode (app/core/metrics.py): one directory for all the workers'
# values, emptied at start (a value from a previous run would be counted again).
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="gigkit-metrics-")


def on_starting(server):
    directory = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory, exist_ok=True)


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
