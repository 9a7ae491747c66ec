"""Prometheus metrics: what the process counts, and the scrape (`/metrics`, app/system).

Counted where it happens, only once the unit of work that did it has committed (a rolled
back payout was never paid):
- `gigkit_http_requests_total{operation,method,status}` and
  `gigkit_http_request_duration_seconds{operation}`: every request; `operation` is the
  route's endpoint name (`workers.Workers`, a bounded set), `unmatched` for no route;
- `gigkit_events_total{type}`: every domain event (`payout.paid`, `shift.settled`...), so
  payouts by state are `gigkit_events_total{type=~"payout.*"}`;
- `gigkit_settlement_lag_seconds`: from a payout's creation (the clock-out that settled
  it) to its `paid`;
- `gigkit_webhook_attempts_total{outcome}` and `gigkit_webhook_delivery_lag_seconds`
  (from the delivery's creation to its successful attempt);
- `gigkit_db_connections_in_use`: connections checked out of the pools, summed over the
  live processes.
Read at scrape time: `gigkit_jobs{queue,state}` (queued, running, failed: RQ's queues and
registries in Redis).

Under gunicorn (several processes) set `PROMETHEUS_MULTIPROC_DIR` to an empty directory
before the processes start (deploy/gunicorn.conf.py does, and marks dead workers): each
process writes its values there and any process's `/metrics` answers for all of them
(and for `gigkit worker` processes on the same machine given the same directory). Without
it, one process's own values.
"""

from __future__ import annotations

import hmac
import logging
import os
import socket
import threading
import time
from collections.abc import Iterator
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from flask import Flask, Response, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    make_wsgi_app,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import event as sa_event
from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)

MULTIPROCESS = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))
# the methods labelled as such: any other (`FOO1`, 5,000 characters) is `other`, so no
# request can add series of its own
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
LAG_BUCKETS = (0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600)

REQUESTS = Counter(
    "gigkit_http_requests", "HTTP requests answered.", ["operation", "method", "status"]
)
LATENCY = Histogram(
    "gigkit_http_request_duration_seconds",
    "Time to answer an HTTP request.",
    ["operation"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
EVENTS = Counter("gigkit_events", "Domain events committed.", ["type"])
SETTLEMENT_LAG = Histogram(
    "gigkit_settlement_lag_seconds",
    "From a payout's creation (the clock-out that settled it) to paid.",
    buckets=LAG_BUCKETS,
)
WEBHOOK_ATTEMPTS = Counter("gigkit_webhook_attempts", "Webhook delivery attempts.", ["outcome"])
WEBHOOK_LAG = Histogram(
    "gigkit_webhook_delivery_lag_seconds",
    "From a webhook delivery's creation to its successful attempt.",
    buckets=LAG_BUCKETS,
)
DB_IN_USE = Gauge(
    "gigkit_db_connections_in_use",
    "Database connections checked out of the pools.",
    multiprocess_mode="livesum",
)


_OWN: tuple[Collector, ...] = (
    REQUESTS,
    LATENCY,
    EVENTS,
    SETTLEMENT_LAG,
    WEBHOOK_ATTEMPTS,
    WEBHOOK_LAG,
    DB_IN_USE,
)


def init_app(app: Flask) -> None:
    """Time and count every request (first in, last out: the whole pipeline)."""
    app.before_request(_start)
    app.after_request(_observe)


def _start() -> None:
    g.metrics_start = time.perf_counter()


def _observe(response: Response) -> Response:
    started = g.pop("metrics_start", None)
    if started is not None:
        rule = request.url_rule
        operation = rule.endpoint if rule is not None else "unmatched"
        method = request.method if request.method in METHODS else "other"
        REQUESTS.labels(operation, method, str(response.status_code)).inc()
        LATENCY.labels(operation).observe(time.perf_counter() - started)
    return response


def count_events(types: dict[str, int]) -> None:
    for type_, n in types.items():
        EVENTS.labels(type_).inc(n)


def observe_lag(histogram: Histogram, since: Any, until: Any) -> None:
    histogram.observe(max(0.0, (until - since).total_seconds()))


def watch_pool(engine: Engine) -> None:
    """Keep `gigkit_db_connections_in_use` as the engine's pool checks connections out."""
    sa_event.listen(engine, "checkout", lambda *_: DB_IN_USE.inc())
    sa_event.listen(engine, "checkin", lambda *_: DB_IN_USE.dec())


class _Jobs(Collector):
    """`gigkit_jobs{queue,state}` read from Redis at scrape time."""

    def __init__(self, runner: Any) -> None:
        self.runner = runner

    def collect(self) -> Iterator[GaugeMetricFamily]:
        family = GaugeMetricFamily("gigkit_jobs", "Background jobs.", labels=["queue", "state"])
        try:
            counts = job_counts(self.runner)
        except Exception:  # Redis unreachable: every other metric still answers
            log.warning("job counts unavailable for /metrics", exc_info=True)
            return
        for kind, state, count in counts:
            family.add_metric([kind, state], count)
        yield family


def job_counts(runner: Any) -> list[tuple[str, str, int]]:
    """(queue, state, count) for every queue: queued, running, failed; [] without Redis."""
    if runner.connection is None:
        return []
    from rq.registry import FailedJobRegistry, StartedJobRegistry

    counts = []
    for kind, queue in runner.queues.items():
        counts.append((kind, "queued", queue.count))
        counts.append((kind, "running", StartedJobRegistry(queue=queue).count))
        counts.append((kind, "failed", FailedJobRegistry(queue=queue).count))
    return counts


def registry_of(runner: Any) -> CollectorRegistry:
    """Every metric: this process's, or all processes' under multiprocess mode; and the
    job counts, read from Redis when collected."""
    registry = CollectorRegistry()
    if MULTIPROCESS:
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        for metric in _OWN:
            registry.register(metric)
    registry.register(_Jobs(runner))
    return registry


def scrape(runner: Any) -> tuple[bytes, str]:
    """The exposition of every metric (all processes' under multiprocess mode)."""
    return generate_latest(registry_of(runner)), CONTENT_TYPE_LATEST


def serve(address: str, runner: Any, token: str = "") -> Any:
    """Serve `/metrics` from a thread of this process on `address` (`host:port`, `[::1]:p`
    for IPv6): for `gigkit worker` on a machine without an API node, whose counts (payouts
    paid, webhook attempts, lags) would be scraped nowhere else. With `token`, only for
    `Authorization: Bearer <token>` (401 otherwise), as the API's `/metrics`. Returns the
    server (`shutdown()`); OSError if the address cannot be bound."""
    host, _, port = address.rpartition(":")
    exposition = make_wsgi_app(registry_of(runner))

    def app(environ: dict[str, Any], start_response: Any) -> Any:
        if environ.get("PATH_INFO") != "/metrics":
            start_response("404 Not Found", [("Content-Length", "0")])
            return [b""]
        sent = environ.get("HTTP_AUTHORIZATION", "")
        if token and not hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
            start_response(
                "401 Unauthorized",
                [("WWW-Authenticate", 'Bearer realm="metrics"'), ("Content-Length", "0")],
            )
            return [b""]
        return exposition(environ, start_response)

    server = make_server(
        host.strip("[]") or "127.0.0.1", int(port), app, _Server, handler_class=_Quiet
    )
    threading.Thread(target=server.serve_forever, name="metrics", daemon=True).start()
    return server


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True

    def __init__(self, address: Any, handler: Any) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, handler)


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass
