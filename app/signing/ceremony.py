"""The signing ceremony: signing in turn (with consent evidence), completion and the seal,
declining; and the other ends of an open contract: voiding and expiry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import time as clock
from app.core.auth import Actor
from app.core.errors import (
    InvalidState,
    NotFound,
    ServiceUnavailable,
    ValidationFailed,
    field_error,
)
from app.signing import evidence, renderings
from app.signing.audit import actor_name, append_audit, livemode, seal_claims, seal_keys
from app.signing.contracts import (
    API_METHODS,
    HOSTED,
    HOSTED_ACTOR,
    OPEN,
    SYSTEM,
    contract_event,
    lock_contract,
    lock_open,
    rescind_original,
)
from app.signing.errors import AlreadySigned, NotSignersTurn
from app.signing.models import Contract, ContractSigner


@dataclass(frozen=True)
class Consent:
    """Evidence that the signer meant to sign."""

    method: str
    verification: str
    ip: str | None = None
    user_agent: str | None = None


def sign(
    session: Session, *, actor: Actor, contract_id: str, signer_id: str, consent: Consent
) -> Contract:
    """The signer whose turn it is signs; the last signature completes and seals it."""
    contract = lock_open(session, contract_id)
    signer = signer_of(contract, signer_id)
    if signer.status == "signed":
        raise AlreadySigned()
    if signer.status != "pending":
        raise InvalidState(f"This signer has {signer.status}.")
    turn = min(s.order for s in contract.signers if s.status == "pending")
    if signer.order != turn:
        raise NotSignersTurn(f"Not this signer's turn: signers of order {turn} sign first.")
    hosted = actor.type == HOSTED_ACTOR
    if consent.method == HOSTED and not hosted:
        raise ValidationFailed(
            "`hosted_page` is recorded only by gigkit's hosted signing page.",
            errors=[
                field_error(
                    "consent.method",
                    "Use POST /v1/contracts/{id}/signing-links for the hosted page, or name "
                    f"the method you used: {', '.join(API_METHODS)}.",
                )
            ],
        )
    if consent.verification != "passed":
        raise ValidationFailed(
            "The signer's verification did not pass.",
            errors=[field_error("consent.verification", "Must be `passed` to sign.")],
        )
    now = clock.now(session)
    signer.status, signer.signed_at = "signed", now
    signer.evidence = {
        "method": consent.method,
        "verification": consent.verification,
        "ip": consent.ip,
        "user_agent": consent.user_agent,
        "signed_at": evidence.timestamp(now),
        # who vouches for the above: our page, which checked the code, or the platform
        "asserted_by": "gigkit" if hosted else "platform",
        "asserted_via": actor_name(actor),
    }
    append_audit(
        session,
        contract,
        "signed",
        actor,
        {"signer_id": signer.id, "party_id": signer.party_id, **signer.evidence},
    )
    session.flush()
    session.expire(contract, ["signers"])
    if all(s.status == "signed" for s in contract.signers):
        _complete(session, actor, contract)
    else:
        contract.status = "partially_signed"
    contract_event(session, actor, "contract.signed", contract, signer_id=signer.id)
    if contract.status == "completed":
        contract_event(session, actor, "contract.completed", contract)
        if contract.rescinds_id:
            rescind_original(session, actor, contract)
    return contract


def signer_of(contract: Contract, signer_id: str) -> ContractSigner:
    for signer in contract.signers:
        if signer.id == signer_id:
            return signer
    raise NotFound("No such signer on this contract.")


def _complete(session: Session, actor: Actor, contract: Contract) -> None:
    keys = seal_keys(session)
    if not keys:
        raise ServiceUnavailable("No signing key is configured (GIGKIT_SIGNING_KEYS).")
    now = clock.now(session)
    contract.status, contract.completed_at = "completed", now
    append_audit(
        session, contract, "completed", actor, {"document_sha256": contract.document_sha256}
    )
    contract.seal, contract.seal_key_id = keys.seal(
        seal_claims(contract, contract.chain_hash, livemode(session, contract))
    )
    session.flush()
    renderings.queue_sealed(session, contract)  # rendered by a job, after this commits


def decline(
    session: Session, *, actor: Actor, contract_id: str, signer_id: str, reason: str
) -> Contract:
    """A pending signer refuses: the contract is closed as `declined`."""
    contract = lock_open(session, contract_id)
    signer = signer_of(contract, signer_id)
    if signer.status != "pending":
        raise InvalidState(f"This signer has already {signer.status}.")
    signer.status = "declined"
    _close(session, actor, contract, "declined", reason, signer_id=signer.id)
    return contract


def void(session: Session, *, actor: Actor, contract_id: str, reason: str) -> Contract:
    """Withdraw a contract that is not completed (a completed one is rescinded instead)."""
    contract = lock_contract(session, contract_id)
    if contract.status not in ("draft", *OPEN):
        hint = " Rescind it instead." if contract.status == "completed" else ""
        raise InvalidState(f"The contract is {contract.status}.{hint}")
    _close(session, actor, contract, "voided", reason)
    return contract


def expire(session: Session, contract: Contract) -> None:
    _close(session, SYSTEM, contract, "expired", "The signing deadline passed.")


def _close(
    session: Session, actor: Actor, contract: Contract, status: str, reason: str, **data: Any
) -> None:
    contract.status, contract.ended_at, contract.end_reason = status, clock.now(session), reason
    append_audit(session, contract, status, actor, {"reason": reason, **data})
    contract_event(session, actor, f"contract.{status}", contract, **data)


def expire_overdue(session: Session) -> int:
    """Periodic: expire the tenant's open contracts whose `sign_by` has passed."""
    due = session.scalars(
        select(Contract.id).where(Contract.status.in_(OPEN), Contract.sign_by <= clock.now(session))
    ).all()
    for contract_id in due:
        contract = lock_contract(session, contract_id)
        if contract.status in OPEN:
            expire(session, contract)
    return len(due)
