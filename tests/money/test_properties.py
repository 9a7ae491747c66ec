"""Property test: any sequence of deposits, holds, releases, cancels, refunds and payouts
(including failed and returned ones), retries (to the recorded destination or a refreshed
one) and changes of workers' payout accounts keeps the ledger balanced, never overdraws
escrow or a payable, and conserves money: what the provider holds is exactly what was
deposited, less what was refunded and paid out for good. A payout's outcome follows the
account it recorded, never the worker's account at the time it is sent."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from app.core.auth import Actor
from app.core.errors import AppError
from app.core.jobs import UnitsOfWork
from app.escrow import service as escrow
from app.ledger import service as ledger
from app.parties import service as parties
from app.payouts import service as payouts
from tests.helpers import credit_code, database, id_card_number, mobile, new_tenant

ACTOR = Actor("system", None)
REFERENCES = {"good": "wxid_prop_0001", "fails": "sandbox_no_funds", "returns": "sandbox_returned"}
REPOINTABLE = ["fails", "good"]  # workers whose account the test changes (good <-> failing)
amounts = st.integers(min_value=1, max_value=50_000)
deposits = st.integers(min_value=10_000, max_value=200_000)  # large enough for holds to pass


def _machine(app: Any) -> type[RuleBasedStateMachine]:
    db = database(app)

    class Money(RuleBasedStateMachine):
        @initialize()
        def setup(self) -> None:
            self.tenant = new_tenant(app).id
            with db.unit_of_work(tenant_id=self.tenant) as s:
                self.employer = parties.create_employer(
                    s,
                    actor=ACTOR,
                    name="E",
                    credit_code=credit_code(),
                    contact={},
                    sites=[],
                    metadata={},
                ).id
                self.workers = {
                    kind: parties.create_worker(
                        s,
                        actor=ACTOR,
                        name=kind,
                        mobile=mobile(),
                        id_card_number=id_card_number(),
                        skills=[],
                        metadata={},
                        payout_account={
                            "kind": "wallet",
                            "provider": "wechat",
                            "account_reference": ref,
                        },
                    ).id
                    for kind, ref in REFERENCES.items()
                }
            self.holds: list[str] = []
            # The model: what must be true, predicted from the rules alone.
            self.expected_cash = 0  # deposited - refunded - paid (not returned)
            self.available = 0  # the employer's available escrow
            self.remaining: dict[str, int] = {}  # open holds
            self.payable = dict.fromkeys(REFERENCES, 0)
            self.account_ok = {kind: kind != "fails" for kind in REFERENCES}  # pays, or fails
            self.payouts: dict[str, tuple[str, int]] = {}  # every payout: (worker kind, amount)
            self.failed: set[str] = set()  # failed payouts (their destination fails)
            self.deposit(500_000)  # so that most holds, and then releases, can happen
            for kind in REFERENCES:  # and every worker has earned something to pay out
                self._earn(kind, 60_000)

        def _earn(self, kind: str, amount: int) -> None:
            """A hold of `amount`, released in full to the worker."""
            self.hold(amount)
            hold_id = self.holds[-1]
            released = self._try(
                escrow.release_hold,
                hold_id=hold_id,
                worker_id=self.workers[kind],
                amount=None,
                keep_remainder_held=False,
            )
            assert released is not None
            self.payable[kind] += self.remaining.pop(hold_id)

        def _try(self, fn: Any, **kwargs: Any) -> Any:
            try:
                with db.unit_of_work(tenant_id=self.tenant) as s:
                    return fn(s, actor=ACTOR, **kwargs)
            except AppError:
                return None  # refused as a whole: the unit of work rolled back

        @rule(amount=deposits)
        def deposit(self, amount: int) -> None:
            done = self._try(
                escrow.create_deposit, employer_id=self.employer, amount=amount, currency="CNY"
            )
            assert done is not None
            if done.status == "succeeded":  # the sandbox declines/delays trigger amounts
                self.expected_cash += amount
                self.available += amount

        @rule(amount=amounts)
        def hold(self, amount: int) -> None:
            done = self._try(
                escrow.create_hold,
                employer_id=self.employer,
                amount=amount,
                currency="CNY",
                purpose="wages",
            )
            assert (done is not None) == (amount <= self.available)  # all or nothing
            if done is not None:
                self.holds.append(done.id)
                self.remaining[done.id] = amount
                self.available -= amount

        def _some_hold(self, data: st.DataObject) -> str:
            """Mostly an open hold; sometimes one already released or cancelled."""
            return data.draw(st.sampled_from(sorted(self.remaining)) | st.sampled_from(self.holds))

        @precondition(lambda self: self.remaining)
        @rule(data=st.data(), kind=st.sampled_from(sorted(REFERENCES)), keep=st.booleans())
        def release(self, data: st.DataObject, kind: str, keep: bool) -> None:
            hold_id = self._some_hold(data)
            within = st.integers(1, max(1, self.remaining.get(hold_id, 1)))
            amount = data.draw(st.one_of(st.none(), within, amounts))
            done = self._try(
                escrow.release_hold,
                hold_id=hold_id,
                worker_id=self.workers[kind],
                amount=amount,
                keep_remainder_held=keep,
            )
            left = self.remaining.get(hold_id, 0)
            paid = left if amount is None else amount
            assert (done is not None) == (hold_id in self.remaining and 0 < paid <= left)
            if done is not None:
                self.payable[kind] += paid
                if keep and left - paid > 0:
                    self.remaining[hold_id] = left - paid
                else:
                    self.available += left - paid
                    del self.remaining[hold_id]

        @precondition(lambda self: self.remaining)
        @rule(data=st.data())
        def cancel(self, data: st.DataObject) -> None:
            hold_id = self._some_hold(data)
            done = self._try(escrow.cancel_hold, hold_id=hold_id)
            assert (done is not None) == (hold_id in self.remaining)
            if done is not None:
                self.available += self.remaining.pop(hold_id)

        @rule(amount=amounts)
        def refund(self, amount: int) -> None:
            done = self._try(
                escrow.create_refund, employer_id=self.employer, amount=amount, currency="CNY"
            )
            assert (done is not None) == (amount <= self.available)
            if done is not None:
                self.expected_cash -= amount
                self.available -= amount

        @rule(kind=st.sampled_from(REPOINTABLE), ok=st.booleans())
        def change_account(self, kind: str, ok: bool) -> None:
            reference = f"wxid_prop_{len(self.payouts):04d}" if ok else "sandbox_no_funds"
            account = {"kind": "wallet", "provider": "wechat", "account_reference": reference}
            changes = {"payout_account": account}
            done = self._try(parties.update_worker, worker_id=self.workers[kind], changes=changes)
            assert done is not None
            self.account_ok[kind] = ok

        @rule(kind=st.sampled_from(sorted(REFERENCES)), amount=amounts)
        def payout(self, kind: str, amount: int) -> None:
            created = self._try(
                payouts.create_payout, worker_id=self.workers[kind], amount=amount, currency="CNY"
            )
            assert (created is not None) == (amount <= self.payable[kind])
            if created is not None:  # sent inline after commit
                self.payouts[created.id] = (kind, amount)
                self._sent(created.id, pays=self.account_ok[kind])

        @precondition(lambda self: self.payouts)
        @rule(data=st.data(), refresh=st.booleans(), repoint=st.booleans())
        def retry(self, data: st.DataObject, refresh: bool, repoint: bool) -> None:
            """Mostly a failed payout; sometimes one that cannot be retried. `repoint`: the
            worker's account changes (good <-> failing) just before the retry."""
            choices = st.sampled_from(sorted(self.payouts))
            if self.failed:
                choices = st.sampled_from(sorted(self.failed)) | choices
            payout_id = data.draw(choices)
            kind, amount = self.payouts[payout_id]
            if repoint and kind in REPOINTABLE:
                self.change_account(kind, not self.account_ok[kind])
            done = self._try(payouts.retry_payout, payout_id=payout_id, refresh_destination=refresh)
            can = payout_id in self.failed and amount <= self.payable[kind]
            assert (done is not None) == can
            if done is not None:  # to the destination that failed, unless refreshed
                self._sent(payout_id, pays=refresh and self.account_ok[kind])

        def _sent(self, payout_id: str, *, pays: bool) -> None:
            """The outcome of an attempt sent inline: paid, or failed with the money back."""
            kind, amount = self.payouts[payout_id]
            if pays:
                self.expected_cash -= amount
                self.payable[kind] -= amount
                self.failed.discard(payout_id)
            else:
                self.failed.add(payout_id)

        @rule()
        def reconcile(self) -> None:
            with db.unit_of_work(tenant_id=self.tenant) as s:
                before = {p.id: p.status for p in payouts.list_payouts(s, limit=100).data}
            payouts.reconcile(UnitsOfWork(db, self.tenant))
            with db.unit_of_work(tenant_id=self.tenant) as s:
                for p in payouts.list_payouts(s, limit=100).data:
                    if p.status == "returned" and before.get(p.id) == "paid":
                        self.expected_cash += p.amount  # the bank sent it back
                        self.payable["returns"] += p.amount

        @invariant()
        def ledger_is_right(self) -> None:
            if not hasattr(self, "tenant"):
                return
            with db.unit_of_work(tenant_id=self.tenant) as s:
                assert ledger.audit(s) == []
                balance = escrow.balance(s, employer_id=self.employer, currency="CNY")
                assert balance.available >= 0 and balance.held >= 0
                accounts = ledger.list_accounts(s, limit=100).data
                cash = sum(a.balances.posted for a in accounts if a.kind == "provider_cash")
                owed = sum(a.balances.posted for a in accounts if a.kind != "provider_cash")
                assert cash == owed == self.expected_cash
                assert balance.available == self.available
                assert balance.held == sum(self.remaining.values())
                for kind, worker_id in self.workers.items():
                    payable = [
                        a
                        for a in accounts
                        if a.kind == "worker_payable" and a.owner_id == worker_id
                    ]
                    assert (payable[0].balances.available if payable else 0) == self.payable[kind]
                for account in accounts:
                    assert account.balances.available >= 0, account.kind
                for p in payouts.list_payouts(s, limit=100).data:
                    assert (p.status == "failed") == (p.id in self.failed), p.id
                    # one history row per attempt; the last one is the payout's own state
                    assert [a.number for a in p.attempts] == list(range(1, p.generation + 1))
                    last = p.attempts[-1]
                    assert last.destination_masked == p.destination_masked
                    assert last.ledger_transaction_id == p.ledger_transaction_id
                    assert last.outcome == (None if p.status == "pending" else p.status)
                    assert all(a.outcome == "failed" for a in p.attempts[:-1])

    return Money


def test_money_is_conserved_whatever_happens(app: Any) -> None:
    run_state_machine_as_test(
        _machine(app),
        settings=settings(
            max_examples=40,
            stateful_step_count=25,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
