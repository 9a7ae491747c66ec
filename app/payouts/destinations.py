"""Where a payout pays: a snapshot of the worker's payout account, taken when the payout is
created (or when a retry is asked to refresh it), and never re-read when sending.

The clear account reference is kept only encrypted (AES-GCM with the keyring's primary key),
with associated data naming the tenant and the payout, `<tenant>:payouts.destination:<payout
id>`: a ciphertext copied into another payout, or into another tenant's, does not decrypt.
A payout whose destination is missing (created before snapshots existed) or does not decrypt
is never sent anywhere: gigkit does not guess where the money should go.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from app.core.crypto import DecryptionError
from app.core.db import keyring_of
from app.core.tenancy import tenant_of
from app.parties import service as parties
from app.payouts.models import Payout

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Destination:
    kind: str
    provider: str
    reference: str = field(repr=False)  # clear: never logged, never shown
    masked: str


def of_worker(session: Session, worker_id: str) -> Destination:
    """The worker's payout account as it is now; 422 `payout_account_missing` if none."""
    worker = parties.get_worker(session, worker_id)
    kind, provider, reference, masked = parties.payout_destination(session, worker)
    return Destination(kind, provider, reference, masked)


def of_workers(session: Session, worker_ids: Iterable[str]) -> dict[str, Destination]:
    """`of_worker` for many workers, loaded in one query."""
    workers = parties.get_workers(session, worker_ids)
    return {
        worker_id: Destination(*parties.payout_destination(session, worker))
        for worker_id, worker in workers.items()
    }


def record(session: Session, payout: Payout, destination: Destination) -> None:
    """Make `destination` the one the payout's current (and next) attempts pay."""
    payout.destination_kind = destination.kind
    payout.destination_provider = destination.provider
    payout.destination_masked = destination.masked
    payout.destination_ciphertext = keyring_of(session).encrypt(
        destination.reference, context=context(session, payout.id)
    )


def reveal(session: Session, payout: Payout) -> str | None:
    """The clear reference the payout pays, or None if it has none it can trust: created
    before snapshots, or a ciphertext that does not open for this tenant and payout."""
    if payout.destination_ciphertext is None:
        return None
    try:
        return keyring_of(session).decrypt(
            payout.destination_ciphertext, context=context(session, payout.id)
        )
    except DecryptionError:
        log.error("payout %s: its recorded destination cannot be decrypted", payout.id)
        return None


def context(session: Session, payout_id: str) -> str:
    """The associated data binding a destination's ciphertext to its tenant and payout."""
    return f"{tenant_of(session)}:payouts.destination:{payout_id}"
