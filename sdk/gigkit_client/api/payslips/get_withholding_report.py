from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.withholding_report import WithholdingReport
from ...types import Response


def _get_kwargs(
    month: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/reports/withholding/{month}".format(
            month=quote(str(month), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | WithholdingReport | None:
    if response.status_code == 200:
        response_200 = WithholdingReport.from_dict(response.json())

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
) -> Response[Problem | WithholdingReport]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    month: str,
    *,
    client: AuthenticatedClient,
) -> Response[Problem | WithholdingReport]:
    """Get the monthly withholding report

     For the month's IIT filing, per worker and currency: income (gross) and tax
    withheld, in minor units, and how many payslips. Only payslips in force count: a
    corrected payslip gives way to its correction, which counts in the month it was
    paid. 422 `validation_error` on `month` for a malformed month (`2026-13`) or one
    that has not begun in the tenant's time zone. The same as CSV:
    `GET /v1/reports/withholding/{month}/export`.

    **Required scope:** `payslips:read`.

    Args:
        month (str):  Example: 2026-11.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WithholdingReport]
    """

    kwargs = _get_kwargs(
        month=month,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    month: str,
    *,
    client: AuthenticatedClient,
) -> Problem | WithholdingReport | None:
    """Get the monthly withholding report

     For the month's IIT filing, per worker and currency: income (gross) and tax
    withheld, in minor units, and how many payslips. Only payslips in force count: a
    corrected payslip gives way to its correction, which counts in the month it was
    paid. 422 `validation_error` on `month` for a malformed month (`2026-13`) or one
    that has not begun in the tenant's time zone. The same as CSV:
    `GET /v1/reports/withholding/{month}/export`.

    **Required scope:** `payslips:read`.

    Args:
        month (str):  Example: 2026-11.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WithholdingReport
    """

    return sync_detailed(
        month=month,
        client=client,
    ).parsed


async def asyncio_detailed(
    month: str,
    *,
    client: AuthenticatedClient,
) -> Response[Problem | WithholdingReport]:
    """Get the monthly withholding report

     For the month's IIT filing, per worker and currency: income (gross) and tax
    withheld, in minor units, and how many payslips. Only payslips in force count: a
    corrected payslip gives way to its correction, which counts in the month it was
    paid. 422 `validation_error` on `month` for a malformed month (`2026-13`) or one
    that has not begun in the tenant's time zone. The same as CSV:
    `GET /v1/reports/withholding/{month}/export`.

    **Required scope:** `payslips:read`.

    Args:
        month (str):  Example: 2026-11.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WithholdingReport]
    """

    kwargs = _get_kwargs(
        month=month,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    month: str,
    *,
    client: AuthenticatedClient,
) -> Problem | WithholdingReport | None:
    """Get the monthly withholding report

     For the month's IIT filing, per worker and currency: income (gross) and tax
    withheld, in minor units, and how many payslips. Only payslips in force count: a
    corrected payslip gives way to its correction, which counts in the month it was
    paid. 422 `validation_error` on `month` for a malformed month (`2026-13`) or one
    that has not begun in the tenant's time zone. The same as CSV:
    `GET /v1/reports/withholding/{month}/export`.

    **Required scope:** `payslips:read`.

    Args:
        month (str):  Example: 2026-11.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WithholdingReport
    """

    return (
        await asyncio_detailed(
            month=month,
            client=client,
        )
    ).parsed
