"""Real deliveries to a loopback receiver, verified with the third-party `standardwebhooks`
package (as a tenant would verify them), on both databases."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from app.webhooks import signing
from tests.helpers import ApiClient, employer_body, post_created, wait_until, worker_body
from tests.webhooks.conftest import Receiver, Reply, deliveries, make_endpoint


def verified(secret: str, received: Any) -> dict[str, Any]:
    return dict(Webhook(secret).verify(received.body, received.headers))


def test_our_signer_reproduces_the_standard_webhooks_known_answer() -> None:
    signature = signing.sign(
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        msg_id="msg_p5jXN8AQM9LWM0D4loKWxJek",
        timestamp=1614265330,
        body=b'{"test": 2432232314}',
    )
    assert signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_secrets_are_32_random_bytes_in_whsec_base64() -> None:
    import base64

    first, second = signing.new_secret(), signing.new_secret()
    assert first.startswith("whsec_") and first != second
    assert len(base64.b64decode(first.removeprefix("whsec_"))) == 32


def test_an_event_is_delivered_signed_and_verifiable(api: ApiClient, receiver: Receiver) -> None:
    endpoint = make_endpoint(api, receiver.url(), ["worker.*"])
    assert endpoint["secret"].startswith("whsec_")
    worker = post_created(api, "/v1/workers", worker_body())
    post_created(api, "/v1/employers", employer_body())  # not subscribed

    wait_until(lambda: receiver.at("/hook"), "the receiver got the event")
    [got] = receiver.at("/hook")
    payload = verified(endpoint["secret"], got)
    event = api.get("/v1/events?type=worker.created").json["data"][0]
    assert got.headers["webhook-id"] == event["id"] == payload["id"]
    assert payload["type"] == "worker.created"
    assert payload["data"]["object"]["id"] == worker["id"]
    assert payload["data"] == event["data"] and payload["created_at"] == event["created_at"]
    assert payload["livemode"] is False and payload["tenant_id"].startswith("ten_")
    assert got.headers["Content-Type"] == "application/json"
    assert json.loads(got.body) == payload  # the signed bytes are the bytes sent

    wait_until(lambda: deliveries(api, endpoint["id"])[0]["status"] == "succeeded", "it is logged")
    [delivery] = deliveries(api, endpoint["id"])
    assert delivery["event_id"] == event["id"] and delivery["attempt_count"] == 1
    [attempt] = delivery["attempts"]
    assert attempt["outcome"] == "succeeded" and attempt["status_code"] == 200
    assert attempt["response_excerpt"] == "ok" and attempt["duration_ms"] >= 0


def test_a_tampered_delivery_does_not_verify(api: ApiClient, receiver: Receiver) -> None:
    endpoint = make_endpoint(api, receiver.url())
    post_created(api, "/v1/workers", worker_body())
    wait_until(lambda: receiver.at("/hook"), "delivered")
    got = receiver.at("/hook")[0]
    with pytest.raises(WebhookVerificationError):
        Webhook(endpoint["secret"]).verify(got.body + b" ", got.headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(signing.new_secret()).verify(got.body, got.headers)


def test_during_a_rotation_both_secrets_verify_then_only_the_new(
    api: ApiClient, receiver: Receiver
) -> None:
    endpoint = make_endpoint(api, receiver.url("/a"))
    old = endpoint["secret"]
    resp = api.post(f"/v1/webhook-endpoints/{endpoint['id']}/rotate-secret", {})
    assert resp.status_code == 200, resp.json
    new = resp.json["secret"]
    assert new != old and resp.json["previous_secret_expires_at"] is not None
    post_created(api, "/v1/workers", worker_body())
    wait_until(lambda: receiver.at("/a"), "delivered")
    got = receiver.at("/a")[0]
    assert len(got.headers["webhook-signature"].split(" ")) == 2
    assert verified(old, got) == verified(new, got)

    second = make_endpoint(api, receiver.url("/b"))
    resp = api.post(f"/v1/webhook-endpoints/{second['id']}/rotate-secret", {"overlap_seconds": 0})
    newest = resp.json["secret"]
    assert resp.json["previous_secret_expires_at"] is None
    post_created(api, "/v1/workers", worker_body())
    wait_until(lambda: receiver.at("/b"), "delivered")
    got = receiver.at("/b")[0]
    verified(newest, got)
    with pytest.raises(WebhookVerificationError):
        verified(second["secret"], got)


def test_only_events_after_the_endpoint_was_created_are_delivered(
    api: ApiClient, receiver: Receiver
) -> None:
    post_created(api, "/v1/workers", worker_body())
    endpoint = make_endpoint(api, receiver.url())
    post_created(api, "/v1/employers", employer_body())
    wait_until(lambda: receiver.at("/hook"), "delivered")
    assert [d["event_type"] for d in deliveries(api, endpoint["id"])] == ["employer.created"]


def test_the_test_event_goes_to_that_endpoint_only(api: ApiClient, receiver: Receiver) -> None:
    one = make_endpoint(api, receiver.url("/one"))
    make_endpoint(api, receiver.url("/two"))
    resp = api.post(f"/v1/webhook-endpoints/{one['id']}/test", {})
    assert resp.status_code == 201, resp.json
    assert resp.json["origin"] == "test" and resp.json["status"] == "pending"
    wait_until(lambda: receiver.at("/one"), "delivered")
    payload = verified(one["secret"], receiver.at("/one")[0])
    assert payload["type"] == "webhook_endpoint.test"
    assert payload["data"]["object"]["id"] == one["id"]
    # redelivered without naming an endpoint, it still goes to the endpoint it tested
    # (the other one's filter, `*`, matches every type)
    again = api.post(f"/v1/events/{payload['id']}/redeliver", {})
    assert [d["endpoint_id"] for d in again.json["data"]] == [one["id"]], again.json
    wait_until(lambda: len(receiver.at("/one")) == 2, "redelivered")
    assert receiver.at("/two") == []


def test_a_redelivery_keeps_the_webhook_id_with_a_fresh_signature(
    api: ApiClient, receiver: Receiver
) -> None:
    endpoint = make_endpoint(api, receiver.url())
    post_created(api, "/v1/workers", worker_body())
    wait_until(lambda: receiver.at("/hook"), "delivered")
    first = receiver.at("/hook")[0]
    resp = api.post(f"/v1/events/{first.headers['webhook-id']}/redeliver", {})
    assert resp.status_code == 201, resp.json
    assert [d["origin"] for d in resp.json["data"]] == ["redelivery"]
    wait_until(lambda: len(receiver.at("/hook")) == 2, "redelivered")
    second = receiver.at("/hook")[1]
    assert second.headers["webhook-id"] == first.headers["webhook-id"]
    assert verified(endpoint["secret"], second) == verified(endpoint["secret"], first)


def test_410_gone_disables_the_endpoint_and_an_event_says_so(
    api: ApiClient, receiver: Receiver
) -> None:
    receiver.replies["/gone"] = Reply(status=410)
    gone = make_endpoint(api, receiver.url("/gone"), ["worker.*"])
    watcher = make_endpoint(api, receiver.url("/watch"), ["webhook_endpoint.*"])
    post_created(api, "/v1/workers", worker_body())
    wait_until(
        lambda: api.get(f"/v1/webhook-endpoints/{gone['id']}").json["enabled"] is False,
        "disabled",
    )
    shown = api.get(f"/v1/webhook-endpoints/{gone['id']}").json
    assert shown["disabled_reason"] == "gone" and shown["disabled_at"] is not None
    [delivery] = deliveries(api, gone["id"])
    assert delivery["status"] == "failed" and delivery["last_error"] == "http_410"
    wait_until(lambda: receiver.at("/watch"), "the disabling is announced")
    payload = verified(watcher["secret"], receiver.at("/watch")[0])
    assert payload["type"] == "webhook_endpoint.disabled"
    assert payload["data"]["object"]["id"] == gone["id"]


def test_redirects_are_not_followed(api: ApiClient, receiver: Receiver) -> None:
    receiver.replies["/moved"] = Reply(status=302, headers={"Location": receiver.url("/new")})
    endpoint = make_endpoint(api, receiver.url("/moved"))
    post_created(api, "/v1/workers", worker_body())
    wait_until(lambda: deliveries(api, endpoint["id"])[0]["attempts"], "attempted")
    [delivery] = deliveries(api, endpoint["id"])
    assert delivery["status"] == "pending" and delivery["last_error"] == "http_302"
    assert delivery["attempts"][0]["outcome"] == "failed"
    assert receiver.at("/new") == []


def test_a_hanging_receiver_does_not_hold_up_other_endpoints(
    api: ApiClient, receiver: Receiver
) -> None:
    receiver.replies["/hangs"] = Reply(delay=10)  # longer than the 3 s test timeout
    hangs = make_endpoint(api, receiver.url("/hangs"), ["worker.*"])
    fast = make_endpoint(api, receiver.url("/fast"), ["worker.*"])
    started = time.monotonic()
    for _ in range(5):
        post_created(api, "/v1/workers", worker_body())
    wait_until(lambda: len(receiver.at("/fast")) == 5, "the healthy endpoint got everything")
    assert time.monotonic() - started < 2.5  # before the hanging request even timed out
    assert len(receiver.at("/hangs")) == 1  # one request in flight; the rest wait for it
    wait_until(
        lambda: any(d["attempts"] for d in deliveries(api, hangs["id"])), "the attempt timed out"
    )
    attempted = [d for d in deliveries(api, hangs["id"]) if d["attempts"]]
    assert [a["error"] for d in attempted for a in d["attempts"]] == ["timeout"]
    assert {d["status"] for d in deliveries(api, fast["id"])} == {"succeeded"}
