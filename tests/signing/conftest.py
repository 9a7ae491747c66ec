"""Shortcuts for signing tests: parties, a contract from the built-in template, signing."""

from __future__ import annotations

from typing import Any

from tests.helpers import ApiClient, employer_body, post_created, worker_body

GIG_VARIABLES = {
    "work_date": "2026-12-01",
    "work_site": "嘉善县罗星街道 3 号仓库",
    "job": "装卸工",
    "working_hours": "08:00-17:00",
    "wage": 15000,
    "insurance": "每日意外险，保额 50 万元",
    "dispute_venue": "嘉善县劳动人事争议仲裁委员会",
}
CONSENT = {
    "method": "sms_code",
    "verification": "passed",
    "ip": "203.0.113.7",
    "user_agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) MicroMessenger/8.0",
}


def builtin(api: ApiClient, key: str) -> dict[str, Any]:
    resp = api.get(f"/v1/contract-templates?key={key}")
    assert resp.status_code == 200, resp.json
    [template] = resp.json["data"]
    return dict(template)


def parties(api: ApiClient, workers: int = 1, employers: int = 1) -> list[str]:
    made = [post_created(api, "/v1/employers", employer_body())["id"] for _ in range(employers)]
    made += [post_created(api, "/v1/workers", worker_body())["id"] for _ in range(workers)]
    return made


def contract_body(
    api: ApiClient,
    signers: list[tuple[str, str, int]],
    *,
    template: str = "gig_work_zh",
    **extra: Any,
) -> dict[str, Any]:
    """The body of POST /v1/contracts: the template's key, (party, role, order) signers."""
    return {
        "template_id": builtin(api, template)["id"],
        "variables": GIG_VARIABLES,
        "signers": [{"party_id": p, "role": r, "order": o} for p, r, o in signers],
        **extra,
    }


def contract(
    api: ApiClient,
    signers: list[tuple[str, str, int]],
    *,
    template: str = "gig_work_zh",
    send: bool = True,
    **extra: Any,
) -> dict[str, Any]:
    made = post_created(
        api, "/v1/contracts", contract_body(api, signers, template=template, **extra)
    )
    if send:
        resp = api.post(f"/v1/contracts/{made['id']}/send", {})
        assert resp.status_code == 200, resp.json
        made = resp.json
    return dict(made)


def signer_id(contract: dict[str, Any], party_id: str) -> str:
    return next(s["id"] for s in contract["signers"] if s["party_id"] == party_id)


def sign(api: ApiClient, contract: dict[str, Any], party_id: str, **consent: Any) -> Any:
    return api.post(
        f"/v1/contracts/{contract['id']}/signatures",
        {"signer_id": signer_id(contract, party_id), "consent": {**CONSENT, **consent}},
    )


def trail(api: ApiClient, contract_id: str) -> dict[str, Any]:
    resp = api.get(f"/v1/contracts/{contract_id}/audit-trail")
    assert resp.status_code == 200, resp.json
    return dict(resp.json)
