import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.reconciliation import Reconciliation
from ...types import UNSET, Response


def _get_kwargs(
    *,
    date: datetime.date,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_date = date.isoformat()
    params["date"] = json_date

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/payouts/reconciliation",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | Reconciliation | None:
    if response.status_code == 200:
        response_200 = Reconciliation.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

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
) -> Response[Problem | Reconciliation]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    date: datetime.date,
) -> Response[Problem | Reconciliation]:
    """Reconcile payouts with the provider

     For one calendar day in the tenant's time zone: every transfer the provider made
    that day against its payout, and every payout paid that day against the provider's
    records. Lists each mismatch: a transfer no payout accounts for, a paid payout the
    provider does not know, different amounts or states.

    `date` must be from 0001-01-02 to 9999-12-30: the first and last days that can be
    represented are refused (422 `validation_error` on `date`), because the start or
    end of such a day in the tenant's time zone falls outside the representable range.

    **Required scope:** `payouts:read`.

    Args:
        date (datetime.date):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Reconciliation]
    """

    kwargs = _get_kwargs(
        date=date,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    date: datetime.date,
) -> Problem | Reconciliation | None:
    """Reconcile payouts with the provider

     For one calendar day in the tenant's time zone: every transfer the provider made
    that day against its payout, and every payout paid that day against the provider's
    records. Lists each mismatch: a transfer no payout accounts for, a paid payout the
    provider does not know, different amounts or states.

    `date` must be from 0001-01-02 to 9999-12-30: the first and last days that can be
    represented are refused (422 `validation_error` on `date`), because the start or
    end of such a day in the tenant's time zone falls outside the representable range.

    **Required scope:** `payouts:read`.

    Args:
        date (datetime.date):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Reconciliation
    """

    return sync_detailed(
        client=client,
        date=date,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    date: datetime.date,
) -> Response[Problem | Reconciliation]:
    """Reconcile payouts with the provider

     For one calendar day in the tenant's time zone: every transfer the provider made
    that day against its payout, and every payout paid that day against the provider's
    records. Lists each mismatch: a transfer no payout accounts for, a paid payout the
    provider does not know, different amounts or states.

    `date` must be from 0001-01-02 to 9999-12-30: the first and last days that can be
    represented are refused (422 `validation_error` on `date`), because the start or
    end of such a day in the tenant's time zone falls outside the representable range.

    **Required scope:** `payouts:read`.

    Args:
        date (datetime.date):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Reconciliation]
    """

    kwargs = _get_kwargs(
        date=date,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    date: datetime.date,
) -> Problem | Reconciliation | None:
    """Reconcile payouts with the provider

     For one calendar day in the tenant's time zone: every transfer the provider made
    that day against its payout, and every payout paid that day against the provider's
    records. Lists each mismatch: a transfer no payout accounts for, a paid payout the
    provider does not know, different amounts or states.

    `date` must be from 0001-01-02 to 9999-12-30: the first and last days that can be
    represented are refused (422 `validation_error` on `date`), because the start or
    end of such a day in the tenant's time zone falls outside the representable range.

    **Required scope:** `payouts:read`.

    Args:
        date (datetime.date):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Reconciliation
    """

    return (
        await asyncio_detailed(
            client=client,
            date=date,
        )
    ).parsed
