"""Sending payouts: read, ask the provider with no transaction open, apply the answers.

`send(units, payout_ids)` is what both jobs run: `service.send_payout` (one payout: a
retry, a lost job found by reconciliation, a payout created alone) and `send_payouts` (the
payouts a batch created together: a batch clock-out of 1,000 shifts queues one job, not
1,000). The payouts are taken in chunks of `CHUNK`: one unit of work reads a chunk, the
provider is called for each payout with none open (idempotent on `<payout id>:<generation>`,
so a job that crashed mid-chunk and runs again moves no money twice), and one unit of work
applies the chunk's answers under the payouts' row locks (`outcomes.apply_many`), each only
if its payout still awaits that answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from app.core import jobs
from app.payouts import destinations, outcomes, providers
from app.payouts.errors import DESTINATION_UNAVAILABLE
from app.payouts.models import Payout

CHUNK = 100  # payouts read, sent and applied together


@jobs.job("money", outside=True, timeout=900)
def send_payouts(units: jobs.UnitsOfWork, *, payout_ids: list[str]) -> dict[str, str]:
    """Job: send the pending payouts among `payout_ids` and record their outcomes (any number
    of times, also concurrently: see the module docstring). Returns each one's status."""
    return send(units, payout_ids)


def send(units: jobs.UnitsOfWork, payout_ids: Sequence[str]) -> dict[str, str]:
    wanted = list(dict.fromkeys(payout_ids))
    statuses: dict[str, str] = {}
    for start in range(0, len(wanted), CHUNK):
        statuses |= _send_chunk(units, wanted[start : start + CHUNK])
    return statuses


def _send_chunk(units: jobs.UnitsOfWork, payout_ids: list[str]) -> dict[str, str]:
    statuses = dict.fromkeys(payout_ids, "missing")
    todo: list[_Sending] = []
    with units() as session:
        for payout in session.scalars(select(Payout).where(Payout.id.in_(payout_ids))):
            statuses[payout.id] = payout.status
            if payout.status in ("pending", "processing"):
                account = destinations.reveal(session, payout)  # recorded, never the worker's
                key, amount, currency = payout.provider_key, payout.amount, payout.currency
                todo.append(_Sending(payout.id, key, amount, currency, account))
    if not todo:
        return statuses
    provider = providers.for_units(units)
    answers = [(s.payout_id, s.key, _ask(provider, s)) for s in todo]
    # Applied under the payouts' row locks; a deadlock with a settlement posting to the same
    # accounts rolls it back, and applying again is safe (an answer applies only once).
    return statuses | units.run(lambda session: outcomes.apply_many(session, answers))


@dataclass(frozen=True)
class _Sending:
    payout_id: str
    key: str
    amount: int
    currency: str
    account: str | None = field(repr=False)  # clear: never logged


def _ask(provider: providers.PayoutProvider, payout: _Sending) -> providers.PayoutResult:
    """Send one payout (no unit of work open) and return the provider's answer."""
    if payout.account is None:
        # Nowhere recorded to send it (a payout from before destinations were recorded):
        # never guess. Unless the provider already has this attempt, it fails, which gives
        # the money back to the payable; a retry with `refresh_destination` can pay it.
        result = provider.status(key=payout.key)
        if result.status == "unknown":
            result = providers.PayoutResult("failed", failure_code=DESTINATION_UNAVAILABLE)
        return result
    try:
        return provider.send(
            key=payout.key,
            payout_id=payout.payout_id,
            amount=payout.amount,
            currency=payout.currency,
            account=payout.account,
        )
    except providers.ProviderTimeout:
        return providers.PayoutResult("unknown")
