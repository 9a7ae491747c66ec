"""Domain errors, and RFC 9457 problem+json for every error response.

Services raise `AppError` subclasses; routes never catch them. One set of handlers (installed
by `core.api.Api`, written by `core.problems`) renders every failure — domain errors,
validation, routing (404/405), body size (413), media type (415), OAuth errors, rate limits
and unexpected exceptions — as `application/problem+json`:

    {"type": "https://docs.gigkit.dev/errors/validation_error", "title": "Unprocessable Entity",
     "status": 422, "detail": "...", "code": "validation_error", "request_id": "req_...",
     "errors": [{"location": "body", "field": "mobile", "message": "..."}]}

`code` is the stable, machine-readable part, and changing one is a breaking change. **Every
code is a class**: a subclass that sets `code` is entered in `REGISTRY` (two classes may not
share a code), its docstring says what it means and `remedy` what a client should do.
Operations declare the classes they can raise (`errors=[HoldNotActive, ...]`,
`core.error_codes`), and from the one registry come the spec's per-status codes, the table in
docs/errors-and-idempotency.md and the SDK's exception families. A 5xx body never carries a
stack trace or internals.
"""

from __future__ import annotations

import inspect
from typing import Any, ClassVar, Self

PROBLEM_TYPE_BASE = "https://docs.gigkit.dev/errors/"
PROBLEM_MEDIA_TYPE = "application/problem+json"
REGISTRY: dict[str, type[AppError]] = {}


class AppError(Exception):
    """Base of every error a client may see."""

    status: ClassVar[int] = 400
    code: ClassVar[str] = "bad_request"
    detail = "The request could not be processed."
    remedy: ClassVar[str] = "fix the request"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "code" not in cls.__dict__:
            return
        known = REGISTRY.get(cls.code)
        if known is not None and _name(known) != _name(cls):  # (a reloaded module is fine)
            raise TypeError(f"code {cls.code!r} is taken by {_name(known)}; choose another")
        REGISTRY[cls.code] = cls

    def __init__(
        self,
        detail: str | None = None,
        *,
        errors: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        if "code" in extra:  # it would be rendered, undeclared: give the code its own class
            raise TypeError(f"{type(self).__name__}(code=...): give the code its own class")
        self.detail = detail or self.detail
        self.errors = errors
        self.headers = headers or {}
        self.extra = extra
        super().__init__(self.detail)

    @classmethod
    def named(cls, code: str) -> type[Self]:
        """The registered subclass of this class with `code` (LookupError if none)."""
        found = REGISTRY.get(code)
        if found is None or not issubclass(found, cls):
            raise LookupError(f"no {cls.__name__} has the code {code!r}")
        return found

    @classmethod
    def meaning(cls) -> str:
        """The docstring's first paragraph, on one line."""
        doc = inspect.cleandoc(cls.__doc__ or "")
        return " ".join(doc.split("\n\n")[0].split())


def _name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


# 400 ---------------------------------------------------------------------------------------
class BadRequest(AppError):
    """A malformed request that no more specific code describes."""

    code = "bad_request"


class MalformedJson(BadRequest):
    """The body is not valid JSON (or JSON no program can represent, e.g. 5,000 digits)."""

    code = "malformed_json"
    detail = "The request body is not valid JSON."
    remedy = "fix the body"


class InvalidValue(BadRequest):
    """A value passed validation but the database cannot store it."""

    code = "invalid_value"
    detail = "A value in the request cannot be stored."
    remedy = "fix the value"


class InvalidIdempotencyKey(BadRequest):
    """`Idempotency-Key` is empty, longer than 255 characters or not printable ASCII."""

    code = "invalid_idempotency_key"
    detail = "Idempotency-Key must be 1-255 printable ASCII characters."
    remedy = "fix the header"


class IdempotencyKeyRequired(BadRequest):
    """This operation moves money or issues a document: it requires an `Idempotency-Key`."""

    code = "idempotency_key_required"
    detail = "This operation moves money or issues a document: send an Idempotency-Key."
    remedy = "add the header"


# 401 ---------------------------------------------------------------------------------------
class Unauthorized(AppError):
    """No `Authorization` header."""

    status = 401
    code = "authentication_required"
    detail = "Authenticate with an API key or an OAuth access token (Authorization: Bearer ...)."
    remedy = "send a credential"


class InvalidAuthorizationHeader(Unauthorized):
    """The `Authorization` header is not `Bearer <token>`."""

    code = "invalid_authorization_header"
    detail = "Use the Bearer scheme: Authorization: Bearer <API key or access token>."
    remedy = "fix the header"


class InvalidApiKey(Unauthorized):
    """Unknown or mistyped API key, or a token of unknown shape."""

    code = "invalid_api_key"
    remedy = "check the key"


class ApiKeyRevoked(Unauthorized):
    """The API key was revoked."""

    code = "api_key_revoked"
    remedy = "use another key"


class ApiKeyExpired(Unauthorized):
    """The API key expired, or its rotation overlap ended."""

    code = "api_key_expired"
    remedy = "use the new key"


class InvalidToken(Unauthorized):
    """Unknown access token."""

    code = "invalid_token"
    remedy = "get a token"


class TokenExpired(Unauthorized):
    """The access token expired."""

    code = "token_expired"
    remedy = "get a new token, then retry"


class TokenRevoked(Unauthorized):
    """The access token (or its client) was revoked."""

    code = "token_revoked"
    remedy = "get a new token, or a new client"


# 403-415 -----------------------------------------------------------------------------------
class Forbidden(AppError):
    """The credential is valid but not allowed to do this (generic)."""

    status = 403
    code = "forbidden"
    detail = "This credential is not allowed to perform this request."
    remedy = "—"


class InsufficientScope(Forbidden):
    """The credential lacks a scope this operation requires; see `required_scopes`."""

    code = "insufficient_scope"
    remedy = "use a credential with the scope"


class NotFound(AppError):
    """No such object **for your tenant** (another tenant's object looks exactly the same)."""

    status = 404
    code = "resource_missing"
    detail = "No such object."
    remedy = "check the id"


class RouteNotFound(AppError):
    """No such URL, including an id with the wrong prefix (`/v1/workers/emp_…`) or shape."""

    status = 404
    code = "route_not_found"
    detail = "No such URL. Check the path, the id's prefix and the API version."
    remedy = "check path, prefix and `/v1`"


class MethodNotAllowed(AppError):
    """The method is not supported on this URL; see `Allow`."""

    status = 405
    code = "method_not_allowed"
    remedy = "—"


class Conflict(AppError):
    """The request conflicts with the current state of a resource or with existing data."""

    status = 409
    code = "conflict"
    detail = "The request conflicts with the current state of the resource."
    remedy = "re-read, then decide"


class InvalidState(Conflict):
    """The object's state does not allow this (e.g. rotating a revoked key)."""

    code = "invalid_state"
    remedy = "re-read the object"


class IdempotencyInFlight(AppError):
    """A request with this `Idempotency-Key` is still running."""

    status = 409
    code = "idempotency_key_in_use"
    detail = "A request with this Idempotency-Key is still being processed; retry later."
    remedy = "retry the same request shortly"


class PayloadTooLarge(AppError):
    """The body is larger than 1 MiB."""

    status = 413
    code = "payload_too_large"
    remedy = "send less"


class UnsupportedMediaType(AppError):
    """The body is not `application/json` (`/v1`) or not form-encoded (`/oauth/*`); see
    `Accept-Post`."""

    status = 415
    code = "unsupported_media_type"
    detail = "The body's Content-Type is not accepted here."
    remedy = "fix `Content-Type`"


# 422-503 -----------------------------------------------------------------------------------
class ValidationFailed(AppError):
    """Invalid fields or parameters; see `errors`."""

    status = 422
    code = "validation_error"
    detail = "The request body or parameters are invalid."
    remedy = "fix the fields"


class IdempotencyError(AppError):
    """This `Idempotency-Key` was used with a different request."""

    status = 422
    code = "idempotency_error"
    remedy = "use a new key"


class RateLimited(AppError):
    """Over the credential's rate limit, or (per client address) too many calls to
    `/oauth/*` or too many failed authentications."""

    status = 429
    code = "rate_limited"
    detail = "Too many requests for this credential; retry after the time in Retry-After."
    remedy = "wait `Retry-After`, retry"


class TooManyConcurrentRequests(RateLimited):
    """Too many of your tenant's requests for an expensive resource (contract PDFs) are
    being served at once (`Retry-After: 1`)."""

    code = "too_many_concurrent_requests"
    remedy = "wait `Retry-After`, then ask again; fetch fewer at once"


class InternalError(AppError):
    """A bug on our side; nothing was changed."""

    status = 500
    code = "internal_error"
    detail = "Something went wrong on our side. Quote the request id to support."
    remedy = "retry with the same `Idempotency-Key`; report the `request_id`"


class ServiceUnavailable(AppError):
    """A backing service (the database) is unreachable."""

    status = 503
    code = "service_unavailable"
    detail = "A backing service is unavailable."
    remedy = "retry later with backoff"


class TransientConflict(ServiceUnavailable):
    """The request collided with a concurrent one and was rolled back (`Retry-After: 1`)."""

    code = "transient_conflict"
    detail = "The request collided with a concurrent one and was rolled back; retry it."
    remedy = "retry"


def field_error(field: str, message: str, location: str = "body") -> dict[str, str]:
    return {"location": location, "field": field, "message": message}
