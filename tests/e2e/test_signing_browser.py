"""The hosted signing page in a real browser: headless Chromium (Debian's, driven by
Playwright with `executable_path`; nothing is downloaded) against `gigkit run`, on a
390x844 phone. A worker opens the link, reads the contract, enters a wrong code and sees
so on the first screen with the consent box still ticked, enters the right one and sees the
signature on the first screen, and the contract is completed; reopening the link shows the
receipt and downloads the signed PDF. A worker out of turn is told whom they wait for; an
expired link shows the expiry page. Screenshots go to test-artifacts/."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import employer_body, worker_body
from tests.live import TenantPool, copy_database, http, running_server, server_env
from tests.signing.conftest import CONSENT, GIG_VARIABLES

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def live(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> Iterator[dict[str, Any]]:
    instance = tmp_path_factory.mktemp("signing-browser")
    copy_database(sqlite_template, instance)
    env = server_env(instance)
    tenants = TenantPool(env, client_scopes="parties:read", name="嘉善零工", batch=1)
    tenants.start()  # while the server starts
    with running_server(env) as server:
        key = tenants.take()["tenant"]["api_key"]
        yield {"base": server.base, "key": key, "db": instance / "gigkit.db"}


@pytest.fixture(scope="module")
def browser(chromium_browser: Any) -> Any:
    """The module's Chromium (tests/e2e/conftest.py): one Playwright at a time."""
    return chromium_browser


def api(live: dict[str, Any], method: str, path: str, body: Any = None) -> Any:
    status, _, answer = http(method, live["base"] + path, token=live["key"], body=body)
    assert status < 300, (status, answer)
    return answer


def sent_contract(live: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], str, str]:
    """A sent contract: the employer signs first (order 1), then the worker; its employer,
    the employer's signer id and the worker's."""
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
    return made, employer, by[employer["id"]], by[worker["id"]]


def contract_waiting_for_the_worker(live: dict[str, Any]) -> tuple[dict[str, Any], str]:
    made, _employer, employer_signer, worker_signer = sent_contract(live)
    api(
        live,
        "POST",
        f"/v1/contracts/{made['id']}/signatures",
        {"signer_id": employer_signer, "consent": CONSENT},
    )
    return made, worker_signer


PHONE = {"width": 390, "height": 844}


def mobile_page(browser: Any) -> Any:
    context = browser.new_context(viewport=PHONE, locale="zh-CN", device_scale_factor=2)
    return context.new_page()


def on_first_screen(page: Any, selector: str) -> dict[str, float]:
    """The element's box, asserted to lie within the phone's first screen (unscrolled)."""
    box = page.locator(selector).bounding_box()
    assert box is not None and page.evaluate("window.scrollY") == 0
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], (selector, box)
    return dict(box)


def signed_pdf_ready(live: dict[str, Any], contract_id: str) -> None:
    deadline = time.monotonic() + 30
    while not api(live, "GET", f"/v1/contracts/{contract_id}")["pdf_sha256"]:
        assert time.monotonic() < deadline, "the sealed PDF was not made in 30 s"
        time.sleep(0.1)


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

    page.fill("#code", "000000" if link["code"] != "000000" else "111111")
    page.check("#agree")
    page.click("#sign")
    page.wait_for_selector("#error")
    wrong = on_first_screen(page, "#error")
    assert "验证码错误，还可以尝试 4 次" in page.locator("#error").inner_text()
    assert page.is_checked("#agree")  # as the worker left it
    on_first_screen(page, "#sign")  # and the form to try again, without scrolling
    page.screenshot(path=str(ARTIFACTS / "signing-page-wrong-code.png"))

    page.fill("#code", link["code"])  # the box is still ticked: only the code again
    page.click("#sign")
    page.wait_for_selector("#result")
    signed = on_first_screen(page, "#result")
    assert "签署成功" in page.locator("#result").inner_text()
    assert "合同已完成" in page.locator("#result").inner_text()
    page.screenshot(path=str(ARTIFACTS / "signing-page-signed.png"))
    print(f"first screen: wrong code at y={wrong['y']:.0f}, signed at y={signed['y']:.0f}")

    after = api(live, "GET", f"/v1/contracts/{made['id']}")
    assert after["status"] == "completed" and after["seal"]
    [worker] = [s for s in after["signers"] if s["id"] == worker_signer]
    assert worker["consent"]["method"] == "hosted_page"
    assert "HeadlessChrome" in worker["consent"]["user_agent"]

    signed_pdf_ready(live, made["id"])
    response = page.goto(link["url"])  # the worker opens the link again, later
    assert response is not None and response.status == 200
    receipt = page.locator("#result").inner_text()
    assert "您已于" in receipt and "签署本合同" in receipt and "合同已完成" in receipt
    assert page.locator("#result .error").count() == 0
    on_first_screen(page, "#download")
    assert not page.locator("#contract-id").is_visible()  # folded under 详情
    page.screenshot(path=str(ARTIFACTS / "signing-page-receipt.png"))
    with page.expect_download() as downloading:
        page.click("#download")
    pdf = Path(downloading.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    assert (
        hashlib.sha256(pdf).hexdigest()
        == api(live, "GET", f"/v1/contracts/{made['id']}")["pdf_sha256"]
    )
    page.context.close()


def test_a_worker_out_of_turn_is_told_whom_they_wait_for(
    live: dict[str, Any], browser: Any
) -> None:
    made, employer, _employer_signer, worker_signer = sent_contract(live)
    link = api(
        live, "POST", f"/v1/contracts/{made['id']}/signing-links", {"signer_id": worker_signer}
    )
    page = mobile_page(browser)
    page.goto(link["url"])
    on_first_screen(page, "#result")
    told = page.locator("#result").inner_text()
    assert f"请等待{employer['name']}（用工单位）先签署" in told and "新的消息" in told
    assert page.locator("#code").count() == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "signing-page-waiting.png"))
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
    mine = [e["data"]["reason"] for e in events if e["data"]["object"]["id"] == link["id"]]
    assert mine == ["expired"]  # (the other tests' links are announced too: one live tenant)
    page.context.close()
