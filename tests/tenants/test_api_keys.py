"""API keys over HTTP (`/v1/api-keys`, scope `admin`): a secret shown once and stored only as a
keyed hash, refusals that say why (and carry a Bearer challenge), revocation, expiry,
rotation with an overlap window, scopes, `last_used_at`, listing, and tenant isolation."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, text, update

from app.core.crypto import BASE62, make_token
from app.core.ids import new_id
from app.tenants.models import ApiKey
from app.tenants.scopes import ALL_SCOPES
from tests.helpers import (
    PROBLEM,
    ApiClient,
    TenantHandle,
    assert_problem,
    basic,
    columns_containing,
    database,
    fragments,
    key_id_of,
    worker_body,
)

KEY_FORMAT = re.compile(r"gk_test_[0-9A-Za-z]{38}")

CHALLENGE = 'Bearer realm="gigkit"'
NON_ADMIN = [s for s in ALL_SCOPES if s != "admin"]
MAX_OVERLAP = 7 * 24 * 3600


# --- helpers -------------------------------------------------------------------------------


def assert_challenge(resp: Any, error: str | None = None) -> str:
    header = resp.headers.get("WWW-Authenticate", "")
    assert header.startswith(CHALLENGE), f"{resp.status_code}: {header!r}"
    if error:
        assert f'error="{error}"' in header, header
    return header


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def at(value: str) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(value)
    assert parsed.tzinfo is not None, value
    return parsed


def create_key(api: ApiClient, scopes: list[str] | None = None, **fields: Any) -> dict[str, Any]:
    body = {"name": "ci", "scopes": scopes or ["parties:read"], **fields}
    resp = api.post("/v1/api-keys", body)
    assert resp.status_code == 201, resp.get_data(as_text=True)
    return dict(resp.json)


def rotate(api: ApiClient, key_id: str, **body: Any) -> Any:
    return api.post(f"/v1/api-keys/{key_id}/rotate", body)


def set_key(app: Any, tenant_id: str, key_id: str, **values: Any) -> None:
    """Change a key's row directly (to move it in time without sleeping)."""
    with database(app).unit_of_work(tenant_id=tenant_id) as session:
        result = session.execute(update(ApiKey).where(ApiKey.id == key_id).values(**values))
        assert result.rowcount == 1


def all_key_ids(api: ApiClient, query: str = "") -> list[str]:
    resp = api.get(f"/v1/api-keys?limit=100{query}")
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert resp.json["has_more"] is False
    return [k["id"] for k in resp.json["data"]]


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


@contextlib.contextmanager
def recorded_sql(app: Any) -> Iterator[list[str]]:
    """Every SQL statement sent through the app's engine while the block runs."""
    engine = database(app).engine
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def tamper(secret: str, index: int) -> str:
    i = index % len(secret)
    char = secret[i]
    replacement = BASE62[(BASE62.index(char) + 1) % len(BASE62)] if char in BASE62 else "x"
    return secret[:i] + replacement + secret[i + 1 :]


# --- issuance and storage ------------------------------------------------------------------


def test_create_returns_the_secret_once_and_never_again(api: ApiClient, client: Any) -> None:
    resp = api.post("/v1/api-keys", {"name": "ci deploy", "scopes": ["parties:read"]})
    assert resp.status_code == 201, resp.get_data(as_text=True)
    created = resp.json
    secret = created["secret"]
    assert KEY_FORMAT.fullmatch(secret), secret
    assert created["id"].startswith("key_")
    assert created["name"] == "ci deploy"
    assert created["mode"] == "test"
    assert created["scopes"] == ["parties:read"]
    assert created["prefix"] == secret[:12]
    assert created["last4"] == secret[-4:]
    assert created["status"] == "active"
    assert created["expires_at"] is None and created["revoked_at"] is None
    assert created["rotated_to"] is None

    fetched = api.get(f"/v1/api-keys/{created['id']}")
    assert fetched.status_code == 200
    assert "secret" not in fetched.json
    assert secret not in fetched.get_data(as_text=True)
    assert fetched.json == {k: v for k, v in created.items() if k != "secret"}

    for query in ("", "&active=true", "&active=false"):
        listed = api.get(f"/v1/api-keys?limit=100{query}")
        assert listed.status_code == 200
        assert all("secret" not in k for k in listed.json["data"])
        assert not any(f in listed.get_data(as_text=True) for f in fragments(secret, 8))
    assert created["id"] in all_key_ids(api)

    assert ApiClient(client, secret).get("/v1/workers").status_code == 200


def test_each_key_is_a_different_secret(api: ApiClient) -> None:
    secrets_ = {create_key(api)["secret"] for _ in range(3)}
    assert len(secrets_) == 3


def test_api_keys_row_holds_only_prefix_last4_and_a_keyed_hash(
    app: Any, api: ApiClient, tenant: TenantHandle
) -> None:
    created = create_key(api)
    secret = created["secret"]
    with database(app).unit_of_work(tenant_id=tenant.id) as session:
        row = dict(
            session.execute(text("SELECT * FROM api_keys WHERE id = :id"), {"id": created["id"]})
            .mappings()
            .one()
        )
    assert row["prefix"] == secret[:12]
    assert row["last4"] == secret[-4:]
    stored_hash = row["secret_hash"]
    assert stored_hash != secret
    assert stored_hash != hashlib.sha256(secret.encode()).hexdigest()  # keyed, not a bare hash
    assert stored_hash == database(app).keyring.hash_secret(secret)
    for column, value in row.items():
        if column in ("prefix", "last4"):
            continue
        leaked = [f for f in fragments(secret, 5) if f in str(value)]
        assert not leaked, f"api_keys.{column} holds {leaked}"


@pytest.mark.parametrize("operation", ["create", "rotate"])
@pytest.mark.parametrize("idempotency_key", [None, "secret-issuing-request"])
def test_no_table_holds_an_issued_secret(
    app: Any, api: ApiClient, tenant: TenantHandle, operation: str, idempotency_key: str | None
) -> None:
    """The database holds keyed hashes only: not in api_keys, and not anywhere else either
    (e.g. a stored idempotent response)."""
    headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
    if operation == "create":
        resp = api.post("/v1/api-keys", {"name": "x", "scopes": ["parties:read"]}, headers=headers)
    else:
        resp = api.post(f"/v1/api-keys/{create_key(api)['id']}/rotate", {}, headers=headers)
    assert resp.status_code == 201, resp.get_data(as_text=True)
    assert columns_containing(app, tenant.id, resp.json["secret"]) == []


# --- refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize("index", [3, 8, 20, -7, -1])
def test_a_key_with_one_character_changed_is_refused_without_any_sql(
    app: Any, client: Any, tenant: TenantHandle, index: int
) -> None:
    with recorded_sql(app) as statements:
        genuine = client.get("/v1/workers", headers=bearer(tenant.api_key))
    assert genuine.status_code == 200
    assert statements, "the statement counter must see a normal request's SQL"

    tampered = tamper(tenant.api_key, index)
    assert tampered != tenant.api_key and len(tampered) == len(tenant.api_key)
    with recorded_sql(app) as statements:
        resp = client.get("/v1/workers", headers=bearer(tampered))
    assert_problem(resp, 401, "invalid_api_key")
    assert_challenge(resp, "invalid_token")
    assert statements == []


def test_a_well_formed_unknown_key_is_looked_up_and_refused(app: Any, client: Any) -> None:
    with recorded_sql(app) as statements:
        resp = client.get("/v1/workers", headers=bearer(make_token("gk_test_")))
    assert_problem(resp, 401, "invalid_api_key")
    assert_challenge(resp, "invalid_token")
    assert statements  # a checksum-valid key does reach the database


def test_missing_authorization_is_401_with_a_bearer_challenge(client: Any) -> None:
    for path in ("/v1/api-keys", "/v1/workers", "/v1/tenant"):
        resp = client.get(path)
        assert_problem(resp, 401, "authentication_required")
        assert resp.headers["WWW-Authenticate"] == CHALLENGE


@pytest.mark.parametrize(
    "authorization",
    ["basic", "Token {key}", "{key}", "Bearer", "Bearer    ", "Bearer not-a-key", "Bearer gk_"],
)
def test_wrong_scheme_or_garbage_is_401_with_a_bearer_challenge(
    client: Any, tenant: TenantHandle, authorization: str
) -> None:
    if authorization == "basic":
        header = basic("key", tenant.api_key)["Authorization"]
    else:
        header = authorization.format(key=tenant.api_key)
    resp = client.get("/v1/api-keys", headers={"Authorization": header})
    assert resp.status_code == 401, resp.get_data(as_text=True)
    assert resp.content_type == PROBLEM
    assert resp.json["code"] in ("invalid_authorization_header", "invalid_api_key")
    assert_challenge(resp)


def test_every_401_carries_www_authenticate(
    app: Any, api: ApiClient, client: Any, tenant: TenantHandle
) -> None:
    revoked = create_key(api)
    api.delete(f"/v1/api-keys/{revoked['id']}")
    expired = create_key(api)
    set_key(app, tenant.id, expired["id"], expires_at=now() - dt.timedelta(minutes=1))
    headers = {
        "none": {},
        "empty": {"Authorization": ""},
        "basic": basic("key", tenant.api_key),
        "no token": {"Authorization": "Bearer "},
        "garbage": bearer("abc"),
        "tampered": bearer(tamper(tenant.api_key, 10)),
        "unknown": bearer(make_token("gk_test_")),
        "unknown live": bearer(make_token("gk_live_")),
        "unknown token": bearer(make_token("gk_oat_")),
        "revoked": bearer(revoked["secret"]),
        "expired": bearer(expired["secret"]),
    }
    for name, header in headers.items():
        for method, path in (("get", "/v1/workers"), ("post", "/v1/api-keys")):
            resp = getattr(client, method)(path, headers=header, json={})
            assert resp.status_code == 401, (name, path, resp.get_data(as_text=True))
            assert_challenge(resp)


# --- revocation and expiry -----------------------------------------------------------------


def test_revoked_key_is_refused_and_gone_from_the_api(api: ApiClient, client: Any) -> None:
    key = create_key(api)
    user = ApiClient(client, key["secret"])
    assert user.get("/v1/workers").status_code == 200

    first = api.delete(f"/v1/api-keys/{key['id']}")
    assert first.status_code == 200, first.get_data(as_text=True)
    assert first.json["status"] == "revoked"
    assert first.json["revoked_at"] is not None
    assert "secret" not in first.json

    resp = user.get("/v1/workers")
    assert_problem(resp, 401, "api_key_revoked")
    assert_challenge(resp, "invalid_token")

    # revoking is deleting, as far as the API shows: like any deleted resource, it is 404
    assert_problem(api.delete(f"/v1/api-keys/{key['id']}"), 404, "resource_missing")
    assert_problem(api.get(f"/v1/api-keys/{key['id']}"), 404, "resource_missing")
    assert key["id"] not in all_key_ids(api)
    assert_problem(user.get("/v1/workers"), 401, "api_key_revoked")


def test_revoking_one_key_leaves_the_others_working(api: ApiClient, client: Any) -> None:
    keep, drop = create_key(api), create_key(api)
    assert api.delete(f"/v1/api-keys/{drop['id']}").status_code == 200
    assert ApiClient(client, keep["secret"]).get("/v1/workers").status_code == 200
    assert api.get("/v1/api-keys").status_code == 200


def test_key_with_future_expiry_works_until_it_expires(
    app: Any, api: ApiClient, client: Any, tenant: TenantHandle
) -> None:
    expires = now() + dt.timedelta(hours=1)
    key = create_key(api, expires_at=expires.isoformat())
    assert abs(at(key["expires_at"]) - expires) < dt.timedelta(seconds=1)
    assert key["status"] == "active"
    user = ApiClient(client, key["secret"])
    assert user.get("/v1/workers").status_code == 200

    set_key(app, tenant.id, key["id"], expires_at=now() - dt.timedelta(seconds=1))
    resp = user.get("/v1/workers")
    assert_problem(resp, 401, "api_key_expired")
    assert_challenge(resp, "invalid_token")
    assert api.get(f"/v1/api-keys/{key['id']}").json["status"] == "expired"


@pytest.mark.parametrize(
    "expires_at",
    [
        "past-minute",
        "2020-01-01T00:00:00Z",
        "2999-01-01T00:00:00",  # no offset
        "tomorrow",
        "",
    ],
)
def test_creating_a_key_that_is_already_expired_or_undated_is_422(
    api: ApiClient, expires_at: str
) -> None:
    if expires_at == "past-minute":
        expires_at = (now() - dt.timedelta(minutes=1)).isoformat()
    before = all_key_ids(api)
    resp = api.post(
        "/v1/api-keys", {"name": "x", "scopes": ["parties:read"], "expires_at": expires_at}
    )
    body = assert_problem(resp, 422, "validation_error")
    assert [e["field"] for e in body["errors"]] == ["expires_at"]
    assert all_key_ids(api) == before


# --- rotation ------------------------------------------------------------------------------


def test_rotation_issues_a_new_key_and_the_old_one_works_during_the_overlap(
    api: ApiClient, client: Any
) -> None:
    old = create_key(api, scopes=["parties:read", "work:read"], name="deploy")
    before = now()
    resp = rotate(api, old["id"], overlap_seconds=3600)
    after = now()
    assert resp.status_code == 201, resp.get_data(as_text=True)
    new = resp.json
    assert KEY_FORMAT.fullmatch(new["secret"])
    assert new["secret"] != old["secret"]
    assert new["id"] != old["id"]
    assert new["name"] == "deploy"
    assert new["scopes"] == ["parties:read", "work:read"]
    assert new["status"] == "active"
    assert old["secret"] not in resp.get_data(as_text=True)

    old_now = api.get(f"/v1/api-keys/{old['id']}").json
    assert old_now["rotated_to"] == new["id"]
    assert old_now["status"] == "active"
    expiry = at(old_now["expires_at"])
    slack = dt.timedelta(seconds=1)
    assert before + dt.timedelta(hours=1) - slack <= expiry <= after + dt.timedelta(hours=1) + slack

    assert ApiClient(client, old["secret"]).get("/v1/workers").status_code == 200
    assert ApiClient(client, new["secret"]).get("/v1/workers").status_code == 200


def test_rotation_overlap_defaults_to_one_day(api: ApiClient) -> None:
    old = create_key(api)
    before = now()
    assert rotate(api, old["id"]).status_code == 201
    expiry = at(api.get(f"/v1/api-keys/{old['id']}").json["expires_at"])
    assert abs(expiry - (before + dt.timedelta(days=1))) < dt.timedelta(seconds=5)


def test_rotation_with_no_overlap_expires_the_old_key_at_once(api: ApiClient, client: Any) -> None:
    old = create_key(api)
    resp = rotate(api, old["id"], overlap_seconds=0)
    assert resp.status_code == 201, resp.get_data(as_text=True)
    gone = ApiClient(client, old["secret"]).get("/v1/workers")
    assert_problem(gone, 401, "api_key_expired")
    assert_challenge(gone, "invalid_token")
    assert ApiClient(client, resp.json["secret"]).get("/v1/workers").status_code == 200
    assert api.get(f"/v1/api-keys/{old['id']}").json["status"] == "expired"


def test_the_old_key_stops_at_the_end_of_the_overlap(
    app: Any, api: ApiClient, client: Any, tenant: TenantHandle
) -> None:
    old = create_key(api)
    assert rotate(api, old["id"], overlap_seconds=600).status_code == 201
    user = ApiClient(client, old["secret"])
    assert user.get("/v1/workers").status_code == 200
    set_key(app, tenant.id, old["id"], expires_at=now() - dt.timedelta(seconds=1))
    assert_problem(user.get("/v1/workers"), 401, "api_key_expired")


def test_rotation_never_extends_the_old_keys_life(api: ApiClient) -> None:
    old = create_key(api, expires_at=(now() + dt.timedelta(minutes=10)).isoformat())
    assert rotate(api, old["id"], overlap_seconds=86400).status_code == 201
    after = api.get(f"/v1/api-keys/{old['id']}").json
    assert at(after["expires_at"]) == at(old["expires_at"])


def test_rotating_a_revoked_or_expired_key_is_refused(api: ApiClient) -> None:
    revoked = create_key(api)
    assert api.delete(f"/v1/api-keys/{revoked['id']}").status_code == 200
    rotated = create_key(api)
    assert rotate(api, rotated["id"], overlap_seconds=0).status_code == 201  # now expired
    before = all_key_ids(api)
    assert_problem(rotate(api, revoked["id"]), 404, "resource_missing")
    assert_problem(rotate(api, rotated["id"]), 409, "invalid_state")
    assert all_key_ids(api) == before


def test_a_key_is_rotated_once_then_its_successor_is(api: ApiClient, client: Any) -> None:
    old = create_key(api)
    first = rotate(api, old["id"], overlap_seconds=3600)
    assert first.status_code == 201
    before = all_key_ids(api)
    assert_problem(rotate(api, old["id"], overlap_seconds=3600), 409, "invalid_state")
    assert all_key_ids(api) == before
    assert ApiClient(client, old["secret"]).get("/v1/workers").status_code == 200  # overlap
    second = rotate(api, first.json["id"], overlap_seconds=0)
    assert second.status_code == 201, second.get_data(as_text=True)
    assert ApiClient(client, second.json["secret"]).get("/v1/workers").status_code == 200


@pytest.mark.parametrize("overlap", [-1, MAX_OVERLAP + 1, 10**12, "3600", 1.5, None])
def test_rotation_overlap_outside_zero_to_seven_days_is_422(
    api: ApiClient, client: Any, overlap: Any
) -> None:
    old = create_key(api)
    before = all_key_ids(api)
    body = assert_problem(rotate(api, old["id"], overlap_seconds=overlap), 422, "validation_error")
    assert body["errors"][0]["field"] == "overlap_seconds"
    assert all_key_ids(api) == before
    assert api.get(f"/v1/api-keys/{old['id']}").json["expires_at"] is None
    assert ApiClient(client, old["secret"]).get("/v1/workers").status_code == 200


def test_rotation_overlap_of_exactly_seven_days_is_accepted(api: ApiClient) -> None:
    old = create_key(api)
    assert rotate(api, old["id"], overlap_seconds=MAX_OVERLAP).status_code == 201


# --- scopes --------------------------------------------------------------------------------


def test_read_scope_reads_but_cannot_write(
    api: ApiClient, client: Any, tenant: TenantHandle
) -> None:
    reader = ApiClient(client, tenant.key(["parties:read"]))
    assert reader.get("/v1/workers").status_code == 200
    resp = reader.post("/v1/workers", worker_body())
    body = assert_problem(resp, 403, "insufficient_scope")
    assert body["required_scopes"] == ["parties:write"]
    header = resp.headers["WWW-Authenticate"]
    assert header.startswith(CHALLENGE)
    assert 'error="insufficient_scope"' in header
    assert 'scope="parties:write"' in header
    assert api.get("/v1/workers").json["data"] == []


def test_write_scope_implies_read(client: Any, tenant: TenantHandle) -> None:
    writer = ApiClient(client, tenant.key(["parties:write"]))
    assert writer.post("/v1/workers", worker_body()).status_code == 201
    listed = writer.get("/v1/workers")
    assert listed.status_code == 200
    assert len(listed.json["data"]) == 1


def test_a_scope_of_another_area_does_not_grant_access(client: Any, tenant: TenantHandle) -> None:
    other = ApiClient(client, tenant.key(["work:write", "escrow:read"]))
    body = assert_problem(other.get("/v1/workers"), 403, "insufficient_scope")
    assert body["required_scopes"] == ["parties:read"]


def test_non_admin_key_cannot_manage_keys_and_changes_nothing(
    api: ApiClient, client: Any, tenant: TenantHandle
) -> None:
    target = create_key(api)
    user = ApiClient(client, tenant.key(NON_ADMIN))
    before = all_key_ids(api)
    attempts = [
        user.get("/v1/api-keys"),
        user.post("/v1/api-keys", {"name": "x", "scopes": ["parties:read"]}),
        user.get(f"/v1/api-keys/{target['id']}"),
        user.delete(f"/v1/api-keys/{target['id']}"),
        user.post(f"/v1/api-keys/{target['id']}/rotate", {"overlap_seconds": 0}),
    ]
    for resp in attempts:
        body = assert_problem(resp, 403, "insufficient_scope")
        assert body["required_scopes"] == ["admin"]
        assert "secret" not in body
    assert all_key_ids(api) == before
    after = api.get(f"/v1/api-keys/{target['id']}").json
    assert after["status"] == "active" and after["expires_at"] is None
    assert ApiClient(client, target["secret"]).get("/v1/workers").status_code == 200


def test_admin_key_cannot_grant_scopes_it_does_not_hold(
    api: ApiClient, client: Any, tenant: TenantHandle
) -> None:
    limited = ApiClient(client, tenant.key(["admin", "parties:read"]))
    before = all_key_ids(api)
    for scopes in (["parties:write"], ["parties:read", "work:read"], list(ALL_SCOPES)):
        resp = limited.post("/v1/api-keys", {"name": "x", "scopes": scopes})
        assert_problem(resp, 403, "scope_escalation")
        assert "secret" not in resp.json
    assert all_key_ids(api) == before
    ok = limited.post("/v1/api-keys", {"name": "x", "scopes": ["parties:read", "admin"]})
    assert ok.status_code == 201, ok.get_data(as_text=True)


def test_admin_key_with_write_may_grant_the_implied_read(client: Any, tenant: TenantHandle) -> None:
    limited = ApiClient(client, tenant.key(["admin", "parties:write"]))
    for scopes in (["parties:read"], ["parties:write"], ["parties:read", "parties:write"]):
        resp = limited.post("/v1/api-keys", {"name": "x", "scopes": scopes})
        assert resp.status_code == 201, resp.get_data(as_text=True)


def test_admin_key_cannot_rotate_a_key_with_scopes_it_does_not_hold(
    api: ApiClient, client: Any, tenant: TenantHandle
) -> None:
    broad = create_key(api, scopes=["parties:write", "escrow:write"])
    limited = ApiClient(client, tenant.key(["admin", "parties:write"]))
    before = all_key_ids(api)
    assert_problem(limited.post(f"/v1/api-keys/{broad['id']}/rotate", {}), 403, "scope_escalation")
    assert all_key_ids(api) == before
    assert api.get(f"/v1/api-keys/{broad['id']}").json["expires_at"] is None


@pytest.mark.parametrize(
    "scopes", [["parties:admin"], ["parties:read", "nope"], ["PARTIES:READ"], [], "parties:read"]
)
def test_unknown_or_empty_scopes_are_422(api: ApiClient, scopes: Any) -> None:
    before = all_key_ids(api)
    body = assert_problem(
        api.post("/v1/api-keys", {"name": "x", "scopes": scopes}), 422, "validation_error"
    )
    assert all(e["field"].startswith("scopes") for e in body["errors"]), body["errors"]
    assert all_key_ids(api) == before


@pytest.mark.parametrize(
    "body",
    [
        {"scopes": ["parties:read"]},
        {"name": "", "scopes": ["parties:read"]},
        {"name": "x" * 201, "scopes": ["parties:read"]},
        {"name": "x", "scopes": ["parties:read"], "secret": "gk_test_mine"},
        {"name": "x", "scopes": ["parties:read"], "tenant_id": "ten_01m8gz25snks61v3wh3fvewxzv"},
    ],
)
def test_invalid_create_bodies_are_422(api: ApiClient, body: dict[str, Any]) -> None:
    before = all_key_ids(api)
    assert_problem(api.post("/v1/api-keys", body), 422, "validation_error")
    assert all_key_ids(api) == before


# --- last use ------------------------------------------------------------------------------


def test_last_used_at_is_set_by_the_first_authenticated_request(
    api: ApiClient, client: Any
) -> None:
    key = create_key(api)
    assert key["last_used_at"] is None
    assert api.get(f"/v1/api-keys/{key['id']}").json["last_used_at"] is None  # admin's use

    before = now()
    assert ApiClient(client, key["secret"]).get("/v1/workers").status_code == 200
    after = now()
    used = api.get(f"/v1/api-keys/{key['id']}").json["last_used_at"]
    assert used is not None
    assert before - dt.timedelta(seconds=1) <= at(used) <= after + dt.timedelta(seconds=1)


def test_last_used_at_moves_at_most_once_a_minute(
    app: Any, api: ApiClient, client: Any, tenant: TenantHandle
) -> None:
    key = create_key(api)
    user = ApiClient(client, key["secret"])
    user.get("/v1/workers")
    first = api.get(f"/v1/api-keys/{key['id']}").json["last_used_at"]
    user.get("/v1/workers")
    assert api.get(f"/v1/api-keys/{key['id']}").json["last_used_at"] == first

    long_ago = now() - dt.timedelta(minutes=2)
    set_key(app, tenant.id, key["id"], last_used_at=long_ago)
    before = now()
    user.get("/v1/workers")
    moved = at(api.get(f"/v1/api-keys/{key['id']}").json["last_used_at"])
    assert moved >= before - dt.timedelta(seconds=1)


# --- listing -------------------------------------------------------------------------------


def test_list_pages_through_every_key_newest_first(api: ApiClient, tenant: TenantHandle) -> None:
    for _ in range(4):
        tenant.key(["parties:read"])
    everything = api.get("/v1/api-keys?limit=100").json["data"]
    assert len(everything) == 5  # with the fixture's admin key
    order = [(at(k["created_at"]), k["id"]) for k in everything]
    assert order == sorted(order, reverse=True)

    seen: list[str] = []
    pages = []
    url = "/v1/api-keys?limit=2"
    while True:
        page = api.get(url)
        assert page.status_code == 200, page.get_data(as_text=True)
        body = page.json
        pages.append(len(body["data"]))
        seen += [k["id"] for k in body["data"]]
        if not body["has_more"]:
            assert body["next_cursor"] is None
            break
        assert body["next_cursor"]
        url = f"/v1/api-keys?limit=2&cursor={body['next_cursor']}"
    assert pages == [2, 2, 1]
    assert seen == [k["id"] for k in everything]


@pytest.mark.parametrize("query", ["limit=0", "limit=101", "cursor=bogus", "active=maybe"])
def test_bad_list_parameters_are_422(api: ApiClient, query: str) -> None:
    assert_problem(api.get(f"/v1/api-keys?{query}"), 422, "validation_error")


def test_list_filters_active_and_inactive_keys(
    app: Any, api: ApiClient, tenant: TenantHandle
) -> None:
    admin_id = key_id_of(api, tenant.api_key)
    active = create_key(api)
    future = create_key(api, expires_at=(now() + dt.timedelta(days=1)).isoformat())
    revoked = create_key(api)
    api.delete(f"/v1/api-keys/{revoked['id']}")
    expired = create_key(api)
    set_key(app, tenant.id, expired["id"], expires_at=now() - dt.timedelta(seconds=1))
    rotated = create_key(api)
    replacement = rotate(api, rotated["id"], overlap_seconds=0).json
    overlapping = create_key(api)
    successor = rotate(api, overlapping["id"], overlap_seconds=3600).json

    live = {admin_id, active["id"], future["id"], replacement["id"]}
    live |= {overlapping["id"], successor["id"]}
    dead = {expired["id"], rotated["id"]}  # a revoked key is deleted: in no list
    assert set(all_key_ids(api, "&active=true")) == live
    assert set(all_key_ids(api, "&active=false")) == dead
    assert set(all_key_ids(api)) == live | dead
    statuses = {k["id"]: k["status"] for k in api.get("/v1/api-keys?limit=100").json["data"]}
    assert {statuses[i] for i in live} == {"active"}
    assert revoked["id"] not in statuses
    assert statuses[expired["id"]] == statuses[rotated["id"]] == "expired"


# --- tenant isolation ----------------------------------------------------------------------


def test_another_tenants_key_looks_exactly_like_a_missing_one(
    api: ApiClient, client: Any, other_tenant: TenantHandle
) -> None:
    other_api = ApiClient(client, other_tenant.api_key)
    theirs = create_key(other_api)
    missing = new_id("key")
    before = all_key_ids(api)
    for method, suffix, body in (
        ("get", "", None),
        ("delete", "", None),
        ("post", "/rotate", {"overlap_seconds": 0}),
    ):
        kwargs = {"json": body} if body is not None else {}
        foreign = getattr(api, method)(f"/v1/api-keys/{theirs['id']}{suffix}", **kwargs)
        absent = getattr(api, method)(f"/v1/api-keys/{missing}{suffix}", **kwargs)
        foreign_body = assert_problem(foreign, 404, "resource_missing")
        absent_body = assert_problem(absent, 404, "resource_missing")
        assert foreign_body["detail"] == absent_body["detail"]
        assert set(foreign_body) == set(absent_body)
    assert all_key_ids(api) == before
    assert theirs["id"] not in all_key_ids(api)

    still = other_api.get(f"/v1/api-keys/{theirs['id']}").json
    assert still["status"] == "active"
    assert still["rotated_to"] is None and still["expires_at"] is None
    assert ApiClient(client, theirs["secret"]).get("/v1/workers").status_code == 200
    assert len(all_key_ids(other_api)) == 2


def test_a_key_only_sees_its_own_tenant(
    api: ApiClient, client: Any, other_tenant: TenantHandle
) -> None:
    mine = create_key(api, scopes=["admin", "parties:write"])
    ApiClient(client, mine["secret"]).post("/v1/workers", worker_body())
    other = ApiClient(client, other_tenant.api_key)
    assert other.get("/v1/workers").json["data"] == []
    assert mine["id"] not in all_key_ids(other)
