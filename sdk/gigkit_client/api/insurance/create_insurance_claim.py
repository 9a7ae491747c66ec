from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.claim import Claim
from ...models.claim_create import ClaimCreate
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: ClaimCreate,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/insurance/claims",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Claim | Problem | None:
    if response.status_code == 201:
        response_201 = Claim.from_dict(response.json())

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
) -> Response[Claim | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ClaimCreate,
    idempotency_key: str,
) -> Response[Claim | Problem]:
    """Submit a claim

     An incident on a covered day: it must fall inside a cover window that started
    (`cover_starts_at <= incident_at < cover_ends_at` of a day `active` or `expired`),
    else 422 `not_covered` with the nearest window in `nearest_window`; the amount at
    most what the covered day's other claims on that coverage (unless rejected) left of
    its sum insured (422 `claim_above_sum_insured`). Attachments are
    metadata only (name, type, size, SHA-256): the files are stored elsewhere. The
    evidence pack (shift times and places, contract hash and seal, policy, cover
    window, payslip, events) is frozen with its SHA-256 now; the insurer is told after
    commit.

    **Required scope:** `insurance:write`.

    Args:
        idempotency_key (str):
        body (ClaimCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Claim | Problem]
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
    body: ClaimCreate,
    idempotency_key: str,
) -> Claim | Problem | None:
    """Submit a claim

     An incident on a covered day: it must fall inside a cover window that started
    (`cover_starts_at <= incident_at < cover_ends_at` of a day `active` or `expired`),
    else 422 `not_covered` with the nearest window in `nearest_window`; the amount at
    most what the covered day's other claims on that coverage (unless rejected) left of
    its sum insured (422 `claim_above_sum_insured`). Attachments are
    metadata only (name, type, size, SHA-256): the files are stored elsewhere. The
    evidence pack (shift times and places, contract hash and seal, policy, cover
    window, payslip, events) is frozen with its SHA-256 now; the insurer is told after
    commit.

    **Required scope:** `insurance:write`.

    Args:
        idempotency_key (str):
        body (ClaimCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Claim | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ClaimCreate,
    idempotency_key: str,
) -> Response[Claim | Problem]:
    """Submit a claim

     An incident on a covered day: it must fall inside a cover window that started
    (`cover_starts_at <= incident_at < cover_ends_at` of a day `active` or `expired`),
    else 422 `not_covered` with the nearest window in `nearest_window`; the amount at
    most what the covered day's other claims on that coverage (unless rejected) left of
    its sum insured (422 `claim_above_sum_insured`). Attachments are
    metadata only (name, type, size, SHA-256): the files are stored elsewhere. The
    evidence pack (shift times and places, contract hash and seal, policy, cover
    window, payslip, events) is frozen with its SHA-256 now; the insurer is told after
    commit.

    **Required scope:** `insurance:write`.

    Args:
        idempotency_key (str):
        body (ClaimCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Claim | Problem]
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
    body: ClaimCreate,
    idempotency_key: str,
) -> Claim | Problem | None:
    """Submit a claim

     An incident on a covered day: it must fall inside a cover window that started
    (`cover_starts_at <= incident_at < cover_ends_at` of a day `active` or `expired`),
    else 422 `not_covered` with the nearest window in `nearest_window`; the amount at
    most what the covered day's other claims on that coverage (unless rejected) left of
    its sum insured (422 `claim_above_sum_insured`). Attachments are
    metadata only (name, type, size, SHA-256): the files are stored elsewhere. The
    evidence pack (shift times and places, contract hash and seal, policy, cover
    window, payslip, events) is frozen with its SHA-256 now; the insurer is told after
    commit.

    **Required scope:** `insurance:write`.

    Args:
        idempotency_key (str):
        body (ClaimCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Claim | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
