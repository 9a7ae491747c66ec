"""The console's reports in a real browser (headless Chromium, `conftest.py`), after real
activity on the shared server: an owner makes a key in the console and finds it in the
audit log under their name, filters the log, sees a key's requests and errors on the usage
page, and an employer short of escrow for next week's shifts flagged on the escrow page.
Screenshots of the three pages (desktop and phone) go to test-artifacts/console/."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any
from zoneinfo import ZoneInfo

from tests.e2e.conftest import ConsoleSite, screenshots
from tests.helpers import credit_code, id_card_number, mobile
from tests.live import http

SHANGHAI = ZoneInfo("Asia/Shanghai")  # the server's tenant's zone (the default)


def _post(site: ConsoleSite, path: str, body: dict[str, Any]) -> Any:
    status, _, answer = http(
        "POST",
        site.base + path,
        token=site.api_key,
        body=body,
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    assert status < 300, (status, answer)
    return answer


def test_the_audit_log_shows_what_an_admin_did_and_filters(
    console_site: ConsoleSite, desktop: Any
) -> None:
    page = desktop
    console_site.sign_in(page)
    page.goto(console_site.base + "/console/keys/new")
    page.fill("#name", "audit <em>trail</em> key")
    page.check("input[value='parties:read']")
    page.click("main form button[type=submit]")
    page.wait_for_selector("#secret")

    page.goto(console_site.base + "/console/audit")
    page.select_option("#actor_type", "admin_user")
    page.fill("#action", "api_key.")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/console/audit?*")
    row = page.locator("tbody tr", has_text="audit <em>trail</em> key")
    assert row.count() == 1  # the markup shown as text, not rendered
    assert "api_key.created" in row.inner_text() and "admin_user" in row.inner_text()
    screenshots(page, "audit")

    page.fill("#from", "2027-03-02T10:00")
    page.fill("#until", "2027-03-01T10:00")
    page.click("main form button[type=submit]")
    assert page.locator("text=The end must be after the start.").count() == 1
    assert page.locator("tbody tr").count() == 0


def test_usage_shows_a_keys_requests_and_errors(console_site: ConsoleSite, desktop: Any) -> None:
    key = console_site.api(
        "POST", "/v1/api-keys", {"name": "usage report key", "scopes": ["parties:read"]}
    )
    for _ in range(4):
        assert http("GET", console_site.base + "/v1/workers", token=key["secret"])[0] == 200
    refused = http("POST", console_site.base + "/v1/workers", token=key["secret"], body={})
    assert refused[0] == 403
    page = desktop
    console_site.sign_in(page, role="viewer")
    page.goto(console_site.base + "/console/usage")
    totals = page.locator("tbody tr", has_text=key["id"])
    assert totals.locator("td").all_inner_texts()[1:] == ["5", "1", "0"]
    today = dt.datetime.now(SHANGHAI).date().isoformat()
    assert page.locator("tbody tr", has_text="usage report key").filter(has_text=today).count()
    screenshots(page, "usage")


def test_escrow_flags_an_employer_short_for_next_weeks_shifts(
    console_site: ConsoleSite, desktop: Any
) -> None:
    name = f"短缺皮具厂 {uuid.uuid4().hex[:4]}"
    employer = _post(console_site, "/v1/employers", {"name": name, "credit_code": credit_code()})
    worker = _post(
        console_site,
        "/v1/workers",
        {"name": "陈伟", "mobile": mobile(), "id_card_number": id_card_number()},
    )
    money = {"employer_id": employer["id"], "currency": "CNY"}
    _post(console_site, "/v1/escrow/deposits", {**money, "amount": 100_000})
    _post(console_site, "/v1/escrow/holds", {**money, "amount": 30_000})
    today = dt.datetime.now(SHANGHAI).date()
    days = [(today + dt.timedelta(days=n)).isoformat() for n in (1, 2)]
    _post(
        console_site,
        "/v1/engagements",
        {
            "worker_id": worker["id"],
            "employer_id": employer["id"],
            "pay": {"basis": "daily", "rate": "280.00"},
            "first_day": days[0],
            "last_day": days[-1],
            "shifts": [{"day": d} for d in days],
        },
    )
    # 1,000.00 in, 300.00 + 2 x 280.00 held: 140.00 available, 560.00 scheduled
    page = desktop
    console_site.sign_in(page, role="viewer", lang="zh")
    page.goto(console_site.base + "/console/escrow")
    row = page.locator("tbody tr", has_text=employer["id"])
    cells = row.locator("td").all_inner_texts()
    assert cells[1:4] == ["人民币 140.00 元", "人民币 860.00 元", "人民币 560.00 元"]
    assert "还差 人民币 420.00 元" in cells[4]
    screenshots(page, "escrow")
