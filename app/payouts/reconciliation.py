"""The daily reconciliation report: the payout provider's records against our payouts.

For one calendar day in the tenant's time zone, every transfer the provider made is checked
against the payout it belongs to (whenever that payout was created), and every payout paid
that day must be known to the provider. Nothing is held while the provider is asked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import time as clock
from app.core.db import end_transaction
from app.payouts import providers
from app.payouts.models import Payout


@dataclass(frozen=True)
class Mismatch:
    kind: str
    payout_id: str | None
    provider_reference: str | None
    detail: str


@dataclass(frozen=True)
class Reconciliation:
    date: dt.date
    provider_transfers: int
    payouts: int
    mismatches: list[Mismatch]


def report(session: Session, *, day: dt.date) -> Reconciliation:
    """The provider's records against our payouts, for one calendar day in the tenant's
    time zone: every transfer the provider made that day is checked against its payout
    (unknown, amount, state), and every payout paid that day must be known to the provider.
    `day` must lie within `schemas.FIRST_DAY..LAST_DAY` (the query schema refuses others
    with 422): the bounds of 0001-01-01 or 9999-12-31 in a time zone are not datetimes."""
    start, end = clock.day_bounds(session, day)
    end_transaction(session)
    provider = providers.for_session(session)
    transfers = provider.transfers(start=start, end=end)
    ours = {
        p.id: p
        for p in session.scalars(
            select(Payout).where(
                Payout.id.in_({t.payout_id for t in transfers})
                | ((Payout.paid_at >= start) & (Payout.paid_at < end))
            )
        )
    }
    mismatches = [m for t in transfers if (m := _check_transfer(t, ours.get(t.payout_id)))]
    paid_that_day = [
        (p.id, p.provider_key, p.status)
        for p in ours.values()
        if p.paid_at is not None and start <= p.paid_at < end
    ]
    end_transaction(session)  # again: the provider is asked below, with nothing held
    for payout_id, key, status in paid_that_day:
        if provider.status(key=key).status == "unknown":
            mismatches.append(
                Mismatch(
                    "missing_at_provider",
                    payout_id,
                    None,
                    f"payout is {status}; the provider has no transfer",
                )
            )
    return Reconciliation(day, len(transfers), len(ours), mismatches)


def _check_transfer(transfer: providers.ProviderTransfer, payout: Payout | None) -> Mismatch | None:
    ref = transfer.reference
    if payout is None:
        return Mismatch(
            "unknown_transfer",
            transfer.payout_id,
            ref,
            "the provider has a transfer no payout accounts for",
        )
    if transfer.idempotency_key != payout.provider_key:  # an earlier attempt
        if transfer.status == "failed":
            return None
        return Mismatch(
            "status_differs",
            payout.id,
            ref,
            f"an earlier attempt is {transfer.status} at the provider",
        )
    if (transfer.amount, transfer.currency) != (payout.amount, payout.currency):
        return Mismatch(
            "amount_differs",
            payout.id,
            ref,
            f"provider {transfer.amount} {transfer.currency}, "
            f"payout {payout.amount} {payout.currency}",
        )
    if transfer.status != payout.status:
        return Mismatch(
            "status_differs", payout.id, ref, f"provider {transfer.status}, payout {payout.status}"
        )
    return None
