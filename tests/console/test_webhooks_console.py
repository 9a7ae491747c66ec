"""The console's webhook pages through Flask's test client, on SQLite and PostgreSQL: an
endpoint added, edited, disabled, rotated and deleted in the console and checked on the API;
a test event sent to a real loopback receiver, verified with `standardwebhooks`, then seen
and redelivered in the delivery log (escaped, truncated, in the tenant's zone, paginated);
a window recovered; bad input (422, nothing changed), live mode, viewers, other tenants."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from standardwebhooks.webhooks import Webhook

from tests.console.test_console import csrf_of, log_in, make_admin
from tests.helpers import ApiClient, TenantHandle, new_tenant, wait_until, worker_body
from tests.webhooks.conftest import Receiver, Reply

PUBLIC = "https://hooks.example.com/gigkit"
SECRET = re.compile(r'id="secret" value="(whsec_[^"]+)"')
ZONE = ZoneInfo("Asia/Shanghai")  # the tenants' default zone


@pytest.fixture()
def receiver() -> Iterator[Receiver]:
    found = Receiver()
    yield found
    found.close()


def signed_in(app: Any, tenant: TenantHandle, role: str = "owner") -> Any:
    client = app.test_client()
    assert log_in(client, make_admin(app, tenant, role)).status_code == 303
    return client


@pytest.fixture()
def owner(app: Any, tenant: TenantHandle) -> Any:
    return signed_in(app, tenant)


def post_form(client: Any, path: str, page: str | None = None, **data: Any) -> Any:
    """POST `data` to `path` with the CSRF token of the page at `page` (default: the list),
    following a redirect (after an action, the browser GETs a page that says what was done)."""
    token = csrf_of(client.get(page or "/console/webhooks"))
    return client.post(path, data={"csrf": token, **data}, follow_redirects=True)


def add_endpoint(client: Any, url: str, **data: Any) -> tuple[Any, str | None]:
    """The creation's answer and the secret it shows (None if refused)."""
    data.setdefault("types", ["*"])
    resp = post_form(client, "/console/webhooks/new", "/console/webhooks/new", url=url, **data)
    found = SECRET.search(resp.get_data(as_text=True))
    return resp, found.group(1) if found else None


def api_endpoints(client: Any, tenant: TenantHandle) -> list[dict[str, Any]]:
    return list(
        ApiClient(client, tenant.api_key).get("/v1/webhook-endpoints?limit=100").json["data"]
    )


def text(resp: Any) -> str:
    return html.unescape(resp.get_data(as_text=True))


def test_an_endpoint_added_in_the_console_is_on_the_api(owner: Any, tenant: TenantHandle) -> None:
    resp, secret = add_endpoint(
        owner,
        PUBLIC,
        types=["worker.created"],
        patterns="payout.*, escrow.hold.*",
        description="payroll <b>backend</b>",
    )
    assert resp.status_code == 201 and secret and secret.startswith("whsec_")
    assert 'data-copy="#secret"' in resp.get_data(as_text=True)
    [made] = api_endpoints(owner, tenant)
    assert made["url"] == PUBLIC and made["description"] == "payroll <b>backend</b>"
    assert made["event_types"] == ["worker.created", "payout.*", "escrow.hold.*"]
    audit = ApiClient(owner, tenant.api_key).get(f"/v1/audit-events?target_id={made['id']}")
    [entry] = audit.json["data"]
    assert entry["action"] == "webhook_endpoint.created"
    assert entry["actor"]["type"] == "admin_user"

    for page in ("/console/webhooks", f"/console/webhooks/{made['id']}"):
        body = owner.get(page).get_data(as_text=True)
        assert PUBLIC in body and secret not in body  # shown once
        assert "<b>backend</b>" not in body and "&lt;b&gt;backend&lt;/b&gt;" in body


def test_a_test_event_arrives_signed_and_is_logged_and_redelivered(
    owner: Any, tenant: TenantHandle, receiver: Receiver
) -> None:
    receiver.replies["/hook"] = Reply(body=b"<script>alert(1)</script>" + b"y" * 400)
    _, secret = add_endpoint(owner, receiver.url())
    assert secret
    [endpoint] = api_endpoints(owner, tenant)
    page = f"/console/webhooks/{endpoint['id']}"
    sent = post_form(owner, f"{page}/test", page)
    assert sent.status_code == 200 and "A test event is on its way" in text(sent)
    wait_until(lambda: receiver.at("/hook"), "the test event arrived")
    [got] = receiver.at("/hook")
    payload = Webhook(secret).verify(got.body, got.headers)
    assert payload["type"] == "webhook_endpoint.test"
    assert payload["data"]["object"]["id"] == endpoint["id"]

    api = ApiClient(owner, tenant.api_key)
    deliveries = f"/v1/webhook-endpoints/{endpoint['id']}/deliveries"
    wait_until(lambda: api.get(deliveries).json["data"][0]["status"] == "succeeded", "logged")
    [delivery] = api.get(deliveries).json["data"]
    body = owner.get(page).get_data(as_text=True)
    assert "webhook_endpoint.test" in body and "succeeded" in body
    assert delivery["event_id"] in body and ">200<" in body.replace("<br>", "<")
    assert "<script>alert(1)" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "y" * 170 in body and "y" * 200 not in body  # truncated
    created = dt.datetime.fromisoformat(delivery["created_at"]).astimezone(ZONE)
    assert "Times in Asia/Shanghai." in body and f"{created:%Y-%m-%d %H:%M:%S}" in body

    again = post_form(owner, f"{page}/deliveries/{delivery['id']}/redeliver", page)
    assert again.status_code == 200 and "will be delivered again" in text(again)
    wait_until(lambda: len(receiver.at("/hook")) == 2, "redelivered")
    assert receiver.at("/hook")[1].headers["webhook-id"] == got.headers["webhook-id"]
    actions = {
        e["action"] for e in api.get(f"/v1/audit-events?target_id={endpoint['id']}").json["data"]
    }
    assert {"webhook_endpoint.test_sent", "webhook_endpoint.redelivered"} <= actions


def test_the_delivery_log_pages_newest_first(
    owner: Any, tenant: TenantHandle, receiver: Receiver
) -> None:
    add_endpoint(owner, receiver.url())
    [endpoint] = api_endpoints(owner, tenant)
    page = f"/console/webhooks/{endpoint['id']}"
    token = csrf_of(owner.get(page))
    for _ in range(21):
        sent = owner.post(f"{page}/test", data={"csrf": token})
        assert sent.status_code == 303 and "done=test_sent" in sent.headers["Location"]
    api = ApiClient(owner, tenant.api_key)
    listing = api.get(f"/v1/webhook-endpoints/{endpoint['id']}/deliveries?limit=100").json["data"]
    first = owner.get(page).get_data(as_text=True)
    assert first.count("/redeliver") == 20 and listing[0]["id"] in first
    older = re.search(r'href="([^"]+cursor=[^"]+)"', first)
    assert older, first
    second = owner.get(html.unescape(older.group(1))).get_data(as_text=True)
    assert second.count("/redeliver") == 1 and listing[-1]["id"] in second
    assert owner.get(page + "?cursor=forged").status_code == 400


def test_edit_disable_rotate_enable_and_delete(
    owner: Any, tenant: TenantHandle, receiver: Receiver
) -> None:
    _, first = add_endpoint(owner, receiver.url(), types=["payout.paid"])
    [endpoint] = api_endpoints(owner, tenant)
    page = f"/console/webhooks/{endpoint['id']}"
    form = owner.get(f"{page}/edit").get_data(as_text=True)
    assert 'value="payout.paid" checked' in form
    edited = post_form(
        owner, f"{page}/edit", page, url=receiver.url(), types=["worker.created"], description="x"
    )  # no `enabled`: disabled
    assert edited.status_code == 200 and "Saved." in text(edited)
    api = ApiClient(owner, tenant.api_key)
    now = api.get(f"/v1/webhook-endpoints/{endpoint['id']}").json
    assert (now["enabled"], now["disabled_reason"]) == (False, "manual")
    assert now["event_types"] == ["worker.created"] and now["description"] == "x"

    refused = post_form(owner, f"{page}/rotate", page, overlap_hours="1")
    assert refused.status_code == 409 and "disabled: enable it first" in text(refused)
    assert post_form(owner, f"{page}/test", page).status_code == 409
    assert api.get(f"/v1/webhook-endpoints/{endpoint['id']}").json["secret_rotated_at"] is None

    enabled = post_form(
        owner, f"{page}/edit", page, url=receiver.url(), types=["worker.created"], enabled="on"
    )
    assert enabled.status_code == 200
    for bad in ("-1", "169", "soon", "1" * 10_000):
        resp = post_form(owner, f"{page}/rotate", page, overlap_hours=bad)
        assert resp.status_code == 422 and "whole number of hours from 0 to 168" in text(resp)
    rotated = post_form(owner, f"{page}/rotate", page, overlap_hours="1")
    assert rotated.status_code == 200
    second = SECRET.search(rotated.get_data(as_text=True))
    assert second and second.group(1) not in (first, None)
    now = api.get(f"/v1/webhook-endpoints/{endpoint['id']}").json
    overlap = dt.datetime.fromisoformat(
        now["previous_secret_expires_at"]
    ) - dt.datetime.fromisoformat(now["secret_rotated_at"])
    assert overlap == dt.timedelta(hours=1)

    confirm = owner.get(f"{page}/delete").get_data(as_text=True)
    assert "data-confirm=" in confirm
    gone = post_form(owner, f"{page}/delete", page)
    assert gone.status_code == 200 and "was deleted" in text(gone)
    assert api.get(f"/v1/webhook-endpoints/{endpoint['id']}").status_code == 404
    assert owner.get(page).status_code == 404
    actions = [
        e["action"] for e in api.get(f"/v1/audit-events?target_id={endpoint['id']}").json["data"]
    ]
    assert {"webhook_endpoint.updated", "webhook_endpoint.secret_rotated"} <= set(actions)
    assert actions[0] == "webhook_endpoint.deleted"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"url": "https://x.example/" + "a" * 10_000}, "At most 2048 characters (this one has"),
        ({"url": ""}, "Enter a URL."),
        ({"url": "ftp://hooks.example.com/x"}, "Not a valid http(s) URL"),
        ({"url": "https://user:pw@hooks.example.com/x"}, "Not a valid http(s) URL"),
        ({"url": '"><script>alert(1)</script>'}, "Not a valid http(s) URL"),
        ({"types": ["nope.created"]}, "Unknown event type: nope.created"),
        ({"types": [], "patterns": "payout.* <b>x</b>"}, "Unknown event type: <b>x</b>"),
        ({"types": []}, "Choose at least one event type."),
        ({"description": "d" * 201}, "At most 200 characters (this one has 201)"),
    ],
)
def test_bad_input_is_a_clear_422_and_nothing_is_created(
    owner: Any, tenant: TenantHandle, data: dict[str, Any], message: str
) -> None:
    resp, secret = add_endpoint(owner, **{"url": PUBLIC, **data})
    assert resp.status_code == 422 and secret is None
    body = resp.get_data(as_text=True)
    assert message in html.unescape(body) and "Nothing was changed." in body
    assert "<script>alert" not in body and "<b>x</b>" not in body
    assert api_endpoints(owner, tenant) == []


def test_live_mode_refuses_http_and_private_urls(app: Any) -> None:
    live = new_tenant(app, mode="live")
    client = signed_in(app, live)
    for url, reason in (
        ("http://hooks.example.com/gigkit", "Live-mode endpoints must use https."),
        ("https://127.0.0.1/hook", "private, loopback or link-local"),
        ("https://localhost/hook", "private, loopback or link-local"),
    ):
        resp, secret = add_endpoint(client, url)
        assert resp.status_code == 422 and secret is None
        assert "Refused: " in text(resp) and reason in text(resp)
    assert api_endpoints(client, live) == []


def test_recover_a_window_in_the_tenants_zone(
    owner: Any, tenant: TenantHandle, receiver: Receiver
) -> None:
    add_endpoint(owner, receiver.url(), types=["worker.created"])
    [endpoint] = api_endpoints(owner, tenant)
    api = ApiClient(owner, tenant.api_key)
    base = f"/v1/webhook-endpoints/{endpoint['id']}"
    assert api.patch(base, {"enabled": False}).status_code == 200
    worker = api.post("/v1/workers", worker_body())  # recorded while it is disabled
    assert worker.status_code == 201, worker.json
    assert api.patch(base, {"enabled": True}).status_code == 200
    page = f"/console/webhooks/{endpoint['id']}"
    local = dt.datetime.now(ZONE)
    since = f"{local - dt.timedelta(hours=1):%Y-%m-%dT%H:%M}"
    until = f"{local + dt.timedelta(minutes=2):%Y-%m-%dT%H:%M}"

    for window, message in (
        ({"since": until, "until": since}, "The end must be later than the start."),
        ({"since": "yesterday"}, "Enter a valid start time."),
        ({"since": since, "until": "later"}, "The end must be later than the start."),
    ):
        resp = post_form(owner, f"{page}/recover", page, **window)
        assert resp.status_code == 422 and message in text(resp), window
    assert api.get(f"{base}/deliveries").json["data"] == []

    early = f"{local - dt.timedelta(hours=3):%Y-%m-%dT%H:%M}"
    resp = post_form(owner, f"{page}/recover", page, since=early, until=since)
    assert resp.status_code == 200 and "0 events will be delivered again" in text(resp)
    resp = post_form(owner, f"{page}/recover", page, since=since, until=until)
    assert resp.status_code == 200 and "1 events will be delivered again" in text(resp)
    wait_until(lambda: receiver.at("/hook"), "the missed event arrived")
    assert receiver.at("/hook")[0].headers["webhook-id"].startswith("evt_")


def test_a_viewer_sees_but_cannot_act(app: Any, owner: Any, tenant: TenantHandle) -> None:
    add_endpoint(owner, PUBLIC)
    [endpoint] = api_endpoints(owner, tenant)
    viewer = signed_in(app, tenant, "viewer")
    page = f"/console/webhooks/{endpoint['id']}"
    listing = viewer.get("/console/webhooks").get_data(as_text=True)
    shown = viewer.get(page).get_data(as_text=True)
    assert PUBLIC in listing and PUBLIC in shown
    for body in (listing, shown):
        assert "/webhooks/new" not in body and "/edit" not in body and "/delete" not in body
        assert "/test" not in body and "/recover" not in body
    assert viewer.get("/console/webhooks/new").status_code == 403
    for path, data in (
        ("/console/webhooks/new", {"url": PUBLIC, "types": ["*"]}),
        (f"{page}/test", {}),
        (f"{page}/rotate", {"overlap_hours": "0"}),
        (f"{page}/delete", {}),
        (f"{page}/edit", {"url": PUBLIC, "types": ["*"]}),
        (f"{page}/recover", {"since": "2026-01-01T00:00"}),
    ):
        assert post_form(viewer, path, page, **data).status_code == 403, path
    assert api_endpoints(owner, tenant) == [endpoint]


def test_another_tenants_endpoints_and_deliveries_are_not_found(
    app: Any, owner: Any, tenant: TenantHandle, other_tenant: TenantHandle, receiver: Receiver
) -> None:
    add_endpoint(owner, receiver.url())
    [mine] = api_endpoints(owner, tenant)
    theirs_client = signed_in(app, other_tenant)
    add_endpoint(theirs_client, receiver.url("/theirs"))
    [theirs] = api_endpoints(theirs_client, other_tenant)
    their_page = f"/console/webhooks/{theirs['id']}"
    post_form(theirs_client, f"{their_page}/test", their_page)
    other_api = ApiClient(theirs_client, other_tenant.api_key)
    wait_until(
        lambda: other_api.get(f"/v1/webhook-endpoints/{theirs['id']}/deliveries").json["data"],
        "their delivery exists",
    )
    [delivery] = other_api.get(f"/v1/webhook-endpoints/{theirs['id']}/deliveries").json["data"]

    for path in (their_page, f"{their_page}/edit", f"{their_page}/rotate", f"{their_page}/delete"):
        assert owner.get(path).status_code == 404, path
    my_page = f"/console/webhooks/{mine['id']}"
    for path in (
        f"{their_page}/test",
        f"{their_page}/delete",
        f"{their_page}/rotate",
        f"{their_page}/recover",
        f"{their_page}/deliveries/{delivery['id']}/redeliver",
        f"{my_page}/deliveries/{delivery['id']}/redeliver",
    ):
        resp = post_form(owner, path, my_page, since="2026-01-01T00:00", overlap_hours="0")
        assert resp.status_code == 404 and "<html" in resp.get_data(as_text=True), path
    assert api_endpoints(theirs_client, other_tenant)[0]["secret_rotated_at"] is None
    assert len(receiver.at("/theirs")) <= 1
