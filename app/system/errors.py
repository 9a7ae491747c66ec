"""Errors of the system block (liveness and readiness)."""

from __future__ import annotations

from app.core.errors import ServiceUnavailable


class NotReady(ServiceUnavailable):
    """`/readyz`: the database or Redis is unreachable."""

    code = "not_ready"
    remedy = "(operators) take the process out of the load balancer until it is ready"
