"""The console's reports through Flask's test client, on SQLite and PostgreSQL: the audit
log and its filters, API usage counted from real API calls, the escrow overview from a real
deposit, hold and scheduled shifts."""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
import uuid
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from app.core import usage
from app.tenants import service as tenants
from tests.console.test_console import create_key, csrf_of, log_in, make_admin
from tests.helpers import CLI, ApiClient, TenantHandle, database, employer_body, worker_body

SHANGHAI = ZoneInfo("Asia/Shanghai")  # the test tenants' zone (the default)


@pytest.fixture()
def admin(app: Any, client: Any, tenant: TenantHandle) -> Any:
    """The test client, signed in as an admin of `tenant`, pages in English."""
    assert log_in(client, make_admin(app, tenant, "admin")).status_code == 303
    return client


def text_of(resp: Any) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", resp.get_data(as_text=True)))


def rows_of(resp: Any) -> list[list[str]]:
    """The cells' text of every table row of a page."""
    found = []
    for row in re.findall(r"<tr>(.*?)</tr>", resp.get_data(as_text=True), re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        found.append([" ".join(html.unescape(re.sub(r"<[^>]+>", " ", c)).split()) for c in cells])
    return [r for r in found if r]


# --- audit log ------------------------------------------------------------------------------


def test_the_audit_log_shows_console_actions_with_the_admin_as_actor(
    admin: Any, tenant: TenantHandle
) -> None:
    assert create_key(admin, "<b>nightly</b> export", ["parties:read"]).status_code == 201
    page = admin.get("/console/audit?actor_type=admin_user&action=api_key.created")
    assert page.status_code == 200
    rows = rows_of(page)
    assert len(rows) == 1
    when, action, actor, target, details = rows[0]
    assert action == "api_key.created" and actor.startswith("admin_user adm_")
    assert target.startswith("api_key key_") and re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", when)
    assert "<b>nightly</b> export" in details  # the event's data, shown as text
    body = page.get_data(as_text=True)
    assert "<b>nightly</b>" not in body and "&lt;b&gt;nightly&lt;/b&gt;" in body
    admin_id = actor.split()[1]
    by_id = rows_of(admin.get(f"/console/audit?actor_id={admin_id}"))
    assert [r[1] for r in by_id] == ["api_key.created"]


def test_audit_filters_by_action_prefix_actor_and_time(
    app: Any, client: Any, tenant: TenantHandle, clock: Any
) -> None:
    api = ApiClient(client, tenant.api_key)
    clock.set(dt.datetime(2027, 3, 1, 9, 0, tzinfo=SHANGHAI))
    assert api.post("/v1/api-keys", {"name": "a", "scopes": ["parties:read"]}).status_code == 201
    clock.set(dt.datetime(2027, 3, 1, 11, 0, tzinfo=SHANGHAI))
    made = api.post("/v1/api-keys", {"name": "b", "scopes": ["parties:read"]}).json
    assert api.delete(f"/v1/api-keys/{made['id']}").status_code in (200, 204)
    admin = client
    assert log_in(admin, make_admin(app, tenant, "admin")).status_code == 303

    every = rows_of(admin.get("/console/audit?action=api_key."))
    assert [r[1] for r in every] == ["api_key.revoked"] + ["api_key.created"] * 3
    assert every[0][0] == "2027-03-01 11:00"  # shown in the tenant's zone, newest first
    assert all(r[2].startswith("api_key key_") for r in every[:3])  # the API key did these
    assert every[3][2] == "cli"  # the tenant's first key, made by `gigkit tenant create`
    exact = rows_of(admin.get("/console/audit?action=api_key.created&actor_type=api_key"))
    assert len(exact) == 2
    morning = rows_of(
        admin.get("/console/audit?action=api_key.&from=2027-03-01T08:00&until=2027-03-01T10:59")
    )
    assert [r[1] for r in morning] == ["api_key.created"]  # 09:00 Shanghai, not 11:00
    until_eleven = rows_of(admin.get("/console/audit?action=api_key.&until=2027-03-01T11:00"))
    assert len(until_eleven) == 4  # "until" includes its minute
    assert rows_of(admin.get("/console/audit?actor_type=oauth_client")) == []
    assert "No audit events match." in text_of(admin.get("/console/audit?actor_type=system"))


def test_the_audit_log_pages_newest_first(app: Any, admin: Any, tenant: TenantHandle) -> None:
    with database(app).unit_of_work(tenant_id=tenant.id) as session:
        for n in range(51):
            tenants.record_audit(
                session, actor=CLI, action="test.paged", target_type="test", target_id=f"t{n}"
            )
    first = admin.get("/console/audit?action=test.paged")
    body = first.get_data(as_text=True)
    assert len(rows_of(first)) == 50
    more = re.search(r'href="(\?[^"]*cursor=[^"]+)"', body)
    assert more and "action=test.paged" in more.group(1)
    second = admin.get("/console/audit" + html.unescape(more.group(1)))
    targets = [r[3] for r in rows_of(first) + rows_of(second)]
    assert sorted(targets) == sorted(f"test t{n}" for n in range(51))  # none twice, none lost
    assert "Older events" not in second.get_data(as_text=True)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("actor_type=root", "Unknown actor type."),
        ("actor_id=<script>", "at most 40 letters"),
        ("action=DROP TABLE", "at most 80 lower-case letters"),
        ("from=yesterday", "Not a valid time"),
        ("from=2027-03-02T10:00&until=2027-03-01T10:00", "The end must be after the start."),
        ("cursor=not-a-cursor", "This page link is not valid"),
    ],
)
def test_bad_audit_filters_get_a_clear_message_and_422(
    admin: Any, query: str, message: str
) -> None:
    page = admin.get(f"/console/audit?{query}")
    assert page.status_code == 422
    body = page.get_data(as_text=True)
    assert message in text_of(page) and "<script>" not in body and "<table>" not in body


def test_the_audit_log_is_for_admins(app: Any, client: Any, tenant: TenantHandle) -> None:
    assert log_in(client, make_admin(app, tenant, "developer")).status_code == 303
    assert client.get("/console/audit").status_code == 403
    nav = client.get("/console/usage").get_data(as_text=True)
    assert "/console/audit" not in nav and "/console/escrow" in nav


# --- usage ----------------------------------------------------------------------------------


def test_usage_counts_requests_and_errors_per_credential_and_day(
    admin: Any, tenant: TenantHandle
) -> None:
    secret = tenant.key(["parties:read"])  # named "test key"
    api = ApiClient(admin, secret)
    for _ in range(3):
        assert api.get("/v1/workers").status_code == 200
    assert api.post("/v1/workers", worker_body()).status_code == 403  # lacks the scope
    assert api.get("/v1/workers/wkr_00000000000000000000000000").status_code == 404
    assert ApiClient(admin, "gk_test_" + "x" * 40).get("/v1/workers").status_code == 401
    client_id, client_secret = tenant.oauth_client(["parties:read"])
    token = admin.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": client_secret,
        },
    ).json["access_token"]
    for _ in range(2):
        assert ApiClient(admin, token).get("/v1/employers").status_code == 200

    page = admin.get("/console/usage")
    assert page.status_code == 200
    totals = {r[0].split()[-1]: r[1:] for r in rows_of(page) if len(r) == 4}
    key_id = next(k for k, v in totals.items() if k.startswith("key_") and v[0] == "5")
    assert totals[key_id] == ["5", "2", "0"]  # 3 answered, 2 refused; the 401 names no key
    assert totals[client_id] == ["2", "0", "0"]  # both tokens' calls, on their client
    today = dt.datetime.now(SHANGHAI).date().isoformat()
    daily = [r for r in rows_of(page) if len(r) == 5]
    assert [today, "test client", "2", "0", "0"] in daily
    assert "test key" in text_of(page)


def test_server_errors_count_apart(admin: Any, tenant: TenantHandle, app: Any) -> None:
    from flask import g

    from app.core.auth import Principal

    with app.test_request_context("/v1/workers"):
        g.principal = Principal(tenant.id, "test", "api_key", "key_x", "key_5xx", frozenset())
        for status in (200, 404, 500, 503):
            usage.count(app.response_class(status=status))
        counted = usage.daily(
            tenant_id=tenant.id,
            credential_ids=["key_5xx"],
            zone=SHANGHAI,
            days=[dt.datetime.now(SHANGHAI).date()],
        )
    assert list(counted.values()) == [usage.Usage(4, 3, 2)]
    page = admin.get("/console/usage")
    assert page.status_code == 200


def test_a_failing_counter_never_fails_the_request(
    admin: Any, tenant: TenantHandle, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    def broken() -> Any:
        raise ConnectionError("storage away")

    monkeypatch.setattr(usage, "_store", broken)
    with caplog.at_level(logging.WARNING, logger="app.core.usage"):
        assert ApiClient(admin, tenant.api_key).get("/v1/workers").status_code == 200
    assert "not counted" in caplog.text
    page = admin.get("/console/usage")
    assert page.status_code == 503 and "Usage cannot be read" in text_of(page)


def test_usage_days_are_the_tenants_quarter_hours_added_up(app: Any) -> None:
    """Kolkata is 5:30 ahead of UTC: its day starts at 18:30 UTC, between two UTC hours."""
    kolkata = ZoneInfo("Asia/Kolkata")
    tenant_id, key = f"ten_{uuid.uuid4().hex}", "key_kolkata"
    day = dt.date(2027, 3, 1)
    with app.app_context():
        store = usage._store()
        for utc in (dt.datetime(2027, 2, 28, 18, 29), dt.datetime(2027, 2, 28, 18, 30)):
            store.add(tenant_id, key, utc.replace(tzinfo=dt.UTC), "ok")
        counted = usage.daily(
            tenant_id=tenant_id,
            credential_ids=[key],
            zone=kolkata,
            days=[day, day - dt.timedelta(1)],
        )
    assert counted == {(key, day): usage.Usage(1), (key, day - dt.timedelta(1)): usage.Usage(1)}


# --- escrow ---------------------------------------------------------------------------------


def test_the_escrow_overview_warns_when_available_would_not_fund_the_next_week(
    admin: Any, tenant: TenantHandle
) -> None:
    api = ApiClient(admin, tenant.api_key)

    def post(path: str, body: dict[str, Any]) -> Any:
        resp = api.post(path, body, headers={"Idempotency-Key": str(uuid.uuid4())})
        assert resp.status_code in (200, 201), resp.get_data(as_text=True)
        return resp.json

    busy = post("/v1/employers", employer_body(name="<i>狮岭</i>皮具厂"))
    calm = post("/v1/employers", employer_body(name="calm employer"))
    worker = post("/v1/workers", worker_body())
    post("/v1/escrow/deposits", {"employer_id": busy["id"], "amount": 200_000, "currency": "CNY"})
    post("/v1/escrow/deposits", {"employer_id": calm["id"], "amount": 5_000, "currency": "CNY"})
    post("/v1/escrow/holds", {"employer_id": busy["id"], "amount": 20_000, "currency": "CNY"})
    today = dt.datetime.now(SHANGHAI).date()
    days = [today + dt.timedelta(days=n) for n in (1, 2, 3, 10)]  # the last one: next week
    post(
        "/v1/engagements",
        {
            "worker_id": worker["id"],
            "employer_id": busy["id"],
            "pay": {"basis": "daily", "rate": "280.00"},
            "first_day": days[0].isoformat(),
            "last_day": days[-1].isoformat(),
            "shifts": [{"day": d.isoformat()} for d in days],
        },
    )
    # busy: 2,000.00 deposited, 200.00 + 4 x 280.00 held, 680.00 available; 3 shifts
    # (840.00) in the next 7 days: 160.00 short of funding as much again.
    page = admin.get("/console/escrow")
    assert page.status_code == 200
    rows = {r[0].split()[-1]: r[1:] for r in rows_of(page)}
    assert rows[busy["id"]] == [
        "CNY 680.00",
        "CNY 1,320.00",
        "CNY 840.00",
        "Low balance: available escrow would not fund as much work again; CNY 160.00 missing.",
    ]
    assert rows[calm["id"]] == ["CNY 50.00", "CNY 0.00", "CNY 0.00", "enough"]
    assert "1 employer(s) with a low available balance." in text_of(page)
    body = page.get_data(as_text=True)
    assert "<i>狮岭</i>" not in body and "&lt;i&gt;狮岭&lt;/i&gt;" in body
    chinese = admin.get("/console/escrow?lang=zh").get_data(as_text=True)
    assert "人民币 680.00 元" in chinese and "还差 人民币 160.00 元" in chinese


def test_escrow_and_usage_are_for_viewers_and_show_no_other_tenant(
    app: Any, client: Any, tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    theirs = ApiClient(client, other_tenant.api_key)
    assert theirs.post("/v1/employers", employer_body(name="their employer")).status_code == 201
    assert log_in(client, make_admin(app, tenant, "viewer")).status_code == 303
    escrow = client.get("/console/escrow")
    assert escrow.status_code == 200 and "their employer" not in escrow.get_data(as_text=True)
    assert "No employers yet." in text_of(escrow)
    used = client.get("/console/usage")
    assert used.status_code == 200 and other_tenant.api_key[:12] not in used.get_data(as_text=True)
    assert client.get("/console/escrow?cursor=junk").status_code == 422
    assert client.get("/console/audit").status_code == 403
    assert csrf_of(used)  # the header's sign-out form


@pytest.mark.redis
def test_usage_is_counted_and_read_back_in_redis(
    sqlite_url: str, redis_url: str, tmp_path: Any
) -> None:
    from redis import Redis

    from app import create_app
    from tests.conftest import make_settings
    from tests.helpers import new_tenant

    app = create_app(make_settings(sqlite_url, tmp_path, redis_url=redis_url))
    tenant = new_tenant(app)
    api = ApiClient(app.test_client(), tenant.api_key)
    statuses = [api.get("/v1/workers").status_code for _ in range(3)]
    statuses.append(api.get("/v1/workers/wkr_00000000000000000000000000").status_code)
    assert statuses == [200, 200, 200, 404]
    redis = Redis.from_url(redis_url)
    keys = redis.keys(f"gigkit:usage:{tenant.id}:*")  # one UTC date (two at midnight)
    assert 1 <= len(keys) <= 2 and all(0 < redis.ttl(k) <= usage.RETENTION for k in keys)
    fields = {f.decode().split(":")[1] for k in keys for f in redis.hkeys(k)}
    assert fields == {"ok", "4xx"}
    key_id = keys[0].decode().split(":")[-2]
    with app.app_context():
        counted = usage.daily(
            tenant_id=tenant.id,
            credential_ids=[key_id],
            zone=SHANGHAI,
            days=[dt.datetime.now(SHANGHAI).date()],
        )
    assert list(counted.values()) == [usage.Usage(4, 1, 0)]
    redis.delete(*keys)
    app.extensions["gigkit"].database.dispose()
