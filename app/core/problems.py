"""RFC 9457 problem+json responses: the body every error answer has (see `core/errors.py`
for the errors themselves and their codes)."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from flask import Response, g, has_app_context, json

from app.core.errors import PROBLEM_MEDIA_TYPE, PROBLEM_TYPE_BASE, AppError


def problem_response(
    status: int,
    code: str,
    detail: str,
    *,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    body = problem_body(status, code, detail, errors=errors, **extra)
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


def problem_body(
    status: int,
    code: str,
    detail: str,
    *,
    errors: list[dict[str, str]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """The RFC 9457 members of a problem (also one item's problem inside a batch answer)."""
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + code,
        "title": _title(status),
        "status": status,
        "detail": detail,
        "code": code,
        "request_id": getattr(g, "request_id", None) if has_app_context() else None,
    }
    if errors:
        body["errors"] = errors
        body["param"] = errors[0]["field"]
    body.update({k: v for k, v in extra.items() if v is not None})
    return body


def app_error_body(error: AppError) -> dict[str, Any]:
    return problem_body(error.status, error.code, error.detail, errors=error.errors, **error.extra)


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
