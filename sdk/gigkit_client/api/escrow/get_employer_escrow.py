from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.escrow_balance import EscrowBalance
from ...models.get_employer_escrow_currency import (
    GetEmployerEscrowCurrency,
)
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    employer_id: str,
    *,
    currency: GetEmployerEscrowCurrency | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_currency: str | Unset = UNSET
    if not isinstance(currency, Unset):
        json_currency = currency

    params["currency"] = json_currency

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/employers/{employer_id}/escrow".format(
            employer_id=quote(str(employer_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EscrowBalance | Problem | None:
    if response.status_code == 200:
        response_200 = EscrowBalance.from_dict(response.json())

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
) -> Response[EscrowBalance | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    employer_id: str,
    *,
    client: AuthenticatedClient,
    currency: GetEmployerEscrowCurrency | Unset = UNSET,
) -> Response[EscrowBalance | Problem]:
    """Get an employer's escrow

     Available (free to hold), held (reserved by holds) and total, in one currency.

    **Required scope:** `escrow:read`.

    Args:
        employer_id (str):  Example: emp_11111111111111111111111111.
        currency (GetEmployerEscrowCurrency | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EscrowBalance | Problem]
    """

    kwargs = _get_kwargs(
        employer_id=employer_id,
        currency=currency,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    employer_id: str,
    *,
    client: AuthenticatedClient,
    currency: GetEmployerEscrowCurrency | Unset = UNSET,
) -> EscrowBalance | Problem | None:
    """Get an employer's escrow

     Available (free to hold), held (reserved by holds) and total, in one currency.

    **Required scope:** `escrow:read`.

    Args:
        employer_id (str):  Example: emp_11111111111111111111111111.
        currency (GetEmployerEscrowCurrency | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EscrowBalance | Problem
    """

    return sync_detailed(
        employer_id=employer_id,
        client=client,
        currency=currency,
    ).parsed


async def asyncio_detailed(
    employer_id: str,
    *,
    client: AuthenticatedClient,
    currency: GetEmployerEscrowCurrency | Unset = UNSET,
) -> Response[EscrowBalance | Problem]:
    """Get an employer's escrow

     Available (free to hold), held (reserved by holds) and total, in one currency.

    **Required scope:** `escrow:read`.

    Args:
        employer_id (str):  Example: emp_11111111111111111111111111.
        currency (GetEmployerEscrowCurrency | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EscrowBalance | Problem]
    """

    kwargs = _get_kwargs(
        employer_id=employer_id,
        currency=currency,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    employer_id: str,
    *,
    client: AuthenticatedClient,
    currency: GetEmployerEscrowCurrency | Unset = UNSET,
) -> EscrowBalance | Problem | None:
    """Get an employer's escrow

     Available (free to hold), held (reserved by holds) and total, in one currency.

    **Required scope:** `escrow:read`.

    Args:
        employer_id (str):  Example: emp_11111111111111111111111111.
        currency (GetEmployerEscrowCurrency | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EscrowBalance | Problem
    """

    return (
        await asyncio_detailed(
            employer_id=employer_id,
            client=client,
            currency=currency,
        )
    ).parsed
