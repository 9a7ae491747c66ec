"""The hosted signing page as the worker sees it, through the test client on both databases:
a submit's outcome comes first, the consent box keeps its state, a signer out of turn is
told whom they wait for, a used link is a receipt with a short-lived download of the signed
PDF (and that download opens nothing else), roles are in the page's language, and names are
shown as text. The browser's view: tests/e2e/test_signing_browser.py."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from itsdangerous import URLSafeSerializer

from app.core.time import FrozenClock
from app.signing import receipts, renderings
from tests.helpers import (
    ApiClient,
    TenantHandle,
    database,
    document,
    employer_body,
    post_created,
)
from tests.signing.conftest import contract, parties, sign, signer_id
from tests.signing.test_links import link_for, page

CHECKED = re.compile(r'<input type="checkbox" id="agree" name="agree" value="yes"( checked)?>')


def wrong_code(link: dict[str, Any]) -> str:
    return "000000" if link["code"] != "000000" else "111111"


def download_url(html: str) -> str:
    found = re.search(r'id="download" href="([^"]+)"', html)
    assert found, html
    return found.group(1).replace("&amp;", "&")


def pdf_of(api: ApiClient, contract_id: str) -> bytes:
    """The sealed PDF as the API serves it, once its job has made it."""
    resp = document(api, contract_id)
    assert resp.status_code == 200, resp.status_code
    return bytes(resp.data)


@pytest.fixture()
def two_party(api: ApiClient) -> tuple[dict[str, Any], str, str]:
    employer, worker = parties(api)
    return contract(api, [(employer, "employer", 1), (worker, "worker", 2)]), employer, worker


def test_a_wrong_code_comes_first_and_keeps_the_consent_box(
    api: ApiClient, client: Any, two_party: Any
) -> None:
    made, employer, _worker = two_party
    link = link_for(api, made, employer)
    shown = page(client, link).get_data(as_text=True)
    assert CHECKED.search(shown).group(1) is None  # type: ignore[union-attr]
    assert shown.index('id="document"') < shown.index('id="sign-form"')  # read, then sign

    wrong = page(client, link, code=wrong_code(link), agree="yes")
    html = wrong.get_data(as_text=True)
    assert wrong.status_code == 422 and "验证码错误，还可以尝试 4 次" in html
    assert CHECKED.search(html).group(1) == " checked"  # type: ignore[union-attr]
    # the message and the form come before the document: the first thing on the screen
    assert html.index('id="error"') < html.index('id="sign-form"') + 200
    assert html.index('id="sign-form"') < html.index('id="document"')
    assert 'name="code" value=""' in html  # a wrong code is not shown again

    unticked = page(client, link, code=link["code"])
    html = unticked.get_data(as_text=True)
    assert unticked.status_code == 422 and "请先勾选同意" in html
    assert CHECKED.search(html).group(1) is None  # type: ignore[union-attr]
    assert f'name="code" value="{link["code"]}"' in html  # not checked yet: kept to tick and go


def test_signing_says_so_first_and_who_is_still_to_sign(
    api: ApiClient, client: Any, two_party: Any, clock: FrozenClock
) -> None:
    made, employer, _worker = two_party
    link = link_for(api, made, employer)
    signed = page(client, link, code=link["code"], agree="yes")
    html = signed.get_data(as_text=True)
    assert signed.status_code == 200
    result = html.index('id="result"')
    assert result < html.index('id="document"') and result < html.index('id="signer"')
    assert "签署成功" in html and "合同还在等待陈伟（员工）签署。" in html
    when = clock.now().astimezone(dt.timezone(dt.timedelta(hours=8)))
    assert f"您已于 {when:%Y-%m-%d %H:%M} (北京时间) 签署本合同。" in html
    assert 'id="download"' not in html  # nothing sealed yet


def test_a_signer_out_of_turn_is_told_whom_they_wait_for(
    api: ApiClient, client: Any, two_party: Any
) -> None:
    made, _employer, worker = two_party
    link = link_for(api, made, worker)
    shown = page(client, link)
    html = shown.get_data(as_text=True)
    assert shown.status_code == 200 and 'id="code"' not in html
    assert "请等待狮岭皮具厂（用工单位）先签署。" in html
    assert "轮到您签署时，您会收到新的消息。" in html
    assert html.index('id="waiting"') < html.index('id="document"')
    english = page(client, link, lang="en").get_data(as_text=True)
    assert "Please wait: 狮岭皮具厂 (employer) must sign first." in english
    assert "You will get a new message when it is your turn to sign." in english
    tried = page(client, link, code=link["code"], agree="yes")
    assert tried.status_code == 422 and "请等待狮岭皮具厂（用工单位）先签署。" in tried.get_data(
        as_text=True
    )


def test_a_used_link_is_the_signers_receipt_with_the_signed_pdf(
    api: ApiClient, client: Any, two_party: Any
) -> None:
    made, employer, worker = two_party
    employer_link = link_for(api, made, employer)
    page(client, employer_link, code=employer_link["code"], agree="yes")
    worker_link = link_for(api, made, worker)
    page(client, worker_link, code=worker_link["code"], agree="yes")

    pdf = pdf_of(api, made["id"])
    again = page(client, employer_link)
    html = again.get_data(as_text=True)
    assert again.status_code == 200 and 'class="error"' not in html
    assert "您已于" in html and "合同已完成：各方均已签署。" in html
    assert "签署成功" not in html and "下载链接 10 分钟内有效。" in html
    got = client.get(download_url(html))
    assert got.status_code == 200 and got.mimetype == "application/pdf"
    assert got.headers["Content-Disposition"] == f'attachment; filename="{made["id"]}.pdf"'
    assert got.headers["Cache-Control"] == "no-store"
    assert got.data.startswith(b"%PDF") and got.data == pdf

    english = page(client, worker_link, lang="en").get_data(as_text=True)
    assert "You signed this contract on" in english and "The contract is complete" in english
    assert "lang=en" in download_url(english)


def test_the_receipt_after_the_contract_ended_without_everyone(
    api: ApiClient, client: Any, tenant: TenantHandle
) -> None:
    employer, worker, other = parties(api, workers=2)
    made = contract(api, [(employer, "employer", 1), (worker, "worker", 2), (other, "worker", 2)])
    link = link_for(api, made, employer)
    page(client, link, code=link["code"], agree="yes")
    waiting = page(client, link).get_data(as_text=True)
    assert "合同还在等待陈伟（员工）、陈伟（员工）签署。" in waiting
    resp = api.post(
        f"/v1/contracts/{made['id']}/decline",
        {"signer_id": signer_id(made, worker), "reason": "不去了"},
    )
    assert resp.status_code == 200, resp.json
    shown = page(client, link)
    html = shown.get_data(as_text=True)
    assert shown.status_code == 200 and "合同已被拒签，未生效。" in html
    assert 'id="download"' not in html
    with database(tenant.app).unit_of_work(tenant_id=tenant.id) as session:
        token = receipts.download_token(
            session, tenant_id=tenant.id, contract_id=made["id"], link_id=link["id"]
        )
    assert client.get(f"/sign/download/{token}").status_code == 404  # no signed PDF


def test_a_download_token_opens_its_own_contract_and_nothing_else(
    api: ApiClient,
    client: Any,
    tenant: TenantHandle,
    other_tenant: TenantHandle,
    clock: FrozenClock,
) -> None:
    employer, worker = parties(api)
    made = contract(api, [(employer, "employer", 1), (worker, "worker", 1)])
    link = link_for(api, made, employer)
    page(client, link, code=link["code"], agree="yes")
    sign(api, made, worker)
    second = contract(api, [(employer, "employer", 1), (worker, "worker", 1)])
    sign(api, second, employer)
    sign(api, second, worker)
    unsigned = contract(api, [(employer, "employer", 1), (worker, "worker", 2)])
    worker_link = link_for(api, unsigned, worker)  # its signer has not signed
    pdf = pdf_of(api, made["id"])
    url = download_url(page(client, link).get_data(as_text=True))
    token = url.split("/sign/download/", 1)[1].split("?", 1)[0]

    def minted(**claims: str) -> str:
        with database(tenant.app).unit_of_work(tenant_id=tenant.id) as session:
            base = {"tenant_id": tenant.id, "contract_id": made["id"], "link_id": link["id"]}
            return receipts.download_token(session, **{**base, **claims})

    assert client.get(f"/sign/download/{minted()}").data == pdf
    # a character inside the signature (the last one's low bits are base64 padding)
    flipped = token[:-5] + ("A" if token[-5] != "A" else "B") + token[-4:]
    stranger = URLSafeSerializer(b"k" * 32, salt="gigkit-signed-pdf-download-v1")
    for bad in (
        flipped,  # forged: the signature does not match
        "not-a-token",
        "e30.x",
        stranger.dumps([tenant.id, made["id"], link["id"], 2**40]),  # someone else's key
        minted(contract_id=second["id"]),  # another contract than the link's
        minted(tenant_id=other_tenant.id),  # another tenant: its session sees no such link
        minted(link_id=worker_link["id"], contract_id=worker_link["contract_id"]),
        minted(contract_id="ctr_" + "0" * 26),
    ):
        shown = client.get(f"/sign/download/{bad}")
        assert shown.status_code == 404, bad
        assert "下载链接无效。" in shown.get_data(as_text=True) and shown.mimetype == "text/html"

    clock.advance(minutes=9, seconds=59)
    assert client.get(url).status_code == 200
    clock.advance(seconds=1)
    expired = client.get(url.replace("lang=zh", "lang=en"))
    assert expired.status_code == 410 and "This download link has expired." in expired.get_data(
        as_text=True
    )
    assert "Open your signing link again" in expired.get_data(as_text=True)


def test_a_pdf_still_being_made_answers_a_page_that_reloads(
    api: ApiClient, client: Any, two_party: Any, tenant: TenantHandle, monkeypatch: Any
) -> None:
    runner = tenant.app.extensions["gigkit"].jobs
    real = runner.dispatch

    def hold_renders(fn: Any, tenant_id: Any, kwargs: Any, **options: Any) -> None:
        if fn is not renderings.render_job:
            real(fn, tenant_id, kwargs, **options)

    monkeypatch.setattr(runner, "dispatch", hold_renders)
    made, employer, worker = two_party
    sign(api, made, employer)
    link = link_for(api, made, worker)
    page(client, link, code=link["code"], agree="yes")
    waiting = client.get(download_url(page(client, link).get_data(as_text=True)))
    assert waiting.status_code == 202 and waiting.headers["Retry-After"].isdigit()
    html = waiting.get_data(as_text=True)
    assert f'http-equiv="refresh" content="{waiting.headers["Retry-After"]}"' in html
    assert "正在生成" in html


def test_names_are_text_and_roles_are_translated(api: ApiClient, client: Any) -> None:
    employer = post_created(api, "/v1/employers", employer_body(name='<b>甲&"乙"</b>'))["id"]
    [worker] = parties(api, employers=0)
    made = contract(api, [(employer, "employer", 1), (worker, "worker", 2)])
    html = page(client, link_for(api, made, worker)).get_data(as_text=True)
    assert "<b>甲" not in html
    assert "请等待&lt;b&gt;甲&amp;&#34;乙&#34;&lt;/b&gt;（用工单位）先签署。" in html
    assert "陈伟（员工）" in html and "(worker)" not in html and "（worker）" not in html

    custom = contract(api, [(worker, "装卸组长", 1), (employer, "employer", 1)])
    html = page(client, link_for(api, custom, worker), lang="en").get_data(as_text=True)
    assert "陈伟 (装卸组长)" in html  # a role gigkit does not know, as the platform named it


def test_the_contract_number_and_hash_are_under_details(
    api: ApiClient, client: Any, two_party: Any
) -> None:
    made, employer, _worker = two_party
    html = page(client, link_for(api, made, employer)).get_data(as_text=True)
    details = re.search(r'<details class="meta" id="details">.*?</details>', html, re.S)
    assert details is not None
    for value in (made["id"], made["document_sha256"]):
        assert value in details.group(0) and html.count(value) == 1


def test_an_unknown_link_speaks_chinese_unless_asked_otherwise(client: Any) -> None:
    shown = client.get("/sign/gks_nonsense")
    assert shown.status_code == 404 and "链接无效。" in shown.get_data(as_text=True)
    english = client.get("/sign/gks_nonsense", headers={"Accept-Language": "en-GB,en;q=0.8"})
    assert "This link is not valid." in english.get_data(as_text=True)


def test_downloads_close_30_days_after_signing(
    api: ApiClient, client: Any, clock: FrozenClock
) -> None:
    """A used link is not a key to the signer's personal data for ever."""
    employer, worker = parties(api)
    made = contract(api, [(employer, "employer", 1), (worker, "worker", 1)])
    link = link_for(api, made, employer)
    page(client, link, code=link["code"], agree="yes")
    sign(api, made, worker)
    pdf_of(api, made["id"])
    clock.advance(days=29, hours=23, minutes=55)
    url = download_url(page(client, link).get_data(as_text=True))
    assert client.get(url).status_code == 200
    clock.advance(minutes=6)  # the token has 4 minutes left; the window has closed
    assert client.get(url).status_code == 410
    shown = page(client, link).get_data(as_text=True)
    assert 'id="download"' not in shown and "签署 30 天后不再提供下载" in shown


def test_a_download_token_lasts_ten_real_minutes_under_a_test_clock(
    api: ApiClient, client: Any, clock: FrozenClock
) -> None:
    employer, worker = parties(api)
    made = contract(api, [(employer, "employer", 1), (worker, "worker", 1)])
    link = link_for(api, made, employer)
    page(client, link, code=link["code"], agree="yes")
    sign(api, made, worker)
    pdf_of(api, made["id"])
    day_on = clock.now() + dt.timedelta(days=1)
    assert api.post("/v1/test-clocks", {"frozen_time": day_on.isoformat()}).status_code == 201
    url = download_url(page(client, link).get_data(as_text=True))
    assert client.get(url).status_code == 200
    clock.advance(minutes=10)  # real time: the clock a day ahead does not stretch it
    assert client.get(url).status_code == 410
