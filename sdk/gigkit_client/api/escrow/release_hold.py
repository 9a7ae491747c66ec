from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.release import Release
from ...models.release_create import ReleaseCreate
from ...types import Response


def _get_kwargs(
    hold_id: str,
    *,
    body: ReleaseCreate,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/escrow/holds/{hold_id}/release".format(
            hold_id=quote(str(hold_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | Release | None:
    if response.status_code == 201:
        response_201 = Release.from_dict(response.json())

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
) -> Response[Problem | Release]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    hold_id: str,
    *,
    client: AuthenticatedClient,
    body: ReleaseCreate,
    idempotency_key: str,
) -> Response[Problem | Release]:
    """Release a hold to a worker

     Moves `amount` (default: all that remains) into the worker's payable, from where
    it is paid out. Unless `keep_remainder_held`, the hold closes and what is left goes
    back to available escrow. 409 `hold_not_active` for a released or cancelled hold,
    422 `release_exceeds_hold` for more than remains.

    **Required scope:** `escrow:write`.

    Args:
        hold_id (str):  Example: hld_11111111111111111111111111.
        idempotency_key (str):
        body (ReleaseCreate):  Example: {'worker_id': 'wkr_01m90z68ya6cstbsg7bx3w7c4j', 'amount':
            28000}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Release]
    """

    kwargs = _get_kwargs(
        hold_id=hold_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    hold_id: str,
    *,
    client: AuthenticatedClient,
    body: ReleaseCreate,
    idempotency_key: str,
) -> Problem | Release | None:
    """Release a hold to a worker

     Moves `amount` (default: all that remains) into the worker's payable, from where
    it is paid out. Unless `keep_remainder_held`, the hold closes and what is left goes
    back to available escrow. 409 `hold_not_active` for a released or cancelled hold,
    422 `release_exceeds_hold` for more than remains.

    **Required scope:** `escrow:write`.

    Args:
        hold_id (str):  Example: hld_11111111111111111111111111.
        idempotency_key (str):
        body (ReleaseCreate):  Example: {'worker_id': 'wkr_01m90z68ya6cstbsg7bx3w7c4j', 'amount':
            28000}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Release
    """

    return sync_detailed(
        hold_id=hold_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    hold_id: str,
    *,
    client: AuthenticatedClient,
    body: ReleaseCreate,
    idempotency_key: str,
) -> Response[Problem | Release]:
    """Release a hold to a worker

     Moves `amount` (default: all that remains) into the worker's payable, from where
    it is paid out. Unless `keep_remainder_held`, the hold closes and what is left goes
    back to available escrow. 409 `hold_not_active` for a released or cancelled hold,
    422 `release_exceeds_hold` for more than remains.

    **Required scope:** `escrow:write`.

    Args:
        hold_id (str):  Example: hld_11111111111111111111111111.
        idempotency_key (str):
        body (ReleaseCreate):  Example: {'worker_id': 'wkr_01m90z68ya6cstbsg7bx3w7c4j', 'amount':
            28000}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Release]
    """

    kwargs = _get_kwargs(
        hold_id=hold_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    hold_id: str,
    *,
    client: AuthenticatedClient,
    body: ReleaseCreate,
    idempotency_key: str,
) -> Problem | Release | None:
    """Release a hold to a worker

     Moves `amount` (default: all that remains) into the worker's payable, from where
    it is paid out. Unless `keep_remainder_held`, the hold closes and what is left goes
    back to available escrow. 409 `hold_not_active` for a released or cancelled hold,
    422 `release_exceeds_hold` for more than remains.

    **Required scope:** `escrow:write`.

    Args:
        hold_id (str):  Example: hld_11111111111111111111111111.
        idempotency_key (str):
        body (ReleaseCreate):  Example: {'worker_id': 'wkr_01m90z68ya6cstbsg7bx3w7c4j', 'amount':
            28000}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Release
    """

    return (
        await asyncio_detailed(
            hold_id=hold_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
