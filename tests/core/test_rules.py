"""core.rules: immutable, effective-dated tenant rule versions, on SQLite and PostgreSQL.

The worked example is the one in docs/rules.md: a withholding rate that changes on the 1st
of a month, looked up for days before and after. Days are the tenant's (Asia/Shanghai);
each unit of work gets its own frozen clock, so "today" is whatever the test says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import marshmallow as ma
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import rules
from app.core.auth import Actor
from app.core.errors import ValidationFailed
from app.core.schemas import BaseSchema, Int
from app.core.time import FrozenClock
from tests.helpers import TenantHandle, database, statements

SHANGHAI = ZoneInfo("Asia/Shanghai")
ADMIN = Actor("api_key", "key_01", "req_01")


class WithholdingSchema(BaseSchema):
    rate = ma.fields.Decimal(
        required=True, as_string=True, places=4, validate=ma.validate.Range(min=0, max=1)
    )
    threshold = Int(minimum=0, load_default=0, metadata={"description": "fen per day"})


class DecimalAsNumberSchema(BaseSchema):
    rate = ma.fields.Decimal(required=True)  # dumps a Decimal: not JSON


WITHHOLDING = rules.declare("test.withholding", schema=WithholdingSchema)
FEE = rules.declare("test.fee", schema=WithholdingSchema, default={"rate": "0"})
NOT_JSON = rules.declare("test.not_json", schema=DecimalAsNumberSchema)


def day(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def local(value: str) -> dt.datetime:
    """An instant given as Shanghai wall-clock time ('2026-12-10 09:00')."""
    return dt.datetime.fromisoformat(value).replace(tzinfo=SHANGHAI)


@contextmanager
def uow(app: Any, tenant: TenantHandle, at: dt.datetime) -> Iterator[Session]:
    with database(app).unit_of_work(tenant_id=tenant.id) as session:
        session.info["clock"] = FrozenClock(at)
        yield session


def put(app: Any, tenant: TenantHandle, at: str, kind: str, body: Any, valid_from: str) -> Any:
    with uow(app, tenant, local(at)) as session:
        return rules.put(session, kind, body, valid_from=day(valid_from), actor=ADMIN)


def rate_on(app: Any, tenant: TenantHandle, at: str, on: str | None = None) -> Decimal:
    with uow(app, tenant, local(at)) as session:
        found = rules.get(session, WITHHOLDING, on=day(on) if on else None)
        return Decimal(found.body["rate"])


# --- the worked example ---------------------------------------------------------------------


def test_worked_example_a_rate_that_changes_on_the_first_of_a_month(
    app: Any, tenant: TenantHandle
) -> None:
    first = put(app, tenant, "2026-12-10 09:00", WITHHOLDING, {"rate": "0.03"}, "2026-12-10")
    second = put(app, tenant, "2026-12-15 17:30", WITHHOLDING, {"rate": "0.05"}, "2027-01-01")
    assert (first.version, second.version) == (1, 2)

    assert rate_on(app, tenant, "2026-12-20 12:00", "2026-12-31") == Decimal("0.03")
    assert rate_on(app, tenant, "2026-12-20 12:00", "2027-01-01") == Decimal("0.05")
    assert rate_on(app, tenant, "2026-12-20 12:00", "2027-06-30") == Decimal("0.05")
    assert rate_on(app, tenant, "2026-12-31 23:59") == Decimal("0.03")  # today, in Shanghai
    assert rate_on(app, tenant, "2027-01-01 00:00") == Decimal("0.05")
    with (
        uow(app, tenant, local("2027-01-02 08:00")) as session,
        pytest.raises(rules.RuleNotInForce, match="2026-12-09"),
    ):
        rules.get(session, WITHHOLDING, on=day("2026-12-09"))

    with uow(app, tenant, local("2027-01-02 08:00")) as session:
        history = rules.history(session, WITHHOLDING)
    assert [(v.version, v.valid_from, v.body["rate"]) for v in history] == [
        (1, day("2026-12-10"), Decimal("0.0300")),
        (2, day("2027-01-01"), Decimal("0.0500")),
    ]
    assert history[1].created_at == local("2026-12-15 17:30")  # the unit of work's clock
    assert history[1].actor == Actor("api_key", "key_01", "req_01")
    assert history == [first, second]  # what put returned is what is read back


def test_a_body_is_validated_and_stored_as_the_schema_dumps_it(
    app: Any, tenant: TenantHandle
) -> None:
    version = put(app, tenant, "2026-12-10 09:00", WITHHOLDING, {"rate": "0.03"}, "2026-12-11")
    assert version.body == {"rate": Decimal("0.0300"), "threshold": 0}
    with uow(app, tenant, local("2026-12-10 09:00")) as session:
        stored = session.scalars(select(rules.TenantRule.body)).one()
    assert stored == {"rate": "0.0300", "threshold": 0}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"rate": "abc"}, "body.rate"),
        ({"rate": "1.5"}, "body.rate"),
        ({}, "body.rate"),
        ({"rate": "0.03", "tenant_id": "ten_x"}, "body.tenant_id"),
        ({"rate": "0.03", "threshold": "10"}, "body.threshold"),
        (["0.03"], "body._schema"),
        (None, "body._schema"),
    ],
)
def test_an_invalid_body_is_refused_with_its_fields(
    app: Any, tenant: TenantHandle, body: Any, field: str
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        put(app, tenant, "2026-12-10 09:00", WITHHOLDING, body, "2026-12-11")
    assert caught.value.status == 422 and caught.value.code == "validation_error"
    assert field in [e["field"] for e in caught.value.errors or []]
    with uow(app, tenant, local("2026-12-10 09:00")) as session:
        assert rules.history(session, WITHHOLDING) == []


def test_a_schema_that_dumps_no_json_is_a_programming_error(app: Any, tenant: TenantHandle) -> None:
    with pytest.raises(TypeError, match=r"test\.not_json"):
        put(app, tenant, "2026-12-10 09:00", NOT_JSON, {"rate": "0.03"}, "2026-12-11")


# --- history is never rewritten ---------------------------------------------------------------


def test_a_version_cannot_start_on_a_day_that_has_begun(app: Any, tenant: TenantHandle) -> None:
    with pytest.raises(rules.RuleBackdated) as caught:
        put(app, tenant, "2026-12-10 09:00", WITHHOLDING, {"rate": "0.03"}, "2026-12-09")
    assert caught.value.status == 422 and caught.value.code == "rule_backdated"
    assert "2026-12-10 in Asia/Shanghai" in caught.value.detail
    assert caught.value.errors == [
        {"location": "body", "field": "valid_from", "message": "On or after 2026-12-10."}
    ]
    # The first version may start today: no rule was in force, nothing was computed from one.
    put(app, tenant, "2026-12-10 09:00", WITHHOLDING, {"rate": "0.03"}, "2026-12-10")
    # Now one is in force today: a change can only start tomorrow.
    with pytest.raises(rules.RuleBackdated, match="earliest is 2026-12-11"):
        put(app, tenant, "2026-12-10 18:00", WITHHOLDING, {"rate": "0.04"}, "2026-12-10")
    put(app, tenant, "2026-12-10 18:00", WITHHOLDING, {"rate": "0.04"}, "2026-12-11")
    assert rate_on(app, tenant, "2026-12-10 23:00") == Decimal("0.03")


def test_a_declared_default_is_in_force_until_the_first_version(
    app: Any, tenant: TenantHandle
) -> None:
    with uow(app, tenant, local("2026-12-10 09:00")) as session:
        default = rules.get(session, FEE)
    assert (default.version, default.valid_from, default.id) == (0, None, None)
    assert default.body == {"rate": Decimal("0.0000"), "threshold": 0}
    default.body["rate"] = Decimal("0.9")  # a caller's copy: nobody else's default changes
    with uow(app, tenant, local("2026-12-10 09:00")) as session:
        assert rules.get(session, FEE).body["rate"] == Decimal("0")
    # the default was in force today, and may have been used: the first version waits too
    with pytest.raises(rules.RuleBackdated, match="earliest is 2026-12-11"):
        put(app, tenant, "2026-12-10 09:00", FEE, {"rate": "0.01"}, "2026-12-10")
    put(app, tenant, "2026-12-10 09:00", FEE, {"rate": "0.01"}, "2026-12-11")
    with uow(app, tenant, local("2026-12-11 00:00")) as session:
        assert rules.get(session, FEE).body["rate"] == Decimal("0.01")
        assert rules.get(session, FEE, on=day("2026-12-10")).version == 0
        assert [v.version for v in rules.history(session, FEE)] == [1]


def test_the_tenants_day_decides_not_utc(app: Any, tenant: TenantHandle) -> None:
    put(app, tenant, "2026-12-10 09:00", WITHHOLDING, {"rate": "0.03"}, "2026-12-10")
    # 23:30 on 31 December in Shanghai is 15:30 UTC: 1 January has not begun there
    put(app, tenant, "2026-12-31 23:30", WITHHOLDING, {"rate": "0.05"}, "2027-01-01")
    # 00:30 on 1 January in Shanghai is still 31 December in UTC; the day has begun
    with pytest.raises(rules.RuleBackdated, match="2027-01-01 in Asia/Shanghai"):
        put(app, tenant, "2027-01-01 00:30", WITHHOLDING, {"rate": "0.06"}, "2027-01-01")
    assert local("2027-01-01 00:30").astimezone(dt.UTC).date() == day("2026-12-31")
    assert rate_on(app, tenant, "2027-01-01 00:30") == Decimal("0.05")


def test_a_day_has_at_most_one_version(app: Any, tenant: TenantHandle) -> None:
    first = put(app, tenant, "2026-12-10 09:00", WITHHOLDING, {"rate": "0.03"}, "2027-01-01")
    with pytest.raises(rules.RuleVersionExists) as caught:
        put(app, tenant, "2026-12-11 09:00", WITHHOLDING, {"rate": "0.04"}, "2027-01-01")
    assert caught.value.status == 409 and caught.value.code == "rule_version_exists"
    assert "Version 1 of test.withholding already takes effect on 2027-01-01" in (
        caught.value.detail
    )
    assert caught.value.extra["existing_id"] == first.id


def test_a_version_may_be_written_before_an_earlier_scheduled_one(
    app: Any, tenant: TenantHandle
) -> None:
    """Numbers count writes; the timeline orders by day. Nothing was in force yet."""
    put(app, tenant, "2026-12-10 09:00", WITHHOLDING, {"rate": "0.05"}, "2027-01-01")
    put(app, tenant, "2026-12-12 09:00", WITHHOLDING, {"rate": "0.03"}, "2026-12-12")
    with uow(app, tenant, local("2026-12-12 10:00")) as session:
        history = rules.history(session, WITHHOLDING)
        assert [(v.version, v.valid_from) for v in history] == [
            (2, day("2026-12-12")),
            (1, day("2027-01-01")),
        ]
        assert rules.get(session, WITHHOLDING).version == 2


def test_tenants_have_their_own_rules(
    app: Any, tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    put(app, tenant, "2026-12-10 09:00", WITHHOLDING, {"rate": "0.03"}, "2026-12-10")
    with uow(app, other_tenant, local("2026-12-10 09:00")) as session:
        assert rules.history(session, WITHHOLDING) == []
        with pytest.raises(rules.RuleNotInForce):
            rules.get(session, WITHHOLDING)
    theirs = put(app, other_tenant, "2026-12-10 09:00", WITHHOLDING, {"rate": "0.1"}, "2026-12-10")
    assert theirs.version == 1
    assert rate_on(app, tenant, "2026-12-10 10:00") == Decimal("0.03")
    assert rate_on(app, other_tenant, "2026-12-10 10:00") == Decimal("0.1")


# --- cost -------------------------------------------------------------------------------------


def test_lookups_read_the_versions_once_per_unit_of_work(app: Any, tenant: TenantHandle) -> None:
    put(app, tenant, "2026-12-10 09:00", WITHHOLDING, {"rate": "0.03"}, "2026-12-10")
    put(app, tenant, "2026-12-10 09:00", WITHHOLDING, {"rate": "0.05"}, "2027-01-01")
    with (
        statements(app, "FROM tenant_rules") as reads,
        uow(app, tenant, local("2026-12-20 09:00")) as session,
    ):
        days = [day("2026-12-10") + dt.timedelta(days=n) for n in range(60)]
        rates = {rules.get(session, WITHHOLDING, on=d).body["rate"] for d in days}
        assert rates == {Decimal("0.03"), Decimal("0.05")}
        assert len(reads) == 1
        # a version written in the same unit of work is seen at once
        rules.put(session, WITHHOLDING, {"rate": "0.07"}, valid_from=day("2027-02-01"), actor=ADMIN)
        assert rules.get(session, WITHHOLDING, on=day("2027-02-01")).body["rate"] == Decimal("0.07")


# --- declaring kinds (no database) ----------------------------------------------------------


@pytest.mark.parametrize("kind", ["", "Test.x", "test..x", "test.x-y", "1test", "x" * 65])
def test_a_kind_has_a_dotted_lower_case_name(kind: str) -> None:
    with pytest.raises(ValueError, match="bad rule kind"):
        rules.declare(kind, schema=WithholdingSchema)


def test_a_kind_is_declared_once_with_one_schema() -> None:
    assert rules.declare(WITHHOLDING, schema=WithholdingSchema) == WITHHOLDING  # idempotent
    with pytest.raises(ValueError, match="already declared"):
        rules.declare(WITHHOLDING, schema=DecimalAsNumberSchema)
    with pytest.raises(TypeError, match="marshmallow"):
        rules.declare("test.not_a_schema", schema=dict)  # type: ignore[arg-type]
    with pytest.raises(ValidationFailed, match=r"test\.bad_default"):
        rules.declare("test.bad_default", schema=WithholdingSchema, default={"rate": "2"})
    with pytest.raises(TypeError, match="dumps no loadable JSON"):  # found at import time
        rules.declare("test.bad_default", schema=DecimalAsNumberSchema, default={"rate": "1"})
    assert "test.bad_default" not in rules.KINDS


def test_undeclared_kinds_and_instants_are_programming_errors(
    app: Any, tenant: TenantHandle
) -> None:
    with uow(app, tenant, local("2026-12-10 09:00")) as session:
        with pytest.raises(LookupError, match="not declared"):
            rules.get(session, "test.nobody_declared")
        with pytest.raises(TypeError, match="calendar date"):
            rules.get(session, WITHHOLDING, on=local("2026-12-10 09:00"))
        with pytest.raises(TypeError, match="calendar date"):
            rules.put(
                session,
                WITHHOLDING,
                {"rate": "0.03"},
                valid_from=local("2026-12-11 00:00"),
                actor=ADMIN,
            )
