"""Tenant administration: `GET/PATCH /v1/tenant`, the `admin` scope on every admin route, and
the audit log (`GET /v1/audit-events`) of every credential and settings change."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from app.tenants.models import AuditEvent
from app.tenants.scopes import ALL_SCOPES
from tests.helpers import ApiClient, TenantHandle, assert_problem, basic, fragments, key_id_of

NON_ADMIN = [s for s in ALL_SCOPES if s != "admin"]
TENANT_FIELDS = {
    "id",
    "name",
    "mode",
    "time_zone",
    "locale",
    "currency",
    "created_at",
    "updated_at",
}

# Every route of the tenants blueprint, as Flask spells it, with a body for the writes.
ADMIN_ROUTES: list[tuple[str, str, dict[str, Any] | None]] = [
    ("GET", "/v1/tenant", None),
    ("PATCH", "/v1/tenant", {"name": "Hijacked"}),
    ("GET", "/v1/api-keys", None),
    ("POST", "/v1/api-keys", {"name": "x", "scopes": ["parties:read"]}),
    ("GET", "/v1/api-keys/<id(key):key_id>", None),
    ("DELETE", "/v1/api-keys/<id(key):key_id>", None),
    ("POST", "/v1/api-keys/<id(key):key_id>/rotate", {"overlap_seconds": 0}),
    ("GET", "/v1/oauth-clients", None),
    ("POST", "/v1/oauth-clients", {"name": "x", "scopes": ["parties:read"]}),
    ("GET", "/v1/oauth-clients/<id(cli):client_id>", None),
    ("DELETE", "/v1/oauth-clients/<id(cli):client_id>", None),
    ("POST", "/v1/oauth-clients/<id(cli):client_id>/rotate-secret", {"overlap_seconds": 0}),
    ("GET", "/v1/audit-events", None),
]


# --- helpers -------------------------------------------------------------------------------


def at(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


def audit(api: ApiClient, **params: str) -> list[dict[str, Any]]:
    resp = api.get("/v1/audit-events?" + urlencode({"limit": 100, **params}))
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert resp.json["has_more"] is False
    return list(resp.json["data"])


def key_states(api: ApiClient) -> list[dict[str, Any]]:
    """Every key, minus `last_used_at` (which using a key legitimately moves)."""
    keys = api.get("/v1/api-keys?limit=100").json["data"]
    return [{k: v for k, v in key.items() if k != "last_used_at"} for key in keys]


def issue(client: Any, client_id: str, secret: str) -> str:
    resp = client.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, headers=basic(client_id, secret)
    )
    assert resp.status_code == 200, resp.get_data(as_text=True)
    return str(resp.json["access_token"])


def path_for(rule: str, key_id: str, client_id: str) -> str:
    return rule.replace("<id(key):key_id>", key_id).replace("<id(cli):client_id>", client_id)


def send(api: ApiClient, method: str, path: str, body: dict[str, Any] | None) -> Any:
    kwargs = {"json": body} if body is not None else {}
    return getattr(api, method.lower())(path, **kwargs)


# --- GET / PATCH /v1/tenant ----------------------------------------------------------------


def test_get_tenant_returns_the_callers_tenant(
    api: ApiClient, client: Any, tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    resp = api.get("/v1/tenant")
    assert resp.status_code == 200, resp.get_data(as_text=True)
    body = resp.json
    assert set(body) == TENANT_FIELDS
    assert body["id"] == tenant.id
    assert body["name"] == "Test market"
    assert body["mode"] == "test"
    assert body["time_zone"] == "Asia/Shanghai"
    assert body["locale"] == "zh-CN"
    assert body["currency"] == "CNY"
    assert at(body["created_at"]).tzinfo is not None

    theirs = ApiClient(client, other_tenant.api_key).get("/v1/tenant").json
    assert theirs["id"] == other_tenant.id
    assert theirs["name"] == "Other market"


def test_patch_tenant_updates_its_settings(
    api: ApiClient, client: Any, other_tenant: TenantHandle
) -> None:
    before = api.get("/v1/tenant").json
    changes = {
        "name": "Shiling leather market",
        "time_zone": "Europe/Berlin",
        "currency": "EUR",
        "locale": "en-GB",
    }
    resp = api.patch("/v1/tenant", changes)
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert {k: resp.json[k] for k in changes} == changes
    assert resp.json["id"] == before["id"]
    assert resp.json["mode"] == "test"
    assert resp.json["created_at"] == before["created_at"]
    assert at(resp.json["updated_at"]) >= at(before["updated_at"])
    assert api.get("/v1/tenant").json == resp.json

    partial = api.patch("/v1/tenant", {"name": "  Renamed  "})
    assert partial.status_code == 200
    assert partial.json["name"] == "  Renamed  "  # stored as sent: the spec says so
    assert partial.json["time_zone"] == "Europe/Berlin"  # untouched fields stay

    theirs = ApiClient(client, other_tenant.api_key).get("/v1/tenant").json
    assert (theirs["name"], theirs["time_zone"], theirs["currency"]) == (
        "Other market",
        "Asia/Shanghai",
        "CNY",
    )


@pytest.mark.parametrize(
    "time_zone", ["UTC", "America/Argentina/Buenos_Aires", "Asia/Kolkata", "Pacific/Chatham"]
)
def test_patch_accepts_iana_time_zones(api: ApiClient, time_zone: str) -> None:
    resp = api.patch("/v1/tenant", {"time_zone": time_zone})
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert resp.json["time_zone"] == time_zone


@pytest.mark.parametrize("currency", ["USD", "JPY", "HKD", "KWD"])
def test_patch_accepts_listed_currencies(api: ApiClient, currency: str) -> None:
    resp = api.patch("/v1/tenant", {"currency": currency})
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert resp.json["currency"] == currency


@pytest.mark.parametrize(
    "body,field",
    [
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
        ({"time_zone": "Asia/Beijing"}, "time_zone"),
        ({"time_zone": "UTC+8"}, "time_zone"),
        ({"time_zone": "+08:00"}, "time_zone"),
        ({"time_zone": ""}, "time_zone"),
        ({"currency": "XXX"}, "currency"),
        ({"currency": "RMB"}, "currency"),
        ({"currency": "cny"}, "currency"),
        ({"currency": "BTC"}, "currency"),
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": None}, "name"),
        ({"locale": "zh_CN"}, "locale"),
        ({"mode": "live"}, "mode"),
        ({"id": "ten_01m8gz25snks61v3wh3fvewxzv"}, "id"),
        ({"settings": {"a": "b"}}, "settings"),
        ({"created_at": "2020-01-01T00:00:00Z"}, "created_at"),
    ],
)
def test_patch_refuses_invalid_or_unknown_fields_and_changes_nothing(
    api: ApiClient, body: dict[str, Any], field: str
) -> None:
    before = api.get("/v1/tenant").json
    audited = len(audit(api, action="tenant.updated"))
    resp = api.patch("/v1/tenant", {"name": "Should not stick", **body})
    problem = assert_problem(resp, 422, "validation_error")
    assert field in [e["field"] for e in problem["errors"]], problem["errors"]
    assert api.get("/v1/tenant").json == before
    assert len(audit(api, action="tenant.updated")) == audited


# --- the admin scope -----------------------------------------------------------------------


def test_the_route_list_covers_every_admin_route(app: Any) -> None:
    routes = {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("tenants.")
        for method in rule.methods or ()
        if method not in ("HEAD", "OPTIONS")
    }
    assert routes == {(method, rule) for method, rule, _ in ADMIN_ROUTES}


@pytest.mark.parametrize("credential", ["api key", "oauth token"])
def test_every_admin_route_needs_the_admin_scope(
    api: ApiClient, client: Any, tenant: TenantHandle, credential: str
) -> None:
    target_key = api.post("/v1/api-keys", {"name": "target", "scopes": ["parties:read"]}).json
    target_client = api.post("/v1/oauth-clients", {"name": "t", "scopes": ["parties:read"]}).json
    if credential == "api key":
        caller = ApiClient(client, tenant.key(NON_ADMIN))
    else:
        client_id, secret = tenant.oauth_client(NON_ADMIN)
        caller = ApiClient(client, issue(client, client_id, secret))
    tenant_before = api.get("/v1/tenant").json
    keys_before = key_states(api)
    clients_before = api.get("/v1/oauth-clients?limit=100").json
    audit_before = audit(api)

    for method, rule, body in ADMIN_ROUTES:
        resp = send(caller, method, path_for(rule, target_key["id"], target_client["id"]), body)
        problem = assert_problem(resp, 403, "insufficient_scope")
        assert problem["required_scopes"] == ["admin"], (method, rule)
        header = resp.headers["WWW-Authenticate"]
        assert 'error="insufficient_scope"' in header and 'scope="admin"' in header
        assert "secret" not in problem and "client_secret" not in problem

    assert api.get("/v1/tenant").json == tenant_before
    assert key_states(api) == keys_before
    assert api.get("/v1/oauth-clients?limit=100").json == clients_before
    assert audit(api) == audit_before
    assert ApiClient(client, target_key["secret"]).get("/v1/workers").status_code == 200
    assert issue(client, target_client["client_id"], target_client["client_secret"])


def test_every_admin_route_needs_a_credential(api: ApiClient, client: Any) -> None:
    key_id = api.post("/v1/api-keys", {"name": "t", "scopes": ["parties:read"]}).json["id"]
    client_id = api.post("/v1/oauth-clients", {"name": "t", "scopes": ["parties:read"]}).json["id"]
    anonymous = ApiClient(client, None)
    for method, rule, body in ADMIN_ROUTES:
        resp = send(anonymous, method, path_for(rule, key_id, client_id), body)
        assert_problem(resp, 401, "authentication_required")
        assert resp.headers["WWW-Authenticate"] == 'Bearer realm="gigkit"'


def test_the_admin_scope_alone_is_enough(api: ApiClient, client: Any, tenant: TenantHandle) -> None:
    admin_only = ApiClient(client, tenant.key(["admin"]))
    key_id = key_id_of(api, tenant.api_key)
    cid, _ = tenant.oauth_client(["parties:read"])
    for method, rule, body in ADMIN_ROUTES:
        if method == "GET":
            resp = send(admin_only, method, path_for(rule, key_id, cid), body)
            assert resp.status_code == 200, (rule, resp.get_data(as_text=True))
    assert admin_only.patch("/v1/tenant", {"name": "By admin"}).status_code == 200
    assert_problem(admin_only.get("/v1/workers"), 403, "insufficient_scope")  # admin is not all


# --- the audit log -------------------------------------------------------------------------


def test_every_credential_and_settings_change_is_audited(
    app: Any, api: ApiClient, client: Any, tenant: TenantHandle
) -> None:
    me = {"type": "api_key", "id": key_id_of(api, tenant.api_key)}
    secrets_ = [tenant.api_key]
    expected: list[tuple[str, str, str | None, str, dict[str, Any]]] = []

    def done(resp: Any, action: str, target: tuple[str, str | None], actor: Any = me) -> Any:
        assert resp.status_code in (200, 201), resp.get_data(as_text=True)
        expected.append((action, target[0], target[1], resp.headers["Request-Id"], actor))
        return resp.json

    key = done(
        api.post("/v1/api-keys", {"name": "deploy", "scopes": ["parties:read"]}),
        "api_key.created",
        ("api_key", None),
    )
    expected[-1] = (*expected[-1][:2], key["id"], *expected[-1][3:])
    secrets_.append(key["secret"])
    rotated = done(
        api.post(f"/v1/api-keys/{key['id']}/rotate", {"overlap_seconds": 60}),
        "api_key.rotated",
        ("api_key", key["id"]),
    )
    secrets_.append(rotated["secret"])
    done(api.delete(f"/v1/api-keys/{key['id']}"), "api_key.revoked", ("api_key", key["id"]))

    oauth = api.post("/v1/oauth-clients", {"name": "sync", "scopes": ["parties:read"]})
    oauth_client = done(oauth, "oauth_client.created", ("oauth_client", oauth.json["id"]))
    cid, client_secret = oauth_client["client_id"], oauth_client["client_secret"]
    secrets_.append(client_secret)
    token = issue(client, cid, client_secret)
    secrets_.append(token)
    revoked = client.post("/oauth/revoke", data={"token": token}, headers=basic(cid, client_secret))
    done(revoked, "oauth_token.revoked", ("oauth_token", None), {"type": "oauth_client", "id": cid})
    new_secret = done(
        api.post(f"/v1/oauth-clients/{cid}/rotate-secret", {"overlap_seconds": 0}),
        "oauth_client.secret_rotated",
        ("oauth_client", cid),
    )["client_secret"]
    secrets_.append(new_secret)
    done(api.delete(f"/v1/oauth-clients/{cid}"), "oauth_client.revoked", ("oauth_client", cid))
    done(
        api.patch("/v1/tenant", {"name": "Renamed market"}), "tenant.updated", ("tenant", tenant.id)
    )

    events = audit(api)
    ours = [e for e in events if e["request_id"] in {x[3] for x in expected}]
    assert [e["action"] for e in ours] == [x[0] for x in reversed(expected)]  # newest first
    for action, target_type, target_id, request_id, actor in expected:
        [event] = [e for e in events if e["action"] == action and e["request_id"] == request_id]
        assert event["id"].startswith("aud_")
        assert event["actor"] == actor, action
        assert event["target"]["type"] == target_type
        if target_id is not None:
            assert event["target"]["id"] == target_id, action
        assert at(event["created_at"]).tzinfo is not None

    by_action = {e["action"]: e for e in ours}
    assert by_action["api_key.rotated"]["data"]["new_key_id"] == rotated["id"]
    assert by_action["oauth_token.revoked"]["data"]["client_id"] == cid
    assert by_action["oauth_token.revoked"]["target"]["id"].startswith("tok_")
    assert by_action["tenant.updated"]["data"]["before"]["name"] == "Test market"
    assert by_action["tenant.updated"]["data"]["after"]["name"] == "Renamed market"
    assert by_action["api_key.created"]["data"]["scopes"] == ["parties:read"]

    listed = api.get("/v1/audit-events?limit=100").get_data(as_text=True)
    with app.extensions["gigkit"].database.unit_of_work(tenant_id=tenant.id) as session:
        stored = [
            repr((e.action, e.actor_id, e.target_id, e.request_id, e.ip, e.data))
            for e in session.scalars(select(AuditEvent))
        ]
    assert len(stored) == len(events)
    for secret in secrets_:
        needles = fragments(secret)
        assert not any(n in listed for n in needles), secret[:12]
        assert not any(n in row for row in stored for n in needles), secret[:12]


def test_changes_made_with_an_oauth_token_name_the_client(
    api: ApiClient, client: Any, tenant: TenantHandle
) -> None:
    cid, secret = tenant.oauth_client(["admin", "parties:read"])
    caller = ApiClient(client, issue(client, cid, secret))
    resp = caller.post("/v1/api-keys", {"name": "via oauth", "scopes": ["parties:read"]})
    assert resp.status_code == 201, resp.get_data(as_text=True)
    [event] = audit(api, target_id=resp.json["id"])
    assert event["action"] == "api_key.created"
    assert event["actor"] == {"type": "oauth_client", "id": cid}
    assert event["request_id"] == resp.headers["Request-Id"]


def test_audit_filters_by_action_and_target(api: ApiClient) -> None:
    first = api.post("/v1/api-keys", {"name": "a", "scopes": ["parties:read"]}).json
    second = api.post("/v1/api-keys", {"name": "b", "scopes": ["parties:read"]}).json
    api.delete(f"/v1/api-keys/{first['id']}")
    api.patch("/v1/tenant", {"name": "Filtered"})

    revoked = audit(api, action="api_key.revoked")
    assert [e["target"]["id"] for e in revoked] == [first["id"]]

    created = audit(api, action="api_key.created")
    assert {e["action"] for e in created} == {"api_key.created"}
    assert {first["id"], second["id"]} <= {e["target"]["id"] for e in created}

    about_first = audit(api, target_id=first["id"])
    assert [e["action"] for e in about_first] == ["api_key.revoked", "api_key.created"]
    assert {e["target"]["id"] for e in about_first} == {first["id"]}

    both = audit(api, action="api_key.created", target_id=second["id"])
    assert [(e["action"], e["target"]["id"]) for e in both] == [("api_key.created", second["id"])]
    assert audit(api, action="api_key.revoked", target_id=second["id"]) == []
    assert audit(api, action="no.such_action") == []
    assert len(audit(api)) > len(about_first) + len(both)


def test_another_tenant_never_sees_our_audit_events(
    api: ApiClient, client: Any, tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    key = api.post("/v1/api-keys", {"name": "mine", "scopes": ["parties:read"]}).json
    api.delete(f"/v1/api-keys/{key['id']}")
    api.patch("/v1/tenant", {"name": "Private"})
    ours = {e["id"] for e in audit(api)}
    assert len(ours) >= 4

    theirs = ApiClient(client, other_tenant.api_key)
    visible = audit(theirs)
    assert visible, "the other tenant has its own events (tenant.created, api_key.created)"
    assert not ours & {e["id"] for e in visible}
    assert all(e["target"]["id"] not in (key["id"], tenant.id) for e in visible)
    assert audit(theirs, target_id=key["id"]) == []
    assert audit(theirs, target_id=tenant.id) == []
    assert audit(theirs, action="tenant.updated") == []


def test_refused_or_idle_changes_leave_no_audit_event(
    api: ApiClient, client: Any, tenant: TenantHandle
) -> None:
    revoked = api.post("/v1/api-keys", {"name": "old", "scopes": ["parties:read"]}).json
    api.delete(f"/v1/api-keys/{revoked['id']}")
    limited = ApiClient(client, tenant.key(["admin", "parties:read"]))
    outsider = ApiClient(client, tenant.key(NON_ADMIN))
    before = audit(api)

    attempts = [
        (limited.post("/v1/api-keys", {"name": "x", "scopes": ["escrow:write"]}), 403),
        (limited.post("/v1/oauth-clients", {"name": "x", "scopes": ["escrow:write"]}), 403),
        (outsider.post("/v1/api-keys", {"name": "x", "scopes": ["parties:read"]}), 403),
        (api.post("/v1/api-keys", {"name": "x", "scopes": ["bogus"]}), 422),
        (api.post(f"/v1/api-keys/{revoked['id']}/rotate", {}), 404),
        (api.patch("/v1/tenant", {"time_zone": "Nowhere/Land"}), 422),
        (api.delete(f"/v1/api-keys/{revoked['id']}"), 404),  # already revoked: gone
    ]
    for resp, status in attempts:
        assert resp.status_code == status, resp.get_data(as_text=True)
    assert audit(api) == before
