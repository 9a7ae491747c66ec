"""Evidence: the chain, the seal, the PDF and `verify`, including tampering with stored rows
(as someone with database access would) and checking a seal with only the published key."""

from __future__ import annotations

import base64
import datetime as dt
import io
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pdfminer.high_level import extract_text
from sqlalchemy import text

from app.signing import evidence
from tests.helpers import ApiClient, TenantHandle, assert_problem, new_tenant, with_pdf
from tests.signing.conftest import contract, parties, sign, trail


def completed(api: ApiClient) -> dict[str, Any]:
    employer, worker = parties(api)
    made = contract(api, [(employer, "employer", 1), (worker, "worker", 2)])
    sign(api, made, employer)
    done = sign(api, made, worker).json
    assert done["status"] == "completed", done
    return with_pdf(api, done)  # the sealed PDF is made by a job, just after


def raw_sql(tenant: TenantHandle, statement: str, **params: Any) -> None:
    """As the application's database role, inside the tenant (RLS applies on PostgreSQL)."""
    with tenant.app.extensions["gigkit"].database.unit_of_work(tenant_id=tenant.id) as session:
        session.execute(text(statement), params)


def verify(api: ApiClient, **body: str) -> dict[str, Any]:
    resp = api.post("/v1/contracts/verify", body)
    assert resp.status_code == 200, resp.json
    return dict(resp.json)


def test_the_pdf_has_the_chinese_text_and_the_certificate(api: ApiClient) -> None:
    done = completed(api)
    resp = api.get(f"/v1/contracts/{done['id']}/document")
    assert resp.status_code == 200 and resp.mimetype == "application/pdf"
    text_back = "".join(extract_text(io.BytesIO(resp.data)).split())
    for phrase in ("甲方（用工方）", "人民币150.00元", "嘉善县劳动人事争议仲裁委员会", "装卸工"):
        assert phrase in text_back
    for value in (done["id"], done["document_sha256"], done["seal"], "203.0.113.7"):
        assert value in text_back
    assert evidence.sha256_hex(resp.data) == done["pdf_sha256"]
    assert verify(api, pdf=base64.b64encode(resp.data).decode())["valid"] is True


def test_a_pdf_altered_by_one_byte_does_not_verify(api: ApiClient) -> None:
    done = completed(api)
    original = bytearray(api.get(f"/v1/contracts/{done['id']}/document").data)
    original[len(original) // 2] ^= 0x01
    result = verify(api, pdf=base64.b64encode(bytes(original)).decode())
    assert result["valid"] is False and result["contract_id"] is None


def test_the_seal_checks_out_with_the_published_key_alone(api: ApiClient, client: Any) -> None:
    done = completed(api)
    keys = client.get("/v1/signing/keys").json["data"]  # no credential needed
    [key] = [k for k in keys if k["kid"] == done["seal_key_id"]]
    public = Ed25519PublicKey.from_public_bytes(base64.urlsafe_b64decode(key["public_key"] + "="))
    completed_hash = next(
        e["hash"] for e in trail(api, done["id"])["data"] if e["action"] == "completed"
    )
    tenant_id = api.get("/v1/tenant").json["id"]
    claims = {
        "contract_id": done["id"],
        "tenant_id": tenant_id,
        "document_sha256": done["document_sha256"],
        "chain_hash": completed_hash,
        "completed_at": evidence.timestamp(_parse(done["completed_at"])),
        "livemode": False,  # the tenant's mode (a test tenant), sealed with the rest
    }
    assert not evidence.verify_with(public, {**claims, "livemode": True}, done["seal"])
    assert evidence.verify_with(public, claims, done["seal"])
    assert not evidence.verify_with(public, {**claims, "document_sha256": "0" * 64}, done["seal"])


def _parse(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


def refused(tenant: TenantHandle, statement: str, **params: Any) -> bool:
    try:
        raw_sql(tenant, statement, **params)
    except Exception as exc:
        assert any(
            reason in str(exc)
            for reason in ("append-only", "denied", "frozen", "sealed", "is fixed", "has already")
        ), exc
        return True
    return False


EDIT = "UPDATE contract_audit_events SET actor = 'someone' WHERE seq = 3 AND contract_id = :c"
REMOVE = "DELETE FROM contract_audit_events WHERE seq = 5 AND contract_id = :c"


def test_editing_a_stored_audit_event_is_detected(
    api: ApiClient, tenant: TenantHandle, backend: str
) -> None:
    done = completed(api)
    if backend == "postgresql":  # the application's role cannot even try: append-only
        assert refused(tenant, EDIT, c=done["id"])
        assert trail(api, done["id"])["intact"] is True
        return
    raw_sql(tenant, EDIT, c=done["id"])
    assert trail(api, done["id"])["intact"] is False
    result = verify(api, sha256=done["pdf_sha256"])
    assert (result["valid"], result["chain_intact"], result["seal_valid"]) == (False, False, True)


def test_removing_an_audit_event_is_detected(
    api: ApiClient, tenant: TenantHandle, backend: str
) -> None:
    done = completed(api)
    if backend == "postgresql":
        assert refused(tenant, REMOVE, c=done["id"])
        assert verify(api, sha256=done["pdf_sha256"])["valid"] is True
        return
    raw_sql(tenant, REMOVE, c=done["id"])
    assert trail(api, done["id"])["intact"] is False  # cut short: the contract's head differs
    assert verify(api, sha256=done["pdf_sha256"])["valid"] is False


def test_editing_the_frozen_document_is_detected(
    api: ApiClient, tenant: TenantHandle, backend: str
) -> None:
    done = completed(api)
    forged = done["document"].replace("人民币 150.00 元", "人民币 15.00 元")
    edit = "UPDATE contracts SET document = :d WHERE id = :c"
    if backend == "postgresql":  # frozen in the database itself, and never deleted
        assert refused(tenant, edit, d=forged, c=done["id"])
        assert refused(tenant, "UPDATE contracts SET seal = 'x' WHERE id = :c", c=done["id"])
        assert refused(tenant, "DELETE FROM contracts WHERE id = :c", c=done["id"])
        assert verify(api, sha256=done["pdf_sha256"])["valid"] is True
        return
    raw_sql(tenant, edit, d=forged, c=done["id"])
    result = verify(api, sha256=done["pdf_sha256"])
    assert (result["valid"], result["document_intact"]) == (False, False)
    # and forging its hash too breaks the seal, which signed the original hash
    raw_sql(
        tenant,
        "UPDATE contracts SET document_sha256 = :h WHERE id = :c",
        h=evidence.sha256_hex(forged),
        c=done["id"],
    )
    result = verify(api, sha256=evidence.sha256_hex(forged))
    assert (result["matched"], result["document_intact"], result["seal_valid"]) == (
        "document",
        True,
        False,
    )
    assert result["valid"] is False


def test_a_draft_can_still_change_in_the_database(api: ApiClient, tenant: TenantHandle) -> None:
    """The guard starts at send: drafts are not frozen (a control for the test above)."""
    employer, worker = parties(api)
    draft = contract(api, [(employer, "employer", 1), (worker, "worker", 2)], send=False)
    raw_sql(tenant, "UPDATE contracts SET title = 'x' WHERE id = :c", c=draft["id"])
    assert api.get(f"/v1/contracts/{draft['id']}").json["title"] == "x"


def test_unknown_or_garbage_input_to_verify(api: ApiClient) -> None:
    assert verify(api, sha256="0" * 64) == {
        "valid": False,
        "matched": None,
        "contract_id": None,
        "status": None,
        "completed_at": None,
        "document_intact": False,
        "chain_intact": False,
        "seal_valid": False,
    }
    for body in (
        {"pdf": base64.b64encode(b"GIF89a not a pdf").decode()},
        {"pdf": "%%% not base64 %%%"},
        {"sha256": "xyz"},
        {},
        {"pdf": base64.b64encode(b"%PDF-1.4").decode(), "sha256": "0" * 64},
    ):
        assert_problem(api.post("/v1/contracts/verify", body), 422, "validation_error")


def test_another_tenants_contract_does_not_verify_here(
    api: ApiClient, other_tenant: TenantHandle, client: Any
) -> None:
    done = completed(api)
    other = ApiClient(client, other_tenant.api_key)
    assert verify(other, sha256=done["pdf_sha256"])["valid"] is False


def test_the_same_text_in_several_contracts_verifies_as_the_sealed_one(api: ApiClient) -> None:
    employer, worker = parties(api)
    signers = [(employer, "employer", 1), (worker, "worker", 2)]
    voided = contract(api, signers)
    api.post(f"/v1/contracts/{voided['id']}/void", {"reason": "重开"})
    again = contract(api, signers)  # the same template, variables and parties: the same text
    assert again["document_sha256"] == voided["document_sha256"]
    sign(api, again, employer)
    done = sign(api, again, worker).json
    result = verify(api, sha256=done["document_sha256"])
    assert (result["valid"], result["contract_id"]) == (True, done["id"])


@pytest.mark.postgres
def test_signers_and_sealed_status_are_fixed_in_postgresql(pg_app: Any) -> None:
    tenant = new_tenant(pg_app)
    api = ApiClient(pg_app.test_client(), tenant.api_key)
    done = completed(api)
    for statement in (
        "UPDATE contract_signers SET name = '冒名顶替' WHERE contract_id = :c",
        "UPDATE contract_signers SET signing_order = 9 WHERE contract_id = :c",
        "UPDATE contract_signers SET evidence = NULL WHERE contract_id = :c",
        "DELETE FROM contract_signers WHERE contract_id = :c",
        "UPDATE contracts SET title = 'x' WHERE id = :c",
        "UPDATE contracts SET status = 'voided' WHERE id = :c",
    ):
        assert refused(tenant, statement, c=done["id"]), statement
    assert verify(api, sha256=done["pdf_sha256"])["valid"] is True


def test_the_api_cannot_claim_a_hosted_page_signature(api: ApiClient) -> None:
    employer, worker = parties(api)
    made = contract(api, [(employer, "employer", 1), (worker, "worker", 2)])
    forged = sign(api, made, employer, method="hosted_page", ip="198.51.100.9")
    problem = assert_problem(forged, 422, "validation_error")
    assert problem["errors"][0]["field"] == "consent.method"
    assert "signing link" in problem["errors"][0]["message"]
    assert api.get(f"/v1/contracts/{made['id']}").json["status"] == "sent"
    assert [e["action"] for e in trail(api, made["id"])["data"]] == ["created", "sent"]


def test_the_certificate_says_who_asserted_each_signatures_evidence(
    api: ApiClient, client: Any
) -> None:
    """A signature through the API is printed as the platform's assertion (naming its
    credential); one on the hosted page as checked by gigkit."""
    employer, worker = parties(api)
    made = contract(api, [(employer, "employer", 1), (worker, "worker", 2)], template="gig_work_en")
    by_api = sign(api, made, employer).json
    [signer] = [s for s in by_api["signers"] if s["party_id"] == employer]
    key_id = api.get("/v1/api-keys").json["data"][0]["id"]
    assert signer["consent"]["asserted_by"] == "platform"
    assert signer["consent"]["asserted_via"] == f"api_key:{key_id}"

    link = api.post(
        f"/v1/contracts/{made['id']}/signing-links",
        {"signer_id": next(s["id"] for s in made["signers"] if s["party_id"] == worker)},
    ).json
    path = "/" + link["url"].split("://", 1)[1].split("/", 1)[1]
    assert client.post(path, data={"code": link["code"], "agree": "yes"}).status_code == 200
    done = with_pdf(api, api.get(f"/v1/contracts/{made['id']}").json)
    [hosted] = [s for s in done["signers"] if s["party_id"] == worker]
    assert hosted["consent"]["method"] == "hosted_page"
    assert hosted["consent"]["asserted_by"] == "gigkit"
    assert hosted["consent"]["asserted_via"] == f"signing_link:{link['id']}"
    signed_entries = [e["data"] for e in trail(api, made["id"])["data"] if e["action"] == "signed"]
    assert [e["asserted_by"] for e in signed_entries] == ["platform", "gigkit"]  # in the chain

    pdf_text = " ".join(
        extract_text(io.BytesIO(api.get(f"/v1/contracts/{made['id']}/document").data)).split()
    )
    assert f"the platform, through its credential api_key:{key_id}" in pdf_text
    assert "(not verified by gigkit)" in pdf_text
    assert f"gigkit's hosted signing page (signing_link:{link['id']})" in pdf_text
    assert "the one-time code gigkit issued for the link, which the platform delivered" in pdf_text
    assert "“" in pdf_text  # the user agent is quoted: free text cannot pass for a label


def test_a_user_agent_cannot_pass_for_the_evidence_line(api: ApiClient) -> None:
    """Free text on the certificate stays on its field's line, quoted, after the evidence
    lines, and is never translated (a user agent `hosted_page` is not 签署页面)."""
    employer, worker = parties(api)
    made = contract(api, [(employer, "employer", 1), (worker, "worker", 2)])
    fake = "MicroMessenger/8.0 " + " " * 200 + "签署页面 gigkit 托管签署页"
    sign(api, made, employer, user_agent=fake)
    done = with_pdf(api, sign(api, made, worker, user_agent="hosted_page").json)
    text_back = extract_text(io.BytesIO(api.get(f"/v1/contracts/{done['id']}/document").data))
    lines = [" ".join(line.split()) for line in text_back.splitlines() if line.strip()]
    agent_lines = [line for line in lines if "MicroMessenger" in line]
    assert len(agent_lines) == 1 and "“MicroMessenger/8.0 签署页面" in agent_lines[0]
    assert not any(line.startswith("签署页面") for line in lines)
    assert any("“hosted_page”" in line for line in lines)
    assert not any("签署页面 (hosted_page)" in line for line in lines)
