from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.employer_statement import EmployerStatement
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    employer_id: str,
    month: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/employers/{employer_id}/statements/{month}".format(
            employer_id=quote(str(employer_id), safe=""),
            month=quote(str(month), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EmployerStatement | Problem | None:
    if response.status_code == 200:
        response_200 = EmployerStatement.from_dict(response.json())

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
) -> Response[EmployerStatement | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    employer_id: str,
    month: str,
    *,
    client: AuthenticatedClient,
) -> Response[EmployerStatement | Problem]:
    """Get an employer's monthly statement

     The employer's month per currency, read from the ledger: escrow (available and held)
    at the opening and closing instants, deposits, refunds, and what the releases paid
    (wages net to workers, tax withheld, platform fees, insurance premiums), with the
    month's payslips beside them. `reconciled` when the ledger adds up to the fen and
    the releases equal the payslips'.

    **Required scope:** `payslips:read`.

    Args:
        employer_id (str):  Example: emp_11111111111111111111111111.
        month (str):  Example: 2026-11.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EmployerStatement | Problem]
    """

    kwargs = _get_kwargs(
        employer_id=employer_id,
        month=month,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    employer_id: str,
    month: str,
    *,
    client: AuthenticatedClient,
) -> EmployerStatement | Problem | None:
    """Get an employer's monthly statement

     The employer's month per currency, read from the ledger: escrow (available and held)
    at the opening and closing instants, deposits, refunds, and what the releases paid
    (wages net to workers, tax withheld, platform fees, insurance premiums), with the
    month's payslips beside them. `reconciled` when the ledger adds up to the fen and
    the releases equal the payslips'.

    **Required scope:** `payslips:read`.

    Args:
        employer_id (str):  Example: emp_11111111111111111111111111.
        month (str):  Example: 2026-11.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EmployerStatement | Problem
    """

    return sync_detailed(
        employer_id=employer_id,
        month=month,
        client=client,
    ).parsed


async def asyncio_detailed(
    employer_id: str,
    month: str,
    *,
    client: AuthenticatedClient,
) -> Response[EmployerStatement | Problem]:
    """Get an employer's monthly statement

     The employer's month per currency, read from the ledger: escrow (available and held)
    at the opening and closing instants, deposits, refunds, and what the releases paid
    (wages net to workers, tax withheld, platform fees, insurance premiums), with the
    month's payslips beside them. `reconciled` when the ledger adds up to the fen and
    the releases equal the payslips'.

    **Required scope:** `payslips:read`.

    Args:
        employer_id (str):  Example: emp_11111111111111111111111111.
        month (str):  Example: 2026-11.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EmployerStatement | Problem]
    """

    kwargs = _get_kwargs(
        employer_id=employer_id,
        month=month,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    employer_id: str,
    month: str,
    *,
    client: AuthenticatedClient,
) -> EmployerStatement | Problem | None:
    """Get an employer's monthly statement

     The employer's month per currency, read from the ledger: escrow (available and held)
    at the opening and closing instants, deposits, refunds, and what the releases paid
    (wages net to workers, tax withheld, platform fees, insurance premiums), with the
    month's payslips beside them. `reconciled` when the ledger adds up to the fen and
    the releases equal the payslips'.

    **Required scope:** `payslips:read`.

    Args:
        employer_id (str):  Example: emp_11111111111111111111111111.
        month (str):  Example: 2026-11.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EmployerStatement | Problem
    """

    return (
        await asyncio_detailed(
            employer_id=employer_id,
            month=month,
            client=client,
        )
    ).parsed
