"""API usage: requests and errors per credential, counted in the rate limiter's storage.

Where: at the end of every authenticated API request (a Flask `after_request` hook,
registered by `init_app`). Only `core.operation` sets `g.principal`, after authenticating
an `/v1` call, so that is exactly what is counted: the credential (the API key, or the
OAuth client across all its tokens: `Principal.principal_id`, as the rate limit has it)
and the answer's status, whatever produced it (the view, a problem+json error handler, a
429 from the rate limit). Calls that fail authentication name no credential and are not
counted. Nothing in `operation`, `auth` or `tenancy` changes: one hook on the response.

What: one counter per (tenant, credential, quarter hour of UTC time, status class):
`usage:{tenant}:{credential}:{quarter}:{ok|4xx|5xx}`, where `quarter` is the number of
15-minute periods since the epoch. A request increments exactly one counter: one storage
call, which is one round trip to Redis (limits' `incr`, a Lua INCRBY + EXPIRE), none
with the in-memory storage. Requests = ok + 4xx + 5xx; errors (status >= 400) = 4xx + 5xx.
Counters expire `RETENTION` after their first request.

Why quarter hours of UTC and not the tenant's days: the request does not know the tenant's
time zone (reading it would cost a database query per request), and a tenant may change
its zone. Every time zone's offset is a multiple of 15 minutes (India +5:30, Nepal +5:45),
so the quarter hours add up to exact days in any zone, read back with the zone the tenant
has now. Why not a table: a row update per request would take a write, a lock on a hot row
and a commit on the request's database transaction; the rate limiter already pays for one
storage call per request in the same store (Redis in production, this process's memory
otherwise, with the same fallback when Redis is away), and usage is an operational number,
not a ledger: counts lost with a Redis restart are acceptable, a failed request is not.

Failures: counting never fails a request: any storage error is logged and dropped.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from flask import Flask, Response, g

from app.core.time import real_now, zone_day_bounds

log = logging.getLogger(__name__)

QUARTER = 900  # seconds
RETENTION = 35 * 86400  # seconds a counter lives after its first request
KINDS = ("ok", "4xx", "5xx")


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


def _storage():  # type: ignore[no-untyped-def]
    from app.core.ratelimit import limiter  # its storage, or its fallback when Redis is away

    return limiter.limiter.storage


def _key(tenant_id: str, credential_id: str, quarter: int, kind: str) -> str:
    return f"usage:{tenant_id}:{credential_id}:{quarter}:{kind}"


def kind_of(status: int) -> str:
    return "5xx" if status >= 500 else "4xx" if status >= 400 else "ok"


def count(response: Response) -> Response:
    """Count one authenticated API request (an `after_request` hook)."""
    principal = g.get("principal")
    if principal is None:
        return response
    try:
        quarter = int(real_now().timestamp()) // QUARTER
        key = _key(
            principal.tenant_id, principal.principal_id, quarter, kind_of(response.status_code)
        )
        _storage().incr(key, RETENTION)
    except Exception:
        log.warning("usage of %s not counted", principal.principal_id, exc_info=True)
    return response


def daily(
    *, tenant_id: str, credential_ids: Sequence[str], zone: ZoneInfo, days: Sequence[dt.date]
) -> dict[tuple[str, dt.date], Usage]:
    """Usage per (credential, day of `zone`), for days with any request."""
    wanted: list[tuple[str, dt.date, str]] = []
    keys: list[str] = []
    for credential in credential_ids:
        for day in days:
            start, end = zone_day_bounds(zone, day)
            quarters = range(int(start.timestamp()) // QUARTER, int(end.timestamp()) // QUARTER)
            for quarter in quarters:
                for kind in KINDS:
                    wanted.append((credential, day, kind))
                    keys.append(_key(tenant_id, credential, quarter, kind))
    found: dict[tuple[str, dt.date], Usage] = {}
    for (credential, day, kind), value in zip(wanted, _read(keys), strict=True):
        if value:
            one = Usage(value, value if kind != "ok" else 0, value if kind == "5xx" else 0)
            found[credential, day] = found.get((credential, day), Usage()) + one
    return found


def _read(keys: Iterable[str]) -> list[int]:
    """Many counters: one pipelined round trip with Redis, dictionary reads in memory."""
    storage = _storage()
    connection = getattr(storage, "get_connection", None)
    if connection is None:
        return [storage.get(key) for key in keys]
    pipe = connection(True).pipeline(transaction=False)
    for key in keys:
        pipe.get(storage.prefixed_key(key))
    return [int(value or 0) for value in pipe.execute()]
