"""Signing links and the hosted page, through the test client on both databases: the API
says when each link expires, the page signs with the one-time code, and a link that can no
longer be used shows a clear page and is announced once."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from app.core.time import FrozenClock
from app.signing import links
from tests.helpers import ApiClient, TenantHandle, assert_problem
from tests.signing.conftest import contract, parties, sign, signer_id, trail


def link_for(api: ApiClient, made: dict[str, Any], party_id: str, **extra: Any) -> dict[str, Any]:
    body = {"signer_id": signer_id(made, party_id), **extra}
    resp = api.post(f"/v1/contracts/{made['id']}/signing-links", body)
    assert resp.status_code == 201, resp.json
    return dict(resp.json)


def page(client: Any, link: dict[str, Any], *, lang: str = "zh", **form: str) -> Any:
    path = link["url"].split("://", 1)[1].split("/", 1)[1]
    if form:
        return client.post(f"/{path}?lang={lang}", data=form)
    return client.get(f"/{path}?lang={lang}")


def expired_events(api: ApiClient) -> list[dict[str, Any]]:
    return list(api.get("/v1/events?type=contract.signing_link.expired").json["data"])


@pytest.fixture()
def two_party(api: ApiClient) -> tuple[dict[str, Any], str, str]:
    employer, worker = parties(api)
    return contract(api, [(employer, "employer", 1), (worker, "worker", 2)]), employer, worker


def test_the_api_says_when_each_link_expires_and_shows_secrets_once(
    api: ApiClient, two_party: Any
) -> None:
    made, employer, _worker = two_party
    before = dt.datetime.now(dt.UTC)
    link = link_for(api, made, employer, expires_in=600)
    expires = dt.datetime.fromisoformat(link["expires_at"])
    assert dt.timedelta(seconds=595) < expires - before < dt.timedelta(seconds=605)
    assert re.fullmatch(r"\d{6}", link["code"]) and "/sign/gks_" in link["url"]
    assert link["status"] == "active"
    [listed] = api.get(f"/v1/contracts/{made['id']}/signing-links").json["data"]
    assert listed["expires_at"] == link["expires_at"] and listed["status"] == "active"
    assert "url" not in listed and "code" not in listed
    assert trail(api, made["id"])["data"][-1]["action"] == "signing_link_created"


def test_signing_on_the_page_with_the_code(api: ApiClient, client: Any, two_party: Any) -> None:
    made, employer, worker = two_party
    link = link_for(api, made, employer)
    shown = page(client, link)
    assert shown.status_code == 200 and shown.headers["Cache-Control"] == "no-store"
    html = shown.get_data(as_text=True)
    assert "零工劳务协议" in html and "确认签署" in html and "人民币 150.00 元" in html
    assert "链接有效期至" in html
    assert "Sign" in page(client, link, lang="en").get_data(as_text=True)

    wrong = page(client, link, code="000000" if link["code"] != "000000" else "111111", agree="yes")
    assert wrong.status_code == 422 and "还可以尝试 4 次" in wrong.get_data(as_text=True)
    unticked = page(client, link, code=link["code"])
    assert unticked.status_code == 422 and "请先勾选同意" in unticked.get_data(as_text=True)

    signed = page(client, link, code=link["code"], agree="yes")
    assert signed.status_code == 200 and "签署成功" in signed.get_data(as_text=True)
    after = api.get(f"/v1/contracts/{made['id']}").json
    assert after["status"] == "partially_signed"
    [employer_signer] = [s for s in after["signers"] if s["party_id"] == employer]
    assert employer_signer["consent"]["method"] == "hosted_page"
    assert employer_signer["consent"]["ip"] == "127.0.0.1"

    again = page(client, link)  # a used link: the signer's receipt (tests/signing/test_page.py)
    assert again.status_code == 200 and "您已于" in again.get_data(as_text=True)
    assert [e["data"]["reason"] for e in expired_events(api)] == ["used"]
    page(client, link)
    assert len(expired_events(api)) == 1  # announced once

    worker_link = link_for(api, made, worker)
    page(client, worker_link, code=worker_link["code"], agree="yes")
    assert api.get(f"/v1/contracts/{made['id']}").json["status"] == "completed"


def test_out_of_turn_signer_waits_on_the_page(api: ApiClient, client: Any, two_party: Any) -> None:
    made, _employer, worker = two_party
    link = link_for(api, made, worker)
    shown = page(client, link, lang="en")
    assert shown.status_code == 200
    assert "must sign first" in shown.get_data(as_text=True)
    tried = page(client, link, lang="en", code=link["code"], agree="yes")
    assert tried.status_code == 422
    assert api.get(f"/v1/contracts/{made['id']}").json["status"] == "sent"


def test_five_wrong_codes_lock_the_link(api: ApiClient, client: Any, two_party: Any) -> None:
    made, employer, _worker = two_party
    link = link_for(api, made, employer)
    wrong = "000000" if link["code"] != "000000" else "111111"
    for _ in range(links.MAX_ATTEMPTS):
        page(client, link, code=wrong, agree="yes")
    locked = page(client, link, code=link["code"], agree="yes")  # even the right code now
    assert locked.status_code == 410 and "错误次数过多" in locked.get_data(as_text=True)
    assert api.get(f"/v1/contracts/{made['id']}").json["status"] == "sent"
    assert [e["data"]["reason"] for e in expired_events(api)] == ["locked"]


def test_an_expired_link_shows_a_clear_page_and_is_announced(
    api: ApiClient, client: Any, two_party: Any, tenant: TenantHandle, clock: FrozenClock
) -> None:
    made, employer, worker = two_party
    visited = link_for(api, made, employer, expires_in=60)
    unvisited = link_for(api, made, worker, expires_in=60)
    url = f"/v1/contracts/{made['id']}/signing-links"
    clock.advance(seconds=59)  # the one clock: every unit of work reads it
    assert {x["status"] for x in api.get(url).json["data"]} == {"active"}
    clock.advance(seconds=1)  # expires_at <= now: expired, to the second

    shown = page(client, visited, lang="en", code=visited["code"], agree="yes")
    assert shown.status_code == 410 and "has expired" in shown.get_data(as_text=True)
    assert api.get(f"/v1/contracts/{made['id']}").json["status"] == "sent"
    statuses = {x["id"]: x["status"] for x in api.get(url).json["data"]}
    assert statuses == {visited["id"]: "expired", unvisited["id"]: "expired"}
    with tenant.app.extensions["gigkit"].database.unit_of_work(tenant_id=tenant.id) as session:
        assert links.announce_expired(session) == 1  # the one nobody opened
    announced = {e["data"]["object"]["id"]: e["data"]["reason"] for e in expired_events(api)}
    assert announced == {visited["id"]: "expired", unvisited["id"]: "expired"}


def test_unknown_tokens_and_closed_contracts(api: ApiClient, client: Any, two_party: Any) -> None:
    made, employer, worker = two_party
    assert client.get("/sign/gks_nonsense").status_code == 404
    forged = "gks_" + "A" * 38
    assert client.get(f"/sign/{forged}").status_code == 404
    link = link_for(api, made, worker)
    api.post(f"/v1/contracts/{made['id']}/void", {"reason": "取消"})
    closed = page(client, link)
    assert closed.status_code == 410 and "已无法签署" in closed.get_data(as_text=True)
    assert_problem(
        api.post(
            f"/v1/contracts/{made['id']}/signing-links", {"signer_id": signer_id(made, employer)}
        ),
        409,
        "invalid_state",
    )


def test_bad_link_requests(api: ApiClient, two_party: Any) -> None:
    made, employer, _worker = two_party
    url = f"/v1/contracts/{made['id']}/signing-links"
    for body in (
        {},
        {"signer_id": "sgn_x"},
        {"signer_id": signer_id(made, employer), "expires_in": 10},
        {"signer_id": signer_id(made, employer), "expires_in": 8 * 86400},
    ):
        assert_problem(api.post(url, body), 422, "validation_error")
    assert_problem(api.post(url, {"signer_id": "sgn_" + "1" * 26}), 404, "resource_missing")
    sign(api, made, employer)
    assert_problem(api.post(url, {"signer_id": signer_id(made, employer)}), 409, "invalid_state")
    assert api.get(url).json["data"] == []


def test_opening_a_link_past_the_deadline_expires_the_contract(
    api: ApiClient, client: Any, clock: FrozenClock
) -> None:
    employer, worker = parties(api)
    soon = (clock.now() + dt.timedelta(hours=1)).isoformat()
    made = contract(api, [(employer, "employer", 1), (worker, "worker", 2)], sign_by=soon)
    link = link_for(api, made, employer, expires_in=86400)
    assert link["expires_at"] == made["sign_by"]  # a link never outlives the contract's deadline
    clock.advance(hours=2)  # the one clock: every unit of work is now past it
    [listed] = api.get(f"/v1/contracts/{made['id']}/signing-links").json["data"]
    assert listed["status"] == "expired"
    shown = page(client, link, lang="en")
    assert shown.status_code == 410 and "has expired" in shown.get_data(as_text=True)
    assert api.get(f"/v1/contracts/{made['id']}").json["status"] == "expired"
    assert [e["data"]["reason"] for e in expired_events(api)] == ["expired"]


def test_posting_to_a_used_link_is_410_not_a_second_success(
    api: ApiClient, client: Any, two_party: Any
) -> None:
    made, employer, _worker = two_party
    link = link_for(api, made, employer)
    assert page(client, link, code=link["code"], agree="yes").status_code == 200
    again = page(client, link, lang="en", code="not-a-code")
    assert again.status_code == 410 and "You signed this contract on" in again.get_data(
        as_text=True
    )
    assert "Signed. Thank you" not in again.get_data(as_text=True)


def test_a_user_agent_with_control_characters_is_kept_printable(
    api: ApiClient, client: Any, two_party: Any
) -> None:
    made, employer, _worker = two_party
    link = link_for(api, made, employer)
    path = "/" + link["url"].split("://", 1)[1].split("/", 1)[1]
    resp = client.post(
        path,
        data={"code": link["code"], "agree": "yes"},
        headers={"User-Agent": "Evil\x00Agent\x1b[31m"},
    )
    assert resp.status_code == 200, resp.get_data(as_text=True)
    [signer] = [
        s
        for s in api.get(f"/v1/contracts/{made['id']}").json["signers"]
        if s["party_id"] == employer
    ]
    assert signer["consent"]["user_agent"] == "EvilAgent[31m"


def test_link_urls_use_the_public_url_never_the_host_header(
    api: ApiClient, two_party: Any, tenant: TenantHandle
) -> None:
    made, employer, _worker = two_party
    body = {"signer_id": signer_id(made, employer)}
    for headers in (
        {"Host": "evil.example"},
        {"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"},
    ):
        resp = api.post(f"/v1/contracts/{made['id']}/signing-links", body, headers=headers)
        assert resp.status_code == 201, resp.json
        public_url = tenant.app.extensions["gigkit"].settings.public_url
        assert resp.json["url"].startswith(f"{public_url}/sign/gks_")
        assert "evil" not in resp.json["url"]


def test_a_new_link_revokes_the_signers_earlier_ones(
    api: ApiClient, client: Any, two_party: Any
) -> None:
    """One usable link per signer, so five code guesses at a time, however many links the
    platform asks for."""
    made, employer, worker = two_party
    first = link_for(api, made, employer)
    worker_link = link_for(api, made, worker)
    second = link_for(api, made, employer)
    listed = {x["id"]: x for x in api.get(f"/v1/contracts/{made['id']}/signing-links").json["data"]}
    assert listed[first["id"]]["status"] == "revoked" and listed[first["id"]]["revoked_at"]
    assert listed[second["id"]]["status"] == "active"
    assert listed[worker_link["id"]]["status"] == "active"  # another signer's link stays

    shown = page(client, first)
    assert shown.status_code == 410 and "已被新的链接取代" in shown.get_data(as_text=True)
    refused = page(client, first, code=first["code"], agree="yes")
    assert refused.status_code == 410
    assert api.get(f"/v1/contracts/{made['id']}").json["status"] == "sent"
    assert expired_events(api) == []  # the platform replaced it: nothing to announce
    created = [e for e in trail(api, made["id"])["data"] if e["action"] == "signing_link_created"]
    assert created[-1]["data"]["revoked"] == [first["id"]]
    assert page(client, second, code=second["code"], agree="yes").status_code == 200
