"""The admin console through Flask's test client, on SQLite and PostgreSQL: sign-in,
CSRF, roles, API keys made and revoked in the console and tried on the API, tenant
isolation by URL, escaping and bad input."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

import pytest

from app.console import service as console
from app.console import users
from app.core.errors import ValidationFailed
from tests.helpers import CLI, ApiClient, TenantHandle, database

PASSWORD = "correct horse battery"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def make_admin(app: Any, tenant: TenantHandle, role: str = "owner") -> str:
    email = f"{role}-{uuid.uuid4().hex[:8]}@example.com"
    with database(app).unit_of_work(tenant_id=tenant.id) as session:
        console.create_admin(session, actor=CLI, email=email, password=PASSWORD, role=role)
    return email


def csrf_of(resp: Any) -> str:
    found = CSRF.search(resp.get_data(as_text=True))
    assert found, resp.get_data(as_text=True)[:500]
    return found.group(1)


def log_in(client: Any, email: str, password: str = PASSWORD) -> Any:
    form = client.get("/console/login?lang=en")
    return client.post(
        "/console/login", data={"email": email, "password": password, "csrf": csrf_of(form)}
    )


@pytest.fixture()
def owner(app: Any, client: Any, tenant: TenantHandle) -> Any:
    """The test client, signed in as an owner of `tenant`."""
    resp = log_in(client, make_admin(app, tenant))
    assert resp.status_code == 303, resp.get_data(as_text=True)
    return client


def create_key(client: Any, name: str, scopes: list[str], **extra: str) -> Any:
    form = client.get("/console/keys/new")
    assert form.status_code == 200
    data = {"name": name, "scopes": scopes, "csrf": csrf_of(form), **extra}
    return client.post("/console/keys/new", data=data)


def test_login_sets_a_safe_cookie_and_shows_the_keys(
    app: Any, client: Any, tenant: TenantHandle
) -> None:
    resp = log_in(client, make_admin(app, tenant))
    assert resp.status_code == 303 and resp.headers["Location"].endswith("/console/")
    assert client.get("/console/").headers["Location"].endswith("/console/keys")
    cookie = next(c for c in resp.headers.getlist("Set-Cookie") if c.startswith("gk_console="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/console" in cookie
    assert "Secure" not in cookie  # served over http here
    page = client.get("/console/keys")
    assert page.status_code == 200 and "API keys" in page.get_data(as_text=True)


def test_login_cookie_is_secure_over_https(app: Any, tenant: TenantHandle) -> None:
    client = app.test_client()
    email = make_admin(app, tenant)
    form = client.get("/console/login", base_url="https://localhost")
    resp = client.post(
        "/console/login",
        data={"email": email, "password": PASSWORD, "csrf": csrf_of(form)},
        base_url="https://localhost",
    )
    assert resp.status_code == 303
    cookie = next(c for c in resp.headers.getlist("Set-Cookie") if c.startswith("gk_console="))
    assert "Secure" in cookie


def test_wrong_password_and_unknown_email_get_the_same_generic_message(
    app: Any, client: Any, tenant: TenantHandle
) -> None:
    email = make_admin(app, tenant)
    wrong = log_in(client, email, "not the password")
    unknown = log_in(client, "nobody-" + email, PASSWORD)
    for resp in (wrong, unknown):
        assert resp.status_code == 401
        assert "Wrong email or password." in resp.get_data(as_text=True)
    assert client.get("/console/keys").status_code == 303  # not signed in


def test_login_is_throttled_after_repeated_failures(
    app: Any, client: Any, tenant: TenantHandle
) -> None:
    email = make_admin(app, tenant)
    for _ in range(users.MAX_FAILURES):
        assert log_in(client, email, "not the password").status_code == 401
    throttled = log_in(client, email)  # even the right password, while throttled
    assert throttled.status_code == 429
    assert "Too many attempts" in throttled.get_data(as_text=True)
    assert client.get("/console/keys").status_code == 303


def test_a_password_sprayed_over_many_emails_is_throttled_per_address(
    app: Any, tenant: TenantHandle
) -> None:
    """Each guess costs an argon2 hash: one address gets `MAX_IP_FAILURES` wrong guesses
    in the window, whatever the emails; others are not held up."""
    sprayer = app.test_client()
    sprayer.environ_base["REMOTE_ADDR"] = "203.0.113.77"
    for n in range(users.MAX_IP_FAILURES):
        assert log_in(sprayer, f"nobody{n}@example.com", "Summer2026!").status_code == 401
    email = make_admin(app, tenant)
    assert log_in(sprayer, email).status_code == 429  # the right password, from there
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "203.0.113.78"
    assert log_in(elsewhere, email).status_code == 303


def test_attempts_are_counted_before_the_password_is_checked(app: Any) -> None:
    """Guesses sent all at once all pass a failures-only check before any failure is
    counted; the attempt gate counts first, atomically, so at most 2 x MAX_FAILURES get
    through, whatever their timing."""
    email, ip = f"race-{uuid.uuid4().hex[:6]}@example.com", "203.0.113.90"
    with app.app_context():
        passed = [not users.throttled(email, ip) for _ in range(3 * users.MAX_FAILURES)]
    assert passed.count(True) == 2 * users.MAX_FAILURES


def test_logout_ends_the_session_server_side(owner: Any) -> None:
    page = owner.get("/console/keys")
    stolen = owner.get_cookie("gk_console", path="/console").value
    resp = owner.post("/console/logout", data={"csrf": csrf_of(page)})
    assert resp.status_code == 303
    owner.set_cookie("gk_console", stolen, path="/console")  # replaying the old cookie
    assert owner.get("/console/keys").status_code == 303


def test_post_without_or_with_a_wrong_csrf_token_is_refused(
    owner: Any, tenant: TenantHandle
) -> None:
    for data in ({}, {"csrf": "forged"}):
        resp = owner.post(
            "/console/keys/new", data={"name": "x", "scopes": ["parties:read"], **data}
        )
        assert resp.status_code == 403
        body = resp.get_data(as_text=True)
        assert "<html" in body and "Traceback" not in body
    keys = ApiClient(owner, tenant.api_key).get("/v1/api-keys").json["data"]
    assert [k["name"] for k in keys] == ["admin"]  # nothing created


def test_a_key_made_in_the_console_works_on_the_api_until_revoked(
    owner: Any, tenant: TenantHandle
) -> None:
    made = create_key(owner, "payroll integration", ["parties:read"])
    assert made.status_code == 201
    secret = re.search(r'value="(gk_test_[^"]+)"', made.get_data(as_text=True)).group(1)  # type: ignore[union-attr]
    api = ApiClient(owner, secret)
    assert api.get("/v1/workers").status_code == 200
    admin_api = ApiClient(owner, tenant.api_key)
    key = next(k for k in admin_api.get("/v1/api-keys").json["data"] if k["name"] != "admin")
    audit = admin_api.get(f"/v1/audit-events?target_id={key['id']}").json["data"]
    assert audit[0]["actor"]["type"] == "admin_user" and audit[0]["actor"]["id"].startswith("adm_")

    listing = owner.get("/console/keys").get_data(as_text=True)
    assert "payroll integration" in listing and key["id"] in listing
    confirm = owner.get(f"/console/keys/{key['id']}/revoke")
    assert confirm.status_code == 200
    revoked = owner.post(f"/console/keys/{key['id']}/revoke", data={"csrf": csrf_of(confirm)})
    assert revoked.status_code == 200
    assert api.get("/v1/workers").status_code == 401
    audit = admin_api.get(f"/v1/audit-events?target_id={key['id']}").json["data"]
    assert {e["action"] for e in audit} == {"api_key.created", "api_key.revoked"}


def test_a_viewer_sees_keys_without_buttons_and_cannot_post(
    app: Any, client: Any, tenant: TenantHandle
) -> None:
    assert log_in(client, make_admin(app, tenant, "viewer")).status_code == 303
    page = client.get("/console/keys")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "admin" in body  # the tenant's key is listed
    assert "/console/keys/new" not in body and "/revoke" not in body
    forged = client.post(
        "/console/keys/new",
        data={"name": "forged", "scopes": ["parties:read"], "csrf": csrf_of(page)},
    )
    assert forged.status_code == 403
    key_id = ApiClient(client, tenant.api_key).get("/v1/api-keys").json["data"][0]["id"]
    revoke = client.post(f"/console/keys/{key_id}/revoke", data={"csrf": csrf_of(page)})
    assert revoke.status_code == 403
    names = [k["name"] for k in ApiClient(client, tenant.api_key).get("/v1/api-keys").json["data"]]
    assert names == ["admin"]


def test_a_developer_cannot_grant_the_admin_scope(
    owner: Any, app: Any, tenant: TenantHandle
) -> None:
    client = app.test_client()
    assert log_in(client, make_admin(app, tenant, "developer")).status_code == 303
    form = client.get("/console/keys/new").get_data(as_text=True)
    assert 'value="admin"' not in form
    assert create_key(client, "sneaky", ["admin"]).status_code == 422


def test_another_tenants_key_is_not_found(
    owner: Any, other_tenant: TenantHandle, client: Any
) -> None:
    theirs = ApiClient(client, other_tenant.api_key).get("/v1/api-keys").json["data"][0]["id"]
    page = owner.get(f"/console/keys/{theirs}/revoke")
    assert page.status_code == 404 and "<html" in page.get_data(as_text=True)
    csrf = csrf_of(owner.get("/console/keys"))
    assert owner.post(f"/console/keys/{theirs}/revoke", data={"csrf": csrf}).status_code == 404
    assert ApiClient(client, other_tenant.api_key).get("/v1/workers").status_code == 200


def test_html_in_a_key_name_is_escaped(owner: Any) -> None:
    name = '<script>alert("x")</script>'
    assert create_key(owner, name, ["parties:read"]).status_code == 201
    body = owner.get("/console/keys").get_data(as_text=True)
    assert name not in body and "&lt;script&gt;" in body


def test_a_10000_character_name_is_refused_clearly(owner: Any, tenant: TenantHandle) -> None:
    resp = create_key(owner, "n" * 10_000, ["parties:read"])
    assert resp.status_code == 422
    body = resp.get_data(as_text=True)
    assert "at most 200 characters (this one has 10000)" in body
    assert "No key was created." in body
    names = [k["name"] for k in ApiClient(owner, tenant.api_key).get("/v1/api-keys").json["data"]]
    assert names == ["admin"]


def test_pages_speak_chinese_by_default_and_switch(owner: Any) -> None:
    assert "API 密钥" in owner.get("/console/keys?lang=zh").get_data(as_text=True)
    assert "API 密钥" in owner.get("/console/keys").get_data(as_text=True)  # remembered
    assert "API keys" in owner.get("/console/keys?lang=en").get_data(as_text=True)


def test_unknown_console_pages_are_html_404s(client: Any) -> None:
    resp = client.get("/console/nowhere")
    assert resp.status_code == 404 and resp.mimetype == "text/html"


def test_admin_create_refuses_weak_passwords_and_duplicate_emails(
    app: Any, tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    email = make_admin(app, tenant)
    for tenant_id, mail, password, field in (
        (tenant.id, "new@example.com", "short", "password"),
        (tenant.id, "<b>@example", PASSWORD, "email"),
        (tenant.id, email.upper(), PASSWORD, "email"),  # unique in a tenant
    ):
        unit = database(app).unit_of_work(tenant_id=tenant_id)
        with pytest.raises(ValidationFailed) as raised, unit as session:
            console.create_admin(session, actor=CLI, email=mail, password=password)
        assert [e["field"] for e in raised.value.errors or []] == [field]
    with database(app).unit_of_work(tenant_id=other_tenant.id) as session:  # not across
        console.create_admin(session, actor=CLI, email=email, password="another long one")


def test_one_email_in_two_tenants_signs_in_where_its_password_says(
    app: Any, tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    """An email may have an account in several tenants: each password opens its own; the
    same password in both opens the one used last."""
    email = make_admin(app, tenant)
    with database(app).unit_of_work(tenant_id=other_tenant.id) as session:
        console.create_admin(session, actor=CLI, email=email, password="the other tenant's")
    for password, mine, theirs in (
        (PASSWORD, tenant, other_tenant),
        ("the other tenant's", other_tenant, tenant),
    ):
        client = app.test_client()
        assert log_in(client, email, password).status_code == 303
        for who, seen in ((mine, True), (theirs, False)):
            made = ApiClient(client, who.api_key).post(
                "/v1/api-keys", json={"name": f"only {who.id}", "scopes": ["parties:read"]}
            )
            assert made.status_code == 201
            assert (f"only {who.id}" in client.get("/console/keys").get_data(as_text=True)) == seen
    with database(app).unit_of_work(tenant_id=other_tenant.id) as session:
        users.create(session, actor=CLI, email="both@example.com", password=PASSWORD, role="owner")
    with database(app).unit_of_work(tenant_id=tenant.id) as session:
        users.create(session, actor=CLI, email="both@example.com", password=PASSWORD, role="owner")
    first = app.test_client()
    assert log_in(first, "both@example.com").status_code == 303  # neither used yet: newest
    main = re.compile(r'data-member="(adm_[^"]+)"')  # the tenant's admins
    shown = main.findall(first.get("/console/team").get_data(as_text=True))
    again = app.test_client()
    assert log_in(again, "both@example.com").status_code == 303
    assert main.findall(again.get("/console/team").get_data(as_text=True)) == shown


def test_a_session_expires(app: Any, client: Any, tenant: TenantHandle, clock: Any) -> None:
    assert log_in(client, make_admin(app, tenant)).status_code == 303
    busy = dt.timedelta(minutes=20)  # a request every 20 minutes: never idle
    for _ in range(users.SESSION_TTL // busy - 1):
        clock.advance(busy)
        assert client.get("/console/keys").status_code == 200
    clock.advance(busy - dt.timedelta(seconds=1))
    assert client.get("/console/keys").status_code == 200
    clock.advance(dt.timedelta(seconds=1))
    assert client.get("/console/keys").status_code == 303
