"""Rate limits per credential (Flask-Limiter; Redis storage when `REDIS_URL` is set).

- Authenticated calls share one moving-window budget per credential: the API key, or the
  OAuth client across all its tokens (minting tokens does not buy more requests). Live
  credentials default to 100 requests/second, test ones to 25 (Stripe's numbers).
- Unauthenticated endpoints (`/oauth/*`) are limited per client IP.
- Expensive endpoints (contract PDFs) also bound how many of one tenant's requests run at
  once (`hold_slot`), across API processes through Redis: a tenant asking in parallel gets
  429 `too_many_concurrent_requests` beyond its slots instead of taking every API worker.
- Every limited response carries the IETF RateLimit fields (draft-ietf-httpapi-ratelimit-
  headers-10): `RateLimit-Policy: "credential";q=100;w=1` and `RateLimit:
  "credential";r=97;t=1`. A 429 adds `Retry-After` (seconds), equal to `t`.
"""

from __future__ import annotations

import logging
import math
import secrets
import threading
from typing import Any

from flask import Flask, Response, current_app, g, request
from flask_limiter import Limiter, RateLimitExceeded
from limits import parse as parse_limit
from sqlalchemy.orm import Session

from app.core.db import on_close
from app.core.errors import RateLimited, TooManyConcurrentRequests
from app.core.tenancy import tenant_of
from app.core.time import real_time_ns

log = logging.getLogger(__name__)

limiter = Limiter(
    key_func=lambda: request.remote_addr or "unknown",
    default_limits=[],
    headers_enabled=False,
    strategy="moving-window",
)


def _settings():  # type: ignore[no-untyped-def]
    return current_app.extensions["gigkit"].settings


# Flask-Limiter also evaluates these providers in its before-request pass (to decide about
# default limits, of which we have none), before authentication: they must not assume a
# principal. Hits happen only in `check_credential_limit`, once per request.
def _credential_limit() -> str:
    settings = _settings()
    principal = g.get("principal")
    test = principal is not None and principal.mode == "test"
    return str(settings.rate_limit_test if test else settings.rate_limit_live)


def _credential_key() -> str:
    principal = g.get("principal")
    return str(principal.principal_id) if principal else "unauthenticated"


@limiter.shared_limit(_credential_limit, scope="credential", key_func=_credential_key)
def _hit_credential() -> None:
    pass


@limiter.shared_limit(lambda: str(_settings().rate_limit_public), scope="public")
def _hit_public() -> None:
    pass


def check_credential_limit() -> None:
    """Count this request against its credential's budget (raises RateLimitExceeded)."""
    g.rate_limit_policy = "credential"
    _hit_credential()


def check_public_limit() -> None:
    """Count this request against the caller IP's budget for unauthenticated endpoints."""
    g.rate_limit_policy = "public"
    _hit_public()


def init_app(app: Flask, storage_uri: str) -> None:
    app.config["RATELIMIT_STORAGE_URI"] = storage_uri
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "gigkit")
    # Redis away: count in this process's memory meanwhile rather than refuse requests
    # (the API and its outbox keep working; only the limits become per process).
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    app.config.setdefault("RATELIMIT_SWALLOW_ERRORS", True)
    limiter.init_app(app)
    app.after_request(_add_headers)


def to_problem(error: RateLimitExceeded) -> RateLimited:
    """The 429 as a domain error, with Retry-After from the breached window."""
    current = limiter.current_limit
    retry_after = _seconds_to_reset(current) if current else 1
    return RateLimited(headers={"Retry-After": str(max(1, retry_after))})


def _seconds_to_reset(current: Any) -> int:
    # The limiter's windows run on the real clock (its own and Redis's), not on any unit of
    # work's: a test clock must not stretch or shrink a Retry-After.
    window = int(current.limit.get_expiry())
    return min(window, max(0, math.ceil(current.reset_at - real_time_ns() / 1e9)))


def _add_headers(response: Response) -> Response:
    policy = g.get("rate_limit_policy")
    current = limiter.current_limit if policy else None
    if current is None:
        return response
    item = current.limit
    window = int(item.get_expiry())
    reset = _seconds_to_reset(current)
    if response.status_code == 429:  # RateLimit's t must equal Retry-After (R-RL-3)
        reset = int(response.headers.get("Retry-After", reset))
    response.headers["RateLimit-Policy"] = f'"{policy}";q={item.amount};w={window}'
    response.headers["RateLimit"] = f'"{policy}";r={max(0, current.remaining)};t={reset}'
    return response


# --- concurrency slots ---------------------------------------------------------------------

SLOT_TTL = 60  # seconds: a holder that died without releasing frees its slot after this
_local_slots: dict[str, int] = {}
_local_lock = threading.Lock()


def hold_slot(session: Session, name: str, limit: int) -> None:
    """Take one of the tenant's `limit` slots named `name` until the session's unit of work
    ends; raise 429 `too_many_concurrent_requests` when all are taken. With Redis the slots
    are shared by every API process (a sorted set of holders, by arrival); without it they
    are this process's. Redis unreachable: allowed (as the rate limits do)."""
    key = f"gigkit:slots:{name}:{tenant_of(session)}"
    runner = session.info.get("job_runner")
    connection = getattr(runner, "connection", None)
    if connection is None:
        _hold_local(session, key, limit)
        return
    token, now = secrets.token_hex(8), real_time_ns() / 1e9
    try:
        pipe = connection.pipeline()
        pipe.zremrangebyscore(key, "-inf", now - SLOT_TTL)
        pipe.zadd(key, {token: now})
        pipe.zrank(key, token)
        pipe.expire(key, SLOT_TTL)
        rank = pipe.execute()[2]
    except Exception:
        log.warning("concurrency slots unavailable (Redis); allowing %s", name)
        return

    def release() -> None:
        try:
            connection.zrem(key, token)
        except Exception:  # expires after SLOT_TTL
            log.warning("could not release a %s slot", name)

    if rank is None or rank >= limit:
        release()
        _refuse(limit)
    on_close(session, release)


def _hold_local(session: Session, key: str, limit: int) -> None:
    with _local_lock:
        if _local_slots.get(key, 0) >= limit:
            _refuse(limit)
        _local_slots[key] = _local_slots.get(key, 0) + 1

    def release() -> None:
        with _local_lock:
            _local_slots[key] -= 1

    on_close(session, release)


def _refuse(limit: int) -> None:
    raise TooManyConcurrentRequests(
        f"{limit} of your requests for this kind of document are already being served; "
        "retry shortly.",
        headers={"Retry-After": "1"},
    )


def failures_allowed(scope: str, key: str, limit: str) -> bool:
    """Whether `key` has failed fewer times than `limit` ("5 per 15 minutes") in `scope`:
    for throttling guesses (the console's login), where only failures are counted."""
    return bool(limiter.limiter.test(parse_limit(limit), scope, key))


def count_failure(scope: str, key: str, limit: str) -> None:
    limiter.limiter.hit(parse_limit(limit), scope, key)


def take(scope: str, key: str, limit: str) -> bool:
    """Count one attempt and say whether it is within `limit`, in one atomic step: unlike
    `failures_allowed` then `count_failure`, guesses sent at the same moment cannot all
    pass the check before any is counted."""
    return bool(limiter.limiter.hit(parse_limit(limit), scope, key))
