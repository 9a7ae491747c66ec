"""Signing links: a short-lived URL for one signer, and the one-time code that signs on the
hosted page.

The API answers the URL, the code and `expires_at` once; only hashes are stored. The page
finds its link by the token's hash before it knows the tenant (RLS shows that one row, as
for credentials), then binds the tenant. A link stops working when it expires, is used,
has taken five wrong codes, or its contract or signer can no longer sign; the first time
that is noticed (a visit, or the periodic job for expired ones) gigkit emits
`contract.signing_link.expired` with the reason, so the integrator knows to send another.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import events
from app.core import time as clock
from app.core.auth import Actor
from app.core.crypto import make_token, token_is_well_formed
from app.core.db import keyring_of
from app.core.errors import InvalidState
from app.core.ids import new_id
from app.core.tenancy import find_credential
from app.signing import service
from app.signing.models import Contract, ContractSigner, SigningLink

EXPIRED = events.declare(
    "contract.signing_link.expired",
    "A signing link can no longer be used (`data.reason`: expired, used, locked after wrong "
    "codes, or contract_closed); send a new one if the signer still has to sign. "
    "`data.object`: the link (never its URL or code).",
)
TOKEN_PREFIX = "gks_"  # noqa: S105 (a prefix, not a secret)
MAX_ATTEMPTS = 5
DEFAULT_TTL = 1800
MAX_TTL = 7 * 86400


@dataclass(frozen=True)
class IssuedLink:
    """A new link with what is shown only once."""

    link: SigningLink
    url: str
    code: str
    status: str = "active"

    def __getattr__(self, name: str) -> object:
        return getattr(self.link, name)


def status(link: SigningLink, contract: Contract, signer: ContractSigner, now: dt.datetime) -> str:
    """active, used, revoked, expired, locked or contract_closed."""
    if link.used_at is not None:
        return "used"
    if link.revoked_at is not None:
        return "revoked"
    if link.expires_at <= now:
        return "expired"  # expires_at is never later than the contract's sign_by
    if link.failed_attempts >= MAX_ATTEMPTS:
        return "locked"
    if contract.status not in service.OPEN or signer.status != "pending":
        return "contract_closed"
    return "active"


def create(
    session: Session,
    *,
    actor: Actor,
    contract_id: str,
    signer_id: str,
    expires_in: int,
) -> IssuedLink:
    """A new link for the signer, at `GIGKIT_PUBLIC_URL` (never the request's Host). The
    signer's earlier links stop working: one usable link, so five code guesses, at a time."""
    contract = service.lock_open(session, contract_id)
    signer = service.signer_of(contract, signer_id)
    if signer.status != "pending":
        raise InvalidState(f"This signer has already {signer.status}.")
    token = make_token(TOKEN_PREFIX)
    code = f"{secrets.randbelow(10**6):06d}"
    now = clock.now(session)
    revoked = _revoke_earlier(session, signer.id, now)
    link = SigningLink(
        id=new_id("sl"),
        contract_id=contract.id,
        signer_id=signer.id,
        token_hash=keyring_of(session).hash_secret(token),
        code_hash="",
        expires_at=min(
            now + dt.timedelta(seconds=expires_in),
            contract.sign_by or dt.datetime.max.replace(tzinfo=dt.UTC),
        ),
        failed_attempts=0,
        created_at=now,
    )
    link.code_hash = _code_hash(session, link.id, code)
    session.add(link)
    session.flush()
    service.append_audit(
        session,
        contract,
        "signing_link_created",
        actor,
        {
            "link_id": link.id,
            "signer_id": signer.id,
            "expires_at": link.expires_at.isoformat(),
            "revoked": revoked,
        },
    )
    public_url = session.info["settings"].public_url
    return IssuedLink(link, f"{public_url}/sign/{token}", code)


def _revoke_earlier(session: Session, signer_id: str, now: dt.datetime) -> list[str]:
    """Revoke the signer's links that could still be used (the caller holds the contract's
    lock); no `contract.signing_link.expired` for them: the platform replaced them."""
    earlier = session.scalars(
        select(SigningLink).where(
            SigningLink.signer_id == signer_id,
            SigningLink.used_at.is_(None),
            SigningLink.revoked_at.is_(None),
            SigningLink.expires_at > now,
        )
    ).all()
    for link in earlier:
        link.revoked_at = now
        link.notified_at = link.notified_at or now
    return sorted(link.id for link in earlier)


@dataclass(frozen=True)
class LinkView:
    """A link with its current status."""

    link: SigningLink
    status: str

    def __getattr__(self, name: str) -> object:
        return getattr(self.link, name)


def list_links(session: Session, contract_id: str) -> list[LinkView]:
    """The contract's links, newest first, each with its status."""
    contract = service.get_contract(session, contract_id)
    now = clock.now(session)
    found = session.scalars(
        select(SigningLink)
        .where(SigningLink.contract_id == contract_id)
        .order_by(SigningLink.created_at.desc(), SigningLink.id.desc())
    )
    return [
        LinkView(link, status(link, contract, service.signer_of(contract, link.signer_id), now))
        for link in found
    ]


def _code_hash(session: Session, link_id: str, code: str) -> str:
    return keyring_of(session).hash_secret(f"signing-code:{link_id}:{code}")


# --- the hosted page -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Visit:
    """What the page shows for a token."""

    link: SigningLink | None  # None: no such link (or a malformed token)
    contract: Contract | None = None
    signer: ContractSigner | None = None
    state: str = "unknown"  # active, used, expired, locked, contract_closed, unknown
    on_turn: bool = False
    error: str | None = None  # wrong_code, consent_missing, not_on_turn
    attempts_left: int = MAX_ATTEMPTS
    signed_now: bool = False  # this request signed


def visit(session: Session, token: str) -> Visit:
    """Find the link (binding the session to its tenant) and tell its state. An unusable
    link is announced with `contract.signing_link.expired`, once."""
    link = _find(session, token)
    if link is None:
        return Visit(None)
    contract = service.lock_contract(session, link.contract_id)
    # Every change to a link happens under its contract's lock: read it again now that we
    # hold it, or concurrent wrong codes would each count from the same stale number.
    link = session.scalars(
        select(SigningLink)
        .where(SigningLink.id == link.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    if (
        contract.status in service.OPEN
        and contract.sign_by
        and contract.sign_by <= clock.now(session)
    ):
        service.expire(session, contract)
    signer = service.signer_of(contract, link.signer_id)
    state = status(link, contract, signer, clock.now(session))
    if state != "active":
        _announce(session, link, state)
    turn = min((s.order for s in contract.signers if s.status == "pending"), default=None)
    return Visit(
        link,
        contract,
        signer,
        state,
        on_turn=signer.order == turn,
        attempts_left=MAX_ATTEMPTS - link.failed_attempts,
    )


def sign(
    session: Session,
    *,
    token: str,
    code: str,
    consented: bool,
    ip: str | None,
    user_agent: str | None,
) -> Visit:
    """The signer confirms on the page with the code. Answers the page's new state."""
    seen = visit(session, token)
    if seen.link is None or seen.state != "active":
        return seen
    assert seen.contract is not None and seen.signer is not None
    link = seen.link
    if not seen.on_turn:
        return _again(seen, "not_on_turn")
    if not consented:
        return _again(seen, "consent_missing")
    if not hmac.compare_digest(_code_hash(session, link.id, code.strip()), link.code_hash):
        link.failed_attempts += 1
        session.flush()
        if link.failed_attempts >= MAX_ATTEMPTS:
            _announce(session, link, "locked")
            return Visit(link, seen.contract, seen.signer, "locked", attempts_left=0)
        return _again(seen, "wrong_code", attempts_left=MAX_ATTEMPTS - link.failed_attempts)
    link.used_at = clock.now(session)
    contract = service.sign(
        session,
        actor=Actor("signing_link", link.id),
        contract_id=seen.contract.id,
        signer_id=seen.signer.id,
        consent=service.Consent(
            method="hosted_page",
            verification="passed",
            ip=ip,
            user_agent=_printable(user_agent or "")[:500] or None,
        ),
    )
    return Visit(
        link, contract, service.signer_of(contract, seen.signer.id), "used", signed_now=True
    )


def _printable(text: str) -> str:
    """Header text as evidence: no control characters or lone surrogates."""
    return "".join(c for c in text if c.isprintable() and not 0xD800 <= ord(c) <= 0xDFFF)


def _again(seen: Visit, error: str, attempts_left: int | None = None) -> Visit:
    left = seen.attempts_left if attempts_left is None else attempts_left
    return Visit(
        seen.link, seen.contract, seen.signer, seen.state, seen.on_turn, error, attempts_left=left
    )


def _find(session: Session, token: str) -> SigningLink | None:
    if not token_is_well_formed(token, TOKEN_PREFIX):
        return None
    token_hash = keyring_of(session).hash_secret(token)
    return find_credential(session, SigningLink, SigningLink.token_hash, token_hash)


def _announce(session: Session, link: SigningLink, reason: str) -> None:
    if link.notified_at is not None:
        return
    link.notified_at = clock.now(session)
    session.flush()
    events.record(
        session,
        type=EXPIRED,
        data={"object": _link_view(link), "reason": reason},
    )


def _link_view(link: SigningLink) -> dict[str, object]:
    return {
        "id": link.id,
        "contract_id": link.contract_id,
        "signer_id": link.signer_id,
        "expires_at": link.expires_at.isoformat(),
        "used_at": link.used_at.isoformat() if link.used_at else None,
    }


def announce_expired(session: Session) -> int:
    """Periodic: announce the tenant's links that expired unused (once each)."""
    due = session.scalars(
        select(SigningLink).where(
            SigningLink.expires_at <= clock.now(session),
            SigningLink.used_at.is_(None),
            SigningLink.notified_at.is_(None),
        )
    ).all()
    for link in due:
        _announce(session, link, "expired")
    return len(due)
