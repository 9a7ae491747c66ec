"""Objects made under a test clock carry its id (`test_clock`), in the API and in the database,
the rows `core.bulk` writes included (a clock-out's release, payout and payslip); made after
the clock is deleted they carry null, and the earlier ones keep it. A live tenant's objects
carry null, and its sessions never read the test clocks table. On both databases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import ORMExecuteState, Session

from app.core.db import Base
from app.core.stamps import OnTestClock
from app.core.time import TENANT_MODE, FrozenClock
from tests.helpers import ApiClient, TenantHandle, database, employer_body, new_tenant
from tests.money.conftest import Money, make_money
from tests.signing.conftest import contract
from tests.test_clocks.conftest import Clocked, engage
from tests.work.conftest import MARCH, Day, at

CLOCKED = sorted(
    (m.class_ for m in Base.registry.mappers if issubclass(m.class_, OnTestClock)),
    key=lambda model: model.__tablename__,
)


def stored(tenant: TenantHandle) -> dict[str, set[str | None]]:
    """Per table with rows of the tenant, the `test_clock_id`s they hold."""
    with database(tenant.app).unit_of_work(tenant_id=tenant.id) as session:
        found = {m.__tablename__: set(session.scalars(select(m.test_clock_id))) for m in CLOCKED}
    return {table: ids for table, ids in found.items() if ids}


def settle_a_day(money: Money, advance: Any, day: dt.date) -> dict[str, Any]:
    """Clock the engagement's shift on `day` in at 07:00 and out at 20:00 (`advance` moves
    whichever clock the tenant is on); the settled shift."""
    [shift] = money.api.get("/v1/shifts?limit=100").json["data"]
    advance(at(day, 7))
    assert money.api.post(f"/v1/shifts/{shift['id']}/clock-in", {}).status_code == 200
    advance(at(day, 20))
    ended = money.post(f"/v1/shifts/{shift['id']}/clock-out", {})
    assert ended.status_code == 200, ended.json
    assert ended.json["status"] == "settled"
    return dict(ended.json)


def shown(money: Money, shift: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every kind of object the day made, as the API shows it (one of each: the newest, which
    is the day's even after a clock's deletion, as the clock ran ahead of the real one)."""
    api = money.api

    def first(path: str) -> dict[str, Any]:
        page = api.get(path).json["data"]
        assert page, path
        return dict(page[0])

    releases = api.get("/v1/events?type=escrow.hold.released").json["data"]
    [released] = [e for e in releases if e["data"]["object"]["hold_id"] == shift["hold_id"]]
    [settled] = api.get("/v1/events?type=shift.settled").json["data"]
    return {
        "engagement": api.get(f"/v1/engagements/{shift['engagement_id']}").json,
        "shift": api.get(f"/v1/shifts/{shift['id']}").json,
        "hold": api.get(f"/v1/escrow/holds/{shift['hold_id']}").json,
        "deposit": first(f"/v1/escrow/deposits?employer_id={money.employer_id}"),
        "release": released["data"]["object"],
        "payout": first(f"/v1/payouts?worker_id={money.worker_id}"),
        "payslip": first(f"/v1/payslips?shift_id={shift['id']}"),
        "payslip in shift.settled": settled["data"]["payslip"],
        "shift in shift.settled": settled["data"]["object"],
    }


def test_what_is_made_under_the_clock_carries_its_id(
    clocked: Clocked, tenant: TenantHandle
) -> None:
    api, money, clock_id = clocked.api, clocked.money, clocked.clock_id
    day = MARCH + dt.timedelta(days=1)
    engage(clocked, [day])
    signed = contract(api, [(money.employer_id, "employer", 1), (money.worker_id, "worker", 2)])
    refund = money.post(
        "/v1/escrow/refunds", {"employer_id": money.employer_id, "amount": 100, "currency": "CNY"}
    )
    assert refund.status_code == 201, refund.json
    shift = settle_a_day(money, clocked.advance, day)  # release, payout, payslip: core.bulk

    objects = shown(money, shift)
    objects["contract"] = signed
    objects["refund"] = refund.json
    objects["policy"] = api.get("/v1/insurance/policies").json["data"][0]
    assert {kind: o["test_clock"] for kind, o in objects.items()} == dict.fromkeys(
        objects, clock_id
    )
    everything = {m.__tablename__ for m in CLOCKED} - {"insurance_claims"}  # (no claim made)
    assert stored(tenant) == {table: {clock_id} for table in everything}

    # deleted: what is made now carries null (bulk-written releases and payouts too); what was
    # made under the clock keeps its id
    assert api.delete(f"/v1/test-clocks/{clock_id}").status_code == 204
    hold = money.hold(5_000).json
    release = money.release(hold["id"], amount=5_000)
    assert release.status_code == 201, release.json
    payout = money.payout(5_000)
    assert payout.status_code == 201, payout.json
    afterwards = [money.deposit(1_000).json, hold, release.json, payout.json]
    assert [o["test_clock"] for o in afterwards] == [None] * 4
    assert api.get(f"/v1/shifts/{shift['id']}").json["test_clock"] == clock_id
    assert {k: o["test_clock"] for k, o in shown(money, shift).items()} == dict.fromkeys(
        objects.keys() - {"contract", "refund", "policy"}, clock_id
    )
    both = {"escrow_deposits", "escrow_holds", "escrow_releases", "payouts"}
    assert stored(tenant) == {t: {clock_id, None} if t in both else {clock_id} for t in everything}


@contextmanager
def statements_by_mode() -> Iterator[list[tuple[str | None, str]]]:
    """Every statement run through a session meanwhile, with the tenant mode its session
    learnt (by its end: a statement before the credential was checked counts too)."""
    seen: list[tuple[Session, str]] = []

    def record(state: ORMExecuteState) -> None:
        seen.append((state.session, str(state.statement)))

    event.listen(Session, "do_orm_execute", record)
    found: list[tuple[str | None, str]] = []
    try:
        yield found
    finally:
        event.remove(Session, "do_orm_execute", record)
        found += [(session.info.get(TENANT_MODE), statement) for session, statement in seen]


def test_a_live_tenants_objects_carry_null_and_it_never_reads_test_clocks(
    app: Any, client: Any, clock: FrozenClock
) -> None:
    live = new_tenant(app, name="Live market", mode="live")
    testing = ApiClient(client, new_tenant(app, name="Test market").api_key)
    clock.set(at(MARCH, 6))
    with statements_by_mode() as seen:
        day = Day(make_money(ApiClient(client, live.api_key), live), clock)
        assert day.money.deposit(10_000_000).json["status"] == "succeeded"
        engaged = day.engage([{"day": MARCH}])
        assert engaged.status_code == 201, engaged.json
        shift = settle_a_day(day.money, clock.set, MARCH)  # needs the tenant's time zone
        assert testing.post("/v1/employers", employer_body()).status_code == 201
    by_live = [statement for mode, statement in seen if mode == "live"]
    assert any("time_zone" in s for s in by_live)  # it did read the tenant's time zone...
    assert [s for s in by_live if "test_clocks" in s] == []  # ...and never the test clocks
    assert any("test_clocks" in s for mode, s in seen if mode == "test")  # (a test tenant does)

    objects = shown(day.money, shift)
    assert {kind: o["test_clock"] for kind, o in objects.items()} == dict.fromkeys(objects)
    made = {"escrow_deposits", "escrow_holds", "escrow_releases", "payouts", "payslips"}
    made |= {"work_engagements", "work_shifts"}
    assert stored(live) == {table: {None} for table in made}
