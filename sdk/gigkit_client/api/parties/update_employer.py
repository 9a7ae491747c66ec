from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.employer import Employer
from ...models.employer_update import EmployerUpdate
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    employer_id: str,
    *,
    body: EmployerUpdate | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/employers/{employer_id}".format(
            employer_id=quote(str(employer_id), safe=""),
        ),
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Employer | Problem | None:
    if response.status_code == 200:
        response_200 = Employer.from_dict(response.json())

        return response_200

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
) -> Response[Employer | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    employer_id: str,
    *,
    client: AuthenticatedClient,
    body: EmployerUpdate | Unset = UNSET,
) -> Response[Employer | Problem]:
    """Update an employer

     Only the fields sent change; `metadata` is merged.

    **Required scope:** `parties:write`.

    Args:
        employer_id (str):  Example: emp_11111111111111111111111111.
        body (EmployerUpdate | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Employer | Problem]
    """

    kwargs = _get_kwargs(
        employer_id=employer_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    employer_id: str,
    *,
    client: AuthenticatedClient,
    body: EmployerUpdate | Unset = UNSET,
) -> Employer | Problem | None:
    """Update an employer

     Only the fields sent change; `metadata` is merged.

    **Required scope:** `parties:write`.

    Args:
        employer_id (str):  Example: emp_11111111111111111111111111.
        body (EmployerUpdate | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Employer | Problem
    """

    return sync_detailed(
        employer_id=employer_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    employer_id: str,
    *,
    client: AuthenticatedClient,
    body: EmployerUpdate | Unset = UNSET,
) -> Response[Employer | Problem]:
    """Update an employer

     Only the fields sent change; `metadata` is merged.

    **Required scope:** `parties:write`.

    Args:
        employer_id (str):  Example: emp_11111111111111111111111111.
        body (EmployerUpdate | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Employer | Problem]
    """

    kwargs = _get_kwargs(
        employer_id=employer_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    employer_id: str,
    *,
    client: AuthenticatedClient,
    body: EmployerUpdate | Unset = UNSET,
) -> Employer | Problem | None:
    """Update an employer

     Only the fields sent change; `metadata` is merged.

    **Required scope:** `parties:write`.

    Args:
        employer_id (str):  Example: emp_11111111111111111111111111.
        body (EmployerUpdate | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Employer | Problem
    """

    return (
        await asyncio_detailed(
            employer_id=employer_id,
            client=client,
            body=body,
        )
    ).parsed
