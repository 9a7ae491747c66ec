from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.recover import Recover
from ...models.recover_result import RecoverResult
from ...types import UNSET, Response, Unset


def _get_kwargs(
    endpoint_id: str,
    *,
    body: Recover,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/webhook-endpoints/{endpoint_id}/recover".format(
            endpoint_id=quote(str(endpoint_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | RecoverResult | None:
    if response.status_code == 201:
        response_201 = RecoverResult.from_dict(response.json())

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
) -> Response[Problem | RecoverResult]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    endpoint_id: str,
    *,
    client: AuthenticatedClient,
    body: Recover,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | RecoverResult]:
    """Resend what an endpoint missed

     Every event created in `[since, until)` that the endpoint's `event_types` match and
    that it has not received (its delivery failed, or the endpoint was disabled when
    the event happened) is sent again as a new delivery, oldest first, at most 500 per
    call: while `has_more`, call again with the same window (events already resent are
    skipped). A disabled endpoint answers 409 `invalid_state`: enable it first.

    **Required scope:** `webhooks:manage`.

    Args:
        endpoint_id (str):  Example: we_11111111111111111111111111.
        idempotency_key (str | Unset):
        body (Recover):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RecoverResult]
    """

    kwargs = _get_kwargs(
        endpoint_id=endpoint_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    endpoint_id: str,
    *,
    client: AuthenticatedClient,
    body: Recover,
    idempotency_key: str | Unset = UNSET,
) -> Problem | RecoverResult | None:
    """Resend what an endpoint missed

     Every event created in `[since, until)` that the endpoint's `event_types` match and
    that it has not received (its delivery failed, or the endpoint was disabled when
    the event happened) is sent again as a new delivery, oldest first, at most 500 per
    call: while `has_more`, call again with the same window (events already resent are
    skipped). A disabled endpoint answers 409 `invalid_state`: enable it first.

    **Required scope:** `webhooks:manage`.

    Args:
        endpoint_id (str):  Example: we_11111111111111111111111111.
        idempotency_key (str | Unset):
        body (Recover):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RecoverResult
    """

    return sync_detailed(
        endpoint_id=endpoint_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    endpoint_id: str,
    *,
    client: AuthenticatedClient,
    body: Recover,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | RecoverResult]:
    """Resend what an endpoint missed

     Every event created in `[since, until)` that the endpoint's `event_types` match and
    that it has not received (its delivery failed, or the endpoint was disabled when
    the event happened) is sent again as a new delivery, oldest first, at most 500 per
    call: while `has_more`, call again with the same window (events already resent are
    skipped). A disabled endpoint answers 409 `invalid_state`: enable it first.

    **Required scope:** `webhooks:manage`.

    Args:
        endpoint_id (str):  Example: we_11111111111111111111111111.
        idempotency_key (str | Unset):
        body (Recover):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RecoverResult]
    """

    kwargs = _get_kwargs(
        endpoint_id=endpoint_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    endpoint_id: str,
    *,
    client: AuthenticatedClient,
    body: Recover,
    idempotency_key: str | Unset = UNSET,
) -> Problem | RecoverResult | None:
    """Resend what an endpoint missed

     Every event created in `[since, until)` that the endpoint's `event_types` match and
    that it has not received (its delivery failed, or the endpoint was disabled when
    the event happened) is sent again as a new delivery, oldest first, at most 500 per
    call: while `has_more`, call again with the same window (events already resent are
    skipped). A disabled endpoint answers 409 `invalid_state`: enable it first.

    **Required scope:** `webhooks:manage`.

    Args:
        endpoint_id (str):  Example: we_11111111111111111111111111.
        idempotency_key (str | Unset):
        body (Recover):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RecoverResult
    """

    return (
        await asyncio_detailed(
            endpoint_id=endpoint_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
