import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import UNSET, Response


def _get_kwargs(
    *,
    from_: datetime.date,
    to: datetime.date,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_from_ = from_.isoformat()
    params["from"] = json_from_

    json_to = to.isoformat()
    params["to"] = json_to

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/payslips/export",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | str | None:
    if response.status_code == 200:
        response_200 = response.text
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
) -> Response[Problem | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    from_: datetime.date,
    to: datetime.date,
) -> Response[Problem | str]:
    """Export payslips as CSV

     Every payslip paid (`paid_on`, the tenant's calendar) from `from` to `to`, both
    included, corrections too (`corrects_id` names the payslip each one replaces),
    ordered by `paid_on` then `id`. UTF-8 with a byte-order mark, amounts in major
    units (`280.00`). Streamed: any range up to 366 days, in bounded memory. 422
    `validation_error` on `from` or `to` for a malformed date, `to` before `from` or a
    range of more than 366 days.

    **Required scope:** `payslips:read`.

    Args:
        from_ (datetime.date):
        to (datetime.date):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    from_: datetime.date,
    to: datetime.date,
) -> Problem | str | None:
    """Export payslips as CSV

     Every payslip paid (`paid_on`, the tenant's calendar) from `from` to `to`, both
    included, corrections too (`corrects_id` names the payslip each one replaces),
    ordered by `paid_on` then `id`. UTF-8 with a byte-order mark, amounts in major
    units (`280.00`). Streamed: any range up to 366 days, in bounded memory. 422
    `validation_error` on `from` or `to` for a malformed date, `to` before `from` or a
    range of more than 366 days.

    **Required scope:** `payslips:read`.

    Args:
        from_ (datetime.date):
        to (datetime.date):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
    """

    return sync_detailed(
        client=client,
        from_=from_,
        to=to,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    from_: datetime.date,
    to: datetime.date,
) -> Response[Problem | str]:
    """Export payslips as CSV

     Every payslip paid (`paid_on`, the tenant's calendar) from `from` to `to`, both
    included, corrections too (`corrects_id` names the payslip each one replaces),
    ordered by `paid_on` then `id`. UTF-8 with a byte-order mark, amounts in major
    units (`280.00`). Streamed: any range up to 366 days, in bounded memory. 422
    `validation_error` on `from` or `to` for a malformed date, `to` before `from` or a
    range of more than 366 days.

    **Required scope:** `payslips:read`.

    Args:
        from_ (datetime.date):
        to (datetime.date):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    from_: datetime.date,
    to: datetime.date,
) -> Problem | str | None:
    """Export payslips as CSV

     Every payslip paid (`paid_on`, the tenant's calendar) from `from` to `to`, both
    included, corrections too (`corrects_id` names the payslip each one replaces),
    ordered by `paid_on` then `id`. UTF-8 with a byte-order mark, amounts in major
    units (`280.00`). Streamed: any range up to 366 days, in bounded memory. 422
    `validation_error` on `from` or `to` for a malformed date, `to` before `from` or a
    range of more than 366 days.

    **Required scope:** `payslips:read`.

    Args:
        from_ (datetime.date):
        to (datetime.date):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
    """

    return (
        await asyncio_detailed(
            client=client,
            from_=from_,
            to=to,
        )
    ).parsed
