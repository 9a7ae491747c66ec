from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.worker_statement import WorkerStatement
from ...types import Response


def _get_kwargs(
    worker_id: str,
    month: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/workers/{worker_id}/statements/{month}".format(
            worker_id=quote(str(worker_id), safe=""),
            month=quote(str(month), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | WorkerStatement | None:
    if response.status_code == 200:
        response_200 = WorkerStatement.from_dict(response.json())

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
) -> Response[Problem | WorkerStatement]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    worker_id: str,
    month: str,
    *,
    client: AuthenticatedClient,
) -> Response[Problem | WorkerStatement]:
    """Get a worker's monthly statement

     The worker's month (`YYYY-MM`, the tenant's calendar) across your employers: per
    employer and currency, days worked, gross, IIT withheld, net, and how much of the
    net is paid out or on its way; totals; and the year to date. The current month is
    reported as far as it has gone (`complete: false`).

    **Required scope:** `payslips:read`.

    Args:
        worker_id (str):  Example: wkr_11111111111111111111111111.
        month (str):  Example: 2026-11.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WorkerStatement]
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
    month: str,
    *,
    client: AuthenticatedClient,
) -> Problem | WorkerStatement | None:
    """Get a worker's monthly statement

     The worker's month (`YYYY-MM`, the tenant's calendar) across your employers: per
    employer and currency, days worked, gross, IIT withheld, net, and how much of the
    net is paid out or on its way; totals; and the year to date. The current month is
    reported as far as it has gone (`complete: false`).

    **Required scope:** `payslips:read`.

    Args:
        worker_id (str):  Example: wkr_11111111111111111111111111.
        month (str):  Example: 2026-11.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WorkerStatement
    """

    return sync_detailed(
        worker_id=worker_id,
        month=month,
        client=client,
    ).parsed


async def asyncio_detailed(
    worker_id: str,
    month: str,
    *,
    client: AuthenticatedClient,
) -> Response[Problem | WorkerStatement]:
    """Get a worker's monthly statement

     The worker's month (`YYYY-MM`, the tenant's calendar) across your employers: per
    employer and currency, days worked, gross, IIT withheld, net, and how much of the
    net is paid out or on its way; totals; and the year to date. The current month is
    reported as far as it has gone (`complete: false`).

    **Required scope:** `payslips:read`.

    Args:
        worker_id (str):  Example: wkr_11111111111111111111111111.
        month (str):  Example: 2026-11.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WorkerStatement]
    """

    kwargs = _get_kwargs(
        worker_id=worker_id,
        month=month,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    worker_id: str,
    month: str,
    *,
    client: AuthenticatedClient,
) -> Problem | WorkerStatement | None:
    """Get a worker's monthly statement

     The worker's month (`YYYY-MM`, the tenant's calendar) across your employers: per
    employer and currency, days worked, gross, IIT withheld, net, and how much of the
    net is paid out or on its way; totals; and the year to date. The current month is
    reported as far as it has gone (`complete: false`).

    **Required scope:** `payslips:read`.

    Args:
        worker_id (str):  Example: wkr_11111111111111111111111111.
        month (str):  Example: 2026-11.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WorkerStatement
    """

    return (
        await asyncio_detailed(
            worker_id=worker_id,
            month=month,
            client=client,
        )
    ).parsed
