"""Payout providers: how a worker's payable reaches their wallet or bank account.

A provider has `send()` (idempotent on the key it is given: sending the same key twice
moves money once and answers the same), `status()` and `transfers()` (its own record, for
reconciliation). The one shipped is the `sandbox`, which pays instantly except for these
triggers, keyed on the worker's payout account reference:

| account reference      | what happens                                                      |
|------------------------|-------------------------------------------------------------------|
| `sandbox_no_funds`     | fails: `insufficient_provider_funds`                              |
| `sandbox_closed`       | fails: `account_closed`                                           |
| `sandbox_timeout`      | the first send times out, though the transfer happened; asking  |
|                        | again (`status()`) or re-sending the same key answers `paid`      |
| `sandbox_returned`     | paid, then returned by the bank: `status()` answers `returned`   |
| `sandbox_slow`         | paid, but the call takes GIGKIT_SANDBOX_SLOW_SECONDS (default 30) |
| anything else          | paid at once                                                      |

The sandbox keeps its record in `sandbox_transfers`, written in its own transaction as an
outside system would: a crash after it paid but before our commit cannot make it forget.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core.ids import new_id
from app.core.jobs import UnitsOfWork
from app.payouts.models import SandboxTransfer

Outcome = Literal["paid", "failed", "returned", "unknown"]


@dataclass(frozen=True)
class PayoutResult:
    status: Outcome
    reference: str | None = None
    failure_code: str | None = None


@dataclass(frozen=True)
class ProviderTransfer:
    reference: str
    idempotency_key: str
    payout_id: str
    amount: int
    currency: str
    status: str


class ProviderTimeout(Exception):
    """No answer in time: the transfer may or may not have happened. Ask `status()`."""


class PayoutProvider(Protocol):
    name: str

    def send(
        self, *, key: str, payout_id: str, amount: int, currency: str, account: str
    ) -> PayoutResult: ...

    def status(self, *, key: str) -> PayoutResult: ...

    def statuses(self, *, keys: Sequence[str]) -> dict[str, PayoutResult]: ...

    def transfers(self, *, start: dt.datetime, end: dt.datetime) -> list[ProviderTransfer]: ...


STATUS_CHUNK = 1000  # keys asked about in one query
FAILURES = {"sandbox_no_funds": "insufficient_provider_funds", "sandbox_closed": "account_closed"}


class SandboxPayouts:
    name = "sandbox"

    def __init__(self, units: UnitsOfWork) -> None:
        self.units = units  # the sandbox keeps its records in its own transactions

    def send(
        self, *, key: str, payout_id: str, amount: int, currency: str, account: str
    ) -> PayoutResult:
        known = self._find(key)
        if known is None:
            failure = FAILURES.get(account)
            known = self._record(
                idempotency_key=key,
                payout_id=payout_id,
                amount=amount,
                currency=currency,
                status="failed" if failure else "paid",
                failure_code=failure,
                returns=account == "sandbox_returned",
            )
            if account == "sandbox_timeout":
                raise ProviderTimeout(key)
            if account == "sandbox_slow":
                time.sleep(float(os.environ.get("GIGKIT_SANDBOX_SLOW_SECONDS", "30")))
        return PayoutResult(known.status, known.id, known.failure_code)  # type: ignore[arg-type]

    def status(self, *, key: str) -> PayoutResult:
        known = self._find(key)
        return PayoutResult("unknown") if known is None else _result(known)

    def statuses(self, *, keys: Sequence[str]) -> dict[str, PayoutResult]:
        """`status` of many keys, one query per STATUS_CHUNK (the reconciliation asks about
        every payout paid in the return window, every minute)."""
        found: dict[str, PayoutResult] = {}
        with self.units() as session:
            for start in range(0, len(keys), STATUS_CHUNK):
                wanted = keys[start : start + STATUS_CHUNK]
                for known in session.scalars(
                    select(SandboxTransfer).where(SandboxTransfer.idempotency_key.in_(wanted))
                ):
                    found[known.idempotency_key] = _result(known)
        return {key: found.get(key, PayoutResult("unknown")) for key in keys}

    def transfers(self, *, start: dt.datetime, end: dt.datetime) -> list[ProviderTransfer]:
        with self.units() as session:
            rows = session.scalars(
                select(SandboxTransfer).where(
                    SandboxTransfer.created_at >= start, SandboxTransfer.created_at < end
                )
            ).all()
            return [
                ProviderTransfer(
                    t.id,
                    t.idempotency_key,
                    t.payout_id,
                    t.amount,
                    t.currency,
                    "returned" if t.returns and t.status == "paid" else t.status,
                )
                for t in rows
            ]

    def _find(self, key: str) -> SandboxTransfer | None:
        with self.units() as session:
            return _by_key(session, key)

    def _record(self, **fields: Any) -> SandboxTransfer:
        try:
            with self.units() as session:
                transfer = SandboxTransfer(id=new_id("sbt"), **fields)
                session.add(transfer)
            return transfer
        except IntegrityError:  # a concurrent send of the same key got there first
            found = self._find(fields["idempotency_key"])
            assert found is not None
            return found


def _result(known: SandboxTransfer) -> PayoutResult:
    outcome = "returned" if known.returns and known.status == "paid" else known.status
    return PayoutResult(outcome, known.id, known.failure_code)  # type: ignore[arg-type]


def _by_key(session: Session, key: str) -> SandboxTransfer | None:
    return session.scalars(
        select(SandboxTransfer).where(SandboxTransfer.idempotency_key == key)
    ).one_or_none()


def for_units(units: UnitsOfWork) -> PayoutProvider:
    """The provider, working in its own transactions of these units' database and tenant."""
    return SandboxPayouts(units)


def for_session(session: Session) -> PayoutProvider:
    """The provider for a request's session (its own transactions, same tenant)."""
    return for_units(UnitsOfWork.of(session))
