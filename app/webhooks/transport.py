"""The HTTP side of a delivery: which URLs may be registered, which addresses may be called,
and one POST with a hard timeout and no redirects.

SSRF: a URL's host is resolved when the request is made; if any address it resolves to is in
one of the special-purpose blocks of `SPECIAL_PURPOSE` (private, loopback, link-local,
shared, documentation, multicast, reserved, translation...), nothing is sent (unless the
development setting allows it). The request then goes to the address that was checked (TLS
still verifies the certificate for the host name), so a DNS answer that changes between the
check and the connection cannot redirect it.
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
from enum import Enum
from typing import Any
from urllib.parse import SplitResult, urlsplit, urlunsplit

import httpcore

from app.core import time as clock

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


class Rule(Enum):
    """What a block of `SPECIAL_PURPOSE` means for an address in it."""

    DENY = "deny"
    EMBEDDED = "check the IPv4 address in its last 32 bits"


@dataclass(frozen=True)
class Special:
    """A special-purpose address block: webhooks are not sent there."""

    block: ipaddress.IPv4Network | ipaddress.IPv6Network
    name: str
    reference: str
    rule: Rule = Rule.DENY


def _row(block: str, name: str, reference: str, rule: Rule = Rule.DENY) -> Special:
    return Special(ipaddress.ip_network(block), name, reference, rule)


# Addresses never called (unless the development setting lets a test-mode tenant reach them):
# the IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890, RFC 8190; checked as
# of 2025), multicast, and in IPv6 everything outside 2000::/3, the only block IANA
# allocates for global unicast, so that blocks assigned there later are denied too. Each row:
# the block, what it is, where it is defined, and the rule; the first row that contains an
# address decides. Registry rows that are globally reachable public services (AS112
# 192.31.196.0/24 and 192.175.48.0/24, AMT 192.52.193.0/24, AS112 2620:4f:8000::/48) are not
# listed. 192.0.0.0/24 and 2001::/23 are denied whole, although a few anycast or identifier
# addresses in them are globally reachable: no webhook receiver lives there, and Teredo
# (2001::/32) hides an IPv4 address. Two IPv6 blocks only carry an IPv4 address, which is
# checked instead: IPv4-mapped (the socket talks IPv4 to it) and the NAT64 well-known prefix
# (a translator forwards to it; an IPv6-only host with DNS64 sees every IPv4-only receiver
# there). Other embeddings are denied whole: IPv4-compatible (deprecated), 6to4, Teredo, and
# the local-use NAT64 prefix, where the operator's translator decides where the IPv4 sits.
SPECIAL_PURPOSE: tuple[Special, ...] = (
    _row("0.0.0.0/8", '"this network" (0.0.0.0 reaches the local host)', "RFC 791 §3.2"),
    _row("10.0.0.0/8", "private use", "RFC 1918"),
    _row("100.64.0.0/10", "shared address space (carrier-grade NAT)", "RFC 6598"),
    _row("127.0.0.0/8", "loopback", "RFC 1122 §3.2.1.3"),
    _row("169.254.0.0/16", "link local (cloud metadata services)", "RFC 3927"),
    _row("172.16.0.0/12", "private use", "RFC 1918"),
    _row("192.0.0.0/24", "IETF protocol assignments (dummy 192.0.0.8, PCP, TURN...)", "RFC 6890"),
    _row("192.0.2.0/24", "documentation (TEST-NET-1)", "RFC 5737"),
    _row("192.88.99.0/24", "6to4 relay anycast, deprecated (and 6a44 relay)", "RFC 7526"),
    _row("192.168.0.0/16", "private use", "RFC 1918"),
    _row("198.18.0.0/15", "benchmarking", "RFC 2544"),
    _row("198.51.100.0/24", "documentation (TEST-NET-2)", "RFC 5737"),
    _row("203.0.113.0/24", "documentation (TEST-NET-3)", "RFC 5737"),
    _row("224.0.0.0/4", "multicast", "RFC 5771"),
    _row("255.255.255.255/32", "limited broadcast", "RFC 919 §7"),
    _row("240.0.0.0/4", "reserved", "RFC 1112 §4"),
    _row("::ffff:0:0/96", "IPv4-mapped", "RFC 4291 §2.5.5.2", Rule.EMBEDDED),
    _row("64:ff9b::/96", "IPv4/IPv6 translation, well-known prefix", "RFC 6052", Rule.EMBEDDED),
    _row("::/128", "unspecified", "RFC 4291 §2.5.2"),
    _row("::1/128", "loopback", "RFC 4291 §2.5.3"),
    _row("::/96", "IPv4-compatible, deprecated", "RFC 4291 §2.5.5.1"),
    _row("64:ff9b:1::/48", "IPv4/IPv6 translation, local use", "RFC 8215"),
    _row("100::/64", "discard only", "RFC 6666"),
    _row("100:0:0:1::/64", "dummy prefix", "RFC 9780"),
    _row("2001::/23", "IETF protocol assignments (Teredo, benchmarking, ORCHID...)", "RFC 2928"),
    _row("2001:db8::/32", "documentation", "RFC 3849"),
    _row("2002::/16", "6to4 (an IPv4 address in bits 16-47)", "RFC 3056"),
    _row("3fff::/20", "documentation", "RFC 9637"),
    _row("5f00::/16", "segment routing (SRv6) SIDs", "RFC 9602"),
    _row("fc00::/7", "unique local", "RFC 4193"),
    _row("fe80::/10", "link-local unicast", "RFC 4291 §2.5.6"),
    _row("fec0::/10", "site-local unicast, deprecated", "RFC 3879"),
    _row("ff00::/8", "multicast", "RFC 4291 §2.7"),
    # the rest of the IPv6 space outside 2000::/3 (IANA IPv6 Address Space registry)
    _row("::/3", "reserved by the IETF (IPv4-translated ::ffff:0:0:0/96...)", "RFC 4291 §2.4"),
    _row("4000::/2", "reserved by the IETF", "RFC 4291 §2.4"),
    _row("8000::/1", "reserved by the IETF", "RFC 4291 §2.4"),
)


def special_purpose(address: str) -> Special | None:
    """The row of `SPECIAL_PURPOSE` that `address` falls in; None for an address that may be
    called. Raises ValueError when `address` is not an IP address."""
    ip = ipaddress.ip_address(address.split("%")[0])  # without an IPv6 zone (fe80::1%eth0)
    for row in SPECIAL_PURPOSE:
        if ip.version == row.block.version and ip in row.block:
            if row.rule is Rule.EMBEDDED:
                return special_purpose(str(ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF)))
            return row
    return None


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
    if not allow_private and any(special_purpose(str(a)) is not None for a in addresses):
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
    return max(0.0, (when - clock.now()).total_seconds())


def _is_local_name(host: str) -> bool:
    """Obvious local targets, known without DNS: IP literals and `localhost`."""
    name = host.lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return special_purpose(name) is not None
    except ValueError:
        pass
    try:  # the shorthand forms resolvers also take as addresses: 127.1, 2130706433, 0x7f000001
        return special_purpose(socket.inet_ntoa(socket.inet_aton(name))) is not None
    except (OSError, ValueError):
        return False  # a name: checked again, resolved, when each request is made
