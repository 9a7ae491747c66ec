"""Funding providers: where an employer's deposit comes from and a refund goes back to.

A provider is anything with `charge()`, `status()` and `refund()`; the one shipped is the
`sandbox`, which succeeds at once except for documented trigger amounts (minor units, any
currency), like a payment API's test cards:

| amount   | deposit outcome                                                           |
|----------|---------------------------------------------------------------------------|
| 400002   | declined: the deposit fails with `funding_declined`                       |
| 400003   | delayed: stays `pending`; succeeds when checked 5 s or more after creation |
| anything else | succeeds at once                                                     |

Checks of pending deposits run in `gigkit maintenance reconcile` (schedule it every minute).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal, Protocol

DECLINE_AMOUNT = 400002
DELAY_AMOUNT = 400003
DELAY = dt.timedelta(seconds=5)


@dataclass(frozen=True)
class FundingResult:
    status: Literal["succeeded", "failed", "pending"]
    reference: str
    failure_code: str | None = None


class FundingProvider(Protocol):
    name: str

    def charge(self, *, deposit_id: str, amount: int, currency: str) -> FundingResult: ...

    def status(
        self, *, deposit_id: str, amount: int, created_at: dt.datetime, as_of: dt.datetime
    ) -> FundingResult:
        """The deposit's outcome as of `as_of` (the asking unit of work's clock: a sandbox
        lets time pass by it, a real provider answers with what it knows now)."""

    def refund(self, *, refund_id: str, amount: int, currency: str) -> FundingResult: ...


class SandboxFunding:
    name = "sandbox"

    def charge(self, *, deposit_id: str, amount: int, currency: str) -> FundingResult:
        reference = f"sbx_fund_{deposit_id}"
        if amount == DECLINE_AMOUNT:
            return FundingResult("failed", reference, "funding_declined")
        if amount == DELAY_AMOUNT:
            return FundingResult("pending", reference)
        return FundingResult("succeeded", reference)

    def status(
        self, *, deposit_id: str, amount: int, created_at: dt.datetime, as_of: dt.datetime
    ) -> FundingResult:
        if amount == DELAY_AMOUNT and as_of - created_at < DELAY:
            return FundingResult("pending", f"sbx_fund_{deposit_id}")
        return self.charge(
            deposit_id=deposit_id, amount=0 if amount == DELAY_AMOUNT else amount, currency=""
        )

    def refund(self, *, refund_id: str, amount: int, currency: str) -> FundingResult:
        return FundingResult("succeeded", f"sbx_refund_{refund_id}")


PROVIDERS: dict[str, FundingProvider] = {"sandbox": SandboxFunding()}


def get(name: str = "sandbox") -> FundingProvider:
    return PROVIDERS[name]
