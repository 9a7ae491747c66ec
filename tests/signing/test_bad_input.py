"""Bad input to the signing block: a clear 4xx problem, and nothing changed."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import ApiClient, TenantHandle, assert_problem, post_created, worker_body
from tests.signing.conftest import GIG_VARIABLES, builtin, contract, parties, sign, trail

BODY = "甲方：{{employer_name}}\n乙方：{{worker_name}}\n工资：{{wage}}"
PLACEHOLDERS = [
    {"name": "employer_name", "type": "employer.name"},
    {"name": "worker_name", "type": "worker.name"},
    {"name": "wage", "type": "money"},
]


def counts(api: ApiClient) -> tuple[int, int]:
    templates = len(api.get("/v1/contract-templates?limit=100").json["data"])
    contracts = len(api.get("/v1/contracts?limit=100").json["data"])
    return templates, contracts


@pytest.mark.parametrize(
    "change, field",
    [
        ({"placeholders": [*PLACEHOLDERS[:2], {"name": "wage", "type": "salary"}]}, "placeholders"),
        ({"placeholders": PLACEHOLDERS[:2]}, "body"),  # {{wage}} undeclared
        (
            {"placeholders": [*PLACEHOLDERS, {"name": "tip", "type": "money"}]},
            "placeholders.3.name",
        ),
        ({"placeholders": [*PLACEHOLDERS, PLACEHOLDERS[2]]}, "placeholders.3.name"),
        ({"placeholders": [{"name": "Wage", "type": "money"}]}, "placeholders"),
        ({"locale": "fr"}, "locale"),
        ({"key": "gig_work_zh"}, "key"),  # a built-in's key
        ({"body": ""}, "body"),
    ],
)
def test_bad_templates(api: ApiClient, change: dict[str, Any], field: str) -> None:
    before = counts(api)
    body = {"key": "daily", "name": "日结协议", "locale": "zh-CN", "body": BODY}
    body |= {"placeholders": PLACEHOLDERS} | change
    resp = api.post("/v1/contract-templates", body)
    problem = assert_problem(resp, 422, "validation_error")
    assert any(e["field"].startswith(field) for e in problem["errors"]), problem
    assert counts(api) == before


def test_template_versions(api: ApiClient) -> None:
    body = {"key": "daily", "name": "日结协议", "locale": "zh-CN", "body": BODY}
    first = post_created(api, "/v1/contract-templates", body | {"placeholders": PLACEHOLDERS})
    second = post_created(
        api, "/v1/contract-templates", body | {"body": BODY + "。", "placeholders": PLACEHOLDERS}
    )
    assert (first["version"], second["version"]) == (1, 2)
    shown = api.get("/v1/contract-templates?key=daily").json["data"]
    assert [t["version"] for t in shown] == [2, 1]
    assert api.get(f"/v1/contract-templates/{first['id']}").json["body"] == BODY


@pytest.mark.parametrize(
    "variables, field",
    [
        ({k: v for k, v in GIG_VARIABLES.items() if k != "wage"}, "variables.wage"),
        ({**GIG_VARIABLES, "wage": "150元"}, "variables.wage"),
        ({**GIG_VARIABLES, "wage": 150.5}, "variables.wage"),
        ({**GIG_VARIABLES, "wage": True}, "variables.wage"),
        ({**GIG_VARIABLES, "work_date": "2026-02-30"}, "variables.work_date"),
        ({**GIG_VARIABLES, "job": ""}, "variables.job"),
        ({**GIG_VARIABLES, "job": ["装卸工"]}, "variables.job"),
        ({**GIG_VARIABLES, "wagee": 15000}, "variables.wagee"),  # mistyped name
        ({**GIG_VARIABLES, "worker_name": "冒名"}, "variables.worker_name"),  # from a signer
    ],
)
def test_bad_variables(api: ApiClient, variables: dict[str, Any], field: str) -> None:
    employer, worker = parties(api)
    before = counts(api)
    body = {
        "template_id": builtin(api, "gig_work_zh")["id"],
        "variables": variables,
        "signers": [
            {"party_id": employer, "role": "employer"},
            {"party_id": worker, "role": "worker"},
        ],
    }
    problem = assert_problem(api.post("/v1/contracts", body), 422, "validation_error")
    assert field in {e["field"] for e in problem["errors"]}, problem
    assert counts(api) == before


def test_bad_signers(api: ApiClient, other_tenant: TenantHandle, client: Any) -> None:
    employer, worker = parties(api)
    theirs = post_created(ApiClient(client, other_tenant.api_key), "/v1/workers", worker_body())
    template = builtin(api, "gig_work_zh")["id"]
    before = counts(api)
    cases = [
        ([], "signers"),
        (
            [
                {"party_id": employer, "role": "employer"},
                {"party_id": theirs["id"], "role": "worker"},
            ],
            "signers.1.party_id",
        ),
        (
            [{"party_id": employer, "role": "a"}, {"party_id": employer, "role": "b"}],
            "signers.1.party_id",
        ),
        ([{"party_id": employer, "role": "employer"}], "signers"),  # the template needs a worker
        ([{"party_id": worker, "role": "worker", "order": 0}], "signers.0.order"),
        ([{"party_id": "ctr_" + "1" * 26, "role": "worker"}], "signers.0.party_id"),
    ]
    for signers, field in cases:
        body = {"template_id": template, "variables": GIG_VARIABLES, "signers": signers}
        problem = assert_problem(api.post("/v1/contracts", body), 422, "validation_error")
        assert field in {e["field"] for e in problem["errors"]}, (signers, problem)
    assert counts(api) == before


def test_unknown_template_and_past_deadline(api: ApiClient) -> None:
    employer, worker = parties(api)
    signers = [{"party_id": employer, "role": "employer"}, {"party_id": worker, "role": "worker"}]
    body = {"template_id": "tpl_" + "1" * 26, "variables": GIG_VARIABLES, "signers": signers}
    assert_problem(api.post("/v1/contracts", body), 404, "resource_missing")
    body["template_id"] = builtin(api, "gig_work_zh")["id"]
    body["sign_by"] = "2020-01-01T00:00:00Z"
    assert_problem(api.post("/v1/contracts", body), 422, "validation_error")
    assert counts(api)[1] == 0


def test_bad_signatures_change_nothing(api: ApiClient) -> None:
    employer, worker = parties(api)
    made = contract(api, [(employer, "employer", 1), (worker, "worker", 2)])
    chain = trail(api, made["id"])["data"]
    assert_problem(sign(api, made, worker), 409, "not_signers_turn")
    assert_problem(sign(api, made, employer, verification="failed"), 422, "validation_error")
    assert_problem(sign(api, made, employer, ip="not-an-ip"), 422, "validation_error")
    assert_problem(sign(api, made, employer, method="telepathy"), 422, "validation_error")
    resp = api.post(
        f"/v1/contracts/{made['id']}/signatures",
        {
            "signer_id": "sgn_" + "1" * 26,
            "consent": {"method": "in_person", "verification": "passed"},
        },
    )
    assert_problem(resp, 404, "resource_missing")
    assert trail(api, made["id"])["data"] == chain
    assert api.get(f"/v1/contracts/{made['id']}").json["status"] == "sent"


def test_a_draft_cannot_be_signed_and_a_sent_one_not_sent_again(api: ApiClient) -> None:
    employer, worker = parties(api)
    draft = contract(api, [(employer, "employer", 1), (worker, "worker", 2)], send=False)
    assert_problem(sign(api, draft, employer), 409, "invalid_state")
    api.post(f"/v1/contracts/{draft['id']}/send", {})
    assert_problem(api.post(f"/v1/contracts/{draft['id']}/send", {}), 409, "invalid_state")
    assert_problem(api.post(f"/v1/contracts/{draft['id']}/void", {}), 422, "validation_error")
    assert_problem(
        api.post(f"/v1/contracts/{draft['id']}/rescind", {"reason": "x"}), 409, "invalid_state"
    )
