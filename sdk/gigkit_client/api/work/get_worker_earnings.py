from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.earnings import Earnings
from ...models.problem import Problem
from ...types import UNSET, Response


def _get_kwargs(
    worker_id: str,
    *,
    month: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["month"] = month

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/workers/{worker_id}/earnings".format(
            worker_id=quote(str(worker_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Earnings | Problem | None:
    if response.status_code == 200:
        response_200 = Earnings.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

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
) -> Response[Earnings | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    worker_id: str,
    *,
    client: AuthenticatedClient,
    month: str,
) -> Response[Earnings | Problem]:
    """Get a worker's earnings in a month

     From the month's payslips, per currency: gross, IIT withheld, net, and how much of
    the net has been paid out (`paid`) or is still on its way (`pending`).

    **Required scope:** `work:read`.

    Args:
        worker_id (str):  Example: wkr_11111111111111111111111111.
        month (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Earnings | Problem]
    """

    kwargs = _get_kwargs(
        worker_id=worker_id,
        month=month,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    worker_id: str,
    *,
    client: AuthenticatedClient,
    month: str,
) -> Earnings | Problem | None:
    """Get a worker's earnings in a month

     From the month's payslips, per currency: gross, IIT withheld, net, and how much of
    the net has been paid out (`paid`) or is still on its way (`pending`).

    **Required scope:** `work:read`.

    Args:
        worker_id (str):  Example: wkr_11111111111111111111111111.
        month (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Earnings | Problem
    """

    return sync_detailed(
        worker_id=worker_id,
        client=client,
        month=month,
    ).parsed


async def asyncio_detailed(
    worker_id: str,
    *,
    client: AuthenticatedClient,
    month: str,
) -> Response[Earnings | Problem]:
    """Get a worker's earnings in a month

     From the month's payslips, per currency: gross, IIT withheld, net, and how much of
    the net has been paid out (`paid`) or is still on its way (`pending`).

    **Required scope:** `work:read`.

    Args:
        worker_id (str):  Example: wkr_11111111111111111111111111.
        month (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Earnings | Problem]
    """

    kwargs = _get_kwargs(
        worker_id=worker_id,
        month=month,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    worker_id: str,
    *,
    client: AuthenticatedClient,
    month: str,
) -> Earnings | Problem | None:
    """Get a worker's earnings in a month

     From the month's payslips, per currency: gross, IIT withheld, net, and how much of
    the net has been paid out (`paid`) or is still on its way (`pending`).

    **Required scope:** `work:read`.

    Args:
        worker_id (str):  Example: wkr_11111111111111111111111111.
        month (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Earnings | Problem
    """

    return (
        await asyncio_detailed(
            worker_id=worker_id,
            client=client,
            month=month,
        )
    ).parsed
