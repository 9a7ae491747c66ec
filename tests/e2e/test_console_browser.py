"""The console in a real browser (headless Chromium, `conftest.py`): an owner signs in,
creates an API key, copies it with the copy button, calls the API with it, revokes it and
sees the API refuse it; a viewer sees no admin buttons and a forged POST is refused; a
POST without the CSRF token is refused; another tenant's key is a 404 whatever the URL.
Screenshots of each page at desktop and phone widths go to test-artifacts/console/."""

from __future__ import annotations

import json
from typing import Any

from tests.e2e.conftest import ConsoleSite, screenshots
from tests.live import gigkit, http


def test_an_owner_creates_copies_uses_and_revokes_a_key(
    console_site: ConsoleSite, desktop: Any
) -> None:
    page = desktop
    console_site.sign_in(page)
    page.goto(console_site.base + "/console/keys")
    screenshots(page, "keys")
    page.click("text=Create key")
    page.fill("#name", "Payroll <script>alert(1)</script>")
    page.check("input[value='parties:read']")
    screenshots(page, "key-new")
    page.click("main form button[type=submit]")
    page.wait_for_selector("#secret")
    secret = page.input_value("#secret")
    assert secret.startswith("gk_")
    assert "<script>alert(1)</script>" in page.locator("h1").inner_text()  # shown, escaped
    page.click("button[data-copy]")
    page.wait_for_selector("button[data-copy]:has-text('Copied')")
    assert page.evaluate("navigator.clipboard.readText()") == secret
    screenshots(page, "key-created")

    status, _, _ = http("GET", console_site.base + "/v1/workers", token=secret)
    assert status == 200

    page.goto(console_site.base + "/console/keys")
    row = page.locator("tr", has_text="Payroll")
    row.locator("text=Revoke").click()
    screenshots(page, "key-revoke")
    page.once("dialog", lambda dialog: dialog.accept())  # form[data-confirm]
    page.click("button.danger")
    page.wait_for_selector("[role=status]")
    assert "was revoked" in page.locator("[role=status]").inner_text()
    rows = page.locator("tr", has_text="Payroll")
    assert rows.count() == 0 or "revoked" in rows.inner_text()
    status, _, answer = http("GET", console_site.base + "/v1/workers", token=secret)
    assert status == 401, answer


def test_a_viewer_sees_no_admin_buttons_and_a_forged_post_is_refused(
    console_site: ConsoleSite, desktop: Any
) -> None:
    key = console_site.api(
        "POST", "/v1/api-keys", {"name": "kept by the viewer test", "scopes": ["parties:read"]}
    )
    page = desktop
    console_site.sign_in(page, role="viewer")
    page.goto(console_site.base + "/console/keys")
    assert page.locator("text=kept by the viewer test").count() == 1
    assert page.locator("text=Create key").count() == 0
    assert page.locator("text=Revoke").count() == 0
    screenshots(page, "keys-viewer")
    csrf = page.evaluate("document.querySelector('input[name=csrf]').value")  # sign-out form's
    forged = page.request.post(
        f"{console_site.base}/console/keys/{key['id']}/revoke", form={"csrf": csrf}
    )
    assert forged.status == 403
    assert console_site.api("GET", f"/v1/api-keys/{key['id']}")["revoked_at"] is None


def test_a_post_without_the_csrf_token_is_refused(console_site: ConsoleSite, desktop: Any) -> None:
    page = desktop
    console_site.sign_in(page)
    made = page.request.post(
        console_site.base + "/console/keys/new",
        form={"name": "no csrf", "scopes": "parties:read"},
    )
    assert made.status == 403
    assert "did not come from this console" in made.text()
    names = [k["name"] for k in console_site.api("GET", "/v1/api-keys?limit=100")["data"]]
    assert "no csrf" not in names


def test_another_tenants_key_is_not_found_whatever_the_url(
    console_site: ConsoleSite, desktop: Any
) -> None:
    other = json.loads(gigkit(console_site.env, "tenant", "create", "--name", "B", "--json"))
    theirs = console_site.api(
        "POST", "/v1/api-keys", {"name": "B's key", "scopes": ["parties:read"]},
        token=other["api_key"],
    )  # fmt: skip
    page = desktop
    console_site.sign_in(page)
    opened = page.goto(f"{console_site.base}/console/keys/{theirs['id']}/revoke")
    assert opened is not None and opened.status == 404
    page.goto(console_site.base + "/console/keys")
    csrf = page.evaluate("document.querySelector('input[name=csrf]').value")
    posted = page.request.post(
        f"{console_site.base}/console/keys/{theirs['id']}/revoke", form={"csrf": csrf}
    )
    assert posted.status == 404
    again = console_site.api("GET", f"/v1/api-keys/{theirs['id']}", token=other["api_key"])
    assert again["revoked_at"] is None
