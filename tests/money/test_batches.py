"""Batches: `escrow.release_holds` and `payouts.create_payouts`, as settling a day of
clock-outs uses them. A batch costs a constant number of statements, is all or nothing, and
its natural `source` keys make a re-run pay nothing twice, also when two runs race."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.auth import Actor
from app.core.errors import AppError
from app.escrow import service as escrow
from app.escrow.models import Hold, Release
from app.escrow.service import ReleaseItem
from app.ledger.models import LedgerTransaction
from app.payouts import service as payouts
from app.payouts.models import Payout, SandboxTransfer
from app.payouts.service import PayoutItem
from tests.helpers import ApiClient, database, new_tenant, sent_sql
from tests.money.conftest import Money, make_money

ACTOR = Actor("system", None)


@contextmanager
def uow(money: Money) -> Iterator[Session]:
    with database(money.tenant.app).unit_of_work(tenant_id=money.tenant.id) as session:
        yield session


def _day(money: Money, holds: int, workers: int) -> tuple[list[str], list[str]]:
    """A deposit, `holds` holds of 280.00 and `workers` workers."""
    money.deposit(28_000 * holds + 100_000)
    hold_ids = [money.hold(28_000).json["id"] for _ in range(holds)]
    worker_ids = [money.worker_id] + [money.new_worker() for _ in range(workers - 1)]
    return hold_ids, worker_ids


def _clock_outs(hold_ids: list[str], worker_ids: list[str]) -> list[ReleaseItem]:
    """Each hold released to a worker, the last 30.00 of each day returned to the employer."""
    return [
        ReleaseItem(h, worker_ids[i % len(worker_ids)], 25_000, source=("settlement", f"stl_{i}"))
        for i, h in enumerate(hold_ids)
    ]


def _count(session: Session, model: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_day_of_clock_outs_is_one_batch(money: Money) -> None:
    hold_ids, worker_ids = _day(money, holds=30, workers=3)
    with uow(money) as session:
        session.connection()
        with sent_sql(money.tenant.app) as sent:
            releases = escrow.release_holds(
                session, actor=ACTOR, items=_clock_outs(hold_ids, worker_ids)
            )
        # workers, holds (locked), sources, accounts, 2 INSERTs and 5 UPDATEs of the ledger,
        # then releases, holds and events flushed: never a statement per clock-out
        assert len(sent) <= 20, sent
    assert [r.hold_id for r in releases] == hold_ids
    assert money.payable(worker_ids[0])["posted"] == 25_000 * 10
    assert money.escrow() == {
        "employer_id": money.employer_id,
        "currency": "CNY",
        "available": 100_000 + 3_000 * 30,
        "held": 0,
        "total": 100_000 + 3_000 * 30,
    }
    with uow(money) as session:
        assert {h.status for h in session.scalars(select(Hold))} == {"released"}
        assert {(r.source_type, r.source_id) for r in session.scalars(select(Release))} == {
            ("settlement", f"stl_{i}") for i in range(30)
        }
    assert money.audit() == []


def test_a_batch_run_again_pays_nothing_twice(money: Money) -> None:
    hold_ids, worker_ids = _day(money, holds=3, workers=2)
    items = _clock_outs(hold_ids, worker_ids)
    with uow(money) as session:
        first = [r.id for r in escrow.release_holds(session, actor=ACTOR, items=items[:2])]
    with uow(money) as session:  # the whole batch again: the first two were released before
        again = escrow.release_holds(session, actor=ACTOR, items=items)
        assert [r.id for r in again[:2]] == first
        assert _count(session, Release) == 3
    assert money.payable(worker_ids[0])["posted"] == 50_000
    moved = [ReleaseItem(hold_ids[2], worker_ids[0], source=items[0].source)]
    with pytest.raises(AppError) as elsewhere, uow(money) as session:  # same source, other hold
        escrow.release_holds(session, actor=ACTOR, items=moved)
    assert elsewhere.value.code == "release_source_conflict"
    with uow(money) as session:  # and once more, all of it: nothing moves
        before = _count(session, LedgerTransaction)
        assert [r.id for r in escrow.release_holds(session, actor=ACTOR, items=items)] == [
            r.id for r in again
        ]
        assert _count(session, LedgerTransaction) == before
    assert money.audit() == []


@pytest.mark.parametrize(
    ("items", "code"),
    [
        (
            lambda h, c, w: [
                ReleaseItem(h, w, 20_000, keep_remainder_held=True),
                ReleaseItem(h, w, 8_001),
            ],
            "release_exceeds_hold",
        ),
        (lambda h, c, w: [ReleaseItem(h, w, 5_000), ReleaseItem(c, w)], "hold_not_active"),
        (lambda h, c, w: [ReleaseItem(h, w, 0)], "validation_error"),
        (lambda h, c, w: [ReleaseItem(h, "wkr_nobody")], "resource_missing"),
        (lambda h, c, w: [ReleaseItem(h, w), ReleaseItem("hld_nothing", w)], "resource_missing"),
        (
            lambda h, c, w: [
                ReleaseItem(h, w, 1, keep_remainder_held=True, source=("s", "1")),
                ReleaseItem(h, w, 1, source=("s", "1")),
            ],
            "release_source_conflict",
        ),
    ],
    ids=["exceeds", "closed", "zero", "no-worker", "no-hold", "source-twice"],
)
def test_a_refused_item_refuses_the_batch(
    money: Money, items: Callable[[str, str, str], list[ReleaseItem]], code: str
) -> None:
    (open_hold, closed), _ = _day(money, holds=2, workers=1)
    money.release(closed, amount=1_000)  # closes it
    with uow(money) as session:
        transactions = _count(session, LedgerTransaction)
    with pytest.raises(AppError) as refused, uow(money) as session:
        escrow.release_holds(session, actor=ACTOR, items=items(open_hold, closed, money.worker_id))
    assert refused.value.code == code
    with uow(money) as session:
        assert _count(session, LedgerTransaction) == transactions
        assert session.get(Hold, (money.tenant.id, open_hold)).remaining == 28_000  # type: ignore[union-attr]
    assert money.payable()["posted"] == 1_000
    assert money.audit() == []


def test_items_on_one_hold_apply_in_order(money: Money) -> None:
    (hold,), _ = _day(money, holds=1, workers=1)
    w = money.worker_id
    items = [ReleaseItem(hold, w, 10_000, keep_remainder_held=True), ReleaseItem(hold, w, 8_000)]
    with uow(money) as session:
        first, second = escrow.release_holds(session, actor=ACTOR, items=items)
    assert (first.returned_amount, second.returned_amount) == (0, 10_000)
    assert money.payable()["posted"] == 18_000
    assert money.escrow()["held"] == 0
    assert money.audit() == []


def test_payouts_in_a_batch_are_sent_once_each(money: Money) -> None:
    hold_ids, worker_ids = _day(money, holds=4, workers=4)
    with uow(money) as session:
        escrow.release_holds(session, actor=ACTOR, items=_clock_outs(hold_ids, worker_ids))
    items = [
        PayoutItem(w, 25_000, "CNY", source=("settlement", f"stl_{i}"))
        for i, w in enumerate(worker_ids)
    ]
    with uow(money) as session:
        made = payouts.create_payouts(session, actor=ACTOR, items=items[:3])
        assert [p.worker_id for p in made] == worker_ids[:3]
        assert all(len(p.attempts) == 1 for p in made)
    with uow(money) as session:  # after commit the jobs sent them (inline in tests)
        again = payouts.create_payouts(session, actor=ACTOR, items=items)
        assert [p.id for p in again[:3]] == [p.id for p in made]
    with uow(money) as session:
        assert _count(session, Payout) == 4 and _count(session, SandboxTransfer) == 4
        assert {p.status for p in session.scalars(select(Payout))} == {"paid"}
    assert [money.payable(w)["posted"] for w in worker_ids] == [0, 0, 0, 0]
    assert money.audit() == []


def test_a_payout_batch_is_all_or_nothing(money: Money) -> None:
    hold_ids, worker_ids = _day(money, holds=2, workers=2)
    with uow(money) as session:
        escrow.release_holds(session, actor=ACTOR, items=_clock_outs(hold_ids, worker_ids))
    items = [PayoutItem(worker_ids[0], 25_000, "CNY"), PayoutItem(worker_ids[1], 25_001, "CNY")]
    with pytest.raises(AppError) as refused, uow(money) as session:
        payouts.create_payouts(session, actor=ACTOR, items=items)
    assert refused.value.code == "insufficient_payable_balance"
    assert "worker_payable account (25000 CNY" in refused.value.detail
    with uow(money) as session:
        assert _count(session, Payout) == 0
    assert money.payable(worker_ids[0]) == {
        "posted": 25_000,
        "pending": 25_000,
        "available": 25_000,
    }


# --- two runs of the same batch at once (PostgreSQL, real connections) ----------------------


@pytest.fixture()
def pg_money(pg_app: Any) -> Money:
    tenant = new_tenant(pg_app)
    return make_money(ApiClient(pg_app.test_client(), tenant.api_key), tenant)


def _twice_at_once(call: Callable[[], Any]) -> list[Any]:
    barrier = threading.Barrier(2)

    def run(_i: int) -> Any:
        barrier.wait(30)
        try:
            return call()
        except AppError as error:
            return error.code

    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(run, range(2)))


@pytest.mark.postgres
def test_two_runs_of_a_release_batch_release_once(pg_money: Money) -> None:
    hold_ids, worker_ids = _day(pg_money, holds=10, workers=2)
    items = _clock_outs(hold_ids, worker_ids)

    def run() -> list[str]:
        with uow(pg_money) as session:
            return [r.id for r in escrow.release_holds(session, actor=ACTOR, items=items)]

    first, second = _twice_at_once(run)
    assert first == second and len(first) == 10  # the second waited, then found the first's
    assert pg_money.payable(worker_ids[0])["posted"] == 25_000 * 5
    assert pg_money.audit() == []


@pytest.mark.postgres
def test_two_runs_of_a_payout_batch_pay_once(pg_money: Money) -> None:
    hold_ids, worker_ids = _day(pg_money, holds=3, workers=3)
    with uow(pg_money) as session:
        escrow.release_holds(session, actor=ACTOR, items=_clock_outs(hold_ids, worker_ids))
    items = [
        PayoutItem(w, 20_000, "CNY", source=("settlement", f"stl_{i}"))
        for i, w in enumerate(worker_ids)
    ]

    def run() -> list[str]:
        with uow(pg_money) as session:
            return [p.id for p in payouts.create_payouts(session, actor=ACTOR, items=items)]

    outcomes = _twice_at_once(run)
    made = [o for o in outcomes if isinstance(o, list)]
    # the loser either waited and was refused (409, nothing written) or started after the
    # winner's commit and got the same payouts back
    assert made and all(o == made[0] for o in made), outcomes
    assert all(o == "payout_source_conflict" for o in outcomes if not isinstance(o, list)), outcomes
    with uow(pg_money) as session:
        assert _count(session, Payout) == 3
        assert _count(session, SandboxTransfer) == 3
    assert [pg_money.payable(w)["posted"] for w in worker_ids] == [5_000] * 3
    assert pg_money.audit() == []
