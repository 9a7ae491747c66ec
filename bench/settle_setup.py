"""Clocked-in shifts for bench/settle.py, made in-process through the services (not over
HTTP: a run needs tens of thousands), one unit of work per chunk, in a few processes.

Each shift is its own worker's (one shift per worker per day), so a shift is a worker, an
engagement (its hold posted to the ledger) and a clock-in: about 17 statements. The
chunk's events are written in one INSERT at its end (`events.held_back`, five a shift
otherwise), and each process books to its own share of the employers, so that two
processes never queue on an employer's escrow row lock (held until the chunk commits)."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any

from tests.helpers import id_card_check_digit, worker_body

CHUNK = 250  # shifts per unit of work
WALLET = {"kind": "wallet", "provider": "wechat", "account_reference": "wxid_bench"}
Shift = tuple[str, str]  # (shift id, worker id)
_made = [0]  # workers made so far by this run: each gets the next ID-card number


def _id_card(number: int) -> str:
    """The `number`th of a run's ID-card numbers, all different (random ones collide)."""
    born = dt.date(1970, 1, 1) + dt.timedelta(days=number // 1000)
    first17 = f"110105{born:%Y%m%d}{number % 1000:03d}"
    return first17 + id_card_check_digit(first17)


def open_app(env: dict[str, str]) -> Any:
    """The app in-process, jobs inline (no Redis), as bench.http's `_setup_gigkit` does."""
    from app import create_app
    from app.config import Settings

    return create_app(Settings.from_env({**env, "REDIS_URL": ""}))


def tenant_id(env: dict[str, str]) -> str:
    """The one tenant of the run's fresh database (`_setup_gigkit` made it)."""
    from app.tenants.models import Tenant

    app = open_app(env)
    try:
        with app.extensions["gigkit"].database.unit_of_work() as session:
            (found,) = session.query(Tenant.id).all()
            return str(found.id)
    finally:
        app.extensions["gigkit"].database.dispose()


def day_left(env: dict[str, str], tenant: str) -> dt.timedelta:
    """How long the tenant's day (its time zone, by the app's clock) still lasts: shifts
    made for today can be clocked in and out only until its midnight."""
    from app.core import time as clock

    app = open_app(env)
    try:
        with app.extensions["gigkit"].database.unit_of_work(tenant_id=tenant) as session:
            now = clock.now(session).astimezone(clock.tenant_zone(session))
            midnight = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(), now.tzinfo)
            return midnight - now
    finally:
        app.extensions["gigkit"].database.dispose()


def analyze(admin_url: str, env: dict[str, str]) -> None:
    """ANALYZE the run's database, as autovacuum would in its own time: its tables were
    empty when the servers' connections first planned the foreign-key checks, and a plan
    made then (a sequential scan of `ledger_transactions`, ~0.1 ms per ledger entry once it
    holds thousands of rows) stays until the table's statistics change."""
    from sqlalchemy import create_engine, make_url, text

    database = make_url(env["DATABASE_URL"]).database
    engine = create_engine(make_url(admin_url).set(database=database), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text("ANALYZE"))
    finally:
        engine.dispose()


def make_shifts(
    env: dict[str, str], tenant: str, employer_ids: list[str], n: int, procs: int = 2
) -> list[Shift]:
    """`n` shifts today (the tenant's day), each its own worker's (one shift per worker per
    day), clocked in, round robin over `employer_ids`, made by `procs` processes."""
    if n <= 0:
        return []
    procs = max(1, min(procs, n // CHUNK + 1))
    sizes = [n // procs + (1 if i < n % procs else 0) for i in range(procs)]
    starts = [_made[0] + sum(sizes[:i]) for i in range(procs)]
    _made[0] += n
    if procs == 1:
        return _make(env, tenant, employer_ids, starts[0], n)
    # each process its own employers (all of them share one if there are fewer)
    owners = [employer_ids[i::procs] or employer_ids for i in range(procs)]
    with ProcessPoolExecutor(procs, mp_context=get_context("spawn")) as pool:
        args = ([env] * procs, [tenant] * procs, owners, starts, sizes)
        parts = pool.map(_make, *args)
        return [shift for part in parts for shift in part]


def _make(
    env: dict[str, str], tenant: str, employer_ids: list[str], start: int, n: int
) -> list[Shift]:
    from app.core import events
    from app.core import time as clock
    from app.core.auth import Actor
    from app.parties import service as parties
    from app.work import service as work
    from app.work.models import Shift as ShiftRow

    app = open_app(env)
    actor = Actor("system", None)
    made: list[Shift] = []
    try:
        while len(made) < n:
            with (
                app.extensions["gigkit"].database.unit_of_work(tenant_id=tenant) as session,
                events.held_back(session),  # the chunk's events: one INSERT at its end
            ):
                today = clock.now(session).astimezone(clock.tenant_zone(session)).date()
                engaged: dict[str, str] = {}  # engagement id -> its worker's id
                for i in range(len(made), min(n, len(made) + CHUNK)):
                    worker = parties.create_worker(
                        session,
                        actor=actor,
                        skills=[],
                        metadata={},
                        **worker_body(payout_account=WALLET, id_card_number=_id_card(start + i)),
                    )
                    engagement = work.create_engagement(
                        session,
                        actor=actor,
                        worker_id=worker.id,
                        employer_id=employer_ids[i % len(employer_ids)],
                        pay={"basis": "daily", "rate": "280.00"},
                        first_day=today,
                        last_day=today,
                        shifts=[{"day": today}],
                    )
                    engaged[engagement.id] = worker.id
                rows = session.query(ShiftRow.id, ShiftRow.engagement_id).filter(
                    ShiftRow.engagement_id.in_(engaged)
                )  # one query for the chunk's shifts
                shift_of = {row.engagement_id: row.id for row in rows}
                chunk = [(shift_of[e], worker_id) for e, worker_id in engaged.items()]
                for shift_id, _ in chunk:
                    work.clock_in(session, actor=actor, shift_id=shift_id)
            made.extend(chunk)
        return made
    finally:
        app.extensions["gigkit"].database.dispose()
