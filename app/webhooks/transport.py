"""The HTTP side of a delivery: which URLs may be registered, which addresses may be called,
and one POST with a hard timeout and no redirects.

SSRF: a URL's host is resolved when the request is made; if any address it resolves to is
private, loopback, link-local, multicast or otherwise not global, nothing is sent (unless
the development setting allows it). The request then goes to the address that was
checked (TLS still verifies the certificate for the host name), so a DNS answer that
changes between the check and the connection cannot redirect it.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import ipaddress
import socket
import ssl
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import SplitResult, urlsplit, urlunsplit

import httpcore

EXCERPT_BYTES = 4096
EXCERPT_CHARS = 500


@dataclass(frozen=True)
class Response:
    status_code: int | None
    error: str | None  # timeout, connection_error, dns_error, blocked_address
    duration_ms: int
    excerpt: str
    retry_after: float | None  # seconds, from a Retry-After header

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def url_problems(url: str, *, live: bool, allow_private: bool) -> list[str]:
    """Why this URL cannot be a webhook endpoint (empty: it can)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 (raises ValueError on a bad port)
    except ValueError:
        return ["Not a valid URL."]
    if parts.scheme not in ("http", "https") or not host:
        return ["Must be an http or https URL."]
    if live and parts.scheme != "https":
        return ["Live-mode endpoints must use https."]
    if parts.username is not None or parts.password is not None:
        return ["Must not contain credentials."]
    if parts.fragment:
        return ["Must not contain a fragment."]
    if not allow_private and _is_local_name(host):
        return ["Must not point to a private, loopback or link-local address."]
    return []


def post(
    url: str, *, body: bytes, headers: dict[str, str], timeout: float, allow_private: bool
) -> Response:
    started = time.monotonic()

    def done(
        status: int | None, error: str | None, excerpt: str = "", retry: float | None = None
    ) -> Response:
        elapsed = int((time.monotonic() - started) * 1000)
        return Response(status, error, elapsed, excerpt, retry)

    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        addresses = [info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]
    except (OSError, UnicodeError):
        return done(None, "dns_error")
    if not addresses:
        return done(None, "dns_error")
    if not allow_private and any(not _is_global(str(a)) for a in addresses):
        return done(None, "blocked_address")
    target = _pinned(parts, str(addresses[0]), port)
    request_headers = {
        **headers,
        "Host": parts.netloc.rpartition("@")[2],
        "Content-Type": "application/json",
        "User-Agent": "gigkit-webhooks/1",
    }
    extensions: dict[str, Any] = {"timeout": dict.fromkeys(_PHASES, timeout)}
    if parts.scheme == "https":
        extensions["sni_hostname"] = host
    deadline = _Deadline(started + timeout)
    try:
        with (
            httpcore.ConnectionPool(network_backend=deadline, max_connections=1) as pool,
            pool.stream(
                "POST",
                target,
                headers=list(request_headers.items()),
                content=body,
                extensions=extensions,
            ) as response,
        ):
            excerpt = _excerpt(response)
            retry = _retry_after(_header(response, b"retry-after"))
            return done(response.status, None, excerpt, retry)
    except httpcore.TimeoutException:
        return done(None, "timeout")
    except (httpcore.NetworkError, httpcore.ProtocolError, httpcore.UnsupportedProtocol):
        return done(None, "connection_error")


_PHASES = ("connect", "read", "write", "pool")


class _Deadline(httpcore.NetworkBackend):
    """The request's total time limit: every connect, TLS handshake, read and write gets at
    most what is left of it, so a receiver that trickles bytes cannot hold a worker (and
    the endpoint's lease) past the timeout. httpcore (under httpx) applies a timeout to
    each step only. No redirects: httpcore never follows them."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.backend = httpcore.SyncBackend()

    def left(self, timeout: float | None) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise httpcore.ReadTimeout("the webhook timeout has passed")
        return left if timeout is None else min(timeout, left)

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self.backend.connect_tcp(
            host, port, self.left(timeout), local_address, socket_options
        )
        return _DeadlineStream(stream, self)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("webhooks are sent over TCP only")

    def sleep(self, seconds: float) -> None:
        time.sleep(min(seconds, self.left(None)))


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream, deadline: _Deadline) -> None:
        self.stream, self.deadline = stream, deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.stream.read(max_bytes, self.deadline.left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.stream.write(buffer, self.deadline.left(timeout))

    def close(self) -> None:
        self.stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        stream = self.stream.start_tls(ssl_context, server_hostname, self.deadline.left(timeout))
        return _DeadlineStream(stream, self.deadline)

    def get_extra_info(self, info: str) -> Any:
        return self.stream.get_extra_info(info)


def _header(response: httpcore.Response, name: bytes) -> str | None:
    for key, value in response.headers:
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def _pinned(parts: SplitResult, address: str, port: int) -> str:
    netloc = f"[{address}]:{port}" if ":" in address else f"{address}:{port}"
    return urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))


def _excerpt(response: httpcore.Response) -> str:
    received = b""
    try:
        for chunk in response.iter_stream():
            received += chunk
            if len(received) >= EXCERPT_BYTES:
                break
    except httpcore.TimeoutException:
        pass  # the status arrived in time; a body still trickling in is cut short
    return received[:EXCERPT_BYTES].decode("utf-8", "replace")[:EXCERPT_CHARS]


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # not "²", which isdigit() but float() refuses
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def _is_global(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _is_local_name(host: str) -> bool:
    """Obvious local targets, known without DNS: IP literals and `localhost`."""
    name = host.lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return not _is_global(name)
    except ValueError:
        pass
    try:  # the shorthand forms resolvers also take as addresses: 127.1, 2130706433, 0x7f000001
        return not _is_global(socket.inet_ntoa(socket.inet_aton(name)))
    except (OSError, ValueError):
        return False  # a name: checked again, resolved, when each request is made
