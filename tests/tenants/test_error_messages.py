"""Errors that say what to do: an empty bearer token is called empty, and a scope asked of
/oauth/token that is unknown or not granted is named. An empty `scope=` (what /docs'
"Authorize" and "Try it out" send) is no error at all."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import TenantHandle, assert_problem, basic

PARTIES = ["parties:read", "parties:write"]


def request_token(client: Any, client_id: str, secret: str, scope: str, via: str = "basic") -> Any:
    form = {"grant_type": "client_credentials", "scope": scope}
    if via == "basic":
        return client.post("/oauth/token", data=form, headers=basic(client_id, secret))
    return client.post(
        "/oauth/token", data={**form, "client_id": client_id, "client_secret": secret}
    )


@pytest.mark.parametrize("authorization", ["Bearer", "Bearer ", "bearer    "])
def test_an_empty_bearer_token_is_called_empty(client: Any, authorization: str) -> None:
    """`Authorization: Bearer $GK_KEY` with the variable unset uses the Bearer scheme: the
    answer must say the token is empty, not "use the Bearer scheme"."""
    resp = client.get("/v1/api-keys", headers={"Authorization": authorization})
    body = assert_problem(resp, 401, "invalid_authorization_header")
    assert body["detail"].startswith("The bearer token is empty")
    assert "Use the Bearer scheme" not in body["detail"]
    assert 'error_description="The bearer token is empty"' in resp.headers["WWW-Authenticate"]
    basic_resp = client.get("/v1/api-keys", headers={"Authorization": "Basic abc"})
    assert basic_resp.json["detail"].startswith("Use the Bearer scheme")


@pytest.mark.parametrize("via", ["basic", "form"])
def test_an_empty_scope_field_asks_for_every_scope_of_the_client(
    client: Any, tenant: TenantHandle, via: str
) -> None:
    client_id, secret = tenant.oauth_client(["parties:write", "work:read"])
    resp = request_token(client, client_id, secret, "", via=via)
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert set(resp.json["scope"].split()) == {"parties:write", "work:read"}


def test_an_unknown_scope_is_named_in_the_error(client: Any, tenant: TenantHandle) -> None:
    client_id, secret = tenant.oauth_client(PARTIES)
    resp = request_token(client, client_id, secret, "parties:read partys:write")
    body = assert_problem(resp, 400, "invalid_scope")
    assert "Unknown scope(s): partys:write." in body["detail"]
    assert "parties:read" not in body["detail"].split(".")[0]
    assert body["error_description"] == body["detail"]
    assert body["errors"][0]["field"] == "scope"


def test_a_scope_the_client_lacks_is_named_in_the_error(client: Any, tenant: TenantHandle) -> None:
    client_id, secret = tenant.oauth_client(PARTIES)
    resp = request_token(client, client_id, secret, "parties:read payouts:write admin")
    body = assert_problem(resp, 400, "invalid_scope")
    assert body["detail"] == "The client does not hold the scope(s): admin, payouts:write."
