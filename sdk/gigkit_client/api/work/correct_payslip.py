from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.payslip import Payslip
from ...models.payslip_correction import PayslipCorrection
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    payslip_id: str,
    *,
    body: PayslipCorrection,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/payslips/{payslip_id}/corrections".format(
            payslip_id=quote(str(payslip_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Payslip | Problem | None:
    if response.status_code == 201:
        response_201 = Payslip.from_dict(response.json())

        return response_201

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
) -> Response[Payslip | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    payslip_id: str,
    *,
    client: AuthenticatedClient,
    body: PayslipCorrection,
    idempotency_key: str,
) -> Response[Payslip | Problem]:
    """Correct a payslip

     Measures the shift again with the corrected clock times or quantity, under the
    same pay terms, and writes a new payslip that replaces this one (`corrects_id`):
    the withholding is recomputed for the month, and the difference is taken from the
    employer's available escrow and paid out. A correction raises pay; it can be made
    until the end of the month the payslip was paid in. `payslip.corrected`.

    **Required scope:** `work:write`.

    Args:
        payslip_id (str):  Example: pys_11111111111111111111111111.
        idempotency_key (str):
        body (PayslipCorrection):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Payslip | Problem]
    """

    kwargs = _get_kwargs(
        payslip_id=payslip_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    payslip_id: str,
    *,
    client: AuthenticatedClient,
    body: PayslipCorrection,
    idempotency_key: str,
) -> Payslip | Problem | None:
    """Correct a payslip

     Measures the shift again with the corrected clock times or quantity, under the
    same pay terms, and writes a new payslip that replaces this one (`corrects_id`):
    the withholding is recomputed for the month, and the difference is taken from the
    employer's available escrow and paid out. A correction raises pay; it can be made
    until the end of the month the payslip was paid in. `payslip.corrected`.

    **Required scope:** `work:write`.

    Args:
        payslip_id (str):  Example: pys_11111111111111111111111111.
        idempotency_key (str):
        body (PayslipCorrection):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Payslip | Problem
    """

    return sync_detailed(
        payslip_id=payslip_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    payslip_id: str,
    *,
    client: AuthenticatedClient,
    body: PayslipCorrection,
    idempotency_key: str,
) -> Response[Payslip | Problem]:
    """Correct a payslip

     Measures the shift again with the corrected clock times or quantity, under the
    same pay terms, and writes a new payslip that replaces this one (`corrects_id`):
    the withholding is recomputed for the month, and the difference is taken from the
    employer's available escrow and paid out. A correction raises pay; it can be made
    until the end of the month the payslip was paid in. `payslip.corrected`.

    **Required scope:** `work:write`.

    Args:
        payslip_id (str):  Example: pys_11111111111111111111111111.
        idempotency_key (str):
        body (PayslipCorrection):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Payslip | Problem]
    """

    kwargs = _get_kwargs(
        payslip_id=payslip_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    payslip_id: str,
    *,
    client: AuthenticatedClient,
    body: PayslipCorrection,
    idempotency_key: str,
) -> Payslip | Problem | None:
    """Correct a payslip

     Measures the shift again with the corrected clock times or quantity, under the
    same pay terms, and writes a new payslip that replaces this one (`corrects_id`):
    the withholding is recomputed for the month, and the difference is taken from the
    employer's available escrow and paid out. A correction raises pay; it can be made
    until the end of the month the payslip was paid in. `payslip.corrected`.

    **Required scope:** `work:write`.

    Args:
        payslip_id (str):  Example: pys_11111111111111111111111111.
        idempotency_key (str):
        body (PayslipCorrection):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Payslip | Problem
    """

    return (
        await asyncio_detailed(
            payslip_id=payslip_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
