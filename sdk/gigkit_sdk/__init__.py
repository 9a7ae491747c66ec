"""The hand-written companion of the generated `gigkit_client` (which is never edited).

    from gigkit_sdk import Gigkit
    from gigkit_client.api.parties import create_worker, list_workers
    from gigkit_client.models import WorkerCreate

    gk = Gigkit("http://127.0.0.1:8000", api_key="gk_test_...")
    worker = gk.call(create_worker, body=WorkerCreate(name="Chen Wei", mobile="13800138000",
                                                      id_card_number="11010519491231002X"))
    for w in gk.paginate(list_workers, skill="sewing"):
        print(w.id)

What it adds to the generated client:

- **Idempotency**: every POST under /v1 gets an `Idempotency-Key` (a UUID) unless you send
  one, and keeps it across retries, so a retried POST never acts twice.
- **Retries** with exponential backoff and jitter (honouring `Retry-After`) on connection
  errors, timeouts, 429, 409 `idempotency_key_in_use` and 5xx.
- **OAuth 2.0 client credentials**: gets a token, reuses it until shortly before it expires,
  and gets a new one (once) when the API answers 401 `token_expired`/`token_revoked`.
- **Errors as exceptions**: `call()` returns the parsed object or raises one exception per
  family (`NotFoundError`, `ConflictError`, `InsufficientFundsError`, `ValidationError`,
  `AuthenticationError`/`PermissionDeniedError`, `RateLimitError`,
  `ServiceUnavailableError`, else `APIError`; all are `GigkitError`), carrying the
  problem's `status`, `code`, `detail`, `request_id` and field `errors` (`errors.py`).
- **Cursor pagination**: `paginate()` walks `next_cursor` and yields items.
- **Files made in the background**: `download()` asks again while the API answers 202
  (honouring `Retry-After`) and returns the bytes, e.g. a contract's PDF.
"""

from __future__ import annotations

import base64
import random
import threading
import time
import uuid
from collections.abc import Callable, Generator, Iterator
from typing import Any

import httpx
from gigkit_client import AuthenticatedClient
from gigkit_client.types import UNSET

from gigkit_sdk.errors import (
    APIError,
    ApiError,
    AuthenticationError,
    ConflictError,
    GigkitError,
    InsufficientFundsError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServiceUnavailableError,
    ValidationError,
    error_for,
)
from gigkit_sdk.webhooks import WebhookVerificationError, sign_webhook, verify_webhook

__all__ = [
    "APIError",
    "ApiError",
    "AuthenticationError",
    "ClientCredentials",
    "ConflictError",
    "Gigkit",
    "GigkitError",
    "InsufficientFundsError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RetryTransport",
    "ServiceUnavailableError",
    "ValidationError",
    "WebhookVerificationError",
    "error_for",
    "sign_webhook",
    "verify_webhook",
]

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
IDEMPOTENCY_HEADER = "Idempotency-Key"


class RetryTransport(httpx.BaseTransport):
    """Adds Idempotency-Keys and retries transient failures with jittered backoff."""

    def __init__(
        self,
        inner: httpx.BaseTransport | None = None,
        *,
        max_retries: int = 4,
        backoff: float = 0.5,
        max_delay: float = 8.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.inner = inner or httpx.HTTPTransport()
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_delay = max_delay
        self.sleep = sleep

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if (
            request.method == "POST"
            and request.url.path.startswith("/v1/")
            and IDEMPOTENCY_HEADER not in request.headers
        ):
            request.headers[IDEMPOTENCY_HEADER] = str(uuid.uuid4())
        for attempt in range(self.max_retries + 1):
            last = attempt == self.max_retries
            try:
                response = self.inner.handle_request(request)
            except (httpx.TransportError, httpx.TimeoutException):
                if last:
                    raise
                self.sleep(self._delay(attempt, None))
                continue
            if last or not self._retryable(response):
                return response
            response.read()
            response.close()
            self.sleep(self._delay(attempt, response.headers.get("Retry-After")))
        raise AssertionError("unreachable")

    @staticmethod
    def _retryable(response: httpx.Response) -> bool:
        if response.status_code in RETRY_STATUSES:
            return True
        if response.status_code == 409:
            response.read()
            try:
                return bool(response.json().get("code") == "idempotency_key_in_use")
            except ValueError:
                return False
        return False

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        jittered = self.backoff * (2**attempt) * random.uniform(0.5, 1.5)  # noqa: S311
        if retry_after and retry_after.isdigit():
            jittered = max(jittered, float(retry_after))
        return min(jittered, self.max_delay)

    def close(self) -> None:
        self.inner.close()


class ClientCredentials(httpx.Auth):
    """OAuth 2.0 client credentials: one cached token, renewed before it expires."""

    requires_response_body = True

    def __init__(self, base_url: str, client_id: str, client_secret: str, scope: str = "") -> None:
        self.token_url = base_url.rstrip("/") + "/oauth/token"
        self.basic = base64.b64encode(f"{client_id}:{client_secret}".encode()).decode()
        self.scope = scope
        self.token: str | None = None
        self.expires_at = 0.0
        self.tokens_issued = 0
        self._lock = threading.Lock()

    def _token_request(self) -> httpx.Request:
        data = {"grant_type": "client_credentials"}
        if self.scope:
            data["scope"] = self.scope
        return httpx.Request(
            "POST", self.token_url, data=data, headers={"Authorization": f"Basic {self.basic}"}
        )

    def _store(self, response: httpx.Response) -> None:
        if response.status_code != 200:
            response.read()
            raise error_for(response.status_code, response.content, response.headers)
        body = response.json()
        self.token = body["access_token"]
        self.expires_at = time.monotonic() + int(body["expires_in"]) - 30
        self.tokens_issued += 1

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response]:
        with self._lock:
            if self.token is None or time.monotonic() >= self.expires_at:
                self._store((yield self._token_request()))
            request.headers["Authorization"] = f"Bearer {self.token}"
        response = yield request
        if response.status_code == 401 and _code(response) in ("token_expired", "token_revoked"):
            with self._lock:
                self._store((yield self._token_request()))
                request.headers["Authorization"] = f"Bearer {self.token}"
            yield request


class _Bearer(httpx.Auth):
    def __init__(self, token: str) -> None:
        self.header = f"Bearer {token}"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response]:
        request.headers["Authorization"] = self.header
        yield request


def _code(response: httpx.Response) -> str | None:
    try:
        return str(response.json().get("code"))
    except ValueError:
        return None


class Gigkit:
    """The generated client, configured with the behaviours above (`.client`)."""

    def __init__(
        self,
        base_url: str,
        *,
        api_key: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        scope: str = "",
        max_retries: int = 4,
        backoff: float = 0.5,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        auth: httpx.Auth
        if api_key:
            auth = _Bearer(api_key)
        elif client_id and client_secret:
            auth = ClientCredentials(base_url, client_id, client_secret, scope)
        else:
            raise ValueError("give api_key, or client_id and client_secret")
        self.auth = auth
        self.transport = RetryTransport(transport, max_retries=max_retries, backoff=backoff)
        self.http = httpx.Client(
            base_url=base_url, auth=auth, transport=self.transport, timeout=timeout
        )
        # The generated client takes a token; ours is supplied by `auth` on every request.
        self.client = AuthenticatedClient(base_url=base_url, token="")
        self.client.set_httpx_client(self.http)

    def call(self, operation: Any, **kwargs: Any) -> Any:
        """`operation.sync(client=..., **kwargs)`, but an error answer raises its family
        (`GigkitError` and its subclasses, `errors.py`) instead of being returned: any
        status, any body (a proxy's HTML page too, which the generated parser cannot read)."""
        response = self._send(operation, kwargs)
        return operation._build_response(client=self.client, response=response).parsed

    def _send(self, operation: Any, kwargs: dict[str, Any]) -> httpx.Response:
        """The request the generated `operation` makes; an error answer is raised."""
        response = self.http.request(**operation._get_kwargs(**kwargs))
        if response.status_code >= 400:
            raise error_for(response.status_code, response.content, response.headers)
        return response

    @staticmethod
    def call_result(response: Any) -> Any:
        """A generated client's detailed response (`sync_detailed`): the parsed body, or
        the error raised (whether or not the spec lists the status for that operation)."""
        if int(response.status_code) >= 400:
            raise error_for(int(response.status_code), response.content, response.headers)
        return response.parsed

    def download(self, operation: Any, *, timeout: float = 120.0, **kwargs: Any) -> bytes:
        """The file an operation answers (e.g. `get_contract_document`), waiting while it is
        being made (202 + `Retry-After`) for up to `timeout` seconds; the error otherwise."""
        deadline = time.monotonic() + timeout
        while True:
            response = self._send(operation, kwargs)
            if response.status_code == 200:
                return bytes(response.content)
            if response.status_code != 202:
                raise APIError(response.status_code, {"detail": "unexpected answer for a file"})
            wait = response.headers.get("Retry-After", "1")
            delay = float(wait) if wait.isdigit() else 1.0
            if time.monotonic() + delay > deadline:
                raise TimeoutError(f"the file was not ready within {timeout:g} s")
            time.sleep(delay)

    def paginate(self, operation: Any, *, limit: int = 100, **kwargs: Any) -> Iterator[Any]:
        """Every item of a list operation, following `next_cursor`."""
        cursor: Any = UNSET
        while True:
            page = self.call(operation, limit=limit, cursor=cursor, **kwargs)
            yield from page.data
            if not page.has_more:
                return
            cursor = page.next_cursor

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Gigkit:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
