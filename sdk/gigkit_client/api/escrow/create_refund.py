from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.refund import Refund
from ...models.refund_create import RefundCreate
from ...types import Response


def _get_kwargs(
    *,
    body: RefundCreate,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/escrow/refunds",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | Refund | None:
    if response.status_code == 201:
        response_201 = Refund.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 402:
        response_402 = Problem.from_dict(response.json())

        return response_402

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = Problem.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | Refund]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: RefundCreate,
    idempotency_key: str,
) -> Response[Problem | Refund]:
    """Refund escrow to the employer

     Unused, available escrow goes back to the employer: all of `amount` or nothing
    (402 `insufficient_escrow_balance`).

    **Required scope:** `escrow:write`.

    Args:
        idempotency_key (str):
        body (RefundCreate):  Example: {'employer_id': 'emp_01m90z68xhnev9pv6002z98rcq', 'amount':
            100000, 'currency': 'CNY'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Refund]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: RefundCreate,
    idempotency_key: str,
) -> Problem | Refund | None:
    """Refund escrow to the employer

     Unused, available escrow goes back to the employer: all of `amount` or nothing
    (402 `insufficient_escrow_balance`).

    **Required scope:** `escrow:write`.

    Args:
        idempotency_key (str):
        body (RefundCreate):  Example: {'employer_id': 'emp_01m90z68xhnev9pv6002z98rcq', 'amount':
            100000, 'currency': 'CNY'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Refund
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: RefundCreate,
    idempotency_key: str,
) -> Response[Problem | Refund]:
    """Refund escrow to the employer

     Unused, available escrow goes back to the employer: all of `amount` or nothing
    (402 `insufficient_escrow_balance`).

    **Required scope:** `escrow:write`.

    Args:
        idempotency_key (str):
        body (RefundCreate):  Example: {'employer_id': 'emp_01m90z68xhnev9pv6002z98rcq', 'amount':
            100000, 'currency': 'CNY'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Refund]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: RefundCreate,
    idempotency_key: str,
) -> Problem | Refund | None:
    """Refund escrow to the employer

     Unused, available escrow goes back to the employer: all of `amount` or nothing
    (402 `insufficient_escrow_balance`).

    **Required scope:** `escrow:write`.

    Args:
        idempotency_key (str):
        body (RefundCreate):  Example: {'employer_id': 'emp_01m90z68xhnev9pv6002z98rcq', 'amount':
            100000, 'currency': 'CNY'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Refund
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
