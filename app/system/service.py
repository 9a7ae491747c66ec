"""Readiness checks: can we reach the database and, when configured, Redis?"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from app.system.errors import NotReady


def readiness(state: Any) -> dict[str, str]:
    checks: dict[str, str] = {}
    try:
        with state.database.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception:  # any failure means "not ready"; details stay in the logs
        checks["database"] = "unavailable"
    if state.settings.redis_url:
        try:
            from redis import Redis

            Redis.from_url(state.settings.redis_url, socket_timeout=2).ping()
            checks["redis"] = "ok"
        except Exception:
            checks["redis"] = "unavailable"
    limit = state.settings.ready_max_queued
    if checks.get("redis") == "ok" and limit:
        # the money queue only: its backlog is settlement falling behind, which new work
        # would deepen; a webhook or PDF backlog (one tenant's recovery, say) is not a
        # reason to take every API node out of the load balancer
        try:  # one LLEN: a probe the load balancer sends every few seconds
            waiting = state.jobs.queues["money"].count
            checks["queues"] = "ok" if waiting <= limit else "backlog"
        except Exception:
            checks["queues"] = "unavailable"
    if any(v != "ok" for v in checks.values()):
        failed = ", ".join(
            f"{k} {'behind' if v == 'backlog' else 'unavailable'}"
            for k, v in checks.items()
            if v != "ok"
        )
        raise NotReady(f"Not ready: {failed}.")
    return {"status": "ok", **checks}
