"""Retries with jittered backoff and automatic Idempotency-Keys, for httpx (sync and async).

Every POST under /v1 gets an `Idempotency-Key` (a UUID) unless one was sent, and keeps it
across retries, so a retried POST never acts twice. Connection errors, timeouts, 429,
409 `idempotency_key_in_use` and 5xx are retried, honouring `Retry-After`.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections.abc import Awaitable, Callable

import httpx

from gigkit_sdk.errors import APIConnectionError

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
IDEMPOTENCY_HEADER = "Idempotency-Key"


def add_idempotency_key(request: httpx.Request) -> None:
    """A POST under /v1 without an Idempotency-Key gets a new one."""
    if (
        request.method == "POST"
        and request.url.path.startswith("/v1/")
        and IDEMPOTENCY_HEADER not in request.headers
    ):
        request.headers[IDEMPOTENCY_HEADER] = str(uuid.uuid4())


def _unanswered(exc: Exception, request: httpx.Request) -> APIConnectionError:
    return APIConnectionError(exc, request.headers.get(IDEMPOTENCY_HEADER))


class _Policy:
    def __init__(self, max_retries: int, backoff: float, max_delay: float) -> None:
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_delay = max_delay

    @staticmethod
    def _retryable_status(response: httpx.Response) -> bool | None:
        """True/False when the status decides; None for a 409 whose body decides."""
        if response.status_code in RETRY_STATUSES:
            return True
        return None if response.status_code == 409 else False

    @staticmethod
    def _in_flight(response: httpx.Response) -> bool:
        try:
            return bool(response.json().get("code") == "idempotency_key_in_use")
        except ValueError:
            return False

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        jittered = self.backoff * (2**attempt) * random.uniform(0.5, 1.5)  # noqa: S311
        if retry_after and retry_after.isdigit():
            jittered = max(jittered, float(retry_after))
        return float(min(jittered, self.max_delay))


class RetryTransport(_Policy, httpx.BaseTransport):
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
        super().__init__(max_retries, backoff, max_delay)
        self.inner = inner or httpx.HTTPTransport()
        self.sleep = sleep

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        add_idempotency_key(request)
        for attempt in range(self.max_retries + 1):
            last = attempt == self.max_retries
            try:
                response = self.inner.handle_request(request)
            except (httpx.TransportError, httpx.TimeoutException) as exc:
                if last:
                    raise _unanswered(exc, request) from exc
                self.sleep(self._delay(attempt, None))
                continue
            if last or not self._retryable(response):
                return response
            response.read()
            response.close()
            self.sleep(self._delay(attempt, response.headers.get("Retry-After")))
        raise AssertionError("unreachable")

    def _retryable(self, response: httpx.Response) -> bool:
        decided = self._retryable_status(response)
        if decided is not None:
            return decided
        response.read()
        return self._in_flight(response)

    def close(self) -> None:
        self.inner.close()


class AsyncRetryTransport(_Policy, httpx.AsyncBaseTransport):
    """`RetryTransport` for `httpx.AsyncClient` (the generated `asyncio` functions)."""

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport | None = None,
        *,
        max_retries: int = 4,
        backoff: float = 0.5,
        max_delay: float = 8.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        super().__init__(max_retries, backoff, max_delay)
        self.inner = inner or httpx.AsyncHTTPTransport()
        self.sleep = sleep

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        add_idempotency_key(request)
        for attempt in range(self.max_retries + 1):
            last = attempt == self.max_retries
            try:
                response = await self.inner.handle_async_request(request)
            except (httpx.TransportError, httpx.TimeoutException) as exc:
                if last:
                    raise _unanswered(exc, request) from exc
                await self.sleep(self._delay(attempt, None))
                continue
            if last or not await self._retryable(response):
                return response
            await response.aread()
            await response.aclose()
            await self.sleep(self._delay(attempt, response.headers.get("Retry-After")))
        raise AssertionError("unreachable")

    async def _retryable(self, response: httpx.Response) -> bool:
        decided = self._retryable_status(response)
        if decided is not None:
            return decided
        await response.aread()
        return self._in_flight(response)

    async def aclose(self) -> None:
        await self.inner.aclose()
