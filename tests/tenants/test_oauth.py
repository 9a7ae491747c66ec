"""OAuth 2.0 over HTTP: the client-credentials grant (`/oauth/token`), revocation (RFC 7009),
introspection (RFC 7662), and the admin endpoints that manage clients (`/v1/oauth-clients`)."""

from __future__ import annotations

import base64
import datetime as dt
import re
import time
from typing import Any

import pytest
from sqlalchemy import select, update

from app.core.crypto import make_token
from app.core.ids import new_id
from app.tenants.models import OAuthClient, OAuthToken
from tests.helpers import (
    PROBLEM,
    ApiClient,
    TenantHandle,
    assert_problem,
    basic,
    columns_containing,
    database,
    fragments,
    worker_body,
)

TOKEN_URL = "/oauth/token"
GRANT = {"grant_type": "client_credentials"}
TOKEN_FORMAT = re.compile(r"gk_oat_[0-9A-Za-z]{38}")

SECRET_FORMAT = re.compile(r"gk_cs_[0-9A-Za-z]{38}")
PARTIES = ["parties:read", "parties:write"]
INACTIVE = {"active": False}


# --- helpers -------------------------------------------------------------------------------


def assert_invalid_client(resp: Any, statuses: tuple[int, ...] = (401,)) -> None:
    assert resp.status_code in statuses, resp.get_data(as_text=True)
    assert resp.content_type == PROBLEM
    assert resp.json["error"] == "invalid_client"
    assert resp.json["code"] == "invalid_client"
    assert "access_token" not in resp.json


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def request_token(
    client: Any, client_id: str, secret: str, scope: str | None = None, *, via: str = "basic"
) -> Any:
    form = dict(GRANT) if scope is None else {**GRANT, "scope": scope}
    if via == "basic":
        return client.post(TOKEN_URL, data=form, headers=basic(client_id, secret))
    return client.post(TOKEN_URL, data={**form, "client_id": client_id, "client_secret": secret})


def issue(client: Any, client_id: str, secret: str, scope: str | None = None) -> str:
    resp = request_token(client, client_id, secret, scope)
    assert resp.status_code == 200, resp.get_data(as_text=True)
    return str(resp.json["access_token"])


def revoke(client: Any, client_id: str, secret: str, token: str) -> Any:
    return client.post("/oauth/revoke", data={"token": token}, headers=basic(client_id, secret))


def introspect(client: Any, client_id: str, secret: str, token: str) -> Any:
    resp = client.post("/oauth/introspect", data={"token": token}, headers=basic(client_id, secret))
    assert resp.status_code == 200, resp.get_data(as_text=True)
    return resp.json


def works(client: Any, token: str) -> bool:
    return bool(ApiClient(client, token).get("/v1/workers").status_code == 200)


def expire_token(app: Any, tenant_id: str, token: str) -> None:
    db = database(app)
    with db.unit_of_work(tenant_id=tenant_id) as session:
        result = session.execute(
            update(OAuthToken)
            .where(OAuthToken.token_hash == db.keyring.hash_secret(token))
            .values(expires_at=now() - dt.timedelta(seconds=1))
        )
        assert result.rowcount == 1


def tokens_of(app: Any, tenant_id: str, client_id: str) -> int:
    with database(app).unit_of_work(tenant_id=tenant_id) as session:
        return len(
            session.scalars(select(OAuthToken).where(OAuthToken.client_id == client_id)).all()
        )


def create_client(api: ApiClient, scopes: list[str] | None = None, **headers: str) -> Any:
    resp = api.post(
        "/v1/oauth-clients", {"name": "payroll sync", "scopes": scopes or PARTIES}, headers=headers
    )
    assert resp.status_code == 201, resp.get_data(as_text=True)
    return resp.json


def rotate_secret(api: ApiClient, client_id: str, **body: Any) -> Any:
    return api.post(f"/v1/oauth-clients/{client_id}/rotate-secret", body)


# --- the token endpoint --------------------------------------------------------------------


@pytest.mark.parametrize("via", ["basic", "form"])
def test_client_credentials_grant_issues_a_bearer_token(
    api: ApiClient, client: Any, tenant: TenantHandle, via: str
) -> None:
    client_id, secret = tenant.oauth_client(PARTIES)
    resp = request_token(client, client_id, secret, via=via)
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert resp.content_type == "application/json"
    body = resp.json
    assert set(body) == {"access_token", "token_type", "expires_in", "scope"}  # no refresh
    assert TOKEN_FORMAT.fullmatch(body["access_token"]), body["access_token"]
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert body["scope"].split() == PARTIES
    assert "no-store" in resp.headers["Cache-Control"]
    assert resp.headers["Pragma"] == "no-cache"

    user = ApiClient(client, body["access_token"])
    created = user.post("/v1/workers", worker_body())
    assert created.status_code == 201, created.get_data(as_text=True)
    assert [w["id"] for w in api.get("/v1/workers").json["data"]] == [created.json["id"]]


def test_every_token_request_gets_a_new_token(client: Any, tenant: TenantHandle) -> None:
    client_id, secret = tenant.oauth_client(PARTIES)
    first, second = issue(client, client_id, secret), issue(client, client_id, secret)
    assert first != second
    assert works(client, first) and works(client, second)


def test_a_subset_of_scopes_gives_that_subset(client: Any, tenant: TenantHandle) -> None:
    client_id, secret = tenant.oauth_client(["parties:read", "parties:write", "work:read"])
    resp = request_token(client, client_id, secret, "work:read")
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert resp.json["scope"] == "work:read"
    narrow = ApiClient(client, resp.json["access_token"])
    body = assert_problem(narrow.get("/v1/workers"), 403, "insufficient_scope")
    assert body["required_scopes"] == ["parties:read"]
    assert 'error="insufficient_scope"' in narrow.get("/v1/workers").headers["WWW-Authenticate"]

    resp = request_token(client, client_id, secret, "work:read parties:read")
    assert set(resp.json["scope"].split()) == {"work:read", "parties:read"}
    reader = ApiClient(client, resp.json["access_token"])
    assert reader.get("/v1/workers").status_code == 200
    assert_problem(reader.post("/v1/workers", worker_body()), 403, "insufficient_scope")
    info = introspect(client, client_id, secret, resp.json["access_token"])
    assert set(info["scope"].split()) == {"work:read", "parties:read"}


def test_no_scope_requested_gives_every_scope_of_the_client(
    client: Any, tenant: TenantHandle
) -> None:
    client_id, secret = tenant.oauth_client(["parties:write", "work:read", "escrow:read"])
    resp = request_token(client, client_id, secret)
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert set(resp.json["scope"].split()) == {"parties:write", "work:read", "escrow:read"}
    token = ApiClient(client, resp.json["access_token"])
    assert token.post("/v1/workers", worker_body()).status_code == 201


def test_a_write_scope_lets_the_client_ask_for_the_implied_read(
    client: Any, tenant: TenantHandle
) -> None:
    client_id, secret = tenant.oauth_client(["parties:write"])
    resp = request_token(client, client_id, secret, "parties:read")
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert resp.json["scope"] == "parties:read"
    reader = ApiClient(client, resp.json["access_token"])
    assert reader.get("/v1/workers").status_code == 200
    assert_problem(reader.post("/v1/workers", worker_body()), 403, "insufficient_scope")


@pytest.mark.parametrize("scope", ["admin", "parties:read admin", "payouts:write", "no:such"])
def test_asking_for_a_scope_the_client_lacks_is_400_invalid_scope(
    app: Any, client: Any, tenant: TenantHandle, scope: str
) -> None:
    client_id, secret = tenant.oauth_client(PARTIES)
    resp = request_token(client, client_id, secret, scope)
    body = assert_problem(resp, 400, "invalid_scope")
    assert body["error"] == "invalid_scope"
    assert tokens_of(app, tenant.id, client_id) == 0


@pytest.mark.parametrize("via", ["wrong", "tampered", "unknown client", "other tenant"])
def test_bad_client_credentials_with_basic_are_401_with_a_basic_challenge(
    app: Any, client: Any, tenant: TenantHandle, other_tenant: TenantHandle, via: str
) -> None:
    client_id, secret = tenant.oauth_client(PARTIES)
    other_id, other_secret = tenant.oauth_client(PARTIES)
    foreign_id, _ = other_tenant.oauth_client(PARTIES)
    presented = {
        "wrong": (client_id, other_secret),
        "tampered": (client_id, secret[:-1] + ("A" if secret[-1] != "A" else "B")),
        "unknown client": (new_id("cli"), secret),
        "other tenant": (foreign_id, secret),
    }[via]
    resp = client.post(TOKEN_URL, data=GRANT, headers=basic(*presented))
    assert_invalid_client(resp)
    body = assert_problem(resp, 401, "invalid_client")
    assert body["error_description"]
    header = resp.headers["WWW-Authenticate"]
    assert header.startswith("Basic "), header
    assert 'error="invalid_client"' in header
    assert "no-store" in resp.headers.get("Cache-Control", "")
    for cid in (client_id, other_id):
        assert tokens_of(app, tenant.id, cid) == 0
    assert tokens_of(app, other_tenant.id, foreign_id) == 0
    assert issue(client, client_id, secret)  # the genuine pair still works


def test_bad_client_credentials_in_the_form_are_refused(client: Any, tenant: TenantHandle) -> None:
    client_id, secret = tenant.oauth_client(PARTIES)
    _, other_secret = tenant.oauth_client(PARTIES)
    resp = request_token(client, client_id, other_secret, via="form")
    assert_invalid_client(resp)
    resp = request_token(client, new_id("cli"), secret, via="form")
    assert_invalid_client(resp)
    resp = client.post(TOKEN_URL, data={**GRANT, "client_id": client_id})  # no secret
    assert_invalid_client(resp)


def test_no_client_authentication_at_all_is_refused(client: Any) -> None:
    resp = client.post(TOKEN_URL, data=GRANT)
    assert_invalid_client(resp)
    assert resp.headers["WWW-Authenticate"].startswith('Basic realm="gigkit"')


def _failed_authentication(resp: Any) -> tuple[int, dict[str, Any], str | None]:
    """What a client learns from a refused authentication, less the request id."""
    body = {k: v for k, v in resp.json.items() if k != "request_id"}
    return resp.status_code, body, resp.headers.get("WWW-Authenticate")


@pytest.mark.parametrize("path", [TOKEN_URL, "/oauth/revoke", "/oauth/introspect"])
@pytest.mark.parametrize("via", ["basic", "form"])
def test_an_unknown_client_and_a_wrong_secret_get_the_same_401(
    api: ApiClient,
    client: Any,
    tenant: TenantHandle,
    other_tenant: TenantHandle,
    path: str,
    via: str,
) -> None:
    """RFC 6749 §5.2: one answer for every failed client authentication (an unknown client
    id was a 400 in the form and named itself in WWW-Authenticate), so client ids cannot
    be enumerated."""
    client_id, secret = tenant.oauth_client(PARTIES)
    _, other_secret = tenant.oauth_client(PARTIES)
    foreign_id, _ = other_tenant.oauth_client(PARTIES)
    revoked = create_client(api)
    api.delete(f"/v1/oauth-clients/{revoked['client_id']}")
    presented = [
        (client_id, other_secret),  # wrong secret
        (client_id, "gk_cs_" + "A" * 38),  # well-formed, wrong
        (new_id("cli"), secret),  # unknown client
        ("cli_unknown", secret),  # not even an id
        (foreign_id, secret),  # another tenant's client
        (revoked["client_id"], revoked["client_secret"]),
    ]
    form = dict(GRANT) if path == TOKEN_URL else {"token": "gk_oat_" + "A" * 38}
    answers = []
    for cid, presented_secret in presented:
        if via == "basic":
            resp = client.post(path, data=form, headers=basic(cid, presented_secret))
        else:
            resp = client.post(
                path, data={**form, "client_id": cid, "client_secret": presented_secret}
            )
        assert_invalid_client(resp)
        answers.append(_failed_authentication(resp))
    assert all(a == answers[0] for a in answers), answers
    challenge = answers[0][2]
    assert challenge is not None and challenge.startswith('Basic realm="gigkit"')
    assert 'error="invalid_client"' in challenge and "exist" not in challenge
    assert tokens_of(client.application, tenant.id, client_id) == 0


@pytest.mark.parametrize("path", [TOKEN_URL, "/oauth/revoke", "/oauth/introspect"])
@pytest.mark.parametrize(
    "form",
    [
        {"client_id": "{id}", "client_secret": "{secret}"},  # the same client twice
        {"client_secret": "{secret}"},
        {"client_secret": ""},
        {"client_id": "{other}", "client_secret": "{other_secret}"},
        {"client_id": "{other}"},  # which client?
    ],
)
def test_basic_and_form_credentials_together_are_400_invalid_request(
    client: Any, tenant: TenantHandle, path: str, form: dict[str, str]
) -> None:
    """RFC 6749 §2.3: a client MUST NOT use more than one authentication method in a request.
    (Once, a wrong Basic secret fell through to right form credentials, and vice versa.)"""
    client_id, secret = tenant.oauth_client(PARTIES)
    other_id, other_secret = tenant.oauth_client(PARTIES)
    token = issue(client, other_id, other_secret)
    values = {"id": client_id, "secret": secret, "other": other_id, "other_secret": other_secret}
    data = {k: v.format(**values) for k, v in form.items()}
    data.update(GRANT if path == TOKEN_URL else {"token": token})
    for presented in (secret, "gk_cs_" + "A" * 38):  # a right or a wrong Basic secret
        resp = client.post(path, data=data, headers=basic(client_id, presented))
        body = assert_problem(resp, 400, "invalid_request")
        assert body["error"] == "invalid_request" and "one" in body["error_description"]
        assert "access_token" not in body and "active" not in body
    assert tokens_of(client.application, tenant.id, client_id) == 0
    assert works(client, token)


@pytest.mark.parametrize(
    "spelling",
    [
        lambda raw: f"Basic\t{raw[:8]} {raw[8:]}",  # a tab, then a space inside the base64
        lambda raw: f"BASIC  {raw}",
        lambda raw: f"basic {raw[:4]}\t {raw[4:]}",
    ],
    ids=["tab-and-inner-space", "upper-case-two-spaces", "inner-whitespace"],
)
def test_no_spelling_of_basic_slips_past_the_one_method_rule(
    client: Any, tenant: TenantHandle, spelling: Any
) -> None:
    """authlib reads Basic credentials leniently (any whitespace after the scheme, base64
    with stray whitespace): the one-method rule reads them the same way."""
    client_id, secret = tenant.oauth_client(PARTIES)
    raw = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    form = {**GRANT, "client_id": client_id, "client_secret": "nope"}
    resp = client.post(TOKEN_URL, data=form, headers={"Authorization": spelling(raw)})
    assert resp.status_code in (400, 401), resp.json
    assert "access_token" not in (resp.json or {})
    assert tokens_of(client.application, tenant.id, client_id) == 0


def test_basic_with_the_same_client_id_in_the_form_is_one_method(
    client: Any, tenant: TenantHandle
) -> None:
    """`client_id` alone identifies, it does not authenticate: some client libraries send it
    beside Basic, and that is allowed when it names the same client."""
    client_id, secret = tenant.oauth_client(PARTIES)
    resp = client.post(
        TOKEN_URL, data={**GRANT, "client_id": client_id}, headers=basic(client_id, secret)
    )
    assert resp.status_code == 200, resp.get_data(as_text=True)


@pytest.mark.parametrize("grant_type", ["password", "authorization_code", "refresh_token", None])
def test_a_grant_other_than_client_credentials_is_400(
    app: Any, client: Any, tenant: TenantHandle, grant_type: str | None
) -> None:
    client_id, secret = tenant.oauth_client(PARTIES)
    form = {} if grant_type is None else {"grant_type": grant_type}
    resp = client.post(TOKEN_URL, data=form, headers=basic(client_id, secret))
    assert resp.status_code == 400, resp.get_data(as_text=True)  # RFC 6749 §5.2
    assert resp.content_type == PROBLEM
    expected = (
        {"unsupported_grant_type"} if grant_type else {"invalid_request", "unsupported_grant_type"}
    )
    assert resp.json["error"] in expected
    assert resp.json["code"] == resp.json["error"]
    assert tokens_of(app, tenant.id, client_id) == 0


@pytest.mark.parametrize("path", [TOKEN_URL, "/oauth/revoke", "/oauth/introspect"])
def test_a_json_body_is_415(app: Any, client: Any, tenant: TenantHandle, path: str) -> None:
    client_id, secret = tenant.oauth_client(PARTIES)
    token = issue(client, client_id, secret)
    body = {**GRANT, "client_id": client_id, "client_secret": secret, "token": token}
    resp = client.post(path, json=body, headers=basic(client_id, secret))
    assert_problem(resp, 415, "unsupported_media_type")
    assert "application/x-www-form-urlencoded" in resp.headers["Accept-Post"]
    assert tokens_of(app, tenant.id, client_id) == 1
    assert works(client, token)


def test_access_token_and_client_secret_are_not_stored_in_clear(
    app: Any, api: ApiClient, client: Any, tenant: TenantHandle
) -> None:
    created = create_client(api)
    token_resp = client.post(
        TOKEN_URL,
        data=GRANT,
        headers={**basic(created["client_id"], created["client_secret"]), "Idempotency-Key": "t"},
    )
    assert token_resp.status_code == 200
    token = token_resp.json["access_token"]
    assert columns_containing(app, tenant.id, token) == []
    assert columns_containing(app, tenant.id, created["client_secret"]) == []
    db = database(app)
    with db.unit_of_work(tenant_id=tenant.id) as session:
        row = session.scalars(select(OAuthToken)).one()
        stored = session.scalars(select(OAuthClient)).one()
    assert row.token_hash == db.keyring.hash_secret(token)
    assert stored.secret_hash == db.keyring.hash_secret(created["client_secret"])


# --- revocation ----------------------------------------------------------------------------


def test_revoking_a_token_makes_it_401_token_revoked(client: Any, tenant: TenantHandle) -> None:
    client_id, secret = tenant.oauth_client(PARTIES)
    token = issue(client, client_id, secret)
    keep = issue(client, client_id, secret)
    assert works(client, token)
    resp = revoke(client, client_id, secret, token)
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert resp.json == {}

    refused = ApiClient(client, token).get("/v1/workers")
    assert_problem(refused, 401, "token_revoked")
    header = refused.headers["WWW-Authenticate"]
    assert header.startswith('Bearer realm="gigkit"') and 'error="invalid_token"' in header
    assert introspect(client, client_id, secret, token) == INACTIVE
    assert works(client, keep)  # only that token

    assert revoke(client, client_id, secret, token).status_code == 200  # again: fine


@pytest.mark.parametrize("token", ["unknown", "garbage", "api key"])
def test_revoking_an_unknown_token_is_200(client: Any, tenant: TenantHandle, token: str) -> None:
    client_id, secret = tenant.oauth_client(PARTIES)
    value = {"unknown": make_token("gk_oat_"), "garbage": "nope", "api key": tenant.api_key}[token]
    resp = revoke(client, client_id, secret, value)
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert resp.json == {}
    assert ApiClient(client, tenant.api_key).get("/v1/workers").status_code == 200


def test_a_client_cannot_revoke_another_clients_token(
    client: Any, tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    owner_id, owner_secret = tenant.oauth_client(PARTIES)
    token = issue(client, owner_id, owner_secret)
    sibling_id, sibling_secret = tenant.oauth_client(PARTIES)
    foreign_id, foreign_secret = other_tenant.oauth_client(PARTIES)

    resp = revoke(client, sibling_id, sibling_secret, token)
    assert resp.status_code == 200, resp.get_data(as_text=True)  # no oracle: like unknown
    assert resp.json == {}
    assert works(client, token)
    resp = revoke(client, foreign_id, foreign_secret, token)
    assert resp.status_code == 200, resp.get_data(as_text=True)  # unknown to that tenant
    assert works(client, token)
    assert introspect(client, owner_id, owner_secret, token)["active"] is True


def test_revocation_requires_client_authentication(client: Any, tenant: TenantHandle) -> None:
    client_id, secret = tenant.oauth_client(PARTIES)
    token = issue(client, client_id, secret)
    _, other_secret = tenant.oauth_client(PARTIES)
    assert_invalid_client(client.post("/oauth/revoke", data={"token": token}))
    assert_invalid_client(revoke(client, client_id, other_secret, token))
    assert works(client, token)


@pytest.mark.parametrize("path", ["/oauth/revoke", "/oauth/introspect"])
@pytest.mark.parametrize(
    "form,error",
    [
        ({}, "invalid_request"),
        ({"token": ""}, "invalid_request"),
        ({"token": "x" * 101}, "invalid_request"),
        ({"token": "{token}", "token_type_hint": "refresh_token"}, "unsupported_token_type"),
    ],
)
def test_malformed_revocation_or_introspection_requests_are_400(
    client: Any, tenant: TenantHandle, path: str, form: dict[str, str], error: str
) -> None:
    client_id, secret = tenant.oauth_client(PARTIES)
    token = issue(client, client_id, secret)
    data = {k: v.format(token=token) for k, v in form.items()}
    resp = client.post(path, data=data, headers=basic(client_id, secret))
    assert resp.status_code == 400, resp.get_data(as_text=True)  # RFC 7009 §2.2.1, RFC 6749 §5.2
    assert resp.content_type == PROBLEM
    assert resp.json["error"] == error
    assert works(client, token)


# --- introspection -------------------------------------------------------------------------


def test_introspecting_an_active_token(client: Any, tenant: TenantHandle) -> None:
    client_id, secret = tenant.oauth_client(PARTIES)
    token = issue(client, client_id, secret, "parties:read")
    info = introspect(client, client_id, secret, token)
    assert info["active"] is True
    assert info["scope"] == "parties:read"
    assert info["client_id"] == client_id
    assert info["token_type"] == "Bearer"
    assert info["exp"] - info["iat"] == 3600
    assert abs(info["iat"] - time.time()) < 60
    assert token not in str(info)


@pytest.mark.parametrize("state", ["unknown", "garbage", "revoked", "expired", "api key"])
def test_introspecting_a_dead_or_unknown_token_says_only_inactive(
    app: Any, client: Any, tenant: TenantHandle, state: str
) -> None:
    client_id, secret = tenant.oauth_client(PARTIES)
    token = issue(client, client_id, secret)
    if state == "revoked":
        assert revoke(client, client_id, secret, token).status_code == 200
    elif state == "expired":
        expire_token(app, tenant.id, token)
    else:
        token = {"unknown": make_token("gk_oat_"), "garbage": "x", "api key": tenant.api_key}[state]
    assert introspect(client, client_id, secret, token) == INACTIVE


def test_another_tenants_token_is_inactive_to_this_tenants_client(
    client: Any, tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    mine_id, mine_secret = tenant.oauth_client(PARTIES)
    foreign_id, foreign_secret = other_tenant.oauth_client(PARTIES)
    foreign_token = issue(client, foreign_id, foreign_secret)
    assert introspect(client, mine_id, mine_secret, foreign_token) == INACTIVE
    assert introspect(client, foreign_id, foreign_secret, foreign_token)["active"] is True


def test_introspection_requires_client_authentication(client: Any, tenant: TenantHandle) -> None:
    client_id, secret = tenant.oauth_client(PARTIES)
    token = issue(client, client_id, secret)
    resp = client.post("/oauth/introspect", data={"token": token})
    assert_invalid_client(resp)
    assert "scope" not in resp.json and "client_id" not in resp.json


# --- expiry --------------------------------------------------------------------------------


def test_an_expired_token_is_401_token_expired(app: Any, client: Any, tenant: TenantHandle) -> None:
    client_id, secret = tenant.oauth_client(PARTIES)
    token = issue(client, client_id, secret)
    assert works(client, token)
    expire_token(app, tenant.id, token)
    resp = ApiClient(client, token).get("/v1/workers")
    assert_problem(resp, 401, "token_expired")
    assert 'error="invalid_token"' in resp.headers["WWW-Authenticate"]
    assert issue(client, client_id, secret)  # the remedy: a new token


@pytest.mark.parametrize("token", ["unknown", "tampered"])
def test_unknown_or_mistyped_tokens_are_401_with_a_challenge(
    client: Any, tenant: TenantHandle, token: str
) -> None:
    client_id, secret = tenant.oauth_client(PARTIES)
    real = issue(client, client_id, secret)
    value = make_token("gk_oat_") if token == "unknown" else real[:-2] + real[-1] + real[-2]
    if value == real:
        value = real[:-1] + ("A" if real[-1] != "A" else "B")
    resp = ApiClient(client, value).get("/v1/workers")
    assert resp.status_code == 401
    assert resp.json["code"] in ("invalid_token", "invalid_api_key")
    assert resp.headers["WWW-Authenticate"].startswith('Bearer realm="gigkit"')


# --- managing clients ----------------------------------------------------------------------


def test_created_client_shows_its_secret_once(api: ApiClient, client: Any) -> None:
    created = create_client(api, ["parties:read"])
    secret = created["client_secret"]
    assert SECRET_FORMAT.fullmatch(secret), secret
    assert created["id"].startswith("cli_")
    assert created["client_id"] == created["id"]
    assert created["scopes"] == ["parties:read"]
    assert created["secret_last4"] == secret[-4:]
    assert created["status"] == "active"
    assert created["revoked_at"] is None

    fetched = api.get(f"/v1/oauth-clients/{created['id']}")
    assert fetched.status_code == 200
    assert "client_secret" not in fetched.json
    assert fetched.json == {k: v for k, v in created.items() if k != "client_secret"}
    listed = api.get("/v1/oauth-clients?limit=100")
    assert listed.status_code == 200
    assert created["id"] in [c["id"] for c in listed.json["data"]]
    for text_ in (fetched.get_data(as_text=True), listed.get_data(as_text=True)):
        assert not any(f in text_ for f in fragments(secret))
    assert issue(client, created["client_id"], secret)


def test_revoking_a_client_kills_its_tokens_and_its_secret(
    api: ApiClient, client: Any, tenant: TenantHandle
) -> None:
    created = create_client(api)
    cid, secret = created["client_id"], created["client_secret"]
    tokens = [issue(client, cid, secret), issue(client, cid, secret)]
    sibling_id, sibling_secret = tenant.oauth_client(PARTIES)
    sibling_token = issue(client, sibling_id, sibling_secret)

    resp = api.delete(f"/v1/oauth-clients/{cid}")
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert resp.json["status"] == "revoked" and resp.json["revoked_at"]
    assert "client_secret" not in resp.json

    for token in tokens:
        assert_problem(ApiClient(client, token).get("/v1/workers"), 401, "token_revoked")
        assert introspect(client, sibling_id, sibling_secret, token) == INACTIVE
    assert_invalid_client(request_token(client, cid, secret))
    assert_invalid_client(request_token(client, cid, secret, via="form"))
    assert works(client, sibling_token)
    # revoking is deleting, as far as the API shows
    assert_problem(api.get(f"/v1/oauth-clients/{cid}"), 404, "resource_missing")
    assert_problem(api.delete(f"/v1/oauth-clients/{cid}"), 404, "resource_missing")
    assert_problem(rotate_secret(api, cid), 404, "resource_missing")
    assert cid not in str(api.get("/v1/oauth-clients?limit=100").json)


def test_rotated_secret_works_and_the_old_one_during_the_overlap(
    api: ApiClient, client: Any
) -> None:
    created = create_client(api)
    cid, old = created["client_id"], created["client_secret"]
    token = issue(client, cid, old)
    resp = rotate_secret(api, cid, overlap_seconds=3600)
    assert resp.status_code == 201, resp.get_data(as_text=True)
    new = resp.json["client_secret"]
    assert SECRET_FORMAT.fullmatch(new) and new != old
    assert resp.json["secret_last4"] == new[-4:]
    assert resp.json["client_id"] == cid
    assert old not in resp.get_data(as_text=True)

    assert issue(client, cid, new)
    assert issue(client, cid, old)
    assert works(client, token)
    fetched = api.get(f"/v1/oauth-clients/{cid}").json
    assert "client_secret" not in fetched
    assert fetched["secret_last4"] == new[-4:]


def test_secret_rotation_overlap_defaults_to_a_day_and_ends(
    app: Any, api: ApiClient, client: Any, tenant: TenantHandle
) -> None:
    created = create_client(api)
    cid, old = created["client_id"], created["client_secret"]
    resp = rotate_secret(api, cid)
    assert resp.status_code == 201
    with database(app).unit_of_work(tenant_id=tenant.id) as session:
        row = session.scalars(select(OAuthClient).where(OAuthClient.id == cid)).one()
        assert row.previous_secret_expires_at is not None
        assert abs(row.previous_secret_expires_at - (now() + dt.timedelta(days=1))) < dt.timedelta(
            seconds=10
        )
        row.previous_secret_expires_at = now() - dt.timedelta(seconds=1)
    assert_invalid_client(request_token(client, cid, old))
    assert issue(client, cid, resp.json["client_secret"])


def test_secret_rotation_without_overlap_retires_the_old_secret_at_once(
    api: ApiClient, client: Any
) -> None:
    created = create_client(api)
    cid, old = created["client_id"], created["client_secret"]
    resp = rotate_secret(api, cid, overlap_seconds=0)
    assert resp.status_code == 201, resp.get_data(as_text=True)
    assert_invalid_client(request_token(client, cid, old))
    assert_invalid_client(request_token(client, cid, old, via="form"))
    assert issue(client, cid, resp.json["client_secret"])


def test_a_second_rotation_retires_the_first_secret(api: ApiClient, client: Any) -> None:
    created = create_client(api)
    cid, first = created["client_id"], created["client_secret"]
    second = rotate_secret(api, cid).json["client_secret"]
    third = rotate_secret(api, cid).json["client_secret"]
    assert_invalid_client(request_token(client, cid, first))
    assert issue(client, cid, second)
    assert issue(client, cid, third)


@pytest.mark.parametrize("overlap", [-1, 604801, "60", None])
def test_secret_rotation_overlap_out_of_range_is_422(
    api: ApiClient, client: Any, overlap: Any
) -> None:
    created = create_client(api)
    resp = rotate_secret(api, created["client_id"], overlap_seconds=overlap)
    body = assert_problem(resp, 422, "validation_error")
    assert body["errors"][0]["field"] == "overlap_seconds"
    assert issue(client, created["client_id"], created["client_secret"])


@pytest.mark.parametrize("idempotency_key", [None, "new-client"])
def test_client_secret_is_not_stored_in_clear(
    app: Any, api: ApiClient, tenant: TenantHandle, idempotency_key: str | None
) -> None:
    headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
    created = create_client(api, **headers)
    assert columns_containing(app, tenant.id, created["client_secret"]) == []
    if idempotency_key:
        headers = {"Idempotency-Key": f"{idempotency_key}-rotation"}
    rotated = api.post(f"/v1/oauth-clients/{created['id']}/rotate-secret", {}, headers=headers)
    assert rotated.status_code == 201
    assert columns_containing(app, tenant.id, rotated.json["client_secret"]) == []


def test_admin_cannot_create_a_client_with_scopes_it_lacks(
    api: ApiClient, client: Any, tenant: TenantHandle
) -> None:
    limited = ApiClient(client, tenant.key(["admin", "parties:read"]))
    resp = limited.post("/v1/oauth-clients", {"name": "x", "scopes": ["parties:write"]})
    assert_problem(resp, 403, "scope_escalation")
    assert "client_secret" not in resp.json
    assert api.get("/v1/oauth-clients").json["data"] == []
    ok = limited.post("/v1/oauth-clients", {"name": "x", "scopes": ["parties:read"]})
    assert ok.status_code == 201, ok.get_data(as_text=True)


def test_admin_cannot_rotate_the_secret_of_a_client_with_scopes_it_lacks(
    api: ApiClient, client: Any, tenant: TenantHandle
) -> None:
    broad = create_client(api, ["parties:write", "escrow:write"])
    limited = ApiClient(client, tenant.key(["admin", "parties:write"]))
    resp = limited.post(f"/v1/oauth-clients/{broad['id']}/rotate-secret", {"overlap_seconds": 0})
    assert_problem(resp, 403, "scope_escalation")
    assert "client_secret" not in resp.json
    assert api.get(f"/v1/oauth-clients/{broad['id']}").json["secret_last4"] == broad["secret_last4"]
    assert issue(client, broad["client_id"], broad["client_secret"])
    narrow = create_client(api, ["parties:read"])
    ok = limited.post(f"/v1/oauth-clients/{narrow['id']}/rotate-secret", {"overlap_seconds": 0})
    assert ok.status_code == 201, ok.get_data(as_text=True)


@pytest.mark.parametrize("scopes", [["nope"], [], ["parties:read", "x:y"]])
def test_client_with_unknown_or_no_scopes_is_422(api: ApiClient, scopes: list[str]) -> None:
    resp = api.post("/v1/oauth-clients", {"name": "x", "scopes": scopes})
    assert_problem(resp, 422, "validation_error")
    assert api.get("/v1/oauth-clients").json["data"] == []


def test_another_tenants_client_looks_exactly_like_a_missing_one(
    api: ApiClient, client: Any, other_tenant: TenantHandle
) -> None:
    other_api = ApiClient(client, other_tenant.api_key)
    theirs = create_client(other_api)
    missing = new_id("cli")
    for method, suffix, body in (
        ("get", "", None),
        ("delete", "", None),
        ("post", "/rotate-secret", {"overlap_seconds": 0}),
    ):
        kwargs = {"json": body} if body is not None else {}
        foreign = getattr(api, method)(f"/v1/oauth-clients/{theirs['id']}{suffix}", **kwargs)
        absent = getattr(api, method)(f"/v1/oauth-clients/{missing}{suffix}", **kwargs)
        assert_problem(foreign, 404, "resource_missing")
        assert_problem(absent, 404, "resource_missing")
        assert foreign.json["detail"] == absent.json["detail"]
    assert api.get("/v1/oauth-clients").json["data"] == []
    assert other_api.get(f"/v1/oauth-clients/{theirs['id']}").json["status"] == "active"
    assert issue(client, theirs["client_id"], theirs["client_secret"])


def test_a_token_acts_for_its_clients_tenant_only(
    api: ApiClient, client: Any, tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    foreign_id, foreign_secret = other_tenant.oauth_client(["admin", *PARTIES])
    token = ApiClient(client, issue(client, foreign_id, foreign_secret))
    assert token.get("/v1/tenant").json["id"] == other_tenant.id
    assert token.post("/v1/workers", worker_body()).status_code == 201
    assert api.get("/v1/workers").json["data"] == []
