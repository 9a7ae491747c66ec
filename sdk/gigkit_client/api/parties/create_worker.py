from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.worker import Worker
from ...models.worker_create import WorkerCreate
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: WorkerCreate,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/workers",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | Worker | None:
    if response.status_code == 201:
        response_201 = Worker.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

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
) -> Response[Problem | Worker]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: WorkerCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | Worker]:
    """Register a worker

     The ID-card number's check digit is verified (GB 11643); it is stored encrypted and
    only ever shown masked. One worker per ID-card number: a second registration answers
    409 `worker_exists` with `existing_id`.

    **Required scope:** `parties:write`.

    Args:
        idempotency_key (str | Unset):
        body (WorkerCreate):  Example: {'name': '陈伟', 'mobile': '13800138000', 'id_card_number':
            '440106199001010021', 'skills': ['leather-cutting'], 'payout_account': {'kind': 'wallet',
            'provider': 'wechat', 'account_reference': 'wxid_chenwei'}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Worker]
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
    body: WorkerCreate,
    idempotency_key: str | Unset = UNSET,
) -> Problem | Worker | None:
    """Register a worker

     The ID-card number's check digit is verified (GB 11643); it is stored encrypted and
    only ever shown masked. One worker per ID-card number: a second registration answers
    409 `worker_exists` with `existing_id`.

    **Required scope:** `parties:write`.

    Args:
        idempotency_key (str | Unset):
        body (WorkerCreate):  Example: {'name': '陈伟', 'mobile': '13800138000', 'id_card_number':
            '440106199001010021', 'skills': ['leather-cutting'], 'payout_account': {'kind': 'wallet',
            'provider': 'wechat', 'account_reference': 'wxid_chenwei'}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Worker
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: WorkerCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | Worker]:
    """Register a worker

     The ID-card number's check digit is verified (GB 11643); it is stored encrypted and
    only ever shown masked. One worker per ID-card number: a second registration answers
    409 `worker_exists` with `existing_id`.

    **Required scope:** `parties:write`.

    Args:
        idempotency_key (str | Unset):
        body (WorkerCreate):  Example: {'name': '陈伟', 'mobile': '13800138000', 'id_card_number':
            '440106199001010021', 'skills': ['leather-cutting'], 'payout_account': {'kind': 'wallet',
            'provider': 'wechat', 'account_reference': 'wxid_chenwei'}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Worker]
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
    body: WorkerCreate,
    idempotency_key: str | Unset = UNSET,
) -> Problem | Worker | None:
    """Register a worker

     The ID-card number's check digit is verified (GB 11643); it is stored encrypted and
    only ever shown masked. One worker per ID-card number: a second registration answers
    409 `worker_exists` with `existing_id`.

    **Required scope:** `parties:write`.

    Args:
        idempotency_key (str | Unset):
        body (WorkerCreate):  Example: {'name': '陈伟', 'mobile': '13800138000', 'id_card_number':
            '440106199001010021', 'skills': ['leather-cutting'], 'payout_account': {'kind': 'wallet',
            'provider': 'wechat', 'account_reference': 'wxid_chenwei'}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Worker
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
