from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.engagement import Engagement
from ...models.engagement_create import EngagementCreate
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: EngagementCreate,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/engagements",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Engagement | Problem | None:
    if response.status_code == 201:
        response_201 = Engagement.from_dict(response.json())

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
) -> Response[Engagement | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: EngagementCreate,
    idempotency_key: str,
) -> Response[Engagement | Problem]:
    """Engage a worker

     A worker, an employer and pay terms (`daily`, `hourly` with its rounding and unpaid
    break, or `piece` with its unit) for a run of days. Shifts given here are scheduled
    at once, each holding its expected wage and fee in the employer's escrow: without
    enough available escrow nothing is created (402). A contract, if named, must be
    completed before the first clock-in.

    **Required scope:** `work:write`.

    Args:
        idempotency_key (str):
        body (EngagementCreate):  Example: {'worker_id': 'wkr_01m90z68ya6cstbsg7bx3w7c4j',
            'employer_id': 'emp_01m90z68xhnev9pv6002z98rcq', 'pay': {'basis': 'daily', 'rate':
            '280.00'}, 'first_day': '2026-12-01', 'last_day': '2026-12-07', 'shifts': [{'day':
            '2026-12-04'}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Engagement | Problem]
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
    body: EngagementCreate,
    idempotency_key: str,
) -> Engagement | Problem | None:
    """Engage a worker

     A worker, an employer and pay terms (`daily`, `hourly` with its rounding and unpaid
    break, or `piece` with its unit) for a run of days. Shifts given here are scheduled
    at once, each holding its expected wage and fee in the employer's escrow: without
    enough available escrow nothing is created (402). A contract, if named, must be
    completed before the first clock-in.

    **Required scope:** `work:write`.

    Args:
        idempotency_key (str):
        body (EngagementCreate):  Example: {'worker_id': 'wkr_01m90z68ya6cstbsg7bx3w7c4j',
            'employer_id': 'emp_01m90z68xhnev9pv6002z98rcq', 'pay': {'basis': 'daily', 'rate':
            '280.00'}, 'first_day': '2026-12-01', 'last_day': '2026-12-07', 'shifts': [{'day':
            '2026-12-04'}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Engagement | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: EngagementCreate,
    idempotency_key: str,
) -> Response[Engagement | Problem]:
    """Engage a worker

     A worker, an employer and pay terms (`daily`, `hourly` with its rounding and unpaid
    break, or `piece` with its unit) for a run of days. Shifts given here are scheduled
    at once, each holding its expected wage and fee in the employer's escrow: without
    enough available escrow nothing is created (402). A contract, if named, must be
    completed before the first clock-in.

    **Required scope:** `work:write`.

    Args:
        idempotency_key (str):
        body (EngagementCreate):  Example: {'worker_id': 'wkr_01m90z68ya6cstbsg7bx3w7c4j',
            'employer_id': 'emp_01m90z68xhnev9pv6002z98rcq', 'pay': {'basis': 'daily', 'rate':
            '280.00'}, 'first_day': '2026-12-01', 'last_day': '2026-12-07', 'shifts': [{'day':
            '2026-12-04'}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Engagement | Problem]
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
    body: EngagementCreate,
    idempotency_key: str,
) -> Engagement | Problem | None:
    """Engage a worker

     A worker, an employer and pay terms (`daily`, `hourly` with its rounding and unpaid
    break, or `piece` with its unit) for a run of days. Shifts given here are scheduled
    at once, each holding its expected wage and fee in the employer's escrow: without
    enough available escrow nothing is created (402). A contract, if named, must be
    completed before the first clock-in.

    **Required scope:** `work:write`.

    Args:
        idempotency_key (str):
        body (EngagementCreate):  Example: {'worker_id': 'wkr_01m90z68ya6cstbsg7bx3w7c4j',
            'employer_id': 'emp_01m90z68xhnev9pv6002z98rcq', 'pay': {'basis': 'daily', 'rate':
            '280.00'}, 'first_day': '2026-12-01', 'last_day': '2026-12-07', 'shifts': [{'day':
            '2026-12-04'}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Engagement | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
