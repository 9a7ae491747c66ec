from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.claim_page import ClaimPage
from ...models.list_insurance_claims_status import (
    ListInsuranceClaimsStatus,
)
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    policy_id: str | Unset = UNSET,
    worker_id: str | Unset = UNSET,
    status: ListInsuranceClaimsStatus | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["cursor"] = cursor

    params["policy_id"] = policy_id

    params["worker_id"] = worker_id

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status

    params["status"] = json_status

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/insurance/claims",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ClaimPage | Problem | None:
    if response.status_code == 200:
        response_200 = ClaimPage.from_dict(response.json())

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
) -> Response[ClaimPage | Problem]:
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
    policy_id: str | Unset = UNSET,
    worker_id: str | Unset = UNSET,
    status: ListInsuranceClaimsStatus | Unset = UNSET,
) -> Response[ClaimPage | Problem]:
    """List insurance claims

     **Required scope:** `insurance:read`.

    Args:
        limit (int | Unset):  Default: 20.
        cursor (str | Unset):
        policy_id (str | Unset):
        worker_id (str | Unset):
        status (ListInsuranceClaimsStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClaimPage | Problem]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        policy_id=policy_id,
        worker_id=worker_id,
        status=status,
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
    policy_id: str | Unset = UNSET,
    worker_id: str | Unset = UNSET,
    status: ListInsuranceClaimsStatus | Unset = UNSET,
) -> ClaimPage | Problem | None:
    """List insurance claims

     **Required scope:** `insurance:read`.

    Args:
        limit (int | Unset):  Default: 20.
        cursor (str | Unset):
        policy_id (str | Unset):
        worker_id (str | Unset):
        status (ListInsuranceClaimsStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClaimPage | Problem
    """

    return sync_detailed(
        client=client,
        limit=limit,
        cursor=cursor,
        policy_id=policy_id,
        worker_id=worker_id,
        status=status,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    policy_id: str | Unset = UNSET,
    worker_id: str | Unset = UNSET,
    status: ListInsuranceClaimsStatus | Unset = UNSET,
) -> Response[ClaimPage | Problem]:
    """List insurance claims

     **Required scope:** `insurance:read`.

    Args:
        limit (int | Unset):  Default: 20.
        cursor (str | Unset):
        policy_id (str | Unset):
        worker_id (str | Unset):
        status (ListInsuranceClaimsStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClaimPage | Problem]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        policy_id=policy_id,
        worker_id=worker_id,
        status=status,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    policy_id: str | Unset = UNSET,
    worker_id: str | Unset = UNSET,
    status: ListInsuranceClaimsStatus | Unset = UNSET,
) -> ClaimPage | Problem | None:
    """List insurance claims

     **Required scope:** `insurance:read`.

    Args:
        limit (int | Unset):  Default: 20.
        cursor (str | Unset):
        policy_id (str | Unset):
        worker_id (str | Unset):
        status (ListInsuranceClaimsStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClaimPage | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            cursor=cursor,
            policy_id=policy_id,
            worker_id=worker_id,
            status=status,
        )
    ).parsed
