"""The Python SDK for gigkit: resource-style methods over the generated `gigkit_client`.

    from gigkit_sdk import Gigkit

    gk = Gigkit("http://127.0.0.1:8000", api_key="gk_test_...")
    worker = gk.workers.create(name="Chen Wei", mobile="13800138000",
                               id_card_number="11010519491231002X")
    hold = gk.escrow.create_hold(employer_id=employer.id, amount=28000, currency="CNY")
    for w in gk.workers.list(skill="sewing"):  # every page
        print(w.id)
    payout = gk.payouts.get(payout_id)

Every operation of the API is a method: `gk.<tag>.<operation_id>(...)` (`gk.escrow.create_hold`,
`gk.work.clock_in`), and `gk.<resource>.<verb>(...)` where the operation's name says which
collection it acts on (`gk.workers.list`, `gk.holds.release`, `gk.payouts.get`). They are
generated from the spec (`resources.py`, by `make sdk`), typed with the generated models, and
`AsyncGigkit` has the same ones, awaitable. Underneath, `gk.call(operation, ...)` runs any
generated operation module (`gigkit_client.api.parties.create_worker`), and `gk.client` is
the generated client itself.

What it adds to the generated client:

- **Idempotency**: every POST under /v1 gets an `Idempotency-Key` (a UUID) unless you send
  one (`idempotency_key=`, on every POST method), and keeps it across retries, so a retried
  POST never acts twice.
- **Typed results**: `gk.workers.create(...)` (and `call(create_worker, ...)`, through
  `operations.Operation`) is typed `Worker`, so mypy catches `worker.nmae`; `body=` given to
  `call()` may be the model or a dict of its fields.
- **Async**: `AsyncGigkit` (and `acall()`, `apaginate()`, the generated `asyncio` functions on
  `gk.client`) use an `httpx.AsyncClient` with the same credentials, retries and keys.
- **Retries** with exponential backoff and jitter (honouring `Retry-After`) on connection
  errors, timeouts, 429, 409 `idempotency_key_in_use` and 5xx.
- **OAuth 2.0 client credentials**: gets a token, reuses it until shortly before it expires,
  and gets a new one (once) when the API answers 401 `token_expired`/`token_revoked`.
- **Errors as exceptions**: a method returns the parsed object or raises one exception per
  family (`NotFoundError`, `ConflictError`, `InsufficientFundsError`, `ValidationError`,
  `AuthenticationError`/`PermissionDeniedError`, `RateLimitError`,
  `ServiceUnavailableError`, else `APIError`; all are `GigkitError`), carrying the
  problem's `status`, `code`, `detail`, `request_id` and field `errors` (`errors.py`).
- **Cursor pagination**: a list method (and `paginate()`) walks `next_cursor` and yields
  every item.
- **Files made in the background**: `download()` asks again while the API answers 202
  (honouring `Retry-After`) and returns the bytes, e.g. a contract's PDF.
- **Test numbers**: `gigkit_sdk.testing` makes valid credit codes, ID-card numbers and mobile
  numbers for a test tenant (new ones each call, or fixed by a `seed`).
- **Sealed PDFs**: `verify_sealed_pdf(pdf, keys)` checks a completed contract's PDF with
  only the file and the published keys (`sealed_pdf.py`; `pip install "gigkit-client[verify]"`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, Self, TypedDict, TypeVar, Unpack

import httpx

from gigkit_sdk import testing
from gigkit_sdk.auth import ClientCredentials
from gigkit_sdk.core import Core
from gigkit_sdk.errors import (
    APIConnectionError,
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
from gigkit_sdk.operations import Operation, Page
from gigkit_sdk.resources import AsyncResources, Resources
from gigkit_sdk.sealed_pdf import SealedPdfVerification, verify_sealed_pdf
from gigkit_sdk.transport import (
    IDEMPOTENCY_HEADER,
    RETRY_STATUSES,
    AsyncRetryTransport,
    RetryTransport,
)
from gigkit_sdk.webhooks import WebhookVerificationError, sign_webhook, verify_webhook

__all__ = [
    "IDEMPOTENCY_HEADER",
    "RETRY_STATUSES",
    "APIConnectionError",
    "APIError",
    "ApiError",
    "AsyncGigkit",
    "AsyncRetryTransport",
    "AuthenticationError",
    "ClientCredentials",
    "ConflictError",
    "Core",
    "Gigkit",
    "GigkitError",
    "InsufficientFundsError",
    "NotFoundError",
    "Operation",
    "PermissionDeniedError",
    "RateLimitError",
    "RetryTransport",
    "SealedPdfVerification",
    "ServiceUnavailableError",
    "ValidationError",
    "WebhookVerificationError",
    "error_for",
    "sign_webhook",
    "testing",
    "verify_sealed_pdf",
    "verify_webhook",
]


T = TypeVar("T")
Item = TypeVar("Item")


class Gigkit(Core, Resources):
    """The client: a namespace per tag and per resource (`gk.escrow`, `gk.workers`), each
    with a typed method per operation, over `Core` (`call`, `paginate`, `download`, the
    async `acall`..., `client`: the generated client)."""

    def _ready(self) -> None:
        self._attach(self)


class Options(TypedDict, total=False):
    """`Gigkit`'s keyword arguments, which `AsyncGigkit` takes too."""

    api_key: str | None
    client_id: str | None
    client_secret: str | None
    scope: str
    max_retries: int
    backoff: float
    timeout: float
    transport: httpx.BaseTransport | None
    async_transport: httpx.AsyncBaseTransport | None


class AsyncGigkit(AsyncResources):
    """`Gigkit` with every method awaitable (`await agk.escrow.create_hold(...)`) and the list
    methods async iterators (`async for w in agk.workers.list()`). Close it with
    `await agk.close()`, or use `async with AsyncGigkit(...) as agk`."""

    def __init__(self, base_url: str, **options: Unpack[Options]) -> None:
        self.core = Core(base_url, **options)
        self.client = self.core.client
        self.auth = self.core.auth
        self._attach(self.core)

    async def call(self, operation: Operation[T], **kwargs: Any) -> T:
        """`Gigkit.call()`, awaitable."""
        return await self.core.acall(operation, **kwargs)

    def paginate(
        self, operation: Operation[Page[Item]], *, limit: int = 100, **kwargs: Any
    ) -> AsyncIterator[Item]:
        """`Gigkit.paginate()`, as an async iterator."""
        return self.core.apaginate(operation, limit=limit, **kwargs)

    async def download(
        self, operation: Operation[Any], *, timeout: float = 120.0, **kwargs: Any
    ) -> bytes:
        """`Gigkit.download()`, awaitable."""
        return await self.core.adownload(operation, timeout=timeout, **kwargs)

    async def close(self) -> None:
        await self.core.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()
