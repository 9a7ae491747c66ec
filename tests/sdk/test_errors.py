"""The SDK's exception families: each error answer of the real API raises its family's class,
carrying the problem; statuses the spec does not list for an operation raise too."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from gigkit_client.api.escrow import create_hold
from gigkit_client.api.parties import create_employer, create_worker, get_worker, list_workers
from gigkit_client.api.tenants import get_tenant
from gigkit_client.models import EmployerCreate, HoldCreate, Problem, WorkerCreate
from gigkit_sdk import (
    APIError,
    ApiError,
    AuthenticationError,
    ConflictError,
    Gigkit,
    GigkitError,
    InsufficientFundsError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServiceUnavailableError,
    ValidationError,
)

from tests.helpers import credit_code, id_card_number, mobile

MISSING = "wkr_" + "0" * 26


def _worker(**overrides: Any) -> WorkerCreate:
    fields = {"name": "陈伟", "mobile": mobile(), "id_card_number": id_card_number()}
    return WorkerCreate(**{**fields, **overrides})


def _assert_family(error: GigkitError, family: type, status: int, code: str) -> None:
    assert type(error) is family, type(error)
    assert isinstance(error, GigkitError) and isinstance(error, ApiError)
    assert (error.status, error.code) == (status, code)
    assert error.detail and error.request_id and error.request_id.startswith("req_")
    assert error.problem["code"] == code


def test_each_family_from_the_live_api(live: dict[str, Any]) -> None:
    base, key = live["server"].base, live["tenant"]["api_key"]
    with Gigkit(base, api_key=key) as gk:
        with pytest.raises(NotFoundError) as missing:
            gk.call(get_worker, worker_id=MISSING)
        _assert_family(missing.value, NotFoundError, 404, "resource_missing")

        with pytest.raises(ValidationError) as invalid:
            gk.call(create_worker, body=_worker(mobile="12000000000"))
        _assert_family(invalid.value, ValidationError, 422, "validation_error")
        assert invalid.value.errors[0]["field"] == "mobile"

        body = _worker()
        first = gk.call(create_worker, body=body)
        with pytest.raises(ConflictError) as duplicate:
            gk.call(create_worker, body=_worker(id_card_number=body.id_card_number))
        _assert_family(duplicate.value, ConflictError, 409, "worker_exists")
        assert duplicate.value.problem["existing_id"] == first.id

        employer = gk.call(create_employer, body=EmployerCreate("厂", credit_code()))
        hold = HoldCreate(employer_id=employer.id, amount=28_000, currency="CNY")
        with pytest.raises(InsufficientFundsError) as short:
            gk.call(create_hold, body=hold, idempotency_key=str(uuid.uuid4()))
        _assert_family(short.value, InsufficientFundsError, 402, "insufficient_escrow_balance")

    with Gigkit(base, api_key=key + "x") as wrong, pytest.raises(AuthenticationError) as bad:
        wrong.call(list_workers)
    _assert_family(bad.value, AuthenticationError, 401, "invalid_api_key")


def test_a_missing_scope_is_permission_denied_a_kind_of_authentication_error(
    live: dict[str, Any],
) -> None:
    client = live["client"]  # parties scopes only
    with (
        Gigkit(
            live["server"].base,
            client_id=client["client_id"],
            client_secret=client["client_secret"],
        ) as gk,
        pytest.raises(AuthenticationError) as denied,
    ):
        gk.call(get_tenant)
    _assert_family(denied.value, PermissionDeniedError, 403, "insufficient_scope")
    assert denied.value.problem["required_scopes"] == ["admin"]


def test_a_failed_token_request_raises_its_family(live: dict[str, Any]) -> None:
    client = live["client"]
    with (
        Gigkit(live["server"].base, client_id=client["client_id"], client_secret="wrong") as gk,
        pytest.raises(AuthenticationError) as refused,
    ):
        gk.call(list_workers)
    assert (refused.value.status, refused.value.code) == (401, "invalid_client")


def _answering(status: int, content: bytes, headers: dict[str, str] | None = None) -> Gigkit:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=content, headers=headers or {})

    return Gigkit(
        "http://api", api_key="gk_test_x", transport=httpx.MockTransport(handler), max_retries=0
    )


PROBLEM = (
    b'{"type": "https://docs.gigkit.dev/errors/x", "title": "t", "code": "%s", "detail": "d",'
    b' "request_id": "req_1", "status": %d}'
)


@pytest.mark.parametrize(
    "status, code, family",
    [
        (429, "rate_limited", RateLimitError),
        (503, "service_unavailable", ServiceUnavailableError),
        (503, "transient_conflict", ServiceUnavailableError),
        (500, "internal_error", APIError),
        (413, "payload_too_large", ValidationError),
        (418, "im_a_teapot", APIError),  # a status no operation lists
    ],
)
def test_statuses_the_live_api_rarely_gives(status: int, code: str, family: type) -> None:
    content = PROBLEM % (code.encode(), status)
    with _answering(status, content, {"Retry-After": "3"}) as gk, pytest.raises(family) as raised:
        gk.call(get_worker, worker_id=MISSING)
    assert type(raised.value) is family
    assert (raised.value.code, raised.value.request_id, raised.value.retry_after) == (
        code,
        "req_1",
        3,
    )


def test_the_generated_client_parses_a_503_as_a_problem() -> None:
    """The spec lists 503 on every operation, so `sync()` gives the problem, not None."""
    with _answering(503, PROBLEM % (b"service_unavailable", 503)) as gk:
        parsed = get_worker.sync(client=gk.client, worker_id=MISSING)
    assert isinstance(parsed, Problem) and parsed.code == "service_unavailable"


@pytest.mark.parametrize(
    "status, family",
    [(502, ServiceUnavailableError), (503, ServiceUnavailableError), (500, APIError)],
)
def test_a_proxy_s_html_page_still_raises_its_family(status: int, family: type) -> None:
    """503 and 500 are in the spec, so the generated parser would read the body as a
    problem (and fail on HTML); `call()` raises before it does."""
    with _answering(status, b"<html>Bad Gateway</html>") as gk, pytest.raises(family) as raised:
        gk.call(get_worker, worker_id=MISSING)
    assert raised.value.code == "unknown" and "Bad Gateway" in raised.value.detail
