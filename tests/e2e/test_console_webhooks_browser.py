"""The console's webhook pages in a real browser (headless Chromium, `conftest.py`): an owner
adds an endpoint pointing at a loopback receiver (the embedded `gigkit run` allows private
addresses for test-mode tenants: GIGKIT_WEBHOOK_ALLOW_PRIVATE defaults to 1 there), copies
the signing secret with the copy button, sends a test event, sees it arrive signed (checked
with `standardwebhooks` and the copied secret) and sees it succeed in the delivery log, then
deletes the endpoint through the confirm dialog. Screenshots of the list, new, created and
endpoint pages at desktop and phone widths go to test-artifacts/console/."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from standardwebhooks.webhooks import Webhook

from tests.e2e.conftest import ConsoleSite, screenshots
from tests.helpers import wait_until
from tests.live import record_page_problems
from tests.webhooks.conftest import Receiver


@pytest.fixture()
def receiver() -> Iterator[Receiver]:
    """A tiny http.server on a free loopback port, recording what it is sent."""
    found = Receiver()
    yield found
    found.close()


def test_an_owner_adds_an_endpoint_tests_it_and_reads_the_log(
    console_site: ConsoleSite, desktop: Any, receiver: Receiver
) -> None:
    page = desktop
    problems = record_page_problems(page)
    console_site.sign_in(page)
    page.goto(console_site.base + "/console/webhooks")
    page.click("text=Add endpoint")
    page.fill("#url", receiver.url("/browser"))
    page.fill("#description", "Payroll <script>alert(1)</script>")
    page.check("input[value='webhook_endpoint.test']")
    page.fill("#patterns", "worker.*")
    screenshots(page, "webhook-new")
    page.click("main form button[type=submit]")
    page.wait_for_selector("#secret")
    secret = page.input_value("#secret")
    assert secret.startswith("whsec_")
    page.click("button[data-copy]")
    page.wait_for_selector("button[data-copy]:has-text('Copied')")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == secret
    screenshots(page, "webhook-created")

    page.goto(console_site.base + "/console/webhooks")
    row = page.locator("tr", has_text=receiver.url("/browser"))
    assert "Payroll <script>alert(1)</script>" in row.inner_text()  # shown, escaped
    assert "webhook_endpoint.test" in row.inner_text() and "enabled" in row.inner_text()
    screenshots(page, "webhooks")

    row.locator(f"a:has-text('{receiver.url('/browser')}')").click()
    page.click("main form.test-event button[type=submit]")
    page.wait_for_selector("[role=status]")
    assert "A test event is on its way" in page.locator("[role=status]").inner_text()
    wait_until(lambda: receiver.at("/browser"), "the test event reached the receiver")
    [got] = receiver.at("/browser")
    payload = Webhook(copied).verify(got.body, got.headers)
    assert payload["type"] == "webhook_endpoint.test"

    log = page.locator("table.deliveries tbody tr")
    for _ in range(100):  # the delivery is recorded just after the receiver answered
        page.reload()
        if log.count() and "succeeded" in log.first.inner_text():
            break
        time.sleep(0.1)
    first = log.first.inner_text()
    assert "webhook_endpoint.test" in first and "succeeded" in first and "200" in first
    assert got.headers["webhook-id"] in first
    assert "Times in Asia/Shanghai." in page.locator("main").inner_text()
    screenshots(page, "webhook-endpoint")

    page.click("main a:has-text('Delete')")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("main form button.danger")
    page.wait_for_selector("[role=status]")
    assert "was deleted" in page.locator("[role=status]").inner_text()
    listed = console_site.api("GET", "/v1/webhook-endpoints?limit=100")["data"]
    assert receiver.url("/browser") not in [e["url"] for e in listed]
    # no script error or CSP violation (the browser's own /favicon.ico request is a 404)
    assert [p for p in problems if "404" not in p] == [], problems


def test_a_viewer_reads_the_log_without_buttons(
    console_site: ConsoleSite, desktop: Any, receiver: Receiver
) -> None:
    made = console_site.api(
        "POST",
        "/v1/webhook-endpoints",
        {"url": receiver.url("/viewer"), "event_types": ["webhook_endpoint.test"]},
    )
    console_site.api("POST", f"/v1/webhook-endpoints/{made['id']}/test", {})
    page = desktop
    console_site.sign_in(page, role="viewer")
    page.goto(f"{console_site.base}/console/webhooks/{made['id']}")
    assert page.locator("table.deliveries tbody tr").count() == 1
    main = page.locator("main")
    for hidden in ("Send a test event", "Redeliver", "Recover", "Rotate secret", "Delete"):
        assert main.locator(f"button:has-text('{hidden}'), a:has-text('{hidden}')").count() == 0
    csrf = page.evaluate("document.querySelector('input[name=csrf]').value")  # sign-out form's
    forged = page.request.post(
        f"{console_site.base}/console/webhooks/{made['id']}/delete", form={"csrf": csrf}
    )
    assert forged.status == 403
    assert console_site.api("GET", f"/v1/webhook-endpoints/{made['id']}")["id"] == made["id"]
