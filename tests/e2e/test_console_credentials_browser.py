"""Key rotation and OAuth clients in a real browser (headless Chromium, `conftest.py`): an
owner rotates a key (both secrets work during the overlap), creates an OAuth client, copies
its secret with the copy button and gets a token with it, then revokes the client after the
confirm dialog (dismissing the dialog sends nothing). Screenshots of the OAuth clients list,
form and created pages and of the key rotation pages go to test-artifacts/console/."""

from __future__ import annotations

import base64
from typing import Any

from tests.e2e.conftest import ConsoleSite, screenshots
from tests.live import http


def token_request(site: ConsoleSite, page: Any, client_id: str, secret: str) -> Any:
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return page.request.post(
        site.base + "/oauth/token",
        form={"grant_type": "client_credentials"},
        headers={"Authorization": f"Basic {basic}"},
    )


def test_an_owner_rotates_a_key_and_both_secrets_work_meanwhile(
    console_site: ConsoleSite, desktop: Any
) -> None:
    made = console_site.api(
        "POST", "/v1/api-keys", {"name": "Deploy <me>", "scopes": ["parties:read"]}
    )
    page = desktop
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    console_site.sign_in(page)
    page.goto(console_site.base + "/console/keys")
    page.locator("tr", has_text="Deploy <me>").locator("a", has_text="Rotate").click()
    page.wait_for_selector("#overlap_hours")
    assert page.input_value("#overlap_hours") == "24"
    page.fill("#overlap_hours", "1")
    screenshots(page, "key-rotate")
    page.click("main form button[type=submit]")
    page.wait_for_selector("#secret")
    assert dialogs and "Rotate the key Deploy <me>" in dialogs[0]
    secret = page.input_value("#secret")
    assert secret.startswith("gk_test_") and secret != made["secret"]
    assert "The old key" in page.locator("main").inner_text()
    page.click("button[data-copy='#secret']")
    page.wait_for_selector("button[data-copy]:has-text('Copied')")
    assert page.evaluate("navigator.clipboard.readText()") == secret
    screenshots(page, "key-rotated")
    page.reload()  # the browser sends the form again: the same answer, nothing rotated twice
    page.wait_for_selector("#secret")
    assert page.input_value("#secret") == secret

    for token in (made["secret"], secret):
        status, _, answer = http("GET", console_site.base + "/v1/workers", token=token)
        assert status == 200, answer
    page.goto(console_site.base + "/console/keys")
    old_row = page.locator("tr", has_text=made["secret"][-4:])
    assert "rotated: works until" in old_row.inner_text()
    assert old_row.locator("a", has_text="Rotate").count() == 0  # rotate the new one instead
    screenshots(page, "keys-rotated")


def test_an_owner_creates_an_oauth_client_copies_its_secret_and_gets_a_token(
    console_site: ConsoleSite, desktop: Any
) -> None:
    page = desktop
    console_site.sign_in(page)
    page.goto(console_site.base + "/console/keys")
    page.click("header nav >> text=OAuth clients")
    page.wait_for_selector("h1:has-text('OAuth clients')")
    page.click("text=Create client")
    page.fill("#name", "Payroll sync <b>")
    page.check("input[value='parties:read']")
    screenshots(page, "oauth-client-new")
    page.click("main form button[type=submit]")
    page.wait_for_selector("#secret")
    assert "Payroll sync <b>" in page.locator("h1").inner_text()  # shown, escaped
    secret = page.input_value("#secret")
    client_id = page.input_value("#extra")
    assert page.locator("button[data-copy='#extra']").inner_text() == "Copy"
    page.click("button[data-copy='#secret']")
    page.wait_for_selector("button[data-copy='#secret']:has-text('Copied')")
    assert page.evaluate("navigator.clipboard.readText()") == secret
    screenshots(page, "oauth-client-created")

    issued = token_request(console_site, page, client_id, secret)
    assert issued.status == 200, issued.text()
    access = issued.json()["access_token"]
    status, _, answer = http("GET", console_site.base + "/v1/workers", token=access)
    assert status == 200, answer

    page.goto(console_site.base + "/console/oauth-clients")
    row = page.locator("tr", has_text=client_id)
    assert "Payroll sync <b>" in row.inner_text() and "never" not in row.inner_text()
    screenshots(page, "oauth-clients")

    row.locator("text=Revoke").click()
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("button.danger")  # dismissed: nothing is sent
    assert token_request(console_site, page, client_id, secret).status == 200
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button.danger")
    page.wait_for_selector("[role=status]")
    assert "was revoked" in page.locator("[role=status]").inner_text()
    assert token_request(console_site, page, client_id, secret).status == 401
    status, _, _ = http("GET", console_site.base + "/v1/workers", token=access)
    assert status == 401
