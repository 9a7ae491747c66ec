from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.signing_key_list import SigningKeyList
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/signing/keys",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | SigningKeyList | None:
    if response.status_code == 200:
        response_200 = SigningKeyList.from_dict(response.json())

        return response_200

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
) -> Response[Problem | SigningKeyList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[Problem | SigningKeyList]:
    """List the platform's seal keys

     The Ed25519 public keys that seal completed contracts, for anyone to check a seal:
    the signature is over `gigkit-seal-v1\\n` + the canonical JSON of `contract_id`,
    `tenant_id`, `document_sha256`, `chain_hash`, `completed_at`. `active` seals now;
    `verify_only` is an earlier key (kept as a seed, or retired to its public key), which
    still verifies. Saved as a file, this answer is what `gigkit contracts verify-pdf
    --keys` and `gigkit_sdk.verify_sealed_pdf` take to check a sealed PDF offline. No
    credential needed.

    **Credential:** none (public).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SigningKeyList]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> Problem | SigningKeyList | None:
    """List the platform's seal keys

     The Ed25519 public keys that seal completed contracts, for anyone to check a seal:
    the signature is over `gigkit-seal-v1\\n` + the canonical JSON of `contract_id`,
    `tenant_id`, `document_sha256`, `chain_hash`, `completed_at`. `active` seals now;
    `verify_only` is an earlier key (kept as a seed, or retired to its public key), which
    still verifies. Saved as a file, this answer is what `gigkit contracts verify-pdf
    --keys` and `gigkit_sdk.verify_sealed_pdf` take to check a sealed PDF offline. No
    credential needed.

    **Credential:** none (public).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SigningKeyList
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[Problem | SigningKeyList]:
    """List the platform's seal keys

     The Ed25519 public keys that seal completed contracts, for anyone to check a seal:
    the signature is over `gigkit-seal-v1\\n` + the canonical JSON of `contract_id`,
    `tenant_id`, `document_sha256`, `chain_hash`, `completed_at`. `active` seals now;
    `verify_only` is an earlier key (kept as a seed, or retired to its public key), which
    still verifies. Saved as a file, this answer is what `gigkit contracts verify-pdf
    --keys` and `gigkit_sdk.verify_sealed_pdf` take to check a sealed PDF offline. No
    credential needed.

    **Credential:** none (public).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SigningKeyList]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> Problem | SigningKeyList | None:
    """List the platform's seal keys

     The Ed25519 public keys that seal completed contracts, for anyone to check a seal:
    the signature is over `gigkit-seal-v1\\n` + the canonical JSON of `contract_id`,
    `tenant_id`, `document_sha256`, `chain_hash`, `completed_at`. `active` seals now;
    `verify_only` is an earlier key (kept as a seed, or retired to its public key), which
    still verifies. Saved as a file, this answer is what `gigkit contracts verify-pdf
    --keys` and `gigkit_sdk.verify_sealed_pdf` take to check a sealed PDF offline. No
    credential needed.

    **Credential:** none (public).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SigningKeyList
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
