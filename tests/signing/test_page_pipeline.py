"""The hosted signing page goes through the kernel's page pipeline (`core.pages`), like the
console: an exception in the page is an HTML page in the signer's language and nothing it
wrote stays, a domain error or a collision says the signature did not go through, a POST
the browser marks cross-site is refused before anything is judged, the rate limit answers
an HTML 429, and paths under /sign that are no page are HTML 404s and 405s, all with the
signing page's own security headers."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from app import create_app
from app.core.errors import InvalidState
from app.signing import links, receipts
from app.signing.pages import HEADERS
from tests.conftest import make_settings
from tests.helpers import ApiClient, assert_html_page
from tests.signing.conftest import contract, parties
from tests.signing.test_links import link_for, page


@pytest.fixture()
def made(api: ApiClient) -> tuple[dict[str, Any], dict[str, Any]]:
    """A sent contract and the signing link of its first signer."""
    employer, worker = parties(api)
    sent = contract(api, [(employer, "employer", 1), (worker, "worker", 2)])
    return sent, link_for(api, sent, employer)


def assert_signing_page(resp: Any, status: int) -> str:
    return assert_html_page(resp, status, HEADERS)


def nothing_signed(api: ApiClient, made: tuple[dict[str, Any], dict[str, Any]]) -> None:
    sent, link = made
    assert api.get(f"/v1/contracts/{sent['id']}").json["status"] == "sent"
    [listed] = api.get(f"/v1/contracts/{sent['id']}/signing-links").json["data"]
    assert listed["status"] == "active" and listed["failed_attempts"] == 0
    assert listed["id"] == link["id"]


def test_an_exception_is_a_page_in_the_signers_language_and_rolled_back(
    api: ApiClient, client: Any, made: Any, monkeypatch: Any
) -> None:
    def boom(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(receipts, "receipt", boom)  # after the signature was written
    _sent, link = made
    resp = page(client, link, lang="en", code=link["code"], agree="yes")
    html = assert_signing_page(resp, 500)
    assert "Something failed on our side; nothing was done." in html
    assert "secret internals" not in html and "RuntimeError" not in html
    chinese = page(client, link, code=link["code"], agree="yes")
    assert "服务器出错，未做任何处理。" in assert_signing_page(chinese, 500)
    nothing_signed(api, made)
    monkeypatch.undo()
    again = page(client, link, code=link["code"], agree="yes")  # the link still works
    assert again.status_code == 200 and "签署成功" in again.get_data(as_text=True)


def test_a_domain_error_or_a_collision_says_the_signature_did_not_go_through(
    api: ApiClient, client: Any, made: Any, monkeypatch: Any
) -> None:
    real = links.sign
    raised: list[Exception] = [
        InvalidState("refused"),
        OperationalError("UPDATE", {}, type("Orig", (Exception,), {"sqlstate": "40001"})()),
    ]

    def sign_then_fail(*args: Any, **kwargs: Any) -> Any:
        real(*args, **kwargs)  # signs, then fails: the signature must not stay
        raise raised.pop(0)

    monkeypatch.setattr(links, "sign", sign_then_fail)
    _sent, link = made
    refused = page(client, link, lang="en", code=link["code"], agree="yes")
    assert "The signature did not go through" in assert_signing_page(refused, 409)
    collided = page(client, link, code=link["code"], agree="yes")
    assert "签署未成功，请稍后重试。" in assert_signing_page(collided, 503)
    assert collided.headers["Retry-After"] == "1"
    nothing_signed(api, made)


def test_a_cross_site_post_is_refused_before_the_code_is_judged(
    api: ApiClient, client: Any, made: Any
) -> None:
    _sent, link = made
    path = "/" + link["url"].split("://", 1)[1].split("/", 1)[1]
    for code in (link["code"], "000000" if link["code"] != "000000" else "111111"):
        forged = client.post(
            f"{path}?lang=en",
            data={"code": code, "agree": "yes"},
            headers={"Sec-Fetch-Site": "cross-site"},
        )
        assert "This form did not come from this page" in assert_signing_page(forged, 403)
    nothing_signed(api, made)  # no signature, no wrong code counted
    signed = client.post(
        path, data={"code": link["code"], "agree": "yes"}, headers={"Sec-Fetch-Site": "same-origin"}
    )
    assert signed.status_code == 200 and "签署成功" in signed.get_data(as_text=True)


def test_paths_under_sign_that_are_no_page_are_html_404s_and_405s(client: Any, made: Any) -> None:
    for path in ("/sign", "/sign/", "/sign/gks_x/more", "/sign/download/"):
        html = assert_signing_page(client.get(f"{path}?lang=en"), 404)
        assert "This link is not valid: check that you opened the whole link" in html
    chinese = assert_signing_page(client.post("/sign/a/b"), 404)
    assert "链接无效，请检查是否完整打开了短信中的链接。" in chinese
    _sent, link = made
    path = "/" + link["url"].split("://", 1)[1].split("/", 1)[1]
    for method, where, allowed in (
        ("put", path, "GET, POST, HEAD"),
        ("delete", path, "GET, POST, HEAD"),
        ("post", "/sign/download/anything", "GET, HEAD"),
    ):
        resp = getattr(client, method)(f"{where}?lang=en")
        assert "That method is not allowed here." in assert_signing_page(resp, 405)
        assert resp.headers["Allow"] == allowed


def test_each_page_family_keeps_its_own_policy(client: Any) -> None:
    signing = client.get("/sign/gks_unknown")
    console = client.get("/console/login")
    assert "script-src" not in signing.headers["Content-Security-Policy"]  # no script at all
    assert "script-src 'self'" in console.headers["Content-Security-Policy"]
    assert signing.headers["Referrer-Policy"] == "no-referrer"
    assert console.headers["Referrer-Policy"] == "same-origin"


def test_the_rate_limit_is_an_html_page(sqlite_url: str, tmp_path: Any) -> None:
    app = create_app(make_settings(sqlite_url, tmp_path, rate_limit_public="2/minute"))
    client = app.test_client()
    answers = [client.get("/sign/gks_unknown?lang=en") for _ in range(3)]
    assert [a.status_code for a in answers] == [404, 404, 429]
    assert "Too many requests" in assert_signing_page(answers[2], 429)
    assert 1 <= int(answers[2].headers["Retry-After"]) <= 60
