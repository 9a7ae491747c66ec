from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.shift import Shift
from ...models.shifts_create import ShiftsCreate
from ...types import Response


def _get_kwargs(
    engagement_id: str,
    *,
    body: ShiftsCreate,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/engagements/{engagement_id}/shifts".format(
            engagement_id=quote(str(engagement_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | list[Shift] | None:
    if response.status_code == 201:
        response_201 = []
        _response_201 = response.json()
        for response_201_item_data in _response_201:
            response_201_item = Shift.from_dict(response_201_item_data)

            response_201.append(response_201_item)

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
) -> Response[Problem | list[Shift]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    engagement_id: str,
    *,
    client: AuthenticatedClient,
    body: ShiftsCreate,
    idempotency_key: str,
) -> Response[Problem | list[Shift]]:
    """Schedule shifts

     One shift per worker per day, each holding its expected wage and fee in escrow.

    **Required scope:** `work:write`.

    Args:
        engagement_id (str):  Example: eng_11111111111111111111111111.
        idempotency_key (str):
        body (ShiftsCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | list[Shift]]
    """

    kwargs = _get_kwargs(
        engagement_id=engagement_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    engagement_id: str,
    *,
    client: AuthenticatedClient,
    body: ShiftsCreate,
    idempotency_key: str,
) -> Problem | list[Shift] | None:
    """Schedule shifts

     One shift per worker per day, each holding its expected wage and fee in escrow.

    **Required scope:** `work:write`.

    Args:
        engagement_id (str):  Example: eng_11111111111111111111111111.
        idempotency_key (str):
        body (ShiftsCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | list[Shift]
    """

    return sync_detailed(
        engagement_id=engagement_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    engagement_id: str,
    *,
    client: AuthenticatedClient,
    body: ShiftsCreate,
    idempotency_key: str,
) -> Response[Problem | list[Shift]]:
    """Schedule shifts

     One shift per worker per day, each holding its expected wage and fee in escrow.

    **Required scope:** `work:write`.

    Args:
        engagement_id (str):  Example: eng_11111111111111111111111111.
        idempotency_key (str):
        body (ShiftsCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | list[Shift]]
    """

    kwargs = _get_kwargs(
        engagement_id=engagement_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    engagement_id: str,
    *,
    client: AuthenticatedClient,
    body: ShiftsCreate,
    idempotency_key: str,
) -> Problem | list[Shift] | None:
    """Schedule shifts

     One shift per worker per day, each holding its expected wage and fee in escrow.

    **Required scope:** `work:write`.

    Args:
        engagement_id (str):  Example: eng_11111111111111111111111111.
        idempotency_key (str):
        body (ShiftsCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | list[Shift]
    """

    return (
        await asyncio_detailed(
            engagement_id=engagement_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
