"""The contract's audit chain (`append_audit`, and reading and checking it) and the seal
over it (`seal_claims`, `seal_keys`): what every step of a contract leaves behind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core import time as clock
from app.core.auth import Actor
from app.core.ids import new_id
from app.signing import evidence
from app.signing.models import Contract, ContractAuditEvent
from app.tenants import service as tenants

if TYPE_CHECKING:
    from app.signing import pades


def actor_name(actor: Actor) -> str:
    return f"{actor.type}:{actor.id}" if actor.id else actor.type


def append_audit(
    session: Session, contract: Contract, action: str, actor: Actor, data: dict[str, Any]
) -> ContractAuditEvent:
    """Add to the chain. Callers hold the contract's row lock (or just created it)."""
    seq = 1 + (
        session.scalar(
            select(func.count())
            .select_from(ContractAuditEvent)
            .where(ContractAuditEvent.contract_id == contract.id)
        )
        or 0
    )
    now = clock.now(session)
    entry = ContractAuditEvent(
        id=new_id("cae"),
        contract_id=contract.id,
        seq=seq,
        action=action,
        actor=actor_name(actor),
        data=data,
        prev_hash=contract.chain_hash,
        created_at=now,
    )
    entry.hash = evidence.entry_hash(contract.chain_hash, _content(entry))
    contract.chain_hash = entry.hash
    session.add(entry)
    session.flush()
    return entry


def _content(entry: ContractAuditEvent) -> dict[str, Any]:
    """What an entry's hash covers."""
    return {
        "contract_id": entry.contract_id,
        "seq": entry.seq,
        "action": entry.action,
        "actor": entry.actor,
        "data": entry.data,
        "at": evidence.timestamp(entry.created_at),
    }


def entries_of(session: Session, contract_id: str) -> list[ContractAuditEvent]:
    return list(
        session.scalars(
            select(ContractAuditEvent)
            .where(ContractAuditEvent.contract_id == contract_id)
            .order_by(ContractAuditEvent.seq)
        )
    )


def chain_check(contract: Contract, entries: list[ContractAuditEvent]) -> evidence.ChainCheck:
    check = evidence.check_chain(
        contract.id, ((e.seq, e.prev_hash, e.hash, _content(e)) for e in entries)
    )
    if check.intact and check.head != contract.chain_hash:
        return evidence.ChainCheck(False, check.head, len(entries))  # cut short
    return check


def seal_claims(contract: Contract, chain_hash: str, livemode: bool | None) -> dict[str, Any]:
    """What the seal signs. `livemode` (the tenant's mode, and a test-mode contract's
    `test_clock_id`) is in the seals made since gigkit records it; None gives the claims of
    the seals made before, which do not say."""
    assert contract.completed_at is not None
    claims: dict[str, Any] = {
        "contract_id": contract.id,
        "tenant_id": contract.tenant_id,
        "document_sha256": contract.document_sha256,
        "chain_hash": chain_hash,
        "completed_at": evidence.timestamp(contract.completed_at),
    }
    if livemode is not None:
        claims["livemode"] = livemode
        if contract.test_clock_id:
            claims["test_clock_id"] = contract.test_clock_id
    return claims


def livemode(session: Session, contract: Contract) -> bool:
    """Is the contract's tenant a live one (test-mode tenants' contracts bind nobody)?"""
    tenant = tenants.find(session, contract.tenant_id)
    return tenant is not None and tenant.mode == "live"


def sealed_claims(session: Session, contract: Contract, chain_hash: str) -> dict[str, Any]:
    """The claims the contract's seal covers: with its tenant's mode, or, for a seal made
    before gigkit recorded the mode, without (whichever the seal verifies)."""
    claims = seal_claims(contract, chain_hash, livemode(session, contract))
    keys, kid = seal_keys(session), contract.seal_key_id or ""
    if contract.seal and not keys.verify(claims, contract.seal, kid):
        legacy = seal_claims(contract, chain_hash, None)
        if keys.verify(legacy, contract.seal, kid):
            return legacy
    return claims


def seal_keys(session: Session) -> evidence.SealKeys:
    return evidence.keys_from(session.info["settings"])


def sealed_contents(session: Session, contract: Contract) -> pades.Contents:
    """What the sealed PDF carries (`pades`): the document, the audit entries up to
    `completed` (those the seal covers, whatever came after), the claims as sealed, and
    the key that signs the PDF (pyHanko is imported here, in the job that needs it)."""
    from app.signing import pades

    assert contract.seal is not None and contract.seal_key_id is not None
    assert contract.completed_at is not None
    entries = entries_of(session, contract.id)
    upto = next(e.seq for e in entries if e.action == "completed")
    audit = [{**_content(e), "prev_hash": e.prev_hash, "hash": e.hash} for e in entries[:upto]]
    return pades.Contents(
        document=contract.document,
        audit=audit,
        claims=sealed_claims(session, contract, audit[-1]["hash"]),
        seal=contract.seal,
        seal_key_id=contract.seal_key_id,
        signed_at=contract.completed_at,
        pdf_key=pdf_key(session.info["settings"]),
    )


def pdf_key(settings: Any) -> pades.PdfKey:
    """The key that signs PDFs now: the CA-issued one configured, or the one self-issued
    from the primary seal key; vouched for by the primary seal key."""
    from app.signing import pades

    keys = evidence.keys_from(settings)
    if settings.pdf_signing_cert:
        key, chain = pades.configured(settings.pdf_signing_cert, settings.pdf_signing_key)
    else:
        key, certificate = pades.self_issued(keys.primary, keys.seeds[keys.primary])
        chain = (certificate,)
    binding, kid = keys.seal(pades.binding_claims(keys.primary, chain[0]), pades.SIGNER_CONTEXT)
    return pades.PdfKey(kid, key, chain, binding)
