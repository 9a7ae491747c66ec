"""The drill's load and its witnesses (bench/drill.py): an HTTP client that retries as an
integrator should (the same Idempotency-Key until an answer that is not a 5xx, a dropped
connection or `idempotency_key_in_use`), every attempt recorded with its time and status;
and a webhook receiver on loopback that verifies each delivery's Standard Webhooks
signature and counts deliveries per event id."""

from __future__ import annotations

import http.client
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

RETRYABLE_CODES = {"idempotency_key_in_use", "transient_conflict", "service_unavailable"}


@dataclass(frozen=True)
class Attempt:
    at: float  # time.time() when it ended
    status: int  # 0: no answer (connection refused, reset, timed out)
    path: str


@dataclass
class Attempts:
    """Every request's attempts, from every client thread."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    all: list[Attempt] = field(default_factory=list)

    def add(self, attempt: Attempt) -> None:
        with self.lock:
            self.all.append(attempt)


class Client:
    """One keep-alive connection to the load balancer, for one thread."""

    def __init__(self, url: str, key: str, attempts: Attempts, timeout: float = 60) -> None:
        self.host = urlsplit(url).netloc
        self.key = key
        self.attempts = attempts
        self.timeout = timeout
        self.conn: http.client.HTTPConnection | None = None

    def once(
        self, method: str, path: str, body: Any = None, idempotency_key: str | None = None
    ) -> tuple[int, Any]:
        headers = {"Authorization": f"Bearer {self.key}", "Content-Type": "application/json"}
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        payload = None if body is None else json.dumps(body)
        status, answer = 0, None
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, timeout=self.timeout)
            self.conn.request(method, path, payload, headers)
            response = self.conn.getresponse()
            raw = response.read()
            status = response.status
            answer = json.loads(raw) if raw else None
            if response.getheader("Connection", "").lower() == "close":
                self._reset()
        except (OSError, http.client.HTTPException, ValueError):
            self._reset()
        self.attempts.add(Attempt(time.time(), status, path))
        return status, answer

    def until_answered(
        self, method: str, path: str, body: Any = None, *, give_up_after: float = 300
    ) -> tuple[int, Any, float]:
        """The request, with one Idempotency-Key for all its attempts, until an answer that is
        final; (status, body, seconds from the first attempt to that answer)."""
        key = str(uuid.uuid4()) if method == "POST" else None
        start = time.monotonic()
        wait = 0.1
        while True:
            status, answer = self.once(method, path, body, key)
            code = answer.get("code") if isinstance(answer, dict) else None
            if status and status < 500 and code not in RETRYABLE_CODES:
                return status, answer, time.monotonic() - start
            if time.monotonic() - start > give_up_after:
                raise RuntimeError(f"{method} {path}: still {status} {code} after retries")
            time.sleep(wait)
            wait = min(wait * 2, 2.0)

    def _reset(self) -> None:
        if self.conn is not None:
            self.conn.close()
        self.conn = None


class Receiver:
    """A tenant's webhook endpoint on loopback: verifies each delivery with the endpoint's
    secret (`standardwebhooks`, as a tenant would) and counts deliveries per event id; a
    delivery that fails verification is answered 400 and counted as forged."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.received: dict[str, int] = {}
        self.types: dict[str, str] = {}
        self.lag: list[float] = []  # from the event's creation to its (first) arrival
        self.forged = 0
        self.verifier: Any = None
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                code = receiver.take(body, dict(self.headers))
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self, secret: str) -> None:
        from standardwebhooks.webhooks import Webhook

        self.verifier = Webhook(secret)
        self.thread.start()

    def take(self, body: bytes, headers: dict[str, str]) -> int:
        import datetime as dt

        try:
            event = self.verifier.verify(body, {k.lower(): v for k, v in headers.items()})
        except Exception:
            with self.lock:
                self.forged += 1
            return 400
        created = dt.datetime.fromisoformat(event["created_at"]).timestamp()
        with self.lock:
            first = event["id"] not in self.received
            self.received[event["id"]] = self.received.get(event["id"], 0) + 1
            self.types[event["id"]] = event["type"]
            if first:
                self.lag.append(max(0.0, time.time() - created))
        return 204

    def stop(self) -> None:
        if self.thread.is_alive():  # shutdown() would wait for ever on a server never started
            self.server.shutdown()
        self.server.server_close()
