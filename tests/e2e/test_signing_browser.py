"""The hosted signing page in a real browser: headless Chromium (Debian's, driven by
Playwright with `executable_path`; nothing is downloaded) against `gigkit run`. A worker
opens the link, reads the contract, enters the code, signs, and the contract is completed;
an expired link shows the expiry page. Screenshots go to test-artifacts/."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import employer_body, worker_body
from tests.live import gigkit, http, running_server, server_env
from tests.signing.conftest import CONSENT, GIG_VARIABLES

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)"
)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    instance = tmp_path_factory.mktemp("signing-browser")
    env = server_env(instance)
    gigkit(env, "db", "upgrade")
    tenant = json.loads(gigkit(env, "tenant", "create", "--name", "嘉善零工", "--json"))
    with running_server(env) as server:
        yield {"base": server.base, "key": tenant["api_key"], "db": instance / "gigkit.db"}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        yield launched
        launched.close()


def api(live: dict[str, Any], method: str, path: str, body: Any = None) -> Any:
    status, _, answer = http(method, live["base"] + path, token=live["key"], body=body)
    assert status < 300, (status, answer)
    return answer


def contract_waiting_for_the_worker(live: dict[str, Any]) -> tuple[dict[str, Any], str]:
    employer = api(live, "POST", "/v1/employers", employer_body())
    worker = api(live, "POST", "/v1/workers", worker_body())
    template = api(live, "GET", "/v1/contract-templates?key=gig_work_zh")["data"][0]
    signers = [
        {"party_id": employer["id"], "role": "employer", "order": 1},
        {"party_id": worker["id"], "role": "worker", "order": 2},
    ]
    body = {"template_id": template["id"], "variables": GIG_VARIABLES, "signers": signers}
    made = api(live, "POST", "/v1/contracts", body)
    api(live, "POST", f"/v1/contracts/{made['id']}/send", {})
    by = {s["party_id"]: s["id"] for s in made["signers"]}
    api(
        live,
        "POST",
        f"/v1/contracts/{made['id']}/signatures",
        {"signer_id": by[employer["id"]], "consent": CONSENT},
    )
    return made, by[worker["id"]]


def mobile_page(browser: Any) -> Any:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="zh-CN", device_scale_factor=2
    )
    return context.new_page()


def test_a_worker_signs_in_the_browser(live: dict[str, Any], browser: Any) -> None:
    made, worker_signer = contract_waiting_for_the_worker(live)
    link = api(
        live, "POST", f"/v1/contracts/{made['id']}/signing-links", {"signer_id": worker_signer}
    )
    page = mobile_page(browser)
    response = page.goto(link["url"])
    assert response is not None and response.status == 200
    document = page.locator("#document").inner_text()
    assert "装卸工" in document and "人民币 150.00 元" in document
    assert "链接有效期至" in page.locator("#expires").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "signing-page.png"), full_page=True)

    page.fill("#code", link["code"])
    page.check("#agree")
    page.click("#sign")
    page.wait_for_selector("#result")
    assert "签署成功" in page.locator("#result").inner_text()
    page.screenshot(path=str(ARTIFACTS / "signing-page-signed.png"), full_page=True)

    after = api(live, "GET", f"/v1/contracts/{made['id']}")
    assert after["status"] == "completed" and after["seal"]
    [worker] = [s for s in after["signers"] if s["id"] == worker_signer]
    assert worker["consent"]["method"] == "hosted_page"
    assert "HeadlessChrome" in worker["consent"]["user_agent"]
    page.context.close()


def test_an_expired_link_shows_the_expiry_page(live: dict[str, Any], browser: Any) -> None:
    made, worker_signer = contract_waiting_for_the_worker(live)
    link = api(
        live,
        "POST",
        f"/v1/contracts/{made['id']}/signing-links",
        {"signer_id": worker_signer, "expires_in": 60},
    )
    past = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)).isoformat()
    with sqlite3.connect(live["db"]) as db:  # an hour passes, as far as this link knows
        db.execute("UPDATE signing_links SET expires_at = ? WHERE id = ?", (past, link["id"]))
    page = mobile_page(browser)
    response = page.goto(link["url"] + "?lang=en")
    assert response is not None and response.status == 410
    assert "This signing link has expired." in page.locator("#result").inner_text()
    assert page.locator("#code").count() == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "signing-page-expired.png"), full_page=True)
    events = api(live, "GET", "/v1/events?type=contract.signing_link.expired")["data"]
    assert [(e["data"]["object"]["id"], e["data"]["reason"]) for e in events] == [
        (link["id"], "expired")
    ]
    page.context.close()
