"""Insurers: who carries the risk, behind one small interface.

An insurer has `bind` (a policy), `activate` and `cancel` (a covered day), `submit_claim`
and `claim_status`, each idempotent on the `key` it is given (our ids: `bind:<policy>`,
`activate:<day>`, `cancel:<day>`, `claim:<claim>`): asking again answers the same and
changes nothing. An insurer that cannot be reached raises `InsurerUnavailable`; the caller
keeps the notification pending and asks again later. Cover is in force on our side either
way: the insurer is told, not asked.

The one shipped is the `sandbox`, which answers at once except for these triggers, keyed
on the product's metadata `sandbox` (the version a policy was sold under names its product):

| product metadata `sandbox` | what happens                                                |
|----------------------------|-------------------------------------------------------------|
| `bind_refused`             | bind answers `refused` (`risk_declined`); activations then  |
|                            | answer `refused` (`not_bound`)                               |
| `activation_late`          | activate answers `confirmed` with `effective_at` ten minutes |
|                            | after the cover's start (recorded; our cover is unchanged)  |
| `claim_rejected`           | submit_claim answers `rejected` (`not_covered_by_terms`)    |
| `unavailable`              | the first two calls of every key raise `InsurerUnavailable`; |
|                            | the third answers as usual                                  |
| anything else              | `confirmed` at once (a claim: `pending`, then `approved`)   |

The sandbox keeps its record in `sandbox_insurer_calls`, one row per key, written in its own
transaction as an outside system would.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, Protocol

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core.ids import new_id
from app.core.jobs import UnitsOfWork
from app.insurance.models import SandboxInsurerCall

Status = Literal["confirmed", "refused", "pending", "approved", "rejected", "unknown"]
INSURERS = ("sandbox",)
UNAVAILABLE_CALLS = 2  # the `unavailable` trigger: calls per key that fail
LATE_BY = dt.timedelta(minutes=10)  # the `activation_late` trigger


class InsurerUnavailable(Exception):
    """The insurer could not be reached: nothing is known to have happened. Ask again."""


@dataclass(frozen=True)
class InsurerRequest:
    """What we tell the insurer; `key` is our id, the insurer's idempotency key."""

    key: str
    policy_id: str
    trigger: str | None = None  # the product's `sandbox` metadata (the sandbox only)
    day: dt.date | None = None
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    premium: int | None = None
    currency: str | None = None
    claim_id: str | None = None
    amount: int | None = None


@dataclass(frozen=True)
class InsurerAnswer:
    status: Status
    reference: str | None = None
    reason: str | None = None
    effective_at: dt.datetime | None = None


class Insurer(Protocol):
    name: str

    def bind(self, request: InsurerRequest) -> InsurerAnswer: ...

    def activate(self, request: InsurerRequest) -> InsurerAnswer: ...

    def cancel(self, request: InsurerRequest) -> InsurerAnswer: ...

    def submit_claim(self, request: InsurerRequest) -> InsurerAnswer: ...

    def claim_status(self, request: InsurerRequest) -> InsurerAnswer: ...


Decide = Callable[[Session, InsurerRequest], InsurerAnswer]


class SandboxInsurer:
    name = "sandbox"

    def __init__(self, units: UnitsOfWork) -> None:
        self.units = units  # the sandbox keeps its records in its own transactions

    def bind(self, request: InsurerRequest) -> InsurerAnswer:
        return self._call("bind", request, _bind)

    def activate(self, request: InsurerRequest) -> InsurerAnswer:
        return self._call("activate", request, _activate)

    def cancel(self, request: InsurerRequest) -> InsurerAnswer:
        return self._call("cancel", request, lambda _s, _r: InsurerAnswer("confirmed"))

    def submit_claim(self, request: InsurerRequest) -> InsurerAnswer:
        return self._call("submit_claim", request, _claim)

    def claim_status(self, request: InsurerRequest) -> InsurerAnswer:
        with self.units() as session:
            row = _by_key(session, request.key)
            if row is None or row.status is None:
                return InsurerAnswer("unknown")
            status = "approved" if row.status == "pending" else row.status
            return InsurerAnswer(status, row.reference, row.reason)  # type: ignore[arg-type]

    def _call(self, operation: str, request: InsurerRequest, decide: Decide) -> InsurerAnswer:
        try:
            answer = self._record(operation, request, decide)
        except IntegrityError:  # a concurrent first call of the same key: it is there now
            answer = self._record(operation, request, decide)
        if answer is None:
            raise InsurerUnavailable(f"sandbox insurer unavailable for {request.key}")
        return answer

    def _record(
        self, operation: str, request: InsurerRequest, decide: Decide
    ) -> InsurerAnswer | None:
        with self.units() as session:
            row = session.scalars(
                select(SandboxInsurerCall)
                .where(SandboxInsurerCall.key == request.key)
                .with_for_update()
            ).one_or_none()
            if row is None:
                row = SandboxInsurerCall(
                    id=new_id("sic"),
                    key=request.key,
                    operation=operation,
                    policy_id=request.policy_id,
                    calls=0,
                )
                session.add(row)
            row.calls += 1
            if row.status is None:
                if request.trigger == "unavailable" and row.calls <= UNAVAILABLE_CALLS:
                    return None
                answer = decide(session, request)
                row.status, row.reason = answer.status, answer.reason
                row.reference = answer.reference or f"SBX-{row.id[-12:].upper()}"
                row.effective_at = answer.effective_at
            return InsurerAnswer(
                row.status,  # type: ignore[arg-type]
                row.reference,
                row.reason,
                row.effective_at,
            )


def _bind(_session: Session, request: InsurerRequest) -> InsurerAnswer:
    if request.trigger == "bind_refused":
        return InsurerAnswer("refused", reason="risk_declined")
    return InsurerAnswer("confirmed")


def _activate(session: Session, request: InsurerRequest) -> InsurerAnswer:
    bound = session.scalars(
        select(SandboxInsurerCall.status).where(
            SandboxInsurerCall.policy_id == request.policy_id,
            SandboxInsurerCall.operation == "bind",
        )
    ).first()
    if bound == "refused":
        return InsurerAnswer("refused", reason="not_bound")
    late = None
    if request.trigger == "activation_late" and request.starts_at is not None:
        late = request.starts_at + LATE_BY
    return InsurerAnswer("confirmed", effective_at=late)


def _claim(_session: Session, request: InsurerRequest) -> InsurerAnswer:
    if request.trigger == "claim_rejected":
        return InsurerAnswer("rejected", reason="not_covered_by_terms")
    return InsurerAnswer("pending")


def _by_key(session: Session, key: str) -> SandboxInsurerCall | None:
    return session.scalars(
        select(SandboxInsurerCall).where(SandboxInsurerCall.key == key)
    ).one_or_none()


def get(name: str, units: UnitsOfWork) -> Insurer:
    """The insurer `name`, working in its own transactions of these units' database."""
    if name != "sandbox":
        raise LookupError(f"no insurer {name!r}")
    return SandboxInsurer(units)
