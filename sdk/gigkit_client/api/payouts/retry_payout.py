from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.payout import Payout
from ...models.payout_retry import PayoutRetry
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    payout_id: str,
    *,
    body: PayoutRetry | Unset = UNSET,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/payouts/{payout_id}/retry".format(
            payout_id=quote(str(payout_id), safe=""),
        ),
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Payout | Problem | None:
    if response.status_code == 200:
        response_200 = Payout.from_dict(response.json())

        return response_200

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
) -> Response[Payout | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    payout_id: str,
    *,
    client: AuthenticatedClient,
    body: PayoutRetry | Unset = UNSET,
    idempotency_key: str,
) -> Response[Payout | Problem]:
    """Retry a failed payout

     Starts a new attempt (`attempt` + 1, a new pending ledger transaction); never pays
    twice. 409 `invalid_state` unless the payout failed; 402
    `insufficient_payable_balance` if the payable no longer holds the amount.

    The body is optional. By default the new attempt pays the same destination as the
    failed one. After correcting the worker's payout account (say the payout failed with
    `account_closed`), send `{"refresh_destination": true}`: the attempt then pays the
    worker's account as it is now (422 `payout_account_missing` if there is none).
    A payout created before destinations were recorded on payouts (failure_code
    `destination_unavailable`) can only be retried with `refresh_destination` (422
    `destination_unavailable` otherwise). Each attempt and its destination are listed in
    `attempts`, also in the `payout.retried` event.

    **Required scope:** `payouts:write`.

    Args:
        payout_id (str):  Example: po_11111111111111111111111111.
        idempotency_key (str):
        body (PayoutRetry | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Payout | Problem]
    """

    kwargs = _get_kwargs(
        payout_id=payout_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    payout_id: str,
    *,
    client: AuthenticatedClient,
    body: PayoutRetry | Unset = UNSET,
    idempotency_key: str,
) -> Payout | Problem | None:
    """Retry a failed payout

     Starts a new attempt (`attempt` + 1, a new pending ledger transaction); never pays
    twice. 409 `invalid_state` unless the payout failed; 402
    `insufficient_payable_balance` if the payable no longer holds the amount.

    The body is optional. By default the new attempt pays the same destination as the
    failed one. After correcting the worker's payout account (say the payout failed with
    `account_closed`), send `{"refresh_destination": true}`: the attempt then pays the
    worker's account as it is now (422 `payout_account_missing` if there is none).
    A payout created before destinations were recorded on payouts (failure_code
    `destination_unavailable`) can only be retried with `refresh_destination` (422
    `destination_unavailable` otherwise). Each attempt and its destination are listed in
    `attempts`, also in the `payout.retried` event.

    **Required scope:** `payouts:write`.

    Args:
        payout_id (str):  Example: po_11111111111111111111111111.
        idempotency_key (str):
        body (PayoutRetry | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Payout | Problem
    """

    return sync_detailed(
        payout_id=payout_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    payout_id: str,
    *,
    client: AuthenticatedClient,
    body: PayoutRetry | Unset = UNSET,
    idempotency_key: str,
) -> Response[Payout | Problem]:
    """Retry a failed payout

     Starts a new attempt (`attempt` + 1, a new pending ledger transaction); never pays
    twice. 409 `invalid_state` unless the payout failed; 402
    `insufficient_payable_balance` if the payable no longer holds the amount.

    The body is optional. By default the new attempt pays the same destination as the
    failed one. After correcting the worker's payout account (say the payout failed with
    `account_closed`), send `{"refresh_destination": true}`: the attempt then pays the
    worker's account as it is now (422 `payout_account_missing` if there is none).
    A payout created before destinations were recorded on payouts (failure_code
    `destination_unavailable`) can only be retried with `refresh_destination` (422
    `destination_unavailable` otherwise). Each attempt and its destination are listed in
    `attempts`, also in the `payout.retried` event.

    **Required scope:** `payouts:write`.

    Args:
        payout_id (str):  Example: po_11111111111111111111111111.
        idempotency_key (str):
        body (PayoutRetry | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Payout | Problem]
    """

    kwargs = _get_kwargs(
        payout_id=payout_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    payout_id: str,
    *,
    client: AuthenticatedClient,
    body: PayoutRetry | Unset = UNSET,
    idempotency_key: str,
) -> Payout | Problem | None:
    """Retry a failed payout

     Starts a new attempt (`attempt` + 1, a new pending ledger transaction); never pays
    twice. 409 `invalid_state` unless the payout failed; 402
    `insufficient_payable_balance` if the payable no longer holds the amount.

    The body is optional. By default the new attempt pays the same destination as the
    failed one. After correcting the worker's payout account (say the payout failed with
    `account_closed`), send `{"refresh_destination": true}`: the attempt then pays the
    worker's account as it is now (422 `payout_account_missing` if there is none).
    A payout created before destinations were recorded on payouts (failure_code
    `destination_unavailable`) can only be retried with `refresh_destination` (422
    `destination_unavailable` otherwise). Each attempt and its destination are listed in
    `attempts`, also in the `payout.retried` event.

    **Required scope:** `payouts:write`.

    Args:
        payout_id (str):  Example: po_11111111111111111111111111.
        idempotency_key (str):
        body (PayoutRetry | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Payout | Problem
    """

    return (
        await asyncio_detailed(
            payout_id=payout_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
