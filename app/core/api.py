"""`Api`: flask-smorest wired for gigkit — the spec, the docs and one error renderer.

- Every error becomes RFC 9457 problem+json (`core/errors.py`), including the framework's
  own (404/405/413/415, webargs' 400/422), rate limits, database errors that slipped past
  validation (4xx, never 500) and unexpected exceptions (500 with no internals). Headers
  that carry meaning — `WWW-Authenticate`, `Allow`, `Retry-After` — are kept.
- The spec is OpenAPI 3.0.3 at `/openapi.json`; `/docs` is Swagger UI whose assets come from
  the `swagger-ui-bundle` package and are served by the app, so the docs work offline.
"""

from __future__ import annotations

import logging
from typing import Any

import flask_smorest
from apispec import APISpec, BasePlugin
from flask import Flask, Response, send_from_directory
from flask_limiter import RateLimitExceeded
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from swagger_ui_bundle import swagger_ui_path
from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.routing import BaseConverter

from app.core import ratelimit
from app.core.auth import BEARER_SCHEME, OAUTH2_SCHEME
from app.core.error_codes import check_answer
from app.core.errors import (
    AppError,
    BadRequest,
    Conflict,
    Forbidden,
    InternalError,
    InvalidValue,
    MalformedJson,
    MethodNotAllowed,
    PayloadTooLarge,
    RateLimited,
    RouteNotFound,
    ServiceUnavailable,
    TransientConflict,
    Unauthorized,
    UnsupportedMediaType,
    ValidationFailed,
)
from app.core.ids import ALPHABET, id_pattern
from app.core.problems import problem_response, render_app_error
from app.core.schemas import ProblemSchema

log = logging.getLogger(__name__)

API_DESCRIPTION = """\
gigkit gives gig-work platforms e-signed contracts, wages pre-funded into escrow and paid
out at clock-out, payslips and per-day accident insurance.

Authenticate with `Authorization: Bearer <API key or OAuth access token>`. Every error is
`application/problem+json` with a stable `code`; every response has a `Request-Id`. Lists
are cursor-paginated (`limit`, `cursor`). Every POST accepts an `Idempotency-Key`. Bodies
are limited to 1 MiB (413), URLs to 4,096 bytes (414 `uri_too_long`).

The guides, task by task with examples that run, are at [/guides/](/guides/).
"""

# The framework's own errors (werkzeug, webargs) by status; another status gets its
# lower-cased reason phrase as its code.
_HTTP_ERRORS: dict[int, type[AppError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: RouteNotFound,
    405: MethodNotAllowed,
    413: PayloadTooLarge,
    415: UnsupportedMediaType,
    422: ValidationFailed,
    429: RateLimited,
    500: InternalError,
}
_LOCATIONS = {
    "json": "body",
    "query": "query",
    "headers": "header",
    "form": "form",
    "view_args": "path",
    "path": "path",
    "files": "body",
    "cookies": "cookie",
}


class PrefixedIdConverter(BaseConverter):
    """`<id(wkr):worker_id>` matches only well-formed `wkr_...` ids; anything else is a 404."""

    def __init__(self, url_map: Any, prefix: str) -> None:
        super().__init__(url_map)
        self.prefix = prefix
        self.regex = id_pattern(prefix)


def _id_schema(converter: PrefixedIdConverter) -> dict[str, Any]:
    return {
        "type": "string",
        "pattern": f"^{converter.regex}$",
        "example": f"{converter.prefix}_{ALPHABET[1] * 26}",
    }


_NULL_OBJECT = {"type": "object", "nullable": True}


def _nullable_reference(
    self: Any, field: Any, ret: dict[str, Any], **kwargs: Any
) -> dict[str, Any]:
    """A nullable nested object as `{"allOf": [{"$ref": ...}], "nullable": true}`.

    apispec writes `anyOf: [{"type": "object", "nullable": true}, {"$ref": ...}]` for
    OpenAPI 3.0, which SDK generators turn into an extra anonymous model; this form gives
    `Thing | None`."""
    variants = ret.get("anyOf")
    if isinstance(variants, list) and _NULL_OBJECT in variants and len(variants) == 2:
        ret.pop("anyOf")
        return {"allOf": [v for v in variants if v != _NULL_OBJECT], "nullable": True}
    return {}


class Api(flask_smorest.Api):
    ERROR_SCHEMA = ProblemSchema
    DEFAULT_ERROR_RESPONSE_NAME = None

    def init_app(self, app: Flask, *args: Any, **kwargs: Any) -> None:
        app.url_map.converters["id"] = PrefixedIdConverter
        super().init_app(app, *args, **kwargs)
        self.register_converter(PrefixedIdConverter, _id_schema)
        self.ma_plugin.converter.add_attribute_function(_nullable_reference)
        # flask-smorest's offset pagination is not used (lists are cursor-paginated)
        self.spec.components.schemas.pop("PaginationMetadata", None)
        query_plugin = _QueryWithoutExamples()
        query_plugin.init_spec(self.spec)
        self.spec.plugins = [*self.spec.plugins, query_plugin]
        self.spec.components.security_scheme(
            BEARER_SCHEME,
            {
                "type": "http",
                "scheme": "bearer",
                "bearerFormat": "gk_live_… / gk_oat_…",
                "description": "An API key or an OAuth 2.0 access token.",
            },
        )
        self.spec.components.security_scheme(
            "clientBasic",
            {"type": "http", "scheme": "basic", "description": "OAuth client id and secret."},
        )
        app.add_url_rule("/docs/assets/<path:filename>", "docs_assets", _docs_asset)
        app.after_request(check_answer)

    def add_client_credentials(self, token_url: str, scopes: dict[str, str]) -> None:
        """The OAuth 2.0 client-credentials scheme beside the bearer key, so /docs'
        "Authorize" can get a token from `token_url` with the scopes chosen (none chosen:
        every scope of the client)."""
        self.spec.components.security_scheme(
            OAUTH2_SCHEME,
            {
                "type": "oauth2",
                "description": "An OAuth client's id and secret, exchanged for an access "
                "token (client-credentials grant).",
                "flows": {"clientCredentials": {"tokenUrl": token_url, "scopes": scopes}},
            },
        )

    def _register_responses(self) -> None:
        """No shared error responses: each operation lists its own, per status, with the
        codes it can answer (`core.error_codes`)."""

    def _register_error_handlers(self) -> None:
        app = self._app
        app.register_error_handler(AppError, render_app_error)
        app.register_error_handler(RateLimitExceeded, _render_rate_limited)
        app.register_error_handler(HTTPException, render_http_exception)
        app.register_error_handler(IntegrityError, _render_integrity_error)
        app.register_error_handler(DataError, _render_data_error)
        app.register_error_handler(OperationalError, _render_operational_error)
        app.register_error_handler(Exception, _render_unexpected)


class _QueryWithoutExamples(BasePlugin):
    """No example on a query parameter: Swagger UI fills "Try it out" with it, so a list
    would be silently filtered (`GET /v1/workers?mobile=13800138000`). Bodies keep theirs."""

    def init_spec(self, spec: APISpec) -> None:
        self.spec = spec

    def operation_helper(
        self, path: str | None = None, operations: dict[str, Any] | None = None, **kwargs: Any
    ) -> None:
        for operation in (operations or {}).values():
            for parameter in operation.get("parameters", ()):
                if isinstance(parameter, dict) and parameter.get("in") == "query":
                    parameter.pop("example", None)
                    parameter.get("schema", {}).pop("example", None)


# What /docs loads, and nothing else of the package: its stock pages (index.html,
# oauth2-redirect.html, swagger-initializer.js) would load the Petstore demo spec from the
# internet, outside the /docs page's security policy.
DOCS_ASSETS = frozenset(
    name + suffix
    for name in ("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css")
    for suffix in ("", ".map")
) | {"favicon-16x16.png", "favicon-32x32.png"}


def _docs_asset(filename: str) -> Response:
    if filename not in DOCS_ASSETS:
        raise NotFound()
    return send_from_directory(str(swagger_ui_path), filename, max_age=86400)


def render_http_exception(error: HTTPException) -> Response:
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
    headers.update(data.get("headers") or {})
    known = _HTTP_ERRORS.get(status)
    code = known.code if known else (error.name or "error").lower().replace(" ", "_")
    errors = field_errors(error)
    detail = error.description or ""
    if status == 400 and "messages" in data:
        code, detail = MalformedJson.code, MalformedJson.detail
        errors = []
    elif status == 422:
        detail = "The request has invalid fields; see `errors`."
    elif status == 404:
        detail = RouteNotFound.detail
    elif status == 405:
        detail = f"{error.name}. Allowed: {headers.get('Allow', '')}".strip()
    return problem_response(status, code, detail, errors=errors or None, headers=headers)


def field_errors(error: HTTPException) -> list[dict[str, str]]:
    """The field errors webargs attached to a 400/422, flattened."""
    data = getattr(error, "data", None) or {}
    return _flatten(data.get("messages") or {})


def _flatten(messages: Any, location: str = "body", path: str = "") -> list[dict[str, str]]:
    """webargs' nested {"json": {"contact": {"phone": ["..."]}}} -> flat field errors."""
    out: list[dict[str, str]] = []
    if isinstance(messages, dict):
        for key, value in messages.items():
            if not path and key in _LOCATIONS:
                out += _flatten(value, _LOCATIONS[key], "")
            else:
                name = str(key) if key != "_schema" else ""
                out += _flatten(value, location, f"{path}.{name}".strip(".") if name else path)
    elif isinstance(messages, list):
        for item in messages:
            if isinstance(item, str):
                out.append({"location": location, "field": path or "(body)", "message": item})
            else:
                out += _flatten(item, location, path)
    elif isinstance(messages, str):
        out.append({"location": location, "field": path or "(body)", "message": messages})
    return out


def _render_rate_limited(error: RateLimitExceeded) -> Response:
    return render_app_error(ratelimit.to_problem(error))


def _render_integrity_error(error: IntegrityError) -> Response:
    log.warning("integrity error reached the handler: %s", type(error.orig).__name__)
    return render_app_error(
        Conflict(
            "The request conflicts with existing data (a duplicate or a reference "
            "to something that does not exist)."
        )
    )


def _render_data_error(error: DataError) -> Response:
    log.warning("data error reached the handler: %s", type(error.orig).__name__)
    return render_app_error(InvalidValue())


def _render_operational_error(error: OperationalError) -> Response:
    sqlstate = getattr(error.orig, "sqlstate", None)
    if sqlstate in ("40001", "40P01", "55P03"):  # serialization failure, deadlock, lock timeout
        return render_app_error(TransientConflict(headers={"Retry-After": "1"}))
    log.exception("database unavailable")
    return render_app_error(ServiceUnavailable("The database is unavailable; retry later."))


def _render_unexpected(error: Exception) -> Response:
    log.exception("unhandled error")
    return render_app_error(InternalError())
