"""Retries on the one clock, frozen (the `clock` fixture): the Standard Webhooks schedule
with jitter, `Retry-After`, the per-endpoint pause, giving up, and disabling after 3 days of
failures. Every time here (the events' and endpoints' stamps, the leases, the schedule) comes
from that one clock.

Jobs are captured instead of run, and the test runs the relay and the delivery job itself
at the times it chooses; the receiver is real (it answers 500, 503...)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from app.core import schedule
from app.core.jobs import UnitsOfWork
from app.core.time import FrozenClock
from app.webhooks import retries, service
from app.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests.helpers import ApiClient, TenantHandle, database, post_created, worker_body
from tests.webhooks.conftest import Receiver, Reply, deliveries, make_endpoint


@dataclass
class Harness:
    api: ApiClient
    tenant: TenantHandle
    clock: FrozenClock
    jobs: list[tuple[str, dict[str, Any], float]]
    t0: dt.datetime

    def uow(self) -> Any:
        return database(self.tenant.app).unit_of_work(tenant_id=self.tenant.id)

    def relay(self) -> None:
        with self.uow() as session:
            service.relay_job(session)

    def deliver(self, endpoint_id: str) -> int:
        units = UnitsOfWork(database(self.tenant.app), self.tenant.id)
        return service.deliver_job(units, endpoint_id=endpoint_id)

    def delivery(self, delivery_id: str) -> WebhookDelivery:
        with self.uow() as session:
            return session.scalars(
                select(WebhookDelivery).where(WebhookDelivery.id == delivery_id)
            ).one()

    def endpoint(self, endpoint_id: str) -> WebhookEndpoint:
        with self.uow() as session:
            return session.scalars(
                select(WebhookEndpoint).where(WebhookEndpoint.id == endpoint_id)
            ).one()

    def event(self) -> None:
        post_created(self.api, "/v1/workers", worker_body())
        self.relay()


@pytest.fixture()
def harness(
    api: ApiClient, tenant: TenantHandle, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Harness]:
    captured: list[tuple[str, dict[str, Any], float]] = []
    runner = tenant.app.extensions["gigkit"].jobs

    def capture(fn: Any, _tenant: Any, kwargs: dict[str, Any], **options: Any) -> None:
        captured.append((fn.__name__, kwargs, options.get("delay", 0)))

    monkeypatch.setattr(runner, "dispatch", capture)
    yield Harness(api, tenant, clock, captured, clock.now())


@pytest.mark.parametrize("jitter", ["random", "shortest", "longest"])
def test_a_failing_delivery_follows_the_schedule_then_the_endpoint_is_disabled(
    harness: Harness, receiver: Receiver, monkeypatch: pytest.MonkeyPatch, jitter: str
) -> None:
    if jitter != "random":  # the extremes: ten attempts over 68 h or over 83 h
        pick = min if jitter == "shortest" else max
        monkeypatch.setattr(retries.random, "uniform", lambda a, b: pick(a, b))
    receiver.replies["/down"] = Reply(status=500, body=b"x" * 2000)
    endpoint = make_endpoint(harness.api, receiver.url("/down"), ["worker.*"])
    harness.event()
    [delivery_id] = [d["id"] for d in deliveries(harness.api, endpoint["id"])]

    times = []
    for _ in range(retries.MAX_ATTEMPTS):
        assert harness.deliver(endpoint["id"]) == 1
        times.append(harness.clock.now())
        due = harness.delivery(delivery_id).next_attempt_at
        if due is None:
            break
        # nothing happens before the next attempt is due
        harness.clock.set(due - dt.timedelta(seconds=1))
        assert harness.deliver(endpoint["id"]) == 0
        harness.clock.set(due)

    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(times)]
    assert len(times) == retries.MAX_ATTEMPTS == 10
    for gap, planned in zip(gaps, retries.SCHEDULE, strict=True):
        assert planned * 0.9 <= gap <= planned * 1.1, (gap, planned)
    assert 68 < (times[-1] - times[0]).total_seconds() / 3600 < 84  # ~75.6 h

    delivery = harness.delivery(delivery_id)
    assert (delivery.status, delivery.attempt_count, delivery.last_error) == (
        "failed",
        10,
        "http_500",
    )
    endpoint_row = harness.endpoint(endpoint["id"])
    # the whole schedule failed (about 3 days, a little less with jitter): disabled
    assert (endpoint_row.enabled, endpoint_row.disabled_reason) == (False, "failing")
    events = harness.api.get("/v1/events?type=webhook_endpoint.disabled").json["data"]
    assert [e["data"]["object"]["id"] for e in events] == [endpoint["id"]]
    [shown] = deliveries(harness.api, endpoint["id"])
    assert [a["number"] for a in shown["attempts"]] == list(range(1, 11))
    assert all(a["status_code"] == 500 for a in shown["attempts"])
    assert len(shown["attempts"][0]["response_excerpt"]) == 500
    assert len(receiver.at("/down")) == 10


def test_a_success_in_between_keeps_the_endpoint_enabled_when_a_delivery_gives_up(
    harness: Harness, receiver: Receiver
) -> None:
    receiver.replies["/down"] = Reply(status=500)
    endpoint = make_endpoint(harness.api, receiver.url("/down"), ["worker.*"])
    harness.event()
    [delivery_id] = [d["id"] for d in deliveries(harness.api, endpoint["id"])]
    for _ in range(retries.MAX_ATTEMPTS - 1):
        harness.deliver(endpoint["id"])
        harness.clock.set(harness.delivery(delivery_id).next_attempt_at)  # type: ignore[arg-type]
    with harness.uow() as session:  # as if another delivery had succeeded an hour ago
        row = session.scalars(
            select(WebhookEndpoint).where(WebhookEndpoint.id == endpoint["id"])
        ).one()
        row.failing_since, row.failure_streak = harness.clock.now() - dt.timedelta(hours=1), 1
        row.paused_until = None
    assert harness.deliver(endpoint["id"]) == 1
    assert harness.delivery(delivery_id).status == "failed"
    assert harness.endpoint(endpoint["id"]).enabled
    assert harness.api.get("/v1/events?type=webhook_endpoint.disabled").json["data"] == []


def test_retry_after_is_honoured_when_longer_than_the_schedule(
    harness: Harness, receiver: Receiver
) -> None:
    receiver.replies["/busy"] = Reply(status=503, headers={"Retry-After": "3600"})
    endpoint = make_endpoint(harness.api, receiver.url("/busy"), ["worker.*"])
    harness.event()
    harness.deliver(endpoint["id"])
    [delivery] = deliveries(harness.api, endpoint["id"])
    due = dt.datetime.fromisoformat(delivery["next_attempt_at"])
    assert dt.timedelta(seconds=3600) <= due - harness.t0 <= dt.timedelta(seconds=3601)

    receiver.replies["/busy"] = Reply(status=429, headers={"Retry-After": "1"})
    harness.clock.set(due)
    harness.deliver(endpoint["id"])  # second failure: the schedule (5 min) is longer
    [delivery] = deliveries(harness.api, endpoint["id"])
    gap = dt.datetime.fromisoformat(delivery["next_attempt_at"]) - due
    assert dt.timedelta(seconds=270) <= gap <= dt.timedelta(seconds=330)


def test_a_failing_endpoint_is_paused_so_its_other_deliveries_wait(
    harness: Harness, receiver: Receiver
) -> None:
    receiver.replies["/flaky"] = Reply(status=502)
    endpoint = make_endpoint(harness.api, receiver.url("/flaky"), ["worker.*"])
    for _ in range(3):
        harness.event()
    assert harness.deliver(endpoint["id"]) == 1  # the first fails: the others wait
    # the delivery bookkeeping (lease, pause) is not a change to the endpoint's settings
    shown = harness.api.get(f"/v1/webhook-endpoints/{endpoint['id']}").json
    assert (shown["updated_at"], shown["failing_since"]) == (
        endpoint["updated_at"],
        harness.t0.isoformat(),
    )
    assert len(receiver.at("/flaky")) == 1
    paused_until = harness.endpoint(endpoint["id"]).paused_until
    assert paused_until is not None
    assert ("deliver_job", {"endpoint_id": endpoint["id"]}) in [(n, k) for n, k, _ in harness.jobs]
    assert harness.deliver(endpoint["id"]) == 0

    harness.clock.set(paused_until)
    assert harness.deliver(endpoint["id"]) == 1  # one more try, which fails: 5 min pause
    assert len(receiver.at("/flaky")) == 2

    receiver.replies["/flaky"] = Reply(status=204)
    harness.clock.set(harness.endpoint(endpoint["id"]).paused_until)  # type: ignore[arg-type]
    # it answers again: everything that waited goes in the same job
    assert harness.deliver(endpoint["id"]) == 3
    assert {d["status"] for d in deliveries(harness.api, endpoint["id"])} == {"succeeded"}
    endpoint_row = harness.endpoint(endpoint["id"])
    assert (endpoint_row.failure_streak, endpoint_row.failing_since) == (0, None)
    assert len(receiver.at("/flaky")) == 5
    assert len({r.headers["webhook-id"] for r in receiver.at("/flaky")}) == 3


def test_a_job_that_finds_the_endpoint_leased_leaves_it_to_the_holder(
    harness: Harness, receiver: Receiver
) -> None:
    endpoint = make_endpoint(harness.api, receiver.url(), ["worker.*"])
    harness.event()
    with harness.uow() as session:
        row = session.scalars(
            select(WebhookEndpoint).where(WebhookEndpoint.id == endpoint["id"])
        ).one()
        row.busy_until, row.busy_token = harness.t0 + dt.timedelta(seconds=30), "someone-else"
    assert harness.deliver(endpoint["id"]) == 0
    assert receiver.at("/hook") == []
    harness.clock.set(harness.t0 + dt.timedelta(seconds=31))  # the holder died: its lease ran out
    assert harness.deliver(endpoint["id"]) == 1
    assert len(receiver.at("/hook")) == 1


def tick(tenant: TenantHandle) -> None:
    """What `gigkit worker` runs every few seconds, for this tenant."""
    for name in ("webhooks.relay", "webhooks.resume"):
        schedule.run(database(tenant.app), schedule.get(name), tenant_id=tenant.id)


def test_tick_resends_deliveries_whose_job_was_lost(harness: Harness, receiver: Receiver) -> None:
    endpoint = make_endpoint(harness.api, receiver.url(), ["worker.*"])
    post_created(harness.api, "/v1/workers", worker_body())  # the relay job is "lost"
    harness.jobs.clear()
    tick(harness.tenant)  # relays it; the delivery job is "lost" too
    assert [d["status"] for d in deliveries(harness.api, endpoint["id"])] == ["pending"]
    harness.jobs.clear()
    tick(harness.tenant)
    assert ("deliver_job", {"endpoint_id": endpoint["id"]}) not in [
        (n, k) for n, k, _ in harness.jobs
    ]  # not overdue yet
    overdue = harness.tenant.app.extensions["gigkit"].settings.webhook_overdue_seconds
    harness.clock.set(harness.t0 + dt.timedelta(seconds=overdue + 1))
    with harness.uow() as session:  # paused: a job is due back when the pause ends anyway
        row = session.scalars(
            select(WebhookEndpoint).where(WebhookEndpoint.id == endpoint["id"])
        ).one()
        row.paused_until = harness.clock.now() + dt.timedelta(seconds=60)
    tick(harness.tenant)
    assert ("deliver_job", {"endpoint_id": endpoint["id"]}) not in [
        (n, k) for n, k, _ in harness.jobs
    ]
    harness.clock.advance(seconds=61)  # that job was lost too
    tick(harness.tenant)
    assert ("deliver_job", {"endpoint_id": endpoint["id"]}) in [(n, k) for n, k, _ in harness.jobs]
