"""`Core`: the generated client with credentials, retries, Idempotency-Keys, typed results
and errors raised (see the package's docstring); `Gigkit` and `AsyncGigkit` are built on it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any, Self, TypeVar

import httpx
from gigkit_client import AuthenticatedClient
from gigkit_client.types import UNSET

from gigkit_sdk.auth import Bearer, ClientCredentials
from gigkit_sdk.errors import APIError, error_for
from gigkit_sdk.operations import Operation, Page, arguments
from gigkit_sdk.transport import AsyncRetryTransport, RetryTransport

T = TypeVar("T")
Item = TypeVar("Item")


class Core:
    """The generated client, configured with the behaviours of the package (`.client`):
    what `Gigkit` and `AsyncGigkit` (and their resource namespaces) call."""

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
        async_transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        auth: httpx.Auth
        if api_key:
            auth = Bearer(api_key)
        elif client_id and client_secret:
            auth = ClientCredentials(base_url, client_id, client_secret, scope)
        else:
            raise ValueError("give api_key, or client_id and client_secret")
        self.auth = auth
        self.transport = RetryTransport(transport, max_retries=max_retries, backoff=backoff)
        self.http = httpx.Client(
            base_url=base_url, auth=auth, transport=self.transport, timeout=timeout
        )
        self.async_transport = AsyncRetryTransport(
            async_transport, max_retries=max_retries, backoff=backoff
        )
        self.async_http = httpx.AsyncClient(
            base_url=base_url, auth=auth, transport=self.async_transport, timeout=timeout
        )
        # The generated client takes a token; ours is supplied by `auth` on every request,
        # sync or async (the generated client would otherwise send `Bearer ` with none).
        self.client = AuthenticatedClient(base_url=base_url, token="")
        self.client.set_httpx_client(self.http)
        self.client.set_async_httpx_client(self.async_http)
        self._ready()

    def _ready(self) -> None:
        """Called at the end of `__init__` (`Gigkit` attaches its namespaces)."""

    def call(self, operation: Operation[T], **kwargs: Any) -> T:
        """`operation.sync(client=..., **kwargs)`, typed as what the operation answers, but
        an error answer raises its family (`GigkitError` and its subclasses, `errors.py`)
        instead of being returned: any status, any body (a proxy's HTML page too).

        An `idempotency_key=` the operation takes is generated when not given; `body=` may
        be the operation's model or a dict of its fields."""
        response = self._send(operation, kwargs)
        return self._parse(operation, response)

    async def acall(self, operation: Operation[T], **kwargs: Any) -> T:
        """`call()` over the async client (`operation.asyncio`)."""
        request = _request(operation, kwargs)
        response = await self.async_http.request(**request)
        await response.aread()
        return self._parse(operation, _raise_for_error(response))

    def _send(self, operation: Operation[Any], kwargs: dict[str, Any]) -> httpx.Response:
        """The request the generated `operation` makes; an error answer is raised."""
        return _raise_for_error(self.http.request(**_request(operation, kwargs)))

    def _parse(self, operation: Operation[T], response: httpx.Response) -> T:
        generated: Any = operation  # a Problem was raised: what is parsed is a `T`
        parsed: T = generated._build_response(client=self.client, response=response).parsed
        return parsed

    @staticmethod
    def call_result(response: Any) -> Any:
        """A generated client's detailed response (`sync_detailed`): the parsed body, or
        the error raised (whether or not the spec lists the status for that operation)."""
        if int(response.status_code) >= 400:
            raise error_for(int(response.status_code), response.content, response.headers)
        return response.parsed

    def download(
        self, operation: Operation[Any], *, timeout: float = 120.0, **kwargs: Any
    ) -> bytes:
        """The file an operation answers (e.g. `get_contract_document`), waiting while it is
        being made (202 + `Retry-After`) for up to `timeout` seconds; the error otherwise."""
        deadline = time.monotonic() + timeout
        while True:
            response = self._send(operation, kwargs)
            delay = _file_or_delay(response, deadline, timeout)
            if isinstance(delay, bytes):
                return delay
            time.sleep(delay)

    async def adownload(
        self, operation: Operation[Any], *, timeout: float = 120.0, **kwargs: Any
    ) -> bytes:
        """`download()` over the async client."""
        deadline = time.monotonic() + timeout
        while True:
            response = await self.async_http.request(**_request(operation, kwargs))
            await response.aread()
            delay = _file_or_delay(_raise_for_error(response), deadline, timeout)
            if isinstance(delay, bytes):
                return delay
            await asyncio.sleep(delay)

    def paginate(
        self, operation: Operation[Page[Item]], *, limit: int = 100, **kwargs: Any
    ) -> Iterator[Item]:
        """Every item of a list operation, following `next_cursor`."""
        cursor: Any = UNSET
        while True:
            page: Any = self.call(operation, limit=limit, cursor=cursor, **kwargs)
            yield from page.data
            if not page.has_more:
                return
            cursor = page.next_cursor

    async def apaginate(
        self, operation: Operation[Page[Item]], *, limit: int = 100, **kwargs: Any
    ) -> AsyncIterator[Item]:
        """`paginate()` over the async client."""
        cursor: Any = UNSET
        while True:
            page: Any = await self.acall(operation, limit=limit, cursor=cursor, **kwargs)
            for item in page.data:
                yield item
            if not page.has_more:
                return
            cursor = page.next_cursor

    def close(self) -> None:
        """Close the sync client (`aclose()`, or `async with`, closes both)."""
        self.http.close()

    async def aclose(self) -> None:
        self.http.close()
        await self.async_http.aclose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


def _request(operation: Any, kwargs: dict[str, Any]) -> dict[str, Any]:
    prepared = arguments(operation, kwargs)  # (checks first that it is an operation)
    request: dict[str, Any] = operation._get_kwargs(**prepared)
    return request


def _raise_for_error(response: httpx.Response) -> httpx.Response:
    if response.status_code >= 400:
        raise error_for(response.status_code, response.content, response.headers)
    return response


def _file_or_delay(response: httpx.Response, deadline: float, timeout: float) -> bytes | float:
    """The file (200), or how long to wait before asking again (202 + `Retry-After`)."""
    if response.status_code == 200:
        return bytes(response.content)
    if response.status_code != 202:
        raise APIError(response.status_code, {"detail": "unexpected answer for a file"})
    wait = response.headers.get("Retry-After", "1")
    delay = float(wait) if wait.isdigit() else 1.0
    if time.monotonic() + delay > deadline:
        raise TimeoutError(f"the file was not ready within {timeout:g} s")
    return delay
