from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.ledger_account_page import LedgerAccountPage
from ...models.list_ledger_accounts_currency import (
    ListLedgerAccountsCurrency,
)
from ...models.list_ledger_accounts_kind import (
    ListLedgerAccountsKind,
)
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    kind: ListLedgerAccountsKind | Unset = UNSET,
    owner_id: str | Unset = UNSET,
    currency: ListLedgerAccountsCurrency | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["cursor"] = cursor

    json_kind: str | Unset = UNSET
    if not isinstance(kind, Unset):
        json_kind = kind

    params["kind"] = json_kind

    params["owner_id"] = owner_id

    json_currency: str | Unset = UNSET
    if not isinstance(currency, Unset):
        json_currency = currency

    params["currency"] = json_currency

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/ledger/accounts",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> LedgerAccountPage | Problem | None:
    if response.status_code == 200:
        response_200 = LedgerAccountPage.from_dict(response.json())

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
) -> Response[LedgerAccountPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    kind: ListLedgerAccountsKind | Unset = UNSET,
    owner_id: str | Unset = UNSET,
    currency: ListLedgerAccountsCurrency | Unset = UNSET,
) -> Response[LedgerAccountPage | Problem]:
    """List ledger accounts

     Filter by `kind` (employer_escrow, employer_held, worker_payable, provider_cash),
    `owner_id` (an employer or worker id, or `platform`) and `currency`.

    **Required scope:** `escrow:read`.

    Args:
        limit (int | Unset):  Default: 20.
        cursor (str | Unset):
        kind (ListLedgerAccountsKind | Unset):
        owner_id (str | Unset):
        currency (ListLedgerAccountsCurrency | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LedgerAccountPage | Problem]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        kind=kind,
        owner_id=owner_id,
        currency=currency,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    kind: ListLedgerAccountsKind | Unset = UNSET,
    owner_id: str | Unset = UNSET,
    currency: ListLedgerAccountsCurrency | Unset = UNSET,
) -> LedgerAccountPage | Problem | None:
    """List ledger accounts

     Filter by `kind` (employer_escrow, employer_held, worker_payable, provider_cash),
    `owner_id` (an employer or worker id, or `platform`) and `currency`.

    **Required scope:** `escrow:read`.

    Args:
        limit (int | Unset):  Default: 20.
        cursor (str | Unset):
        kind (ListLedgerAccountsKind | Unset):
        owner_id (str | Unset):
        currency (ListLedgerAccountsCurrency | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LedgerAccountPage | Problem
    """

    return sync_detailed(
        client=client,
        limit=limit,
        cursor=cursor,
        kind=kind,
        owner_id=owner_id,
        currency=currency,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    kind: ListLedgerAccountsKind | Unset = UNSET,
    owner_id: str | Unset = UNSET,
    currency: ListLedgerAccountsCurrency | Unset = UNSET,
) -> Response[LedgerAccountPage | Problem]:
    """List ledger accounts

     Filter by `kind` (employer_escrow, employer_held, worker_payable, provider_cash),
    `owner_id` (an employer or worker id, or `platform`) and `currency`.

    **Required scope:** `escrow:read`.

    Args:
        limit (int | Unset):  Default: 20.
        cursor (str | Unset):
        kind (ListLedgerAccountsKind | Unset):
        owner_id (str | Unset):
        currency (ListLedgerAccountsCurrency | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LedgerAccountPage | Problem]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        kind=kind,
        owner_id=owner_id,
        currency=currency,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    kind: ListLedgerAccountsKind | Unset = UNSET,
    owner_id: str | Unset = UNSET,
    currency: ListLedgerAccountsCurrency | Unset = UNSET,
) -> LedgerAccountPage | Problem | None:
    """List ledger accounts

     Filter by `kind` (employer_escrow, employer_held, worker_payable, provider_cash),
    `owner_id` (an employer or worker id, or `platform`) and `currency`.

    **Required scope:** `escrow:read`.

    Args:
        limit (int | Unset):  Default: 20.
        cursor (str | Unset):
        kind (ListLedgerAccountsKind | Unset):
        owner_id (str | Unset):
        currency (ListLedgerAccountsCurrency | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LedgerAccountPage | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            cursor=cursor,
            kind=kind,
            owner_id=owner_id,
            currency=currency,
        )
    ).parsed
