"""The console's page pipeline (`core.pages` configured by `console.pages`): a wrong method is
an HTML 405 with `Allow`, an exception in a view is an HTML page in the admin's language and
nothing it wrote stays, a POST the browser marks cross-site is refused even with a good CSRF
token, and HEAD on the login page is a GET."""

from __future__ import annotations

from typing import Any

from app.console.pages import HEADERS
from app.tenants import service as tenants
from tests.console import test_console
from tests.console.test_console import create_key, csrf_of
from tests.helpers import ApiClient, TenantHandle, assert_html_page

owner = test_console.owner  # the fixture: the test client signed in as an owner


def assert_console_page(resp: Any, status: int) -> str:
    return assert_html_page(resp, status, HEADERS)


def key_names(client: Any, tenant: TenantHandle) -> list[str]:
    return [k["name"] for k in ApiClient(client, tenant.api_key).get("/v1/api-keys").json["data"]]


def test_a_wrong_method_is_an_html_405_with_allow(client: Any) -> None:
    for method, path, allowed in (
        ("get", "/console/logout", "POST"),
        ("delete", "/console/logout", "POST"),
        ("put", "/console/login", "GET, POST, HEAD"),
        ("patch", "/console/keys", "GET, HEAD"),
        ("post", "/console/keys", "GET, HEAD"),
    ):
        resp = getattr(client, method)(f"{path}?lang=en")
        assert "That method is not allowed here." in assert_console_page(resp, 405)
        assert resp.headers["Allow"] == allowed
    assert "不支持该请求方式。" in assert_console_page(client.get("/console/logout?lang=zh"), 405)
    assert "No such page" in assert_console_page(client.put("/console/nowhere?lang=en"), 404)


def test_an_exception_is_a_page_in_the_admins_language_and_rolled_back(
    owner: Any, tenant: TenantHandle, monkeypatch: Any
) -> None:
    real = tenants.create_api_key

    def create_then_fail(*args: Any, **kwargs: Any) -> Any:
        real(*args, **kwargs)  # the key and its audit event are written, then:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(tenants, "create_api_key", create_then_fail)
    resp = create_key(owner, "half made", ["parties:read"])  # signed in with ?lang=en
    html = assert_console_page(resp, 500)
    assert "Something failed on our side; nothing was changed." in html
    assert "secret internals" not in html and "RuntimeError" not in html
    assert key_names(owner, tenant) == ["admin"]
    owner.get("/console/keys?lang=zh")
    chinese = assert_console_page(create_key(owner, "half made", ["parties:read"]), 500)
    assert "服务器出错，未做任何更改。" in chinese
    assert key_names(owner, tenant) == ["admin"]


def test_a_cross_site_post_is_refused_even_with_a_good_token(
    owner: Any, tenant: TenantHandle
) -> None:
    form = owner.get("/console/keys/new?lang=en")
    data = {"name": "forged", "scopes": ["parties:read"], "csrf": csrf_of(form)}
    forged = owner.post("/console/keys/new", data=data, headers={"Sec-Fetch-Site": "cross-site"})
    assert "The form expired or did not come from this console" in assert_console_page(forged, 403)
    assert key_names(owner, tenant) == ["admin"]
    made = owner.post("/console/keys/new", data=data, headers={"Sec-Fetch-Site": "same-origin"})
    assert made.status_code == 201 and "forged" in key_names(owner, tenant)


def test_head_on_the_login_page_is_a_get(client: Any) -> None:
    resp = client.head("/console/login")
    assert resp.status_code == 200 and resp.mimetype == "text/html"


def test_head_never_submits_a_form(owner: Any, tenant: TenantHandle) -> None:
    """HEAD is run as GET: with the session cookie, a form's fields and no CSRF token, it
    creates, changes and deletes nothing (it once submitted every form whose view took
    "not GET" for a submission)."""
    api = ApiClient(owner, tenant.api_key)
    made = api.post(
        "/v1/webhook-endpoints", json={"url": "http://127.0.0.1:9/hook", "event_types": ["*"]}
    ).json
    evil = {"url": "https://attacker.example/steal", "types": "*", "enabled": "on"}
    for path, form in (
        (f"/console/webhooks/{made['id']}/delete", {}),
        (f"/console/webhooks/{made['id']}/edit", evil),
        (f"/console/webhooks/{made['id']}/rotate", {"overlap_hours": "0"}),
        ("/console/keys/new", {"name": "by HEAD", "scopes": "parties:read"}),
        ("/console/webhooks/new", {"url": "https://attacker.example/new", "types": "*"}),
        ("/console/team/invite", {"email": "head@example.com", "role": "owner"}),
    ):
        resp = owner.open(path, method="HEAD", data=form)
        assert resp.status_code == 200, (path, resp.status_code)
        assert resp.get_data() == b""
    endpoints = api.get("/v1/webhook-endpoints").json["data"]
    assert [(e["id"], e["url"]) for e in endpoints] == [(made["id"], made["url"])]
    assert "by HEAD" not in key_names(owner, tenant)
    assert "head@example.com" not in owner.get("/console/team").get_data(as_text=True)


def test_answers_no_page_makes_carry_the_consoles_headers(client: Any) -> None:
    for resp in (
        client.open("/console/keys", method="OPTIONS"),
        client.open("/console/keys", method="PROPFIND"),
        client.open("/sign/anything", method="PROPFIND"),
    ):
        assert "Content-Security-Policy" in resp.headers, resp.status_code
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert client.open("/console/keys", method="OPTIONS").headers["X-Frame-Options"] == "DENY"


def test_a_next_that_would_break_the_location_header_goes_home(
    app: Any, client: Any, tenant: TenantHandle
) -> None:
    email = test_console.make_admin(app, tenant)
    form = client.get("/console/login")
    resp = client.post(
        "/console/login?next=/console/%0d%0aSet-Cookie:x=1",
        data={"csrf": csrf_of(form), "email": email, "password": test_console.PASSWORD},
    )
    assert resp.status_code == 303 and resp.headers["Location"].endswith("/console/")


def test_dates_out_of_range_are_refused_not_a_500(owner: Any) -> None:
    assert owner.get("/console/audit?until=9999-12-31T23:59").status_code == 422
    assert owner.get("/console/audit?from=0001-01-01T00:00").status_code == 422
    made = create_key(owner, "far", ["parties:read"], expires_at="0001-01-01T00:00")
    assert made.status_code == 422
