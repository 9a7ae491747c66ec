"""What the hosted page tells a signer besides the document: who must sign first, and, once
they have signed, when they did, where the contract stands, and a link to its signed PDF.

The link carries a download token: `[tenant, contract, link, expires]` signed with a key
derived from `GIGKIT_SECRET_KEY` (itsdangerous, HMAC-SHA256), good for `DOWNLOAD_TTL` of
real time (a token protects the PDF: a test clock does not stretch it, `time.real_now`). It
opens the PDF of that contract only, and only while the link's signer has signed, the
contract is sealed and the signature is less than `DOWNLOAD_WINDOW` old: a used link is
not a key to the signer's personal data forever (after that the platform sends the PDF).
A forged or altered token, or one naming another contract, tenant or link, finds nothing.
The PDF is the one the API serves (`service.document`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from itsdangerous import BadData, URLSafeSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import time as clock
from app.core.db import keyring_of
from app.core.errors import NotFound
from app.core.tenancy import bind_tenant
from app.signing import service
from app.signing.models import Contract, ContractSigner, SigningLink

DOWNLOAD_TTL = dt.timedelta(minutes=10)
DOWNLOAD_WINDOW = dt.timedelta(days=30)  # after the signer signed
_PURPOSE = "gigkit-signed-pdf-download-v1"


def must_sign_first(contract: Contract, signer: ContractSigner) -> list[ContractSigner]:
    """The signers who have not signed and come before `signer`."""
    return [s for s in contract.signers if s.status == "pending" and s.order < signer.order]


@dataclass(frozen=True)
class Receipt:
    """A signer who has signed: when, the contract's status, who has still to sign, and a
    download token while the contract has a sealed PDF."""

    signed_at: dt.datetime
    status: str
    awaiting: list[ContractSigner]
    download_token: str | None
    download_closed: bool = False  # sealed, but signed longer than DOWNLOAD_WINDOW ago


def receipt(session: Session, link: SigningLink, contract: Contract) -> Receipt | None:
    """The receipt of the link's signer; None if they have not signed."""
    signer = service.signer_of(contract, link.signer_id)
    if signer.status != "signed" or signer.signed_at is None:
        return None
    token, closed = None, _window_closed(session, signer)
    if contract.seal is not None and not closed:
        token = download_token(
            session, tenant_id=link.tenant_id, contract_id=contract.id, link_id=link.id
        )
    awaiting = [s for s in contract.signers if s.status == "pending"]
    if contract.status not in service.OPEN:
        awaiting = []  # it ended without them
    return Receipt(
        signer.signed_at, contract.status, awaiting, token, closed and contract.seal is not None
    )


def _window_closed(session: Session, signer: ContractSigner) -> bool:
    """Signed longer than `DOWNLOAD_WINDOW` ago (the tenant's clock: signed_at is on it)."""
    signed_at = signer.signed_at
    return signed_at is None or clock.now(session) >= clock.ensure_utc(signed_at) + DOWNLOAD_WINDOW


def download_token(session: Session, *, tenant_id: str, contract_id: str, link_id: str) -> str:
    """A token that opens the contract's signed PDF for `DOWNLOAD_TTL`, through the link's
    signer (`download` checks that the link is the contract's and its signer signed)."""
    expires = clock.real_now(session) + DOWNLOAD_TTL
    return str(
        _serializer(session).dumps([tenant_id, contract_id, link_id, int(expires.timestamp())])
    )


@dataclass(frozen=True)
class Download:
    """`ready` (with the PDF), `rendering` (ask again after `retry_after` seconds),
    `expired` (a genuine token past its time) or `missing` (anything else)."""

    outcome: str
    pdf: bytes | None = None
    contract_id: str | None = None
    retry_after: int = 0


def download(session: Session, token: str) -> Download:
    """The signed PDF a download token opens. Binds the session to the token's tenant."""
    try:
        tenant_id, contract_id, link_id, expires = _serializer(session).loads(token)
        expires_at = dt.datetime.fromtimestamp(int(expires), dt.UTC)
    except (BadData, TypeError, ValueError, OverflowError):
        return Download("missing")
    bind_tenant(session, str(tenant_id))
    if expires_at <= clock.real_now(session):
        return Download("expired")
    link = session.scalars(select(SigningLink).where(SigningLink.id == link_id)).one_or_none()
    if link is None or link.contract_id != contract_id:
        return Download("missing")
    try:
        contract = service.get_contract(session, contract_id)
    except NotFound:
        return Download("missing")
    signer = service.signer_of(contract, link.signer_id)
    if signer.status != "signed" or contract.seal is None:
        return Download("missing")
    if _window_closed(session, signer):
        return Download("expired")
    found = service.document(session, contract.id)
    if found.pdf is None:
        return Download("rendering", contract_id=contract.id, retry_after=found.retry_after)
    return Download("ready", found.pdf, contract.id)


def _serializer(session: Session) -> URLSafeSerializer:
    key = keyring_of(session).token_key(_PURPOSE)
    return URLSafeSerializer(key, salt=_PURPOSE)
