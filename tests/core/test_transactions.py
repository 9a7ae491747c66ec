"""Transaction discipline: `end_transaction` refuses to discard writes, jobs that call the
outside world get units of work instead of a session, and a request that hit a
serialization failure or a deadlock runs once more before the client sees a 503."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from app.core import jobs
from app.core.db import WouldDiscardWrites, end_transaction, wrote_in_transaction
from app.core.jobs import UnitsOfWork
from app.core.tenancy import tenant_of
from app.parties import service as parties
from app.parties.models import Employer
from app.tenants.models import AuditEvent
from tests.helpers import ApiClient, database, employer_body, new_tenant

SEEN: list[Any] = []


@jobs.job("money", outside=True)
def outside_job(units: UnitsOfWork, *, note: str) -> str:
    """A job that talks to the outside world: it opens its own units of work."""
    with units() as session:
        SEEN.append((tenant_of(session), note))
    SEEN.append(("between", units.tenant_id))  # no transaction open here
    return note


def _audit_row(tenant_id: str) -> dict[str, Any]:
    return {
        "tenant_id": tenant_id,
        "id": f"aud_{uuid.uuid4().hex}",
        "action": "test.written",
        "actor_type": "system",
        "target_type": "test",
        "target_id": "x",
        "data": {},
    }


@pytest.mark.parametrize("how", ["flushed", "core", "text"])
def test_end_transaction_refuses_to_discard_what_was_written(app: Any, how: str) -> None:
    tenant = new_tenant(app)
    db = database(app)
    with pytest.raises(WouldDiscardWrites), db.unit_of_work(tenant_id=tenant.id) as session:
        if how == "flushed":
            session.add(AuditEvent(**_audit_row(tenant.id)))
            session.flush()
        elif how == "core":
            session.execute(insert(AuditEvent).values(**_audit_row(tenant.id)))
        else:
            session.execute(
                text("UPDATE tenants SET name = name WHERE id = :id"), {"id": tenant.id}
            )
        assert wrote_in_transaction(session)
        end_transaction(session)


def test_end_transaction_after_reads_starts_afresh_and_later_writes_commit(app: Any) -> None:
    tenant = new_tenant(app)
    db = database(app)
    with db.unit_of_work(tenant_id=tenant.id) as session:
        session.scalars(select(Employer)).all()
        assert not wrote_in_transaction(session)
        end_transaction(session)
        assert not session.in_transaction()
        session.add(AuditEvent(**_audit_row(tenant.id)))  # a new transaction, same tenant
    with db.unit_of_work(tenant_id=tenant.id) as session:
        actions = session.scalars(select(AuditEvent.action)).all()
    assert "test.written" in actions


def test_unflushed_changes_are_refused_too(app: Any) -> None:
    tenant = new_tenant(app)
    with (
        pytest.raises(WouldDiscardWrites, match="unflushed"),
        database(app).unit_of_work(tenant_id=tenant.id) as session,
    ):
        session.add(AuditEvent(**_audit_row(tenant.id)))
        end_transaction(session)


def test_an_outside_job_gets_units_of_work_bound_to_its_tenant(app: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(jobs, "ALLOWED_PACKAGES", {"app", "tests"})
    SEEN.clear()
    tenant = new_tenant(app)
    runner = app.extensions["gigkit"].jobs
    path = f"{outside_job.__module__}:{outside_job.__qualname__}"
    assert runner.run(path, tenant.id, {"note": "sent"}) == "sent"
    assert [*SEEN] == [(tenant.id, "sent"), ("between", tenant.id)]


def _failing_once(monkeypatch: Any, sqlstate_name: str, times: int = 1) -> list[int]:
    """Make `parties.create_employer` hit a real PostgreSQL error (raised by the server)
    the first `times` calls, after writing a row that must then be rolled back."""
    calls: list[int] = []
    real = parties.create_employer

    def flaky(session: Session, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) <= times:
            session.add(AuditEvent(**_audit_row(tenant_of(session))))
            session.flush()
            session.execute(
                text(f"DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = '{sqlstate_name}'; END $$")
            )
        return real(session, **kwargs)

    monkeypatch.setattr(parties, "create_employer", flaky)
    return calls


@pytest.mark.postgres
@pytest.mark.parametrize("sqlstate", ["serialization_failure", "deadlock_detected"])
def test_a_transient_failure_is_retried_once_in_a_fresh_unit_of_work(
    pg_app: Any, monkeypatch: Any, sqlstate: str
) -> None:
    tenant = new_tenant(pg_app)
    api = ApiClient(pg_app.test_client(), tenant.api_key)
    calls = _failing_once(monkeypatch, sqlstate)
    key = {"Idempotency-Key": str(uuid.uuid4())}
    body = employer_body()
    made = api.post("/v1/employers", json=body, headers=key)
    assert made.status_code == 201, made.json
    assert len(calls) == 2
    replay = api.post("/v1/employers", json=body, headers=key)
    assert replay.status_code == 201 and replay.json["id"] == made.json["id"]
    assert len(calls) == 2  # a replay, not a third run
    with database(pg_app).unit_of_work(tenant_id=tenant.id) as session:
        assert "test.written" not in session.scalars(select(AuditEvent.action)).all()
        assert len(session.scalars(select(Employer)).all()) == 1


@pytest.mark.postgres
def test_a_second_transient_failure_reaches_the_client_as_503(
    pg_app: Any, monkeypatch: Any
) -> None:
    tenant = new_tenant(pg_app)
    api = ApiClient(pg_app.test_client(), tenant.api_key)
    calls = _failing_once(monkeypatch, "serialization_failure", times=2)
    failed = api.post("/v1/employers", json=employer_body())
    assert failed.status_code == 503 and failed.json["code"] == "transient_conflict"
    assert failed.headers["Retry-After"] == "1"
    assert len(calls) == 2
    with database(pg_app).unit_of_work(tenant_id=tenant.id) as session:
        assert session.scalars(select(Employer)).all() == []
