"""Batches under concurrency, on PostgreSQL with real connections: two batches touching the
same accounts in opposite orders never deadlock (accounts are locked in id order), and
nothing is lost."""

from __future__ import annotations

import itertools
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from app.ledger import service as ledger
from app.ledger.service import PLATFORM, Line, Posting
from tests.helpers import database, new_tenant

pytestmark = pytest.mark.postgres
ROUNDS = 15


@pytest.mark.parametrize("accounts", [4, 12], ids=["one-by-one", "pipelined"])
def test_opposite_orders_never_deadlock(pg_app: Any, accounts: int) -> None:
    tenant = new_tenant(pg_app).id
    db = database(pg_app)
    with db.unit_of_work(tenant_id=tenant) as session:
        cash = ledger.account_id(session, kind="provider_cash", owner_id=PLATFORM, currency="CNY")
        keys = [("employer_escrow", f"emp_{i}", "CNY") for i in range(accounts)]
        escrows = list(ledger.account_ids(session, keys).values())
        ledger.post_many(
            session,
            [
                Posting([Line(cash, "debit", 1_000), Line(e, "credit", 1_000)], "CNY", "f")
                for e in escrows
            ],
        )

    def chain(order: list[str]) -> list[Posting]:
        """1 from each account to the next, in the given order: every account is locked,
        and without id order the two directions would take the locks crosswise."""
        return [
            Posting([Line(a, "debit", 1), Line(b, "credit", 1)], "CNY", "move")
            for a, b in itertools.pairwise(order)
        ]

    barrier = threading.Barrier(2)

    def run(order: list[str]) -> int:
        for _ in range(ROUNDS):
            barrier.wait(30)
            with db.unit_of_work(tenant_id=tenant) as session:
                ledger.post_many(session, chain(order))
        return ROUNDS

    with ThreadPoolExecutor(max_workers=2) as pool:
        done = list(pool.map(run, [escrows, escrows[::-1]]))  # raises a deadlock, if any
    assert done == [ROUNDS, ROUNDS]
    with db.unit_of_work(tenant_id=tenant) as session:
        assert ledger.audit(session) == []
        # each round moves 1 forward and 1 back along the chain: every balance is unchanged
        balances = [ledger.get_account(session, e).balances.posted for e in escrows]
        assert balances == [1_000] * accounts
