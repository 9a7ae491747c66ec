"""The team and two-factor sign-in in a real browser (headless Chromium, `conftest.py`): an
owner invites a colleague, copies the one-time link, the colleague opens it in a browser of
their own, sets a password and lands signed in; an admin turns TOTP on reading the secret
from the page (the code computed with pyotp), signs out, and signs in again with password
and code. Screenshots of the team, invite and account pages go to test-artifacts/console/."""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

import pyotp

from tests.e2e.conftest import DESKTOP, ConsoleSite, screenshots


def test_an_owner_invites_a_colleague_who_sets_a_password_and_is_signed_in(
    console_site: ConsoleSite, desktop: Any, chromium_browser: Any
) -> None:
    page = desktop
    console_site.sign_in(page)
    page.goto(console_site.base + "/console/team")
    page.click("main >> text=Invite a colleague")
    assert "No email is sent" in page.locator("main").inner_text()
    email = f"colleague-{uuid.uuid4().hex[:8]}@example.com"
    page.fill("#email", email)
    page.select_option("#role", "developer")
    screenshots(page, "team-invite")
    page.click("main form button[type=submit]")
    page.wait_for_selector("#link")
    link = page.input_value("#link")
    assert re.fullmatch(re.escape(console_site.base) + r"/console/invitations/gk_inv_\S+", link)
    assert page.locator("button[data-copy]").inner_text() == "Copy"
    page.click("button[data-copy]")
    page.wait_for_selector("button[data-copy]:has-text('Copied')")
    assert page.evaluate("navigator.clipboard.readText()") == link
    screenshots(page, "team-invited")

    context = chromium_browser.new_context(viewport=DESKTOP, locale="en-US")  # their browser
    try:
        guest = context.new_page()
        guest.goto(link + "?lang=en")
        assert email in guest.locator("main").inner_text()
        guest.fill("#password", "password123")
        guest.fill("#password_again", "password123")
        guest.click("main form button[type=submit]")
        assert "too easy to guess" in guest.locator("[role=alert]").inner_text()
        guest.fill("#password", "a long and new password")
        guest.fill("#password_again", "a long and new password")
        guest.click("main form button[type=submit]")
        guest.wait_for_url(re.compile(r".*/console/keys$"))
        assert f"Signed in as {email} (developer)" in guest.locator("header").inner_text()
        guest.click("header button[type=submit]")  # sign out, then the link again
        guest.wait_for_url(re.compile(r".*/console/login$"))
        used = guest.goto(link)
        assert used is not None and used.status == 410
        assert "used already" in guest.locator("main").inner_text()
    finally:
        context.close()

    pending = f"pending-{uuid.uuid4().hex[:8]}@example.com"  # listed until accepted
    page.goto(console_site.base + "/console/team/invite")
    page.fill("#email", pending)
    page.click("main form button[type=submit]")
    page.wait_for_selector("#link")
    page.goto(console_site.base + "/console/team")
    row = page.locator("tr", has_text=email)
    assert "developer" in row.inner_text() and "active" in row.inner_text()
    assert page.locator("tr", has_text=pending).count() == 1
    screenshots(page, "team")


def test_an_admin_turns_totp_on_and_signs_in_with_password_and_code(
    console_site: ConsoleSite, desktop: Any
) -> None:
    page = desktop
    email, password = console_site.admin("admin")
    page.goto(f"{console_site.base}/console/login?lang=en")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/console/keys$"))
    page.click(f"header >> text={email}")
    page.wait_for_url(re.compile(r".*/console/account$"))
    screenshots(page, "account")
    page.click("main form button[type=submit]")  # Set up two-factor sign-in
    page.wait_for_selector("main svg")
    secret = page.input_value("#secret")
    screenshots(page, "account-totp")
    totp = pyotp.TOTP(secret)
    if 30 - time.time() % 30 < 5:  # too near the next step: wait for it
        time.sleep(30 - time.time() % 30 + 0.5)
    page.fill("#code", totp.at(time.time() - 30))  # the step before: the next sign-in's is new
    page.click("main form button[type=submit]")
    codes = page.locator("#recovery-codes").inner_text().split()
    assert len(codes) == 10
    screenshots(page, "account-recovery")
    page.goto(console_site.base + "/console/account")
    assert "Two-factor sign-in is on" in page.locator("#totp-status").inner_text()

    page.click("header button[type=submit]")  # sign out
    page.wait_for_url(re.compile(r".*/console/login$"))
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/console/login/totp"))
    opened = page.request.get(console_site.base + "/console/keys", max_redirects=0)
    assert opened.status == 303  # the password alone signs in to nothing
    screenshots(page, "login-totp")
    valid = {totp.at(time.time() + 30 * k) for k in (-1, 0, 1)}
    page.fill("#code", next(c for c in ("000000", "111111", "222222", "333333") if c not in valid))
    page.click("main form button[type=submit]")
    assert "wrong" in page.locator("[role=alert]").inner_text()
    page.fill("#code", totp.now())
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/console/keys$"))
    page.goto(console_site.base + "/console/team")
    row = page.locator("tr", has_text=email)
    assert "on" in row.locator("td").nth(3).inner_text()
