from http import HTTPStatus
from io import BytesIO
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import UNSET, File, Response, Unset


def _get_kwargs(
    policy_id: str,
    *,
    locale: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["locale"] = locale

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/insurance/policies/{policy_id}/certificate".format(
            policy_id=quote(str(policy_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> File | Problem | None:
    if response.status_code == 200:
        response_200 = File(payload=BytesIO(response.content))

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
) -> Response[File | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    policy_id: str,
    *,
    client: AuthenticatedClient,
    locale: str | Unset = UNSET,
) -> Response[File | Problem]:
    """Get a policy's certificate of insurance

     A PDF on A5 in Chinese or English (`locale`; default the tenant's): the policy and
    the insurer's policy number ("pending" until the insurer confirms), the insured
    worker (masked ID card), the employer, the product and version, the sums insured,
    the daily premium, and each covered day's cover window to the second in the
    tenant's time zone ("starts at clock-in" for a day not started, cancelled days as
    cancelled), with the SHA-256 of the content it shows, also sent as the
    `Gigkit-Content-SHA256` header. Rendered on each request (the certificate changes
    as days start); the same policy state gives the same bytes.

    **Required scope:** `insurance:read`.

    Args:
        policy_id (str):  Example: pol_11111111111111111111111111.
        locale (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | Problem]
    """

    kwargs = _get_kwargs(
        policy_id=policy_id,
        locale=locale,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    policy_id: str,
    *,
    client: AuthenticatedClient,
    locale: str | Unset = UNSET,
) -> File | Problem | None:
    """Get a policy's certificate of insurance

     A PDF on A5 in Chinese or English (`locale`; default the tenant's): the policy and
    the insurer's policy number ("pending" until the insurer confirms), the insured
    worker (masked ID card), the employer, the product and version, the sums insured,
    the daily premium, and each covered day's cover window to the second in the
    tenant's time zone ("starts at clock-in" for a day not started, cancelled days as
    cancelled), with the SHA-256 of the content it shows, also sent as the
    `Gigkit-Content-SHA256` header. Rendered on each request (the certificate changes
    as days start); the same policy state gives the same bytes.

    **Required scope:** `insurance:read`.

    Args:
        policy_id (str):  Example: pol_11111111111111111111111111.
        locale (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | Problem
    """

    return sync_detailed(
        policy_id=policy_id,
        client=client,
        locale=locale,
    ).parsed


async def asyncio_detailed(
    policy_id: str,
    *,
    client: AuthenticatedClient,
    locale: str | Unset = UNSET,
) -> Response[File | Problem]:
    """Get a policy's certificate of insurance

     A PDF on A5 in Chinese or English (`locale`; default the tenant's): the policy and
    the insurer's policy number ("pending" until the insurer confirms), the insured
    worker (masked ID card), the employer, the product and version, the sums insured,
    the daily premium, and each covered day's cover window to the second in the
    tenant's time zone ("starts at clock-in" for a day not started, cancelled days as
    cancelled), with the SHA-256 of the content it shows, also sent as the
    `Gigkit-Content-SHA256` header. Rendered on each request (the certificate changes
    as days start); the same policy state gives the same bytes.

    **Required scope:** `insurance:read`.

    Args:
        policy_id (str):  Example: pol_11111111111111111111111111.
        locale (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | Problem]
    """

    kwargs = _get_kwargs(
        policy_id=policy_id,
        locale=locale,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    policy_id: str,
    *,
    client: AuthenticatedClient,
    locale: str | Unset = UNSET,
) -> File | Problem | None:
    """Get a policy's certificate of insurance

     A PDF on A5 in Chinese or English (`locale`; default the tenant's): the policy and
    the insurer's policy number ("pending" until the insurer confirms), the insured
    worker (masked ID card), the employer, the product and version, the sums insured,
    the daily premium, and each covered day's cover window to the second in the
    tenant's time zone ("starts at clock-in" for a day not started, cancelled days as
    cancelled), with the SHA-256 of the content it shows, also sent as the
    `Gigkit-Content-SHA256` header. Rendered on each request (the certificate changes
    as days start); the same policy state gives the same bytes.

    **Required scope:** `insurance:read`.

    Args:
        policy_id (str):  Example: pol_11111111111111111111111111.
        locale (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | Problem
    """

    return (
        await asyncio_detailed(
            policy_id=policy_id,
            client=client,
            locale=locale,
        )
    ).parsed
