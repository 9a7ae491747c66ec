"""The HTTP side of a delivery: which URLs may be registered, which addresses may be
called (SSRF, DNS rebinding, pinning), and what one POST records (redirects, excerpt,
timeout, refused connection, Retry-After). Name resolution is faked by patching
`socket.getaddrinfo`, and connections are watched by patching `socket.create_connection`
(what httpcore's sync backend calls), so no test needs the internet."""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from app import create_app
from app.core import jobs
from app.webhooks import transport
from tests.conftest import database_url_for, make_settings
from tests.helpers import (
    ApiClient,
    assert_problem,
    new_tenant,
    post_created,
    wait_until,
    worker_body,
)
from tests.webhooks.conftest import Receiver, Reply, deliveries, make_endpoint

HOST = "hooks.example.com"
PUBLIC_IP = "93.184.216.34"
PRIVATE = [
    "127.0.0.1",
    "127.0.0.2",
    "10.0.0.1",
    "172.16.0.1",
    "172.31.255.254",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "::1",
    "fc00::1",
    "fd12:3456::1",
    "fe80::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
]
# More special-purpose addresses, which Python's `ipaddress` calls global, and a sample of the
# rest of transport.SPECIAL_PURPOSE: like PRIVATE, none may be registered or called without
# the development setting, and never by a live-mode tenant.
SPECIAL = [
    "192.0.0.8",  # IPv4 dummy address (RFC 7600)
    "192.0.0.9",  # PCP anycast: globally reachable, but in 192.0.0.0/24
    "192.0.0.170",  # NAT64 discovery
    "192.0.2.10",
    "192.88.99.1",
    "198.18.0.1",
    "198.51.100.7",
    "203.0.113.9",
    "239.255.255.250",
    "240.0.0.1",
    "255.255.255.255",
    "64:ff9b::a00:1",  # NAT64 well-known prefix around 10.0.0.1
    "64:ff9b::7f00:1",  # ...around 127.0.0.1
    "64:ff9b::a9fe:a9fe",  # ...around 169.254.169.254
    "64:ff9b::c000:8",  # ...around 192.0.0.8
    "64:ff9b:1::5db8:d822",  # local-use NAT64: refused whatever it wraps
    "::a00:1",  # IPv4-compatible (deprecated) 10.0.0.1
    "::5db8:d822",  # ...even around a public address
    "::ffff:0:a00:1",  # IPv4-translated
    "::ffff:192.0.0.8",  # IPv4-mapped
    "2002:a00:1::",  # 6to4 around 10.0.0.1
    "2002:5db8:d822::1",  # ...even around a public address
    "2001::1",  # Teredo
    "2001:2::1",  # benchmarking
    "2001:db8::1",
    "3fff::1",
    "5f00::1",
    "100::1",
    "100:0:0:1::1",
    "fec0::1",  # site-local (deprecated)
    "ff02::1",
    "::",
    "4000::1",  # outside 2000::/3
]
PUBLIC = [
    PUBLIC_IP,
    "2606:2800:220:1::",
    "64:ff9b::5db8:d822",  # NAT64 well-known prefix around 93.184.216.34 (an IPv6-only host)
    "::ffff:93.184.216.34",
    "192.31.196.1",  # AS112: in the registry, but a globally reachable public service
]
_real_getaddrinfo = socket.getaddrinfo
_real_create_connection = socket.create_connection


def literal(address: str) -> str:
    return f"[{address}]" if ":" in address else address


def send(url: str, *, allow_private: bool = True, timeout: float = 3.0) -> transport.Response:
    return transport.post(
        url,
        body=b'{"type":"worker.created"}',
        headers={"webhook-id": "evt_test"},
        timeout=timeout,
        allow_private=allow_private,
    )


@dataclass
class FakeDns:
    """Answers for some names (no addresses: the name does not exist), and every lookup of
    them; other names and address literals go to the real resolver."""

    answers: dict[str, list[str]] = field(default_factory=dict)
    lookups: list[tuple[str, list[str]]] = field(default_factory=list)

    def __call__(self, host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in self.answers:
            return _real_getaddrinfo(host, port, *args, **kwargs)
        self.lookups.append((host, self.answers[host]))
        if not self.answers[host]:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in self.answers[host]
        ]


@pytest.fixture()
def dns(monkeypatch: pytest.MonkeyPatch) -> FakeDns:
    fake = FakeDns()
    monkeypatch.setattr(socket, "getaddrinfo", fake)
    return fake


def watch_connections(monkeypatch: pytest.MonkeyPatch, port: int | None) -> list[tuple[str, int]]:
    """Every address httpx connects to; the connection really goes to 127.0.0.1:`port`
    (the receiver), or is refused without one."""
    made: list[tuple[str, int]] = []

    def connect(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        made.append((address[0], address[1]))
        if port is None:
            raise ConnectionRefusedError(address)
        return _real_create_connection(("127.0.0.1", port), *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", connect)
    return made


# --- which URLs may be registered --------------------------------------------------------------


@pytest.mark.parametrize(
    "host",
    [literal(a) for a in PRIVATE + SPECIAL]
    + ["localhost", "api.localhost", "127.1", "2130706433", "0x7f000001", "0177.0.0.1"],
)
def test_private_hosts_are_refused_without_the_development_setting(host: str) -> None:
    url = f"https://{host}:8443/hook"
    assert transport.url_problems(url, live=False, allow_private=False) == [
        "Must not point to a private, loopback or link-local address."
    ]
    assert transport.url_problems(url, live=True, allow_private=False) != []
    assert transport.url_problems(url, live=False, allow_private=True) == []


@pytest.mark.parametrize(
    "url",
    [
        f"https://{PUBLIC_IP}/hook",
        "https://[2606:4700:4700::1111]/hook",
        f"https://{HOST}/hook?tenant=1",  # names are checked when resolved, at delivery
        "http://8.8.8.8:8080/x",
    ],
)
def test_public_hosts_are_accepted(url: str) -> None:
    assert transport.url_problems(url, live=False, allow_private=False) == []


@pytest.mark.parametrize(
    ("url", "live", "expected"),
    [
        ("ftp://example.com/x", False, "Must be an http or https URL."),
        ("javascript:alert(1)", False, "Must be an http or https URL."),
        ("file:///etc/passwd", False, "Must be an http or https URL."),
        ("https://example.com:99999/", False, "Not a valid URL."),
        ("http://example.com/hook", True, "Live-mode endpoints must use https."),
        ("https://user:pw@example.com/", False, "Must not contain credentials."),
        ("https://example.com/#x", False, "Must not contain a fragment."),
    ],
)
def test_other_url_problems(url: str, live: bool, expected: str) -> None:
    assert transport.url_problems(url, live=live, allow_private=True) == [expected]


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_may_be_registered(address: str) -> None:
    url = f"https://{literal(address)}/hook"
    assert transport.url_problems(url, live=True, allow_private=False) == []


def test_the_table_names_each_special_purpose_block_once() -> None:
    blocks = [str(row.block) for row in transport.SPECIAL_PURPOSE]
    assert len(blocks) == len(set(blocks))
    assert {"192.0.0.0/24", "64:ff9b::/96", "64:ff9b:1::/48", "::/96", "2002::/16"} <= set(blocks)
    assert all(row.reference.startswith("RFC ") for row in transport.SPECIAL_PURPOSE)
    # the wrapped IPv4 address decides for IPv4-mapped and NAT64 addresses
    found = transport.special_purpose("64:ff9b::a00:1")
    assert found is not None and str(found.block) == "10.0.0.0/8"
    assert transport.special_purpose("::ffff:127.0.0.1") == transport.special_purpose("127.0.0.1")
    assert transport.special_purpose("64:ff9b::5db8:d822") is None


# --- which addresses may be called -------------------------------------------------------------


@pytest.mark.parametrize("address", PRIVATE + SPECIAL)
def test_a_name_resolving_to_a_private_address_is_not_called(
    address: str, dns: FakeDns, monkeypatch: pytest.MonkeyPatch
) -> None:
    connections = watch_connections(monkeypatch, None)
    dns.answers[HOST] = [address]
    assert transport.url_problems(f"http://{HOST}/hook", live=False, allow_private=False) == []
    response = send(f"http://{HOST}/hook", allow_private=False)
    assert (response.status_code, response.error, response.ok) == (None, "blocked_address", False)
    assert dns.lookups == [(HOST, [address])] and connections == []


@pytest.mark.parametrize("address", PUBLIC)
def test_a_name_resolving_to_a_public_address_is_called(
    address: str, dns: FakeDns, monkeypatch: pytest.MonkeyPatch, receiver: Receiver
) -> None:
    connections = watch_connections(monkeypatch, receiver.port)
    dns.answers[HOST] = [address]
    response = send(f"http://{HOST}:8080/hook", allow_private=False)
    assert (response.status_code, response.error) == (200, None)
    assert connections == [(address, 8080)] and len(receiver.received) == 1


def test_one_private_address_among_public_ones_blocks_the_call(
    dns: FakeDns, monkeypatch: pytest.MonkeyPatch, receiver: Receiver
) -> None:
    connections = watch_connections(monkeypatch, receiver.port)
    dns.answers[HOST] = [PUBLIC_IP, "10.0.0.7"]
    assert send(f"http://{HOST}/hook", allow_private=False).error == "blocked_address"
    assert connections == [] and receiver.received == []


def test_the_request_goes_to_the_checked_address_without_a_second_lookup(
    dns: FakeDns, monkeypatch: pytest.MonkeyPatch, receiver: Receiver
) -> None:
    connections = watch_connections(monkeypatch, receiver.port)
    dns.answers[HOST] = [PUBLIC_IP, "2606:4700::6810:84e5"]
    response = send(f"http://{HOST}:8080/hook?tenant=1", allow_private=False)

    assert response.status_code == 200 and response.error is None
    # resolved once, and connected to the first address checked: a resolver that answers
    # differently a moment later (DNS rebinding) is never asked
    assert dns.lookups == [(HOST, [PUBLIC_IP, "2606:4700::6810:84e5"])]
    assert connections == [(PUBLIC_IP, 8080)]
    [got] = receiver.received
    assert got.path == "/hook?tenant=1"
    assert got.headers["Host"] == f"{HOST}:8080"
    assert got.headers["webhook-id"] == "evt_test"
    assert got.body == b'{"type":"worker.created"}'


def test_https_is_pinned_to_the_checked_address_too(
    dns: FakeDns, monkeypatch: pytest.MonkeyPatch, receiver: Receiver
) -> None:
    connections = watch_connections(monkeypatch, receiver.port)
    dns.answers[HOST] = ["2606:4700::6810:84e5"]
    response = send(f"https://{HOST}/hook", allow_private=False)
    assert connections == [("2606:4700::6810:84e5", 443)]
    assert response.error == "connection_error"  # the receiver speaks no TLS


def test_a_name_that_does_not_resolve_is_a_dns_error(
    dns: FakeDns, monkeypatch: pytest.MonkeyPatch
) -> None:
    connections = watch_connections(monkeypatch, None)
    dns.answers[HOST] = []
    response = send(f"https://{HOST}/hook", allow_private=False)
    assert (response.status_code, response.error) == (None, "dns_error")
    assert connections == []


# --- one POST ----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_redirects_are_not_followed(status: int, receiver: Receiver) -> None:
    receiver.replies["/moved"] = Reply(status=status, headers={"Location": receiver.url("/new")})
    response = send(receiver.url("/moved"))
    assert (response.status_code, response.ok, response.error) == (status, False, None)
    assert len(receiver.at("/moved")) == 1 and receiver.at("/new") == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"x" * 2000, "x" * 500),
        ("é".encode() * 1000, "é" * 500),
        (b"y" * 100_000, "y" * 500),
        (b"short", "short"),
    ],
)
def test_the_response_excerpt_is_at_most_500_characters(
    body: bytes, expected: str, receiver: Receiver
) -> None:
    receiver.replies["/big"] = Reply(status=500, body=body)
    response = send(receiver.url("/big"))
    assert response.status_code == 500 and response.excerpt == expected


def test_a_slow_receiver_is_a_timeout(receiver: Receiver) -> None:
    receiver.replies["/slow"] = Reply(delay=2.0)
    response = send(receiver.url("/slow"), timeout=0.5)
    assert (response.status_code, response.error, response.excerpt) == (None, "timeout", "")
    assert 450 <= response.duration_ms < 1900


@contextlib.contextmanager
def trickling_server(first: bytes) -> Iterator[int]:
    """Answers with `first`, then one more header byte every 0.1 s, forever: each read is
    quick, so only a limit on the whole request stops it."""
    stop = threading.Event()
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.recv(65536)
            conn.sendall(first)
            while not stop.wait(0.1):
                try:
                    conn.sendall(b"x")
                except OSError:
                    return

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        listener.close()


@pytest.mark.parametrize(
    "first", [b"HTTP/1.1 200 OK\r\nX-Slow: ", b"HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n"]
)
def test_the_timeout_limits_the_whole_request_not_each_read(first: bytes) -> None:
    with trickling_server(first) as port:
        response = send(f"http://127.0.0.1:{port}/hook", timeout=1.0)
    assert 950 <= response.duration_ms < 2500
    if b"Content-Length" in first:  # the status came in time: 2xx, the body is cut short
        assert (response.status_code, response.error, response.excerpt) == (
            200,
            None,
            "x" * len(response.excerpt),
        )
    else:
        assert (response.status_code, response.error) == (None, "timeout")


def test_a_refused_connection_is_a_connection_error() -> None:
    with socket.socket() as listener:  # a port nobody listens on any more
        listener.bind(("127.0.0.1", 0))
        port = listener.getsockname()[1]
    response = send(f"http://127.0.0.1:{port}/hook")
    assert (response.status_code, response.error, response.ok) == (None, "connection_error", False)


@pytest.mark.parametrize(
    ("header", "expected"),
    [("30", 30.0), ("0", 0.0), ("²", None), ("soon", None), ("-5", None), ("", None)],
)
def test_retry_after_from_a_receiver(
    header: str, expected: float | None, receiver: Receiver
) -> None:
    receiver.replies["/busy"] = Reply(status=503, headers={"Retry-After": header})
    response = send(receiver.url("/busy"))
    assert (response.status_code, response.retry_after) == (503, expected)


def test_retry_after_as_an_http_date() -> None:
    now = dt.datetime.now(dt.UTC)
    later = email.utils.format_datetime(now + dt.timedelta(seconds=90), usegmt=True)
    earlier = email.utils.format_datetime(now - dt.timedelta(hours=1), usegmt=True)
    seconds = transport._retry_after(later)
    assert seconds is not None and 85 <= seconds <= 90
    assert transport._retry_after(earlier) == 0.0
    assert transport._retry_after(" 120 ") == 120.0
    assert transport._retry_after(None) is None
    assert transport._retry_after("Mon, 32 Foo 2026 99:00:00 GMT") is None


# --- end to end: the setting off ---------------------------------------------------------------


@pytest.fixture()
def strict_app(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Iterator[Any]:
    url = database_url_for(request, backend)
    previous = jobs._runner
    application = create_app(make_settings(url, tmp_path, webhook_allow_private=False))
    yield application
    jobs._runner = previous
    application.extensions["gigkit"].database.dispose()


def loopback_endpoint(api: ApiClient, dns: FakeDns, receiver: Receiver) -> str:
    """An endpoint at a name that resolves to the loopback receiver; one event for it."""
    dns.answers[HOST] = ["127.0.0.1"]
    endpoint = make_endpoint(api, f"http://{HOST}:{receiver.port}/hook", ["worker.*"])
    post_created(api, "/v1/workers", worker_body())
    wait_until(
        lambda: any(d["attempts"] for d in deliveries(api, endpoint["id"])), "it was attempted"
    )
    return str(endpoint["id"])


def test_without_the_setting_loopback_is_refused_and_never_called(
    strict_app: Any, dns: FakeDns, receiver: Receiver
) -> None:
    api = ApiClient(strict_app.test_client(), new_tenant(strict_app).api_key)
    resp = api.post("/v1/webhook-endpoints", {"url": receiver.url(), "event_types": ["*"]})
    problem = assert_problem(resp, 422, "validation_error")
    assert problem["param"] == "url" and "private" in problem["errors"][0]["message"]

    endpoint_id = loopback_endpoint(api, dns, receiver)  # DNS rebinding: refused at delivery
    [delivery] = deliveries(api, endpoint_id)
    [attempt] = delivery["attempts"]
    assert (attempt["outcome"], attempt["status_code"], attempt["error"]) == (
        "failed",
        None,
        "blocked_address",
    )
    assert (delivery["status"], delivery["last_error"]) == ("pending", "blocked_address")
    assert receiver.received == []


def test_with_the_setting_the_same_endpoint_is_delivered(
    api: ApiClient, dns: FakeDns, receiver: Receiver
) -> None:
    endpoint_id = loopback_endpoint(api, dns, receiver)  # the `app` fixture allows private
    [delivery] = deliveries(api, endpoint_id)
    assert [a["status_code"] for a in delivery["attempts"]] == [200]
    [got] = receiver.at("/hook")
    assert got.headers["Host"] == f"{HOST}:{receiver.port}"


def test_the_development_setting_never_opens_special_addresses_to_a_live_tenant(
    app: Any, dns: FakeDns, monkeypatch: pytest.MonkeyPatch, receiver: Receiver
) -> None:
    """The `app` fixture allows private addresses (for test-mode tenants only)."""
    connections = watch_connections(monkeypatch, receiver.port)
    live = ApiClient(app.test_client(), new_tenant(app, mode="live").api_key)
    for url in ("https://192.0.0.8/hook", "https://192.0.0.170/hook", "https://198.18.0.1/x"):
        resp = live.post("/v1/webhook-endpoints", {"url": url, "event_types": ["*"]})
        assert assert_problem(resp, 422, "validation_error")["param"] == "url", url

    dns.answers[HOST] = ["64:ff9b::a00:1"]  # NAT64 around 10.0.0.1, known only at delivery
    endpoint = make_endpoint(live, f"https://{HOST}/hook", ["worker.*"])
    post_created(live, "/v1/workers", worker_body())
    wait_until(lambda: any(d["attempts"] for d in deliveries(live, endpoint["id"])), "attempted")
    [delivery] = deliveries(live, endpoint["id"])
    assert [a["error"] for a in delivery["attempts"]] == ["blocked_address"]
    assert connections == [] and receiver.received == []
