"""The HTTP edge: what every response carries and the longest URL served.

- `Cache-Control: no-store` on every response (Stripe's rule): API keys, client secrets,
  access tokens, webhook secrets and signing codes are in answers that no browser or proxy
  may keep, and one rule cannot miss a new one. Only the Swagger UI assets
  (`/docs/assets/*`) and the guides (`/guides/*`, public pages) keep the caching they are
  served with.
- `X-Content-Type-Options: nosniff` on every response, errors and HTML pages included.
- `/docs` (Swagger UI) cannot be framed and runs only our own assets plus its one inline
  set-up script, allowed by its hash (computed from the page as served, so it follows the
  template). The hosted signing page sets its own policy (`signing/pages.py`).
- A URL (path and query, as sent) longer than `MAX_URI_BYTES` is a 414 `uri_too_long`,
  before routing and authentication. gunicorn must let such URLs through to the app
  (`--limit-request-line 8190`, see docs/deploy.md) or clients meet its HTML 414 instead.
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any
from urllib.parse import quote

from flask import Flask, Response, request

from app.core.errors import AppError

MAX_URI_BYTES = 4096
DOCS_ENDPOINT = "api-docs.openapi_swagger_ui"
DOCS_ASSETS_ENDPOINT = "docs_assets"
GUIDES_ENDPOINT = "guides.page"
_KEEP_CACHING = {DOCS_ASSETS_ENDPOINT, GUIDES_ENDPOINT}
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


class UriTooLong(AppError):
    """The URL (path and query) is longer than 4,096 bytes."""

    status = 414
    code = "uri_too_long"
    remedy = "send long values in a body, or fewer filters"
    detail = (
        f"The URL (path and query) is longer than {MAX_URI_BYTES:,} bytes. "
        "Send long values in a request body."
    )


def init_app(app: Flask) -> None:
    """Install the checks (after `core.logging`, so a refused request has its id)."""
    app.before_request(_check_uri_length)
    app.after_request(_add_headers)


def uri_length(environ: dict[str, Any]) -> int:
    """Bytes of the request target as sent: the WSGI servers we run under (gunicorn,
    werkzeug) give it raw in RAW_URI; otherwise it is rebuilt, percent-encoded."""
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw is not None:
        return len(raw)
    path = quote(environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", ""), safe="/")
    query = environ.get("QUERY_STRING", "")
    return len(path) + (len(query) + 1 if query else 0)


def _check_uri_length() -> None:
    if uri_length(request.environ) > MAX_URI_BYTES:
        raise UriTooLong()


def _add_headers(response: Response) -> Response:
    headers = response.headers
    headers["X-Content-Type-Options"] = "nosniff"
    if not (request.endpoint in _KEEP_CACHING and "Cache-Control" in headers):
        headers["Cache-Control"] = "no-store"
    if request.endpoint == DOCS_ENDPOINT and response.mimetype == "text/html":
        headers["Content-Security-Policy"] = _docs_policy(response.get_data(as_text=True))
        headers["X-Frame-Options"] = "DENY"
    return response


def inline_script_hashes(html: str) -> str:
    """CSP sources (`'sha256-…'`) allowing exactly the inline `<script>`s of `html`."""
    return " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in dict.fromkeys(_INLINE_SCRIPT.findall(html))
    )


def _docs_policy(html: str) -> str:
    """Swagger UI: its scripts and styles from /docs/assets, its inline set-up script by
    hash, the spec and "Try it out" requests to this origin, and the `data:` images of its
    stylesheet. React sets styles through the DOM, which `style-src` does not govern."""
    hashes = inline_script_hashes(html)
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src 'self' {hashes}".strip(),
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "form-action 'self'",
            "base-uri 'none'",
            "object-src 'none'",
            "frame-ancestors 'none'",
        ]
    )
