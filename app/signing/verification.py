"""Verification: the audit trail with its integrity, `verify` (is this PDF or hash one we
sealed?), and the public keys that check a seal.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.signing import evidence, renderings
from app.signing.audit import chain_check, entries_of, seal_keys, sealed_claims
from app.signing.contracts import get_contract
from app.signing.errors import invalid
from app.signing.models import Contract, ContractAuditEvent


def audit_trail(session: Session, contract_id: str) -> tuple[list[ContractAuditEvent], bool]:
    """The chain in order, and whether it is intact (and ends where the contract says)."""
    contract = get_contract(session, contract_id)
    entries = entries_of(session, contract.id)
    return entries, chain_check(contract, entries).intact


@dataclass(frozen=True)
class Verification:
    matched: str | None  # "pdf", "document" or None
    contract: Contract | None
    document_intact: bool = False
    chain_intact: bool = False
    seal_valid: bool = False

    @property
    def valid(self) -> bool:
        intact = self.document_intact and self.chain_intact and self.seal_valid
        return self.matched is not None and intact

    @property
    def contract_id(self) -> str | None:
        return self.contract.id if self.contract else None

    @property
    def status(self) -> str | None:
        return self.contract.status if self.contract else None

    @property
    def completed_at(self) -> dt.datetime | None:
        return self.contract.completed_at if self.contract else None


def verify(session: Session, *, pdf: str | None = None, sha256: str | None = None) -> Verification:
    """Is this PDF (base64) or hash (of a PDF we issued, or of a contract's document text)
    one we sealed? Re-checks everything the seal rests on: the stored text's hash, the
    chain, the seal."""
    digest = evidence.sha256_hex(_pdf_bytes(pdf)) if pdf is not None else sha256
    contract = session.scalars(select(Contract).where(Contract.pdf_sha256 == digest)).first()
    matched = "pdf" if contract is not None else None
    if contract is None:  # the same text can be in several contracts: the sealed one first
        contract = session.scalars(
            select(Contract)
            .where(Contract.document_sha256 == digest)
            .order_by(Contract.seal.is_(None), Contract.completed_at.desc(), Contract.id)
        ).first()
        matched = "document" if contract is not None else None
    if contract is None:
        return Verification(None, None)
    entries = entries_of(session, contract.id)
    chain = chain_check(contract, entries)
    document_intact = evidence.sha256_hex(contract.document) == contract.document_sha256
    completed = next((e for e in entries if e.action == "completed"), None)
    keys = seal_keys(session)
    seal_valid = bool(
        completed is not None
        and contract.seal
        and contract.seal_key_id
        and contract.completed_at
        and keys.verify(
            sealed_claims(session, contract, completed.hash),
            contract.seal,
            contract.seal_key_id,
        )
    )
    if matched == "pdf" and contract.pdf_seal is not None:  # None: a PDF made before 0007
        seal_valid = seal_valid and keys.verify(
            renderings.pdf_claims(contract), contract.pdf_seal, contract.pdf_seal_key_id or ""
        )
    return Verification(matched, contract, document_intact, chain.intact, seal_valid)


def _pdf_bytes(encoded: str) -> bytes:
    try:
        raw = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if not raw.startswith(b"%PDF-"):
        raise invalid([("pdf", "Not a base64-encoded PDF file.")])
    return raw


def public_keys(session: Session) -> list[dict[str, str]]:
    return seal_keys(session).public()
