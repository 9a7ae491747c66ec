"""Domain errors, and RFC 9457 problem+json for every error response.

Services raise `AppError` subclasses; routes never catch them. One set of handlers (installed
by `core.api.Api`) renders every failure — domain errors, validation, routing (404/405),
body size (413), media type (415), OAuth errors, rate limits and unexpected exceptions —
as `application/problem+json`:

    {"type": "https://docs.gigkit.dev/errors/validation_error", "title": "Unprocessable Entity",
     "status": 422, "detail": "...", "code": "validation_error", "request_id": "req_...",
     "errors": [{"location": "body", "field": "mobile", "message": "..."}]}

`code` is the stable, machine-readable part; every code is listed in
docs/errors-and-idempotency.md, and changing one is a breaking change. A 5xx body never
carries a stack trace or internals.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from flask import Response, g, json

PROBLEM_TYPE_BASE = "https://docs.gigkit.dev/errors/"
PROBLEM_MEDIA_TYPE = "application/problem+json"
# Documented error statuses and the spec component (`#/components/responses/...`) of each.
RESPONSE_COMPONENTS = {
    400: "BAD_REQUEST",
    401: "UNAUTHORIZED",
    402: "PAYMENT_REQUIRED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    409: "CONFLICT",
    413: "REQUEST_ENTITY_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    422: "UNPROCESSABLE_ENTITY",
    429: "TOO_MANY_REQUESTS",
    503: "SERVICE_UNAVAILABLE",
}


class AppError(Exception):
    """Base of every error a client may see."""

    status = 400
    code = "bad_request"
    detail = "The request could not be processed."

    def __init__(
        self,
        detail: str | None = None,
        *,
        code: str | None = None,
        errors: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        self.detail = detail or self.detail
        self.code = code or self.code
        self.errors = errors
        self.headers = headers or {}
        self.extra = extra
        super().__init__(self.detail)


class BadRequest(AppError):
    """Malformed request (syntax, headers)."""


class Unauthorized(AppError):
    """Missing or invalid credential."""

    status = 401
    code = "authentication_required"
    detail = "Authenticate with an API key or an OAuth access token (Authorization: Bearer ...)."


class Forbidden(AppError):
    """The credential is valid but not allowed to do this."""

    status = 403
    code = "forbidden"
    detail = "This credential is not allowed to perform this request."


class NotFound(AppError):
    """No such object for this tenant (another tenant's object looks exactly the same)."""

    status = 404
    code = "resource_missing"
    detail = "No such object."


class Conflict(AppError):
    """The request conflicts with the current state of a resource."""

    status = 409
    code = "conflict"
    detail = "The request conflicts with the current state of the resource."


class InvalidState(Conflict):
    """The object is not in a state that allows this transition."""

    code = "invalid_state"


class ValidationFailed(AppError):
    """Well-formed input that breaks a rule."""

    status = 422
    code = "validation_error"
    detail = "The request body or parameters are invalid."


class IdempotencyError(AppError):
    """Idempotency-Key misuse: reused with another request."""

    status = 422
    code = "idempotency_error"


class IdempotencyInFlight(AppError):
    """Another request with this Idempotency-Key is still running."""

    status = 409
    code = "idempotency_key_in_use"
    detail = "A request with this Idempotency-Key is still being processed; retry later."


class UnsupportedMediaType(AppError):
    status = 415
    code = "unsupported_media_type"
    detail = "The body's Content-Type is not accepted here."


class RateLimited(AppError):
    status = 429
    code = "rate_limited"
    detail = "Too many requests for this credential; retry after the time in Retry-After."


class ServiceUnavailable(AppError):
    status = 503
    code = "service_unavailable"
    detail = "A backing service is unavailable."


def field_error(field: str, message: str, location: str = "body") -> dict[str, str]:
    return {"location": location, "field": field, "message": message}


def problem_response(
    status: int,
    code: str,
    detail: str,
    *,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + code,
        "title": _title(status),
        "status": status,
        "detail": detail,
        "code": code,
        "request_id": getattr(g, "request_id", None),
    }
    if errors:
        body["errors"] = errors
        body["param"] = errors[0]["field"]
    body.update({k: v for k, v in extra.items() if v is not None})
    response = Response(json.dumps(printable(body)), status=status, mimetype=PROBLEM_MEDIA_TYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value if value.isascii() else _escaped(value, "ascii")
    return response


def printable(value: Any) -> Any:
    """`value` with every string (and key) encodable as UTF-8. A problem echoes input —
    the name of an unknown field, a key of `metadata` — and JSON lets a key hold a lone
    surrogate (`{"\\ud800": 1}`), which no UTF-8 can carry: it is written as the six
    characters `\\ud800` instead."""
    if isinstance(value, str):
        return _escaped(value, "utf-8")
    if isinstance(value, dict):
        return {printable(k): printable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [printable(v) for v in value]
    return value


def _escaped(text: str, encoding: str) -> str:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode(encoding, "backslashreplace").decode(encoding)
    return text


def render_app_error(error: AppError) -> Response:
    return problem_response(
        error.status,
        error.code,
        error.detail,
        errors=error.errors,
        headers=error.headers,
        **error.extra,
    )


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
