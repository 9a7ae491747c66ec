"""`POST /v1/webhook-endpoints/{id}/recover`: after an outage on the tenant's side, send an
endpoint every event of a window that it has not received."""

from __future__ import annotations

import datetime as dt

import pytest

from app.webhooks import endpoints
from tests.helpers import (
    ApiClient,
    assert_problem,
    employer_body,
    post_created,
    wait_until,
    worker_body,
)
from tests.webhooks.conftest import Receiver, Reply, deliveries, make_endpoint


def ids(received: list) -> set[str]:  # type: ignore[type-arg]
    return {r.headers["webhook-id"] for r in received}


def worker_event_ids(api: ApiClient) -> list[str]:
    return [e["id"] for e in api.get("/v1/events?type=worker.created&limit=100").json["data"]]


def test_recover_sends_failed_and_missed_events_once(api: ApiClient, receiver: Receiver) -> None:
    since = dt.datetime.now(dt.UTC).isoformat()
    receiver.replies["/hook"] = Reply(status=410)  # the tenant's receiver is broken
    endpoint = make_endpoint(api, receiver.url(), ["worker.*"])
    post_created(api, "/v1/workers", worker_body())  # fails, and the endpoint is disabled
    wait_until(lambda: deliveries(api, endpoint["id"], status="failed"), "disabled by the 410")
    for _ in range(2):  # recorded while it is disabled: never relayed to it
        post_created(api, "/v1/workers", worker_body())
    post_created(api, "/v1/employers", employer_body())  # not in its filter

    recover = f"/v1/webhook-endpoints/{endpoint['id']}/recover"
    assert_problem(api.post(recover, {"since": since}), 409, "invalid_state")
    receiver.replies["/hook"] = Reply(status=200)  # fixed, and enabled again
    assert (
        api.patch(f"/v1/webhook-endpoints/{endpoint['id']}", {"enabled": True}).status_code == 200
    )
    post_created(api, "/v1/workers", worker_body())  # delivered as usual
    wait_until(lambda: len(receiver.at("/hook")) == 2, "the new event arrives")

    delivered = ids(receiver.at("/hook")[1:])
    resp = api.post(recover, {"since": since})
    assert resp.status_code == 201, resp.json
    assert resp.json["has_more"] is False
    expected = set(worker_event_ids(api))
    assert len(expected) == 4 and len(delivered) == 1
    resent = {d["event_id"] for d in resp.json["data"]}
    assert resent == expected - delivered
    assert {d["origin"] for d in resp.json["data"]} == {"redelivery"}
    wait_until(lambda: ids(receiver.at("/hook")[1:]) == expected, "every event arrives")

    again = api.post(recover, {"since": since})  # nothing is missing any more
    assert (again.status_code, again.json["data"], again.json["has_more"]) == (201, [], False)


def test_recover_works_in_batches_and_respects_the_window(
    api: ApiClient, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    endpoint = make_endpoint(api, receiver.url(), ["worker.created"])
    api.patch(f"/v1/webhook-endpoints/{endpoint['id']}", {"enabled": False})
    since = dt.datetime.now(dt.UTC).isoformat()
    for _ in range(3):
        post_created(api, "/v1/workers", worker_body())
    api.patch(f"/v1/webhook-endpoints/{endpoint['id']}", {"enabled": True})
    recover = f"/v1/webhook-endpoints/{endpoint['id']}/recover"
    oldest_first = list(reversed(worker_event_ids(api)))

    before = api.post(recover, {"since": "2026-01-01T00:00:00Z", "until": since})
    assert (before.status_code, before.json["data"]) == (201, [])
    monkeypatch.setattr(endpoints, "RECOVER_BATCH", 2)
    sent = []
    for has_more in (True, False):
        resp = api.post(recover, {"since": since})
        assert resp.status_code == 201 and resp.json["has_more"] is has_more, resp.json
        sent += [d["event_id"] for d in resp.json["data"]]
    assert sent == oldest_first
    wait_until(lambda: ids(receiver.at("/hook")) == set(sent), "delivered")


@pytest.mark.parametrize(
    "body, field",
    [
        ({}, "since"),
        ({"since": "yesterday"}, "since"),
        ({"since": "2026-11-28T10:00:00Z", "until": "2026-11-28T10:00:00Z"}, "until"),
        ({"since": "2026-11-28T10:00:00Z", "until": "2026-11-28T09:00:00Z"}, "until"),
    ],
)
def test_a_bad_window_is_refused(
    api: ApiClient, receiver: Receiver, body: dict[str, str], field: str
) -> None:
    endpoint = make_endpoint(api, receiver.url(), ["worker.*"])
    resp = api.post(f"/v1/webhook-endpoints/{endpoint['id']}/recover", body)
    assert_problem(resp, 422, "validation_error")
    assert field in {e["field"] for e in resp.json["errors"]}, resp.json
    assert deliveries(api, endpoint["id"]) == []
