from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.clock_out_batch import ClockOutBatch
from ...models.clock_out_batch_result import ClockOutBatchResult
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: ClockOutBatch,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/shifts/clock-outs",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ClockOutBatchResult | Problem | None:
    if response.status_code == 200:
        response_200 = ClockOutBatchResult.from_dict(response.json())

        return response_200

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
) -> Response[ClockOutBatchResult | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ClockOutBatch,
    idempotency_key: str,
) -> Response[ClockOutBatchResult | Problem]:
    """Clock out a batch

     Up to 1,000 clock-outs in one call (the factory gate at 20:00), settled as clock-out
    settles one, with one statement per kind of row. Each item succeeds or fails on its
    own: `results[i]` is the settled shift or the problem (an unknown shift, one not in
    progress, a bad time or quantity, not enough escrow for what it earned above its
    hold). A shift may appear once per batch (422 otherwise).

    **Required scope:** `work:write`.

    Args:
        idempotency_key (str):
        body (ClockOutBatch):  Example: {'clock_outs': [{'shift_id':
            'shf_01m90z69bxq3f5c0r6mnc7k2dd'}, {'shift_id': 'shf_01m90z69bz0k4j3d8x2e5wq1hb', 'at':
            '2027-03-04T12:01:00+00:00', 'location': {'latitude': 23.4, 'longitude': 113.2}}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClockOutBatchResult | Problem]
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
    body: ClockOutBatch,
    idempotency_key: str,
) -> ClockOutBatchResult | Problem | None:
    """Clock out a batch

     Up to 1,000 clock-outs in one call (the factory gate at 20:00), settled as clock-out
    settles one, with one statement per kind of row. Each item succeeds or fails on its
    own: `results[i]` is the settled shift or the problem (an unknown shift, one not in
    progress, a bad time or quantity, not enough escrow for what it earned above its
    hold). A shift may appear once per batch (422 otherwise).

    **Required scope:** `work:write`.

    Args:
        idempotency_key (str):
        body (ClockOutBatch):  Example: {'clock_outs': [{'shift_id':
            'shf_01m90z69bxq3f5c0r6mnc7k2dd'}, {'shift_id': 'shf_01m90z69bz0k4j3d8x2e5wq1hb', 'at':
            '2027-03-04T12:01:00+00:00', 'location': {'latitude': 23.4, 'longitude': 113.2}}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClockOutBatchResult | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ClockOutBatch,
    idempotency_key: str,
) -> Response[ClockOutBatchResult | Problem]:
    """Clock out a batch

     Up to 1,000 clock-outs in one call (the factory gate at 20:00), settled as clock-out
    settles one, with one statement per kind of row. Each item succeeds or fails on its
    own: `results[i]` is the settled shift or the problem (an unknown shift, one not in
    progress, a bad time or quantity, not enough escrow for what it earned above its
    hold). A shift may appear once per batch (422 otherwise).

    **Required scope:** `work:write`.

    Args:
        idempotency_key (str):
        body (ClockOutBatch):  Example: {'clock_outs': [{'shift_id':
            'shf_01m90z69bxq3f5c0r6mnc7k2dd'}, {'shift_id': 'shf_01m90z69bz0k4j3d8x2e5wq1hb', 'at':
            '2027-03-04T12:01:00+00:00', 'location': {'latitude': 23.4, 'longitude': 113.2}}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClockOutBatchResult | Problem]
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
    body: ClockOutBatch,
    idempotency_key: str,
) -> ClockOutBatchResult | Problem | None:
    """Clock out a batch

     Up to 1,000 clock-outs in one call (the factory gate at 20:00), settled as clock-out
    settles one, with one statement per kind of row. Each item succeeds or fails on its
    own: `results[i]` is the settled shift or the problem (an unknown shift, one not in
    progress, a bad time or quantity, not enough escrow for what it earned above its
    hold). A shift may appear once per batch (422 otherwise).

    **Required scope:** `work:write`.

    Args:
        idempotency_key (str):
        body (ClockOutBatch):  Example: {'clock_outs': [{'shift_id':
            'shf_01m90z69bxq3f5c0r6mnc7k2dd'}, {'shift_id': 'shf_01m90z69bz0k4j3d8x2e5wq1hb', 'at':
            '2027-03-04T12:01:00+00:00', 'location': {'latitude': 23.4, 'longitude': 113.2}}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClockOutBatchResult | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
