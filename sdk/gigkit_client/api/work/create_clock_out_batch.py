from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.clock_out_batch import ClockOutBatch
from ...models.clock_out_batch_progress import ClockOutBatchProgress
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
        "url": "/v1/clock-out-batches",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ClockOutBatchProgress | Problem | None:
    if response.status_code == 202:
        response_202 = ClockOutBatchProgress.from_dict(response.json())

        return response_202

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
) -> Response[ClockOutBatchProgress | Problem]:
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
) -> Response[ClockOutBatchProgress | Problem]:
    """Accept a batch of clock-outs

     Up to 1,000 clock-outs, as `POST /v1/shifts/clock-outs` takes them, accepted at once
    (202, `accepted`) and settled by the workers, per employer, in chunks: the batch
    goes `settling`, then `completed` when every item is settled or failed, with
    `clock_out_batch.completed`. Each item is settled or refused on its own, as the
    synchronous batch would (the same problem codes, in `GET .../items`). An item
    without `at` clocks out at the time the batch is accepted. A shift may appear once
    per batch (422 otherwise).

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
        Response[ClockOutBatchProgress | Problem]
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
) -> ClockOutBatchProgress | Problem | None:
    """Accept a batch of clock-outs

     Up to 1,000 clock-outs, as `POST /v1/shifts/clock-outs` takes them, accepted at once
    (202, `accepted`) and settled by the workers, per employer, in chunks: the batch
    goes `settling`, then `completed` when every item is settled or failed, with
    `clock_out_batch.completed`. Each item is settled or refused on its own, as the
    synchronous batch would (the same problem codes, in `GET .../items`). An item
    without `at` clocks out at the time the batch is accepted. A shift may appear once
    per batch (422 otherwise).

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
        ClockOutBatchProgress | Problem
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
) -> Response[ClockOutBatchProgress | Problem]:
    """Accept a batch of clock-outs

     Up to 1,000 clock-outs, as `POST /v1/shifts/clock-outs` takes them, accepted at once
    (202, `accepted`) and settled by the workers, per employer, in chunks: the batch
    goes `settling`, then `completed` when every item is settled or failed, with
    `clock_out_batch.completed`. Each item is settled or refused on its own, as the
    synchronous batch would (the same problem codes, in `GET .../items`). An item
    without `at` clocks out at the time the batch is accepted. A shift may appear once
    per batch (422 otherwise).

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
        Response[ClockOutBatchProgress | Problem]
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
) -> ClockOutBatchProgress | Problem | None:
    """Accept a batch of clock-outs

     Up to 1,000 clock-outs, as `POST /v1/shifts/clock-outs` takes them, accepted at once
    (202, `accepted`) and settled by the workers, per employer, in chunks: the batch
    goes `settling`, then `completed` when every item is settled or failed, with
    `clock_out_batch.completed`. Each item is settled or refused on its own, as the
    synchronous batch would (the same problem codes, in `GET .../items`). An item
    without `at` clocks out at the time the batch is accepted. A shift may appear once
    per batch (422 otherwise).

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
        ClockOutBatchProgress | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
