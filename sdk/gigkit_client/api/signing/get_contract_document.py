from http import HTTPStatus
from io import BytesIO
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.contract_document_status import ContractDocumentStatus
from ...models.problem import Problem
from ...types import File, Response


def _get_kwargs(
    contract_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/contracts/{contract_id}/document".format(
            contract_id=quote(str(contract_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ContractDocumentStatus | File | Problem | None:
    if response.status_code == 200:
        response_200 = File(payload=BytesIO(response.content))

        return response_200

    if response.status_code == 202:
        response_202 = ContractDocumentStatus.from_dict(response.json())

        return response_202

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

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
) -> Response[ContractDocumentStatus | File | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    contract_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[ContractDocumentStatus | File | Problem]:
    """Get a contract's PDF

     The sealed PDF, with its certificate page, once completed; before that a preview
    of the contract as it stands, marked as such. PDFs are made in the background: until
    this one is ready the answer is 202 with `Retry-After` (seconds) — ask again then.
    A completed contract's PDF is made by a job soon after completion
    (`contract.document.ready` says when). 429 `too_many_renderings` when 50 of your
    previews are already being made.

    **Required scope:** `contracts:read`.

    Args:
        contract_id (str):  Example: ctr_11111111111111111111111111.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ContractDocumentStatus | File | Problem]
    """

    kwargs = _get_kwargs(
        contract_id=contract_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    contract_id: str,
    *,
    client: AuthenticatedClient,
) -> ContractDocumentStatus | File | Problem | None:
    """Get a contract's PDF

     The sealed PDF, with its certificate page, once completed; before that a preview
    of the contract as it stands, marked as such. PDFs are made in the background: until
    this one is ready the answer is 202 with `Retry-After` (seconds) — ask again then.
    A completed contract's PDF is made by a job soon after completion
    (`contract.document.ready` says when). 429 `too_many_renderings` when 50 of your
    previews are already being made.

    **Required scope:** `contracts:read`.

    Args:
        contract_id (str):  Example: ctr_11111111111111111111111111.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ContractDocumentStatus | File | Problem
    """

    return sync_detailed(
        contract_id=contract_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    contract_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[ContractDocumentStatus | File | Problem]:
    """Get a contract's PDF

     The sealed PDF, with its certificate page, once completed; before that a preview
    of the contract as it stands, marked as such. PDFs are made in the background: until
    this one is ready the answer is 202 with `Retry-After` (seconds) — ask again then.
    A completed contract's PDF is made by a job soon after completion
    (`contract.document.ready` says when). 429 `too_many_renderings` when 50 of your
    previews are already being made.

    **Required scope:** `contracts:read`.

    Args:
        contract_id (str):  Example: ctr_11111111111111111111111111.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ContractDocumentStatus | File | Problem]
    """

    kwargs = _get_kwargs(
        contract_id=contract_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    contract_id: str,
    *,
    client: AuthenticatedClient,
) -> ContractDocumentStatus | File | Problem | None:
    """Get a contract's PDF

     The sealed PDF, with its certificate page, once completed; before that a preview
    of the contract as it stands, marked as such. PDFs are made in the background: until
    this one is ready the answer is 202 with `Retry-After` (seconds) — ask again then.
    A completed contract's PDF is made by a job soon after completion
    (`contract.document.ready` says when). 429 `too_many_renderings` when 50 of your
    previews are already being made.

    **Required scope:** `contracts:read`.

    Args:
        contract_id (str):  Example: ctr_11111111111111111111111111.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ContractDocumentStatus | File | Problem
    """

    return (
        await asyncio_detailed(
            contract_id=contract_id,
            client=client,
        )
    ).parsed
