"""core.rules on PostgreSQL: the database keeps versions immutable and tenants apart, and
concurrent writers of one kind take turns (one wins a day; different days all succeed)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from app.core import rules
from tests.conftest import Postgres
from tests.core.test_rules import ADMIN, WITHHOLDING, day, local, put, uow
from tests.helpers import TenantHandle, new_tenant

pytestmark = pytest.mark.postgres
NOON = "2026-12-10 12:00"


@pytest.fixture()
def tenant(pg_app: Any) -> TenantHandle:
    return new_tenant(pg_app)


def _connect(url: str) -> Iterator[Connection]:
    engine = create_engine(url)
    with engine.connect() as connection:
        yield connection
    engine.dispose()


@pytest.fixture()
def as_app(postgres: Postgres) -> Iterator[Connection]:
    yield from _connect(postgres.app_url)


@pytest.fixture()
def as_owner(postgres: Postgres) -> Iterator[Connection]:
    yield from _connect(postgres.owner_url)


def _as_tenant(conn: Connection, tenant_id: str) -> None:
    conn.execute(text("SELECT set_config('app.tenant_id', :t, true)"), {"t": tenant_id})


# --- the database's guarantees ----------------------------------------------------------------


@pytest.mark.parametrize(
    "sql",
    ['UPDATE tenant_rules SET body = \'{"rate": "0.9"}\'', "DELETE FROM tenant_rules"],
)
def test_no_role_can_change_or_delete_a_version(
    pg_app: Any, tenant: TenantHandle, as_app: Connection, as_owner: Connection, sql: str
) -> None:
    put(pg_app, tenant, NOON, WITHHOLDING, {"rate": "0.03"}, "2026-12-11")
    with pytest.raises(DBAPIError, match="permission denied"), as_app.begin():
        _as_tenant(as_app, tenant.id)
        as_app.execute(text(sql))
    with pytest.raises(DBAPIError, match="tenant_rules is append-only"), as_owner.begin():
        _as_tenant(as_owner, tenant.id)  # the owner too: FORCE row-level security
        as_owner.execute(text(sql))
    with uow(pg_app, tenant, local(NOON)) as session:
        assert [v.body["rate"] for v in rules.history(session, WITHHOLDING)] == [
            rules.get(session, WITHHOLDING, on=day("2026-12-11")).body["rate"]
        ]


def test_row_level_security_keeps_tenants_apart(
    pg_app: Any, tenant: TenantHandle, as_app: Connection
) -> None:
    other = new_tenant(pg_app)
    put(pg_app, tenant, NOON, WITHHOLDING, {"rate": "0.03"}, "2026-12-11")
    with as_app.begin():
        _as_tenant(as_app, other.id)
        assert as_app.execute(text("SELECT count(*) FROM tenant_rules")).scalar() == 0
    with as_app.begin():  # with no tenant set, nothing at all
        assert as_app.execute(text("SELECT count(*) FROM tenant_rules")).scalar() == 0
    with pytest.raises(DBAPIError, match="row-level security"), as_app.begin():
        _as_tenant(as_app, other.id)
        as_app.execute(
            text(
                "INSERT INTO tenant_rules (tenant_id, id, kind, version, valid_from, body,"
                " actor_type, created_at) VALUES (:t, 'rul_forged', 'test.withholding', 9,"
                " '2026-12-01', '{}', 'cli', now())"
            ),
            {"t": tenant.id},
        )


# --- concurrent writers -----------------------------------------------------------------------


def _race(app: Any, tenant: TenantHandle, days: list[str]) -> list[Any]:
    barrier = threading.Barrier(len(days))
    results: list[Any] = [None] * len(days)

    def run(i: int) -> None:
        try:
            with uow(app, tenant, local(NOON)) as session:
                barrier.wait()
                results[i] = rules.put(
                    session, WITHHOLDING, {"rate": "0.03"}, valid_from=day(days[i]), actor=ADMIN
                )
        except Exception as exc:  # the outcome under test
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(days))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def test_concurrent_versions_for_one_day_one_wins(pg_app: Any, tenant: TenantHandle) -> None:
    results = _race(pg_app, tenant, ["2027-01-01"] * 6)
    won = [r for r in results if isinstance(r, rules.RuleVersion)]
    lost = [r for r in results if isinstance(r, rules.RuleVersionExists)]
    assert len(won) == 1 and len(lost) == 5, results
    assert {e.extra["existing_id"] for e in lost} == {won[0].id}
    with uow(pg_app, tenant, local(NOON)) as session:
        assert [v.id for v in rules.history(session, WITHHOLDING)] == [won[0].id]


def test_concurrent_versions_for_different_days_all_succeed(
    pg_app: Any, tenant: TenantHandle
) -> None:
    days = [f"2027-01-0{n}" for n in range(1, 7)]
    results = _race(pg_app, tenant, days)
    assert all(isinstance(r, rules.RuleVersion) for r in results), results
    assert sorted(r.version for r in results) == [1, 2, 3, 4, 5, 6]
    with uow(pg_app, tenant, local(NOON)) as session:
        assert [v.valid_from for v in rules.history(session, WITHHOLDING)] == [day(d) for d in days]


def _wait_until_blocked(postgres: Postgres, wait_event: str) -> None:
    """Until a session of the test database waits for a lock of this kind."""
    engine = create_engine(postgres.admin_url, isolation_level="AUTOCOMMIT")
    deadline = time.monotonic() + 20
    try:
        with engine.connect() as conn:
            while time.monotonic() < deadline:
                waiting = conn.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = :db"
                        " AND wait_event_type = 'Lock' AND wait_event = :w"
                    ),
                    {"db": postgres.database, "w": wait_event},
                ).scalar()
                if waiting:
                    return
                time.sleep(0.02)
    finally:
        engine.dispose()
    raise AssertionError(f"no session waited for a {wait_event} lock")


def _second_writer(
    app: Any, tenant: TenantHandle, valid_from: str
) -> tuple[threading.Thread, list[Any]]:
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append(put(app, tenant, NOON, WITHHOLDING, {"rate": "0.04"}, valid_from))
        except Exception as exc:
            outcome.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


@pytest.mark.parametrize(
    ("valid_from", "expected"),
    [("2027-01-01", rules.RuleVersionExists), ("2027-02-01", rules.RuleVersion)],
)
def test_a_writer_waits_for_the_one_before_and_sees_its_version(
    pg_app: Any, postgres: Postgres, tenant: TenantHandle, valid_from: str, expected: type
) -> None:
    with uow(pg_app, tenant, local(NOON)) as session:
        first = rules.put(
            session, WITHHOLDING, {"rate": "0.03"}, valid_from=day("2027-01-01"), actor=ADMIN
        )
        thread, outcome = _second_writer(pg_app, tenant, valid_from)
        _wait_until_blocked(postgres, "advisory")  # its turn comes when this one commits
    thread.join(30)
    assert isinstance(outcome[0], expected), outcome
    if expected is rules.RuleVersion:
        assert outcome[0].version == first.version + 1
    else:
        assert outcome[0].extra["existing_id"] == first.id


def test_without_turns_the_unique_day_still_decides(
    pg_app: Any, postgres: Postgres, tenant: TenantHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The constraint backs the lock up: a writer that skipped its turn blocks on the
    unique index, then gets the same clear error, not a database error."""
    monkeypatch.setattr(rules, "_take_turn", lambda session, kind: rules._forget(session, kind))
    with uow(pg_app, tenant, local(NOON)) as session:
        first = rules.put(
            session, WITHHOLDING, {"rate": "0.03"}, valid_from=day("2027-01-01"), actor=ADMIN
        )
        thread, outcome = _second_writer(pg_app, tenant, "2027-01-01")
        _wait_until_blocked(postgres, "transactionid")
    thread.join(30)
    assert isinstance(outcome[0], rules.RuleVersionExists), outcome
    assert outcome[0].extra["existing_id"] == first.id
