"""The signing ceremony end to end, on both databases: worked examples that assert the
states, the events and the audit chain at every step."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from app.core.time import FrozenClock
from app.signing import service
from tests.helpers import ApiClient, assert_problem, with_pdf
from tests.signing.conftest import contract, parties, sign, signer_id, trail


def event_types(api: ApiClient, contract_id: str) -> list[str]:
    found = api.get("/v1/events?limit=100").json["data"]
    return [
        e["type"]
        for e in reversed(found)
        if e["type"].startswith("contract.") and e["data"]["object"]["id"] == contract_id
    ]


def actions(api: ApiClient, contract_id: str) -> list[str]:
    shown = trail(api, contract_id)
    assert shown["intact"] is True
    return [e["action"] for e in shown["data"]]


def test_two_signers_in_turn_from_template_to_seal(api: ApiClient) -> None:
    employer, worker = parties(api)
    draft = contract(api, [(employer, "employer", 1), (worker, "worker", 2)], send=False)
    assert draft["status"] == "draft" and draft["document_sha256"] is None
    assert "人民币 150.00 元" in draft["document"] and "2026年12月1日" in draft["document"]
    worker_row = api.get(f"/v1/workers/{worker}").json
    assert worker_row["id_card_masked"] in draft["document"]  # never the full number
    assert [s["status"] for s in draft["signers"]] == ["pending", "pending"]

    sent = api.post(f"/v1/contracts/{draft['id']}/send", {}).json
    assert sent["status"] == "sent"
    assert sent["document_sha256"] == hashlib.sha256(sent["document"].encode()).hexdigest()

    assert_problem(sign(api, sent, worker), 409, "not_signers_turn")  # the employer first
    first = sign(api, sent, employer)
    assert first.status_code == 201, first.json
    assert first.json["status"] == "partially_signed"
    assert_problem(sign(api, sent, employer), 409, "already_signed")

    done = sign(api, sent, worker).json
    assert done["status"] == "completed" and done["seal"] and done["seal_key_id"] == "s1"
    assert done["pdf_sha256"] is None and done["completed_at"]  # the PDF: a moment later
    done = with_pdf(api, done)
    assert done["pdf_sha256"]
    signed = {s["party_id"]: s for s in done["signers"]}
    assert signed[worker]["consent"]["ip"] == "203.0.113.7"
    assert signed[worker]["consent"]["method"] == "sms_code"
    assert_problem(sign(api, sent, worker), 409, "invalid_state")  # after completion

    assert actions(api, done["id"]) == ["created", "sent", "signed", "signed", "completed"]
    assert trail(api, done["id"])["data"][-1]["hash"] == done["chain_hash"]
    assert event_types(api, done["id"]) == [
        "contract.sent",
        "contract.signed",
        "contract.signed",
        "contract.completed",
        "contract.document.ready",
    ]
    verified = api.post("/v1/contracts/verify", {"sha256": done["pdf_sha256"]}).json
    assert verified == {
        "valid": True,
        "matched": "pdf",
        "contract_id": done["id"],
        "status": "completed",
        "completed_at": done["completed_at"],
        "document_intact": True,
        "chain_intact": True,
        "seal_valid": True,
    }


def test_three_signers_in_parallel(api: ApiClient) -> None:
    employer, *workers = parties(api, workers=2)
    made = contract(
        api, [(employer, "employer", 1), (workers[0], "worker", 1), (workers[1], "witness", 1)]
    )
    for party in (workers[1], employer):  # any order within the same order number
        assert sign(api, made, party).json["status"] == "partially_signed"
    assert sign(api, made, workers[0]).json["status"] == "completed"
    assert actions(api, made["id"]).count("signed") == 3


def test_a_signer_declines(api: ApiClient) -> None:
    employer, worker = parties(api)
    made = contract(api, [(employer, "employer", 1), (worker, "worker", 2)])
    sign(api, made, employer)
    body = {"signer_id": signer_id(made, worker), "reason": "工资太低"}
    declined = api.post(f"/v1/contracts/{made['id']}/decline", body).json
    assert declined["status"] == "declined" and declined["end_reason"] == "工资太低"
    assert_problem(sign(api, made, worker), 409, "invalid_state")
    assert actions(api, made["id"])[-1] == "declined"
    assert event_types(api, made["id"])[-1] == "contract.declined"


def test_void_before_completion_only(api: ApiClient) -> None:
    employer, worker = parties(api)
    made = contract(api, [(employer, "employer", 1), (worker, "worker", 2)])
    sign(api, made, employer)
    voided = api.post(f"/v1/contracts/{made['id']}/void", {"reason": "活动取消"}).json
    assert voided["status"] == "voided"
    assert_problem(
        api.post(f"/v1/contracts/{made['id']}/void", {"reason": "x"}), 409, "invalid_state"
    )
    assert event_types(api, made["id"])[-1] == "contract.voided"


def test_expiry_by_the_periodic_job(api: ApiClient, tenant: Any, clock: FrozenClock) -> None:
    employer, worker = parties(api)
    soon = (clock.now() + dt.timedelta(hours=1)).isoformat()
    made = contract(api, [(employer, "employer", 1), (worker, "worker", 2)], sign_by=soon)
    other = contract(api, [(employer, "employer", 1), (worker, "worker", 2)], sign_by=soon)
    clock.advance(hours=2)  # the one clock: every unit of work is now past it

    # past the deadline, before the job has run: refused, and nothing changes
    assert_problem(sign(api, made, employer), 409, "invalid_state")
    assert api.get(f"/v1/contracts/{made['id']}").json["status"] == "sent"
    with tenant.app.extensions["gigkit"].database.unit_of_work(tenant_id=tenant.id) as session:
        assert service.expire_overdue(session) == 2
    for expired in (made, other):
        assert api.get(f"/v1/contracts/{expired['id']}").json["status"] == "expired"
        assert actions(api, expired["id"])[-1] == "expired"
        assert event_types(api, expired["id"])[-1] == "contract.expired"
    with tenant.app.extensions["gigkit"].database.unit_of_work(tenant_id=tenant.id) as session:
        assert service.expire_overdue(session) == 0


def test_rescission_by_a_new_agreement(api: ApiClient) -> None:
    employer, worker = parties(api)
    made = contract(api, [(employer, "employer", 1), (worker, "worker", 2)])
    sign(api, made, employer)
    done = sign(api, made, worker).json
    assert_problem(
        api.post(f"/v1/contracts/{done['id']}/void", {"reason": "x"}), 409, "invalid_state"
    )

    resp = api.post(f"/v1/contracts/{done['id']}/rescind", {"reason": "工作取消，双方同意"})
    assert resp.status_code == 201, resp.json
    agreement = resp.json
    assert agreement["status"] == "sent" and agreement["rescinds_id"] == done["id"]
    assert done["id"] in agreement["document"] and done["document_sha256"] in agreement["document"]
    assert [(s["party_id"], s["order"]) for s in agreement["signers"]] == [
        (employer, 1),
        (worker, 2),
    ]
    again = api.post(f"/v1/contracts/{done['id']}/rescind", {"reason": "again"})
    assert_problem(again, 409, "invalid_state")  # one at a time

    sign(api, agreement, employer)
    assert api.get(f"/v1/contracts/{done['id']}").json["status"] == "completed"
    assert sign(api, agreement, worker).json["status"] == "completed"
    original = api.get(f"/v1/contracts/{done['id']}").json
    assert original["status"] == "rescinded" and original["rescinded_by_id"] == agreement["id"]
    undo = api.post(f"/v1/contracts/{agreement['id']}/rescind", {"reason": "再解除"})
    assert_problem(undo, 409, "invalid_state")  # a rescission is not itself rescinded
    assert actions(api, done["id"])[-2:] == ["rescission_started", "rescinded"]
    # (the sealed PDF's `contract.document.ready` comes from a background job, at any time)
    lifecycle = [t for t in event_types(api, done["id"]) if t != "contract.document.ready"]
    assert lifecycle[-1] == "contract.rescinded"
    # the original's seal still verifies: rescission adds to its chain, never rewrites it
    done = with_pdf(api, done)
    assert api.post("/v1/contracts/verify", {"sha256": done["pdf_sha256"]}).json["valid"]
