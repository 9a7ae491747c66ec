"""API usage: requests and errors per credential, counted in Redis (or this process's memory).

Where: at the end of every authenticated API request (a Flask `after_request` hook,
registered by `init_app`). Only `core.operation` sets `g.principal`, after authenticating
an `/v1` call, so that is exactly what is counted: the credential (the API key, or the
OAuth client across all its tokens: `Principal.principal_id`, as the rate limit has it)
and the answer's status, whatever produced it (the view, a problem+json error handler, a
429 from the rate limit). Calls that fail authentication name no credential and are not
counted. Nothing in `operation`, `auth` or `tenancy` changes: one hook on the response.

What: per (tenant, credential, UTC date) one hash whose fields count a quarter hour of that
date and a status class: `gigkit:usage:{tenant}:{credential}:{YYYYMMDD}`, field
`{quarter of the day, 0-95}:{ok|4xx|5xx}`. A request is one `HINCRBY` plus an `EXPIRE`
(`RETENTION`), pipelined: one round trip to Redis. Requests = ok + 4xx + 5xx; errors
(status >= 400) = 4xx + 5xx. Without Redis (the embedded mode) the same counts live in this
process's memory (`_Memory`), for as long as it runs.

Why quarter hours of UTC and not the tenant's days: the request does not know the tenant's
time zone (reading it would cost a database query per request), and a tenant may change
its zone. Every time zone's offset is a multiple of 15 minutes (India +5:30, Nepal +5:45),
so the quarter hours add up to exact days in any zone, read back with the zone the tenant
has now. Reading 14 days of one credential is 15 `HGETALL`s (the UTC dates the zone's days
touch), pipelined with every other credential's: one round trip for the page. Why not a
table: a row update per request would take a write, a lock on a hot row and a commit on
the request's database transaction; usage is an operational number, not a ledger: counts
lost with a Redis restart are acceptable, a failed request is not.

Failures: counting never fails a request: any storage error is logged and dropped.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask, Response, current_app, g

from app.core.time import real_now, zone_day_bounds

log = logging.getLogger(__name__)

QUARTER = 900  # seconds
QUARTERS_A_DAY = 96
RETENTION = 35 * 86400  # seconds a day's counts live after its last request
KINDS = ("ok", "4xx", "5xx")
PREFIX = "gigkit:usage"


@dataclass(frozen=True)
class Usage:
    requests: int = 0
    errors: int = 0  # status >= 400
    server_errors: int = 0  # status >= 500

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            self.requests + other.requests,
            self.errors + other.errors,
            self.server_errors + other.server_errors,
        )


def init_app(app: Flask) -> None:
    app.after_request(count)


def kind_of(status: int) -> str:
    return "5xx" if status >= 500 else "4xx" if status >= 400 else "ok"


def _day_key(tenant_id: str, credential_id: str, day: dt.date) -> str:
    return f"{PREFIX}:{tenant_id}:{credential_id}:{day:%Y%m%d}"


def _field(at: dt.datetime, kind: str) -> str:
    midnight = at.replace(hour=0, minute=0, second=0, microsecond=0)
    return f"{int((at - midnight).total_seconds()) // QUARTER}:{kind}"


class _Redis:
    def __init__(self, connection: Any) -> None:
        self.connection = connection

    def add(self, tenant_id: str, credential_id: str, at: dt.datetime, kind: str) -> None:
        key = _day_key(tenant_id, credential_id, at.date())
        pipe = self.connection.pipeline(transaction=False)
        pipe.hincrby(key, _field(at, kind), 1)
        pipe.expire(key, RETENTION)
        pipe.execute()

    def days(self, keys: Sequence[str]) -> list[dict[str, int]]:
        pipe = self.connection.pipeline(transaction=False)
        for key in keys:
            pipe.hgetall(key)
        return [
            {field.decode(): int(value) for field, value in found.items()}
            for found in pipe.execute()
        ]


class _Memory:
    """The embedded mode's counts: this process's, for as long as it runs."""

    def __init__(self) -> None:
        self.counts: dict[str, dict[str, int]] = {}
        self.lock = threading.Lock()

    def add(self, tenant_id: str, credential_id: str, at: dt.datetime, kind: str) -> None:
        key, field = _day_key(tenant_id, credential_id, at.date()), _field(at, kind)
        with self.lock:
            day = self.counts.setdefault(key, {})
            day[field] = day.get(field, 0) + 1

    def days(self, keys: Sequence[str]) -> list[dict[str, int]]:
        with self.lock:
            return [dict(self.counts.get(key, {})) for key in keys]


_MEMORY = _Memory()


def _store() -> _Redis | _Memory:
    connection = current_app.extensions["gigkit"].jobs.connection
    return _MEMORY if connection is None else _Redis(connection)


def count(response: Response) -> Response:
    """Count one authenticated API request (an `after_request` hook)."""
    principal = g.get("principal")
    if principal is None:
        return response
    try:
        at = real_now().astimezone(dt.UTC)
        _store().add(principal.tenant_id, principal.principal_id, at, kind_of(response.status_code))
    except Exception:
        log.warning("usage of %s not counted", principal.principal_id, exc_info=True)
    return response


def daily(
    *, tenant_id: str, credential_ids: Sequence[str], zone: ZoneInfo, days: Sequence[dt.date]
) -> dict[tuple[str, dt.date], Usage]:
    """Usage per (credential, day of `zone`), for days with any request."""
    if not days:
        return {}
    bounds = {day: zone_day_bounds(zone, day) for day in days}
    first = min(start for start, _ in bounds.values()).astimezone(dt.UTC).date()
    last = max(end for _, end in bounds.values()).astimezone(dt.UTC).date()
    dates = [first + dt.timedelta(n) for n in range((last - first).days + 1)]
    wanted = [(c, d) for c in credential_ids for d in dates]
    found: dict[tuple[str, dt.date], Usage] = {}
    hashes = _store().days([_day_key(tenant_id, c, d) for c, d in wanted])
    for (credential, date), fields in zip(wanted, hashes, strict=True):
        midnight = dt.datetime.combine(date, dt.time(), dt.UTC)
        for field, value in fields.items():
            quarter, kind = field.split(":")
            at = midnight + dt.timedelta(seconds=int(quarter) * QUARTER)
            day = next((d for d, (s, e) in bounds.items() if s <= at < e), None)
            if day is None or not value:
                continue
            one = Usage(value, value if kind != "ok" else 0, value if kind == "5xx" else 0)
            found[credential, day] = found.get((credential, day), Usage()) + one
    return found
