from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_webhook_deliveries_status import (
    ListWebhookDeliveriesStatus,
)
from ...models.problem import Problem
from ...models.webhook_delivery_page import WebhookDeliveryPage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    endpoint_id: str,
    *,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    status: ListWebhookDeliveriesStatus | Unset = UNSET,
    event_id: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["cursor"] = cursor

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status

    params["status"] = json_status

    params["event_id"] = event_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/webhook-endpoints/{endpoint_id}/deliveries".format(
            endpoint_id=quote(str(endpoint_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | WebhookDeliveryPage | None:
    if response.status_code == 200:
        response_200 = WebhookDeliveryPage.from_dict(response.json())

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
) -> Response[Problem | WebhookDeliveryPage]:
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
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    status: ListWebhookDeliveriesStatus | Unset = UNSET,
    event_id: str | Unset = UNSET,
) -> Response[Problem | WebhookDeliveryPage]:
    """List an endpoint's deliveries

     Newest first, each with every attempt made (status code, latency, the start of the
    answer, or the transport error). `status=failed` lists those given up on.

    **Required scope:** `webhooks:manage`.

    Args:
        endpoint_id (str):  Example: we_11111111111111111111111111.
        limit (int | Unset):  Default: 20.
        cursor (str | Unset):
        status (ListWebhookDeliveriesStatus | Unset):
        event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WebhookDeliveryPage]
    """

    kwargs = _get_kwargs(
        endpoint_id=endpoint_id,
        limit=limit,
        cursor=cursor,
        status=status,
        event_id=event_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    endpoint_id: str,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    status: ListWebhookDeliveriesStatus | Unset = UNSET,
    event_id: str | Unset = UNSET,
) -> Problem | WebhookDeliveryPage | None:
    """List an endpoint's deliveries

     Newest first, each with every attempt made (status code, latency, the start of the
    answer, or the transport error). `status=failed` lists those given up on.

    **Required scope:** `webhooks:manage`.

    Args:
        endpoint_id (str):  Example: we_11111111111111111111111111.
        limit (int | Unset):  Default: 20.
        cursor (str | Unset):
        status (ListWebhookDeliveriesStatus | Unset):
        event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WebhookDeliveryPage
    """

    return sync_detailed(
        endpoint_id=endpoint_id,
        client=client,
        limit=limit,
        cursor=cursor,
        status=status,
        event_id=event_id,
    ).parsed


async def asyncio_detailed(
    endpoint_id: str,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    status: ListWebhookDeliveriesStatus | Unset = UNSET,
    event_id: str | Unset = UNSET,
) -> Response[Problem | WebhookDeliveryPage]:
    """List an endpoint's deliveries

     Newest first, each with every attempt made (status code, latency, the start of the
    answer, or the transport error). `status=failed` lists those given up on.

    **Required scope:** `webhooks:manage`.

    Args:
        endpoint_id (str):  Example: we_11111111111111111111111111.
        limit (int | Unset):  Default: 20.
        cursor (str | Unset):
        status (ListWebhookDeliveriesStatus | Unset):
        event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WebhookDeliveryPage]
    """

    kwargs = _get_kwargs(
        endpoint_id=endpoint_id,
        limit=limit,
        cursor=cursor,
        status=status,
        event_id=event_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    endpoint_id: str,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    status: ListWebhookDeliveriesStatus | Unset = UNSET,
    event_id: str | Unset = UNSET,
) -> Problem | WebhookDeliveryPage | None:
    """List an endpoint's deliveries

     Newest first, each with every attempt made (status code, latency, the start of the
    answer, or the transport error). `status=failed` lists those given up on.

    **Required scope:** `webhooks:manage`.

    Args:
        endpoint_id (str):  Example: we_11111111111111111111111111.
        limit (int | Unset):  Default: 20.
        cursor (str | Unset):
        status (ListWebhookDeliveriesStatus | Unset):
        event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WebhookDeliveryPage
    """

    return (
        await asyncio_detailed(
            endpoint_id=endpoint_id,
            client=client,
            limit=limit,
            cursor=cursor,
            status=status,
            event_id=event_id,
        )
    ).parsed
