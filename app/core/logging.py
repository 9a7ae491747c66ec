"""Structured JSON logs: one object per line, with the request id and tenant.

What is logged about a request: method, route template (not the raw path or query string,
which may carry personal data), status, duration, request id, client request id, tenant and
credential id. Never headers, bodies, tokens or personal numbers. As a last guard, any
string that looks like a gigkit secret or a resident ID-card number is masked before the
line is written.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import secrets
import sys
import time
from typing import Any

from flask import Flask, Response, g, request

_SECRET = re.compile(r"gk_(?:live|test|oat|cs)_[0-9A-Za-z]{6,}")
_ID_CARD = re.compile(
    r"(?<![0-9])[1-9][0-9]{5}(?:18|19|20)[0-9]{2}[01][0-9][0-3][0-9]{4}[0-9Xx](?![0-9])"
)
CLIENT_REQUEST_ID_HEADERS = ("X-Request-Id", "Request-Id")


def scrub(text: str) -> str:
    text = _SECRET.sub(lambda m: m.group(0)[:8] + "…", text)
    return _ID_CARD.sub(lambda m: m.group(0)[:4] + "**********" + m.group(0)[-4:], text)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        payload.update(getattr(record, "fields", {}))
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        return scrub(json.dumps(payload, default=str, ensure_ascii=False))


def configure(level: str) -> None:
    root = logging.getLogger()
    if not any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)


request_log = logging.getLogger("gigkit.request")


def init_app(app: Flask) -> None:
    @app.before_request
    def _start() -> None:
        g.request_id = "req_" + secrets.token_hex(12)
        g.request_started = time.perf_counter()

    @app.after_request
    def _finish(response: Response) -> Response:
        request_id = g.get("request_id")
        if request_id:
            response.headers["Request-Id"] = request_id
        principal = g.get("principal")
        client_request_id = next(
            (request.headers[h] for h in CLIENT_REQUEST_ID_HEADERS if h in request.headers), None
        )
        started = g.get("request_started")
        request_log.info(
            "request",
            extra={
                "fields": {
                    "request_id": request_id,
                    "client_request_id": (client_request_id or "")[:64] or None,
                    "method": request.method,
                    "route": request.url_rule.rule if request.url_rule else None,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1)
                    if started
                    else None,
                    "tenant_id": principal.tenant_id if principal else None,
                    "credential_id": principal.credential_id if principal else None,
                }
            },
        )
        return response
