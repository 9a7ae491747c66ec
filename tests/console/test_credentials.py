"""API key rotation and OAuth clients in the console, through Flask's test client on SQLite
and PostgreSQL: both secrets work during the overlap and only the new one after it; an
OAuth client made in the console gets tokens until it is revoked; reloading a POST's answer
acts nothing twice; bad names are refused clearly; another tenant's ids are 404; viewers
and developers are held to their roles."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from tests.console.test_console import csrf_of, log_in, make_admin
from tests.helpers import ApiClient, TenantHandle, assert_problem, basic

ONCE = re.compile(r'name="once" value="([^"]+)"')
SECRET = re.compile(r'value="(gk_[^"]+)"[^>]*id="secret"')
CLIENT_ID = re.compile(r'value="(cli_[^"]+)" id="extra"')


@pytest.fixture()
def owner(app: Any, client: Any, tenant: TenantHandle) -> Any:
    """The test client, signed in as an owner of `tenant`."""
    assert log_in(client, make_admin(app, tenant)).status_code == 303
    return client


def signed_in(app: Any, tenant: TenantHandle, role: str) -> Any:
    client = app.test_client()
    assert log_in(client, make_admin(app, tenant, role)).status_code == 303
    return client


def submit(client: Any, path: str, **data: Any) -> Any:
    """GET the form at `path`, POST it with `data` (and its csrf and once fields)."""
    form = client.get(path)
    assert form.status_code == 200, form.get_data(as_text=True)[:300]
    once = ONCE.search(form.get_data(as_text=True))
    fields = {"csrf": csrf_of(form), "once": once.group(1) if once else "", **data}
    return client.post(path, data=fields)


def text(resp: Any) -> str:
    return str(resp.get_data(as_text=True))


def secret_of(resp: Any) -> str:
    found = SECRET.search(text(resp))
    assert found, text(resp)[:800]
    return found.group(1)


def token_request(client: Any, client_id: str, secret: str) -> Any:
    data = {"grant_type": "client_credentials"}
    return client.post("/oauth/token", data=data, headers=basic(client_id, secret))


def key_names(client: Any, tenant: TenantHandle) -> list[str]:
    return [k["name"] for k in ApiClient(client, tenant.api_key).get("/v1/api-keys").json["data"]]


def client_names(client: Any, tenant: TenantHandle) -> list[str]:
    found = ApiClient(client, tenant.api_key).get("/v1/oauth-clients").json["data"]
    return [c["name"] for c in found]


def test_a_rotated_key_keeps_working_until_the_overlap_ends(
    owner: Any, tenant: TenantHandle, clock: Any
) -> None:
    old_secret = secret_of(submit(owner, "/console/keys/new", name="sync", scopes="parties:read"))
    admin_api = ApiClient(owner, tenant.api_key)
    key = next(k for k in admin_api.get("/v1/api-keys").json["data"] if k["name"] == "sync")
    path = f"/console/keys/{key['id']}/rotate"
    assert f'href="{path}"' in text(owner.get("/console/keys"))

    for bad in ("169", "-1", "soon", "nan"):
        refused = submit(owner, path, overlap_hours=bad)
        assert refused.status_code == 422
        assert "The overlap is a number of hours from 0 to 168." in text(refused)
    assert admin_api.get(f"/v1/api-keys/{key['id']}").json["expires_at"] is None

    form = owner.get(path)
    assert "data-confirm" in text(form) and 'value="24"' in text(form)  # the API's default
    data = {"csrf": csrf_of(form), "once": ONCE.search(text(form)).group(1), "overlap_hours": "2"}  # type: ignore[union-attr]
    rotated = owner.post(path, data=data)
    assert rotated.status_code == 201
    new_secret = secret_of(rotated)
    assert new_secret != old_secret and "button data-copy" not in text(rotated)
    assert 'data-copy="#secret"' in text(rotated)
    assert f"The old key (…{old_secret[-4:]}) works until" in text(rotated)
    again = owner.post(path, data=data)  # the browser reloads the answer: nothing is redone
    assert again.status_code == 201 and secret_of(again) == new_secret
    assert key_names(owner, tenant).count("sync") == 2
    assert "rotated: works until" in text(owner.get("/console/keys"))
    audit = admin_api.get(f"/v1/audit-events?target_id={key['id']}").json["data"]
    rotations = [e for e in audit if e["action"] == "api_key.rotated"]
    assert len(rotations) == 1 and rotations[0]["actor"]["type"] == "admin_user"
    twice = submit(owner, path, overlap_hours="1")  # a new form for the rotated key
    assert twice.status_code == 409 and "nothing was changed" in text(twice)

    for secret in (old_secret, new_secret):
        assert ApiClient(owner, secret).get("/v1/workers").status_code == 200
    clock.advance(dt.timedelta(hours=2))
    refused = ApiClient(owner, old_secret).get("/v1/workers")
    assert_problem(refused, 401, "api_key_expired")
    assert ApiClient(owner, new_secret).get("/v1/workers").status_code == 200


def test_an_oauth_client_made_in_the_console_gets_tokens_until_revoked(
    owner: Any, tenant: TenantHandle, clock: Any
) -> None:
    assert "No OAuth clients yet." in text(owner.get("/console/oauth-clients"))
    made = submit(owner, "/console/oauth-clients/new", name="payroll sync", scopes="parties:read")
    assert made.status_code == 201
    secret = secret_of(made)
    client_id = CLIENT_ID.search(text(made)).group(1)  # type: ignore[union-attr]
    assert secret.startswith("gk_cs_") and 'data-copy="#extra"' in text(made)
    assert text(made).count(">Copy</button>") == 2
    issued = token_request(owner, client_id, secret)
    assert issued.status_code == 200, text(issued)
    token = issued.json["access_token"]
    assert ApiClient(owner, token).get("/v1/workers").status_code == 200
    listing = text(owner.get("/console/oauth-clients"))
    assert "payroll sync" in listing and client_id in listing and "parties:read" in listing
    assert "never" not in listing  # last used: just now

    rotated = submit(owner, f"/console/oauth-clients/{client_id}/rotate", overlap_hours="0.5")
    assert rotated.status_code == 201 and "The old secret works until" in text(rotated)
    new_secret = secret_of(rotated)
    assert "The old secret works until" in text(owner.get("/console/oauth-clients"))
    for each in (secret, new_secret):
        assert token_request(owner, client_id, each).status_code == 200
    clock.advance(dt.timedelta(minutes=30))
    assert_problem(token_request(owner, client_id, secret), 401, "invalid_client")
    assert token_request(owner, client_id, new_secret).status_code == 200

    confirm = owner.get(f"/console/oauth-clients/{client_id}/revoke")
    assert "data-confirm=" in text(confirm)
    data = {"csrf": csrf_of(confirm), "once": ONCE.search(text(confirm)).group(1)}  # type: ignore[union-attr]
    revoked = owner.post(f"/console/oauth-clients/{client_id}/revoke", data=data)
    assert revoked.status_code == 200
    assert "The client payroll sync was revoked." in text(revoked)
    assert owner.post(f"/console/oauth-clients/{client_id}/revoke", data=data).status_code == 200
    assert_problem(token_request(owner, client_id, new_secret), 401, "invalid_client")
    assert ApiClient(owner, token).get("/v1/workers").status_code == 401
    admin_api = ApiClient(owner, tenant.api_key)
    audit = admin_api.get(f"/v1/audit-events?target_id={client_id}").json["data"]
    assert {e["action"] for e in audit} == {
        "oauth_client.created",
        "oauth_client.secret_rotated",
        "oauth_client.revoked",
    }
    assert {e["actor"]["type"] for e in audit} == {"admin_user"}


def test_reloading_a_create_answer_creates_nothing_more(owner: Any, tenant: TenantHandle) -> None:
    for path, names in (
        ("/console/keys/new", key_names),
        ("/console/oauth-clients/new", client_names),
    ):
        form = owner.get(path)
        data = {
            "csrf": csrf_of(form),
            "once": ONCE.search(text(form)).group(1),  # type: ignore[union-attr]
            "name": "once only",
            "scopes": "parties:read",
        }
        first, second = owner.post(path, data=data), owner.post(path, data=data)
        assert first.status_code == second.status_code == 201
        assert secret_of(first) == secret_of(second)
        assert second.headers["Idempotent-Replayed"] == "true"
        assert names(owner, tenant).count("once only") == 1
        changed = owner.post(path, data={**data, "name": "something else"})
        assert changed.status_code == 422  # the same form sent with other fields
        assert "something else" not in names(owner, tenant)


@pytest.mark.parametrize("path", ["/console/keys/new", "/console/oauth-clients/new"])
def test_bad_names_are_refused_clearly_and_html_is_escaped(
    owner: Any, tenant: TenantHandle, path: str
) -> None:
    names = key_names if "keys" in path else client_names
    before = names(owner, tenant)
    huge = "<b>bold</b>" + "n" * 9_989
    resp = submit(owner, path, name=huge, scopes="parties:read")
    assert resp.status_code == 422
    body = text(resp)
    assert "at most 200 characters (this one has 10000)" in body
    assert "was created." in body
    assert "<b>bold</b>" not in body and "&lt;b&gt;bold&lt;/b&gt;" in body
    assert submit(owner, path, name="  ", scopes="parties:read").status_code == 422
    assert submit(owner, path, name="x", scopes="nonsense:scope").status_code == 422
    assert names(owner, tenant) == before

    html = '<script>alert("x")</script>'
    made = submit(owner, path, name=html, scopes="parties:read")
    assert made.status_code == 201 and html not in text(made)
    listing = text(owner.get(path.removesuffix("/new")))
    assert html not in listing and "&lt;script&gt;" in listing


def test_another_tenants_ids_are_not_found(
    owner: Any, client: Any, other_tenant: TenantHandle
) -> None:
    theirs = ApiClient(client, other_tenant.api_key)
    key_id = theirs.get("/v1/api-keys").json["data"][0]["id"]
    client_id, _ = other_tenant.oauth_client(["parties:read"])
    csrf = csrf_of(owner.get("/console/keys"))
    for path in (
        f"/console/keys/{key_id}/rotate",
        f"/console/oauth-clients/{client_id}/rotate",
        f"/console/oauth-clients/{client_id}/revoke",
    ):
        assert owner.get(path).status_code == 404
        posted = owner.post(path, data={"csrf": csrf, "overlap_hours": "0", "once": "x" * 24})
        assert posted.status_code == 404 and "<html" in text(posted)
    assert theirs.get(f"/v1/api-keys/{key_id}").json["expires_at"] is None
    assert theirs.get(f"/v1/oauth-clients/{client_id}").status_code == 200


def test_a_viewer_sees_clients_without_buttons_and_cannot_post(
    app: Any, tenant: TenantHandle
) -> None:
    client_id, _ = tenant.oauth_client(["parties:read"])
    viewer = signed_in(app, tenant, "viewer")
    page = viewer.get("/console/oauth-clients")
    body = text(page)
    assert page.status_code == 200 and client_id in body
    assert "/new" not in body and "/rotate" not in body and "/revoke" not in body
    assert "/rotate" not in text(viewer.get("/console/keys"))
    key_id = ApiClient(viewer, tenant.api_key).get("/v1/api-keys").json["data"][0]["id"]
    csrf = csrf_of(page)
    for path, data in (
        ("/console/oauth-clients/new", {"name": "forged", "scopes": "parties:read"}),
        (f"/console/oauth-clients/{client_id}/rotate", {"overlap_hours": "0"}),
        (f"/console/oauth-clients/{client_id}/revoke", {}),
        (f"/console/keys/{key_id}/rotate", {"overlap_hours": "0"}),
    ):
        assert viewer.post(path, data={"csrf": csrf, **data}).status_code == 403
        assert viewer.get(path).status_code == 403
    assert client_names(viewer, tenant) == ["test client"]
    assert (
        ApiClient(viewer, tenant.api_key).get(f"/v1/api-keys/{key_id}").json["expires_at"] is None
    )


def test_only_admins_grant_rotate_or_revoke_the_admin_scope(app: Any, tenant: TenantHandle) -> None:
    developer = signed_in(app, tenant, "developer")
    form = text(developer.get("/console/oauth-clients/new"))
    assert 'value="admin"' not in form and 'value="parties:read"' in form
    refused = submit(developer, "/console/oauth-clients/new", name="sneaky", scopes="admin")
    assert refused.status_code == 422
    key_id = ApiClient(developer, tenant.api_key).get("/v1/api-keys").json["data"][0]["id"]
    listed = text(developer.get("/console/keys"))  # only the tenant's admin key
    assert "/rotate" not in listed and "/revoke" not in listed
    csrf = csrf_of(developer.get("/console/keys"))  # the forms' pages are refused:
    assert developer.get(f"/console/keys/{key_id}/rotate").status_code == 403
    assert developer.get(f"/console/keys/{key_id}/revoke").status_code == 403
    forged = {"csrf": csrf, "overlap_hours": "0"}
    assert developer.post(f"/console/keys/{key_id}/rotate", data=forged).status_code == 403
    assert developer.post(f"/console/keys/{key_id}/revoke", data=forged).status_code == 403
    assert ApiClient(developer, tenant.api_key).get("/v1/workers").status_code == 200

    owner = signed_in(app, tenant, "owner")
    made = submit(owner, "/console/oauth-clients/new", name="ops", scopes=["admin"])
    assert made.status_code == 201
