"""The webhook-endpoints resource through the HTTP API: CRUD, bad input (422 and nothing
changed), live mode, secret rotation, test events, redelivery across tenants, scopes and
event-type filters. Deliveries go to a real loopback receiver, verified with the
third-party `standardwebhooks` package."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from app.webhooks import service, signing
from tests.helpers import (
    ApiClient,
    TenantHandle,
    assert_problem,
    employer_body,
    new_tenant,
    post_created,
    wait_until,
    worker_body,
)
from tests.webhooks.conftest import Receiver, deliveries, make_endpoint

PUBLIC = "https://hooks.example.com/gigkit"
MISSING = "we_" + "0" * 26


def listed(api: ApiClient, query: str = "") -> list[dict[str, Any]]:
    resp = api.get(f"/v1/webhook-endpoints?limit=100{query}")
    assert resp.status_code == 200, resp.json
    return list(resp.json["data"])


def shown(api: ApiClient, endpoint_id: str) -> dict[str, Any]:
    resp = api.get(f"/v1/webhook-endpoints/{endpoint_id}")
    assert resp.status_code == 200, resp.json
    return dict(resp.json)


# --- CRUD --------------------------------------------------------------------------------------


def test_create_get_list_update_delete(api: ApiClient) -> None:
    created = make_endpoint(
        api, PUBLIC, ["payout.*"], description="Payouts", metadata={"team": "ops"}
    )
    assert created["id"].startswith("we_") and created["secret"].startswith("whsec_")
    assert (created["url"], created["description"]) == (PUBLIC, "Payouts")
    assert created["event_types"] == ["payout.*"] and created["metadata"] == {"team": "ops"}
    assert created["enabled"] is True and created["disabled_reason"] is None
    assert created["secret_rotated_at"] is None

    got = shown(api, created["id"])
    assert "secret" not in got  # shown on create only
    assert got == {k: v for k, v in created.items() if k != "secret"}
    assert [e["id"] for e in listed(api)] == [created["id"]]
    assert "secret" not in listed(api)[0]

    changes = {
        "url": "https://hooks.example.com/v2?x=1",
        "description": "All escrow",
        "event_types": ["escrow.*", "payout.paid"],
    }
    resp = api.patch(f"/v1/webhook-endpoints/{created['id']}", changes)
    assert resp.status_code == 200, resp.json
    assert {k: resp.json[k] for k in changes} == changes and "secret" not in resp.json
    assert shown(api, created["id"]) == resp.json

    resp = api.patch(f"/v1/webhook-endpoints/{created['id']}", {"enabled": False})
    assert resp.status_code == 200, resp.json
    assert (resp.json["enabled"], resp.json["disabled_reason"]) == (False, "manual")
    assert resp.json["disabled_at"] is not None
    assert [e["id"] for e in listed(api, "&enabled=false")] == [created["id"]]
    assert listed(api, "&enabled=true") == []
    resp = api.patch(f"/v1/webhook-endpoints/{created['id']}", {"enabled": True})
    assert resp.json["enabled"] is True
    assert resp.json["disabled_reason"] is None and resp.json["disabled_at"] is None

    base = f"/v1/webhook-endpoints/{created['id']}"
    assert api.delete(base).status_code == 204
    assert_problem(api.get(base), 404, "resource_missing")
    for resp in (api.get(f"{base}/deliveries"), api.delete(base), api.post(f"{base}/test", {})):
        assert_problem(resp, 404, "resource_missing")
    assert listed(api) == []
    assert_problem(api.get(f"/v1/webhook-endpoints/{MISSING}"), 404, "resource_missing")


def test_the_list_pages_newest_first(api: ApiClient) -> None:
    made = [make_endpoint(api, f"{PUBLIC}/{n}", ["payout.*"])["id"] for n in range(3)]
    first = api.get("/v1/webhook-endpoints?limit=2").json
    assert first["has_more"] is True and first["next_cursor"]
    rest = api.get(f"/v1/webhook-endpoints?limit=2&cursor={first['next_cursor']}").json
    assert rest["has_more"] is False and rest["next_cursor"] is None
    assert [e["id"] for e in first["data"] + rest["data"]] == made[::-1]


def test_another_tenants_endpoint_is_not_found(api: ApiClient, other_tenant: TenantHandle) -> None:
    mine = make_endpoint(api, PUBLIC, ["payout.*"])
    before = shown(api, mine["id"])
    other = ApiClient(api.client, other_tenant.api_key)
    base = f"/v1/webhook-endpoints/{mine['id']}"
    for resp in (
        other.get(base),
        other.patch(base, {"description": "hijacked", "enabled": False}),
        other.post(f"{base}/rotate-secret", {}),
        other.post(f"{base}/test", {}),
        other.get(f"{base}/deliveries"),
        other.delete(base),
    ):
        assert_problem(resp, 404, "resource_missing")
    assert listed(other) == []
    assert shown(api, mine["id"]) == before  # not renamed, disabled, rotated or deleted
    assert deliveries(api, mine["id"]) == []  # no test event was sent


# --- bad input ---------------------------------------------------------------------------------

BAD = [
    ({"url": "not a url"}, "url"),
    ({"url": "ftp://example.com/hook"}, "url"),
    ({"url": "javascript:alert(1)"}, "url"),
    ({"url": "file:///etc/passwd"}, "url"),
    ({"url": "https://user:secret@example.com/hook"}, "url"),
    ({"url": "https://example.com/hook#part"}, "url"),
    ({"url": ""}, "url"),
    ({"event_types": ["nosuch.created"]}, "event_types"),
    ({"event_types": ["worker"]}, "event_types"),
    ({"event_types": ["nosuch.*"]}, "event_types"),
    ({"event_types": ["*.created"]}, "event_types"),
    ({"event_types": []}, "event_types"),
    ({"event_types": "worker.*"}, "event_types"),
    ({"enabled": "yes"}, "enabled"),
    ({"enabled": 1}, "enabled"),
    ({"description": "x" * 201}, "description"),
]


@pytest.mark.parametrize(("change", "field"), BAD, ids=[repr(c) for c, _ in BAD])
def test_bad_input_is_422_and_changes_nothing(
    api: ApiClient, change: dict[str, Any], field: str
) -> None:
    existing = make_endpoint(api, PUBLIC, ["payout.*"])
    before = shown(api, existing["id"])

    resp = api.post("/v1/webhook-endpoints", {"url": PUBLIC, "event_types": ["*"], **change})
    problem = assert_problem(resp, 422, "validation_error")
    assert problem["param"].split(".")[0] == field, problem
    assert {e["field"].split(".")[0] for e in problem["errors"]} == {field}

    resp = api.patch(f"/v1/webhook-endpoints/{existing['id']}", change)
    problem = assert_problem(resp, 422, "validation_error")
    assert problem["param"].split(".")[0] == field, problem
    assert listed(api) == [before]


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        (["payout.*"], ["payout.*"]),
        (["*"], ["*"]),
        (["escrow.hold.*", "worker.created"], ["escrow.hold.*", "worker.created"]),
        (["payout.paid", "payout.*", "payout.paid"], ["payout.paid", "payout.*"]),
    ],
)
def test_exact_types_and_wildcards_are_accepted(
    api: ApiClient, given: list[str], kept: list[str]
) -> None:
    assert make_endpoint(api, PUBLIC, given)["event_types"] == kept


def test_live_mode_requires_https_and_a_public_address(app: Any, receiver: Receiver) -> None:
    live = ApiClient(app.test_client(), new_tenant(app, mode="live").api_key)
    for url in (
        "http://hooks.example.com/gigkit",
        "https://127.0.0.1/hook",
        "https://127.1/hook",
        "https://10.1.2.3/hook",
        "https://192.168.0.10/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://0.0.0.0/hook",
        "https://localhost/hook",
    ):
        resp = live.post("/v1/webhook-endpoints", {"url": url, "event_types": ["*"]})
        assert_problem(resp, 422, "validation_error")
        assert resp.json["param"] == "url", (url, resp.json)
    assert listed(live) == []

    made = make_endpoint(live, PUBLIC)
    for url in ("http://hooks.example.com/gigkit", "https://127.0.0.1/hook"):
        resp = live.patch(f"/v1/webhook-endpoints/{made['id']}", {"url": url})
        assert_problem(resp, 422, "validation_error")
    assert shown(live, made["id"])["url"] == PUBLIC

    # In test mode the development setting (on in the tests) lets a loopback receiver in.
    sandbox = ApiClient(app.test_client(), new_tenant(app).api_key)
    assert make_endpoint(sandbox, receiver.url())["url"] == receiver.url()


# --- rotation, test events, redelivery ---------------------------------------------------------


def test_after_a_rotation_the_test_event_verifies_with_both_secrets(
    api: ApiClient, receiver: Receiver
) -> None:
    endpoint = make_endpoint(api, receiver.url(), ["payout.*"])
    old = endpoint["secret"]
    resp = api.post(f"/v1/webhook-endpoints/{endpoint['id']}/rotate-secret", {})
    assert resp.status_code == 200, resp.json
    new = resp.json["secret"]
    assert new.startswith("whsec_") and new != old
    rotated = shown(api, endpoint["id"])
    assert "secret" not in rotated
    expires = dt.datetime.fromisoformat(rotated["previous_secret_expires_at"])
    assert expires - dt.datetime.fromisoformat(rotated["secret_rotated_at"]) == dt.timedelta(days=1)

    resp = api.post(f"/v1/webhook-endpoints/{endpoint['id']}/test", {})
    assert resp.status_code == 201, resp.json
    wait_until(lambda: receiver.at("/hook"), "the test event arrived")
    [got] = receiver.at("/hook")
    signatures = got.headers["webhook-signature"].split(" ")
    assert len(signatures) == 2 and all(s.startswith("v1,") for s in signatures)
    for secret in (old, new):
        payload = Webhook(secret).verify(got.body, got.headers)
        assert payload["type"] == "webhook_endpoint.test"
        assert payload["data"]["object"]["id"] == endpoint["id"]
    with pytest.raises(WebhookVerificationError):
        Webhook(signing.new_secret()).verify(got.body, got.headers)

    wait_until(lambda: deliveries(api, endpoint["id"])[0]["status"] == "succeeded", "it is logged")
    [delivery] = deliveries(api, endpoint["id"])
    assert delivery["origin"] == "test" and delivery["id"] == resp.json["id"]
    assert delivery["event_id"] == got.headers["webhook-id"]


def test_a_disabled_endpoint_refuses_rotation_and_tests(api: ApiClient, receiver: Receiver) -> None:
    endpoint = make_endpoint(api, receiver.url(), ["payout.*"], enabled=False)
    assert endpoint["disabled_reason"] == "manual"
    base = f"/v1/webhook-endpoints/{endpoint['id']}"
    assert_problem(api.post(f"{base}/rotate-secret", {}), 409, "invalid_state")
    assert_problem(api.post(f"{base}/test", {}), 409, "invalid_state")
    after = shown(api, endpoint["id"])
    assert (after["secret_rotated_at"], after["previous_secret_expires_at"]) == (None, None)
    assert deliveries(api, endpoint["id"]) == []

    assert api.patch(base, {"enabled": True}).status_code == 200
    assert api.post(f"{base}/test", {}).status_code == 201
    wait_until(lambda: receiver.at("/hook"), "the test event arrived")
    [got] = receiver.at("/hook")
    assert len(got.headers["webhook-signature"].split(" ")) == 1
    Webhook(endpoint["secret"]).verify(got.body, got.headers)  # still the first secret


def test_redelivery_is_confined_to_the_tenant(
    api: ApiClient, other_tenant: TenantHandle, receiver: Receiver
) -> None:
    other = ApiClient(api.client, other_tenant.api_key)
    mine = make_endpoint(api, receiver.url("/mine"), ["worker.*"])
    theirs = make_endpoint(other, receiver.url("/theirs"), ["worker.*"])
    post_created(api, "/v1/workers", worker_body())
    wait_until(lambda: receiver.at("/mine"), "delivered")
    [event] = api.get("/v1/events?type=worker.created").json["data"]

    assert_problem(other.post(f"/v1/events/{event['id']}/redeliver", {}), 404, "resource_missing")
    resp = other.post(f"/v1/events/{event['id']}/redeliver", {"endpoint_id": theirs["id"]})
    assert_problem(resp, 404, "resource_missing")
    resp = api.post(f"/v1/events/{event['id']}/redeliver", {"endpoint_id": theirs["id"]})
    assert_problem(resp, 404, "resource_missing")
    missing = "evt_" + "0" * 26
    assert_problem(api.post(f"/v1/events/{missing}/redeliver", {}), 404, "resource_missing")
    assert len(deliveries(api, mine["id"])) == 1 and deliveries(other, theirs["id"]) == []

    resp = api.post(f"/v1/events/{event['id']}/redeliver", {"endpoint_id": mine["id"]})
    assert resp.status_code == 201, resp.json
    [made] = resp.json["data"]
    assert made["origin"] == "redelivery" and made["endpoint_id"] == mine["id"]
    assert made["event_id"] == event["id"]
    wait_until(lambda: len(receiver.at("/mine")) == 2, "redelivered")
    listed_now = deliveries(api, mine["id"])
    assert sorted(d["origin"] for d in listed_now) == ["event", "redelivery"]
    assert made["id"] in [d["id"] for d in listed_now]
    assert {r.headers["webhook-id"] for r in receiver.at("/mine")} == {event["id"]}
    assert receiver.at("/theirs") == [] and deliveries(other, theirs["id"]) == []

    assert api.patch(f"/v1/webhook-endpoints/{mine['id']}", {"enabled": False}).status_code == 200
    resp = api.post(f"/v1/events/{event['id']}/redeliver", {"endpoint_id": mine["id"]})
    assert_problem(resp, 409, "invalid_state")
    assert len(deliveries(api, mine["id"])) == 2


# --- scopes and filters ------------------------------------------------------------------------


def test_a_key_without_the_webhooks_scope_is_refused(api: ApiClient, tenant: TenantHandle) -> None:
    endpoint = make_endpoint(api, PUBLIC, ["payout.*"])
    post_created(api, "/v1/workers", worker_body())
    event = api.get("/v1/events").json["data"][0]
    parties = ApiClient(api.client, tenant.key(["parties:read", "parties:write"]))
    base = f"/v1/webhook-endpoints/{endpoint['id']}"
    for resp in (
        parties.get("/v1/webhook-endpoints"),
        parties.post("/v1/webhook-endpoints", {"url": PUBLIC, "event_types": ["*"]}),
        parties.get(base),
        parties.patch(base, {"enabled": False}),
        parties.delete(base),
        parties.post(f"{base}/rotate-secret", {}),
        parties.post(f"{base}/test", {}),
        parties.get(f"{base}/deliveries"),
        parties.get("/v1/events"),
        parties.post(f"/v1/events/{event['id']}/redeliver", {}),
    ):
        problem = assert_problem(resp, 403, "insufficient_scope")
        assert problem["required_scopes"] == ["webhooks:manage"]
    assert listed(api) == [{k: v for k, v in endpoint.items() if k != "secret"}]

    webhooks = ApiClient(api.client, tenant.key(["webhooks:manage"]))
    assert [e["id"] for e in listed(webhooks)] == [endpoint["id"]]


def test_a_wildcard_filter_receives_only_its_family(api: ApiClient, receiver: Receiver) -> None:
    workers = make_endpoint(api, receiver.url("/workers"), ["worker.*"])
    employers = make_endpoint(api, receiver.url("/employers"), ["employer.created"])
    escrow = make_endpoint(api, receiver.url("/escrow"), ["escrow.*"])
    everything = make_endpoint(api, receiver.url("/all"), ["*"])
    post_created(api, "/v1/workers", worker_body())
    post_created(api, "/v1/employers", employer_body())
    wait_until(lambda: len(receiver.at("/all")) == 2, "both events reached `*`")
    wait_until(lambda: receiver.at("/workers") and receiver.at("/employers"), "delivered")

    def types(endpoint: dict[str, Any]) -> list[str]:
        return sorted(d["event_type"] for d in deliveries(api, endpoint["id"]))

    assert types(everything) == ["employer.created", "worker.created"]
    assert types(workers) == ["worker.created"]
    assert types(employers) == ["employer.created"]
    assert types(escrow) == []
    assert [r.headers["webhook-id"] for r in receiver.at("/workers")] == [
        d["event_id"] for d in deliveries(api, workers["id"])
    ]


@pytest.mark.parametrize(
    ("patterns", "event_type", "expected"),
    [
        ("worker.*", "worker.created", True),
        ("worker.*", "employer.created", False),
        ("worker.*", "workers.created", False),
        ("escrow.*", "escrow.hold.released", True),
        ("escrow.hold.*", "escrow.deposit.succeeded", False),
        ("*", "payout.paid", True),
        ("payout.paid", "payout.failed", False),
        ("payout.failed worker.*", "worker.updated", True),
    ],
)
def test_filter_matching(patterns: str, event_type: str, expected: bool) -> None:
    assert service.matches(patterns.split(), event_type) is expected
