"""The API's errors as exceptions: one class per family, like stripe-python's.

Every error answer is RFC 9457 problem+json with a stable `code`; the family is chosen by
the HTTP status, so new codes never need a new SDK:

    GigkitError                    every error answer (`ApiError` is the same class)
    ├── ValidationError            400, 413, 414, 415, 422: fix the request
    ├── AuthenticationError        401: the credential is missing or not valid
    │   └── PermissionDeniedError  403: valid, but lacks a scope or may not do this
    ├── InsufficientFundsError     402: not enough available money; nothing was written
    ├── NotFoundError              404: no such object (for your tenant) or URL
    ├── ConflictError              409: the object's state, a duplicate, a key in flight
    ├── RateLimitError             429: wait `retry_after` seconds
    ├── ServiceUnavailableError    502, 503, 504: retry later (`retry_after` when given)
    ├── APIError                   any other status (500 `internal_error`, ...)
    └── APIConnectionError         no answer at all after the retries (status 0): the
                                   request may or may not have been applied; send it again
                                   with the same `idempotency_key` to find out safely

Each carries `status`, `code`, `detail`, `request_id`, `errors` (field errors, as
`[{"location", "field", "message"}]`), `headers` and the whole `problem`. Branch on `code`
for one case (`e.code == "hold_not_active"`); the table of codes is in
docs/errors-and-idempotency.md.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


class GigkitError(Exception):
    """An error answer from the gigkit API (RFC 9457 problem+json)."""

    def __init__(
        self, status: int, problem: Mapping[str, Any], headers: Mapping[str, str] | None = None
    ) -> None:
        self.status = status
        self.problem = dict(problem)
        self.code: str = str(self.problem.get("code") or "unknown")
        self.detail: str = str(self.problem.get("detail") or "")
        self.request_id: str | None = self.problem.get("request_id")
        self.errors: list[dict[str, str]] = list(self.problem.get("errors") or [])
        self.headers: dict[str, str] = {k.lower(): v for k, v in (headers or {}).items()}
        super().__init__(f"{status} {self.code}: {self.detail} (request {self.request_id})")

    @property
    def retry_after(self) -> float | None:
        """Seconds the API asked to wait (`Retry-After`), if it said."""
        value = self.headers.get("retry-after", "")
        return float(value) if value.isdigit() else None


ApiError = GigkitError  # the name before the families; `except ApiError` still catches all


class ValidationError(GigkitError):
    """The request is malformed or breaks a rule (400, 413, 414, 415, 422); see `errors`."""


class AuthenticationError(GigkitError):
    """The credential is missing, unknown, expired or revoked (401)."""


class PermissionDeniedError(AuthenticationError):
    """The credential is valid but not allowed this (403): a missing scope
    (`insufficient_scope`, see `problem["required_scopes"]`) or `scope_escalation`."""


class InsufficientFundsError(GigkitError):
    """Not enough available money (402); nothing was written."""


class NotFoundError(GigkitError):
    """No such object for your tenant (`resource_missing`), or no such URL (404)."""


class ConflictError(GigkitError):
    """The request conflicts with the object's state or existing data (409)."""


class RateLimitError(GigkitError):
    """Too many requests (429): wait `retry_after` seconds."""


class ServiceUnavailableError(GigkitError):
    """The API cannot answer now (502, 503, 504): retry later with backoff."""


class APIError(GigkitError):
    """Any other error answer: 500 `internal_error` (report the `request_id`) or a status the
    SDK does not know."""


class APIConnectionError(GigkitError):
    """No answer after the retries: the connection was refused, reset or timed out (status
    0, code `connection_error`). A POST may have been applied: send it again with the same
    key (`idempotency_key`, the one this request carried) and the API replays its answer."""

    def __init__(self, cause: Exception, idempotency_key: str | None) -> None:
        self.idempotency_key = idempotency_key
        detail = f"{type(cause).__name__}: {cause}" if str(cause) else type(cause).__name__
        super().__init__(0, {"code": "connection_error", "detail": detail})


FAMILIES: dict[int, type[GigkitError]] = {
    400: ValidationError,
    401: AuthenticationError,
    402: InsufficientFundsError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    413: ValidationError,
    414: ValidationError,
    415: ValidationError,
    422: ValidationError,
    429: RateLimitError,
    502: ServiceUnavailableError,
    503: ServiceUnavailableError,
    504: ServiceUnavailableError,
}


def error_for(status: int, content: bytes, headers: Mapping[str, str] | None = None) -> GigkitError:
    """The exception for an error answer: its family's class, with the problem's members
    (a body that is not a JSON object, e.g. a proxy's HTML page, becomes the `detail`)."""
    try:
        problem = json.loads(content)
    except ValueError:
        problem = None
    if not isinstance(problem, dict):
        problem = {"detail": content.decode(errors="replace")[:500]}
    return FAMILIES.get(status, APIError)(status, problem, headers)
