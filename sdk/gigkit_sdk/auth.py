"""Credentials for httpx (sync and async): an API key, or OAuth 2.0 client credentials."""

from __future__ import annotations

import asyncio
import base64
import threading
import time
from collections.abc import AsyncGenerator, Generator

import httpx

from gigkit_sdk.errors import error_for

RENEW = ("token_expired", "token_revoked")


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
        self._async_lock: asyncio.Lock | None = None

    def _token_request(self) -> httpx.Request:
        data = {"grant_type": "client_credentials"}
        if self.scope:
            data["scope"] = self.scope
        return httpx.Request(
            "POST", self.token_url, data=data, headers={"Authorization": f"Basic {self.basic}"}
        )

    def _stale(self) -> bool:
        return self.token is None or time.monotonic() >= self.expires_at

    def _store(self, response: httpx.Response) -> None:
        if response.status_code != 200:
            raise error_for(response.status_code, response.content, response.headers)
        body = response.json()
        self.token = body["access_token"]
        self.expires_at = time.monotonic() + int(body["expires_in"]) - 30
        self.tokens_issued += 1

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response]:
        with self._lock:
            if self._stale():
                self._store((yield self._token_request()))
            request.headers["Authorization"] = f"Bearer {self.token}"
        response = yield request
        if response.status_code == 401 and _code(response) in RENEW:
            with self._lock:
                self._store((yield self._token_request()))
                request.headers["Authorization"] = f"Bearer {self.token}"
            yield request

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        if self._async_lock is None:
            self._async_lock = asyncio.Lock()
        async with self._async_lock:
            if self._stale():
                token_response = yield self._token_request()
                await token_response.aread()
                self._store(token_response)
            request.headers["Authorization"] = f"Bearer {self.token}"
        response = yield request
        if response.status_code == 401:
            await response.aread()
            if _code(response) in RENEW:
                async with self._async_lock:
                    token_response = yield self._token_request()
                    await token_response.aread()
                    self._store(token_response)
                    request.headers["Authorization"] = f"Bearer {self.token}"
                yield request


class Bearer(httpx.Auth):
    """An API key (or any bearer token) on every request."""

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
