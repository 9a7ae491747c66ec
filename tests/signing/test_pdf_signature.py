"""A completed contract's PDF, checked with only the file and the public keys: pyHanko's
validator finds the PAdES signature intact and covering the whole file; the standalone
verifier (`gigkit contracts verify-pdf`, `gigkit_sdk.verify_sealed_pdf`) passes, and names
the check that fails when a byte is flipped, an attachment replaced or an audit entry
dropped; a rescinded contract's PDF and a PDF sealed by a key since retired to its public
key still verify."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    PublicFormat,
)
from gigkit_sdk import sealed_pdf, verify_sealed_pdf
from gigkit_sdk.sealed_pdf import chain_head
from pdfminer.high_level import extract_text
from pyhanko.pdf_utils import embed, generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from sqlalchemy import select

from app.signing import audit, evidence, pades
from app.signing.models import Contract
from tests.helpers import ApiClient, TenantHandle, database, document
from tests.live import ROOT
from tests.signing.conftest import contract, parties, sign

SEED = bytes([4]) * 32  # tests/conftest.py's seal key s1


def completed(api: ApiClient) -> tuple[dict[str, Any], bytes]:
    """A contract both parties signed, and its sealed PDF."""
    employer, worker = parties(api)
    made = contract(api, [(employer, "employer", 1), (worker, "worker", 2)])
    sign(api, made, employer)
    sign(api, made, worker)
    resp = document(api, made["id"])
    assert resp.status_code == 200, resp.json
    return dict(api.get(f"/v1/contracts/{made['id']}").json), bytes(resp.data)


def keys_json(api: ApiClient) -> dict[str, Any]:
    """What anyone can fetch, without a credential."""
    resp = api.client.get("/v1/signing/keys")
    assert resp.status_code == 200
    return dict(resp.json)


def test_pyhanko_finds_the_signature_intact_and_covering_the_whole_file(
    api: ApiClient, tenant: TenantHandle
) -> None:
    made, pdf = completed(api)
    _, certificate = pades.self_issued("s1", SEED)
    root = pades.asn1_certificate(certificate)  # the self-issued certificate, trusted here
    [signature] = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    status = validate_pdf_signature(signature, ValidationContext(trust_roots=[root]))
    assert status.bottom_line and status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert signature.signer_cert.dump() == root.dump()
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert status.md_algorithm == "sha256" and "ecdsa" in status.pkcs7_signature_mechanism
    completed_at = dt.datetime.fromisoformat(made["completed_at"])
    assert signature.self_reported_timestamp == completed_at.replace(microsecond=0)

    # what the PDF carries is the contract as sealed, to the microsecond
    result = verify_sealed_pdf(pdf, keys_json(api), allow_test=True)
    assert result.valid, result.checks
    assert result.claims == {
        "contract_id": made["id"],
        "tenant_id": tenant.id,
        "document_sha256": made["document_sha256"],
        "chain_hash": audit_hash(api, made["id"], "completed"),
        "completed_at": completed_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "livemode": False,  # the test tenant's
    }
    page = "".join(extract_text(io.BytesIO(pdf)).split())  # the certificate page shows them
    assert all(json.dumps(value).strip('"') in page for value in result.claims.values())
    assert "测试模式—本合同不具约束力" in page and "TESTMODE" in page  # a zh-CN tenant
    files = attachments(pdf)
    assert files["document.txt"].decode() == made["document"]
    entries = json.loads(files["audit-trail.json"])
    assert [e["action"] for e in entries][-1] == "completed"


def audit_hash(api: ApiClient, contract_id: str, action: str) -> str:
    trail = api.get(f"/v1/contracts/{contract_id}/audit-trail").json["data"]
    return str(next(e["hash"] for e in trail if e["action"] == action))


def attachments(pdf: bytes) -> dict[str, bytes]:
    reader = PdfFileReader(io.BytesIO(pdf))
    names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
    return {str(names[i]): names[i + 1]["/EF"]["/F"].data for i in range(0, len(names), 2)}


def test_the_cli_and_the_sdk_verify_it_with_the_published_keys(
    api: ApiClient, tmp_path: Path
) -> None:
    _, pdf = completed(api)
    (tmp_path / "contract.pdf").write_bytes(pdf)
    (tmp_path / "keys.json").write_text(json.dumps(keys_json(api)))
    ran = verify_pdf_cli(tmp_path / "contract.pdf", tmp_path / "keys.json")
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout)["valid"] is True
    assert verify_sealed_pdf(pdf, keys_json(api), allow_test=True).valid

    tampered = bytearray(pdf)
    tampered[len(pdf) // 3] ^= 1
    (tmp_path / "tampered.pdf").write_bytes(bytes(tampered))
    ran = verify_pdf_cli(tmp_path / "tampered.pdf", tmp_path / "keys.json", as_json=False)
    assert ran.returncode == 1
    assert "FAIL  pdf_signature" in ran.stdout and "NOT valid: pdf_signature" in ran.stdout

    seal_key = base64.urlsafe_b64encode(SEED).decode()  # no --keys: the settings' keys
    configured = {"GIGKIT_INSTANCE_PATH": str(tmp_path), "GIGKIT_SIGNING_KEYS": f"s1:{seal_key}"}
    ran = verify_pdf_cli(tmp_path / "contract.pdf", None, **configured)
    assert ran.returncode == 0, ran.stdout + ran.stderr

    other = {"data": [{"kid": "s1", "public_key": public_b64(bytes([9]) * 32)}]}
    (tmp_path / "other.json").write_text(json.dumps(other))  # another deployment's key
    ran = verify_pdf_cli(tmp_path / "contract.pdf", tmp_path / "other.json")
    assert ran.returncode == 1
    assert json.loads(ran.stdout)["failed"] == ["signer_certificate", "seal"]


def verify_pdf_cli(pdf: Path, keys: Path | None, *, as_json: bool = True, **env_vars: str) -> Any:
    """`gigkit contracts verify-pdf`, in a process with no database configured."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIGKIT_", "DATABASE"))}
    env |= {"PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'sdk'}", **env_vars}
    args = ["contracts", "verify-pdf", str(pdf), *(["--keys", str(keys)] if keys else [])]
    args += ["--allow-test"]  # the test tenants are in test mode
    args += ["--json"] * as_json
    code = "import sys; from app.cli import main; sys.argv = ['gigkit', *sys.argv[1:]]; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=False
    )


def public_b64(seed: bytes) -> str:
    raw = Ed25519PrivateKey.from_private_bytes(seed).public_key()
    return base64.urlsafe_b64encode(raw.public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def test_one_flipped_byte_anywhere_fails_the_pdf_signature(api: ApiClient) -> None:
    _, pdf = completed(api)
    keys = keys_json(api)
    start, end = signature_contents(pdf)
    der_hex_length = 2 * der_length(bytes.fromhex(pdf[start:end].decode()))
    positions = {
        "header": 5,  # %PDF-1.x
        "document": len(pdf) // 4,  # the rendered pages
        "update": start - 40,  # the incremental update: attachments, metadata
        "signature value": start + der_hex_length - 20,  # inside the CMS, its last bytes
        "trailer": len(pdf) - 10,
    }
    for where, position in positions.items():
        tampered = bytearray(pdf)
        if start <= position < end:  # keep the hex a hex digit
            tampered[position] = ord("1" if tampered[position] != ord("1") else "2")
        else:
            tampered[position] ^= 1
        result = verify_sealed_pdf(bytes(tampered), keys, allow_test=True)
        assert "pdf_signature" in result.failed, where


def signature_contents(pdf: bytes) -> tuple[int, int]:
    """The offsets of the signature's hex digits (between the byte ranges)."""
    found = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)", pdf)
    assert found is not None
    return int(found[2]) + 1, int(found[3]) - 1


def der_length(der: bytes) -> int:
    """The length of the DER value at the start (the CMS, before the zero padding)."""
    first = der[1]
    if first < 0x80:
        return 2 + first
    size = first & 0x7F
    return 2 + size + int.from_bytes(der[2 : 2 + size])


def replaced(pdf: bytes, name: str, data: bytes) -> bytes:
    """An incremental update that replaces attachment `name` with `data`."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    names = writer.root["/Names"]["/EmbeddedFiles"]["/Names"]
    spec = next(names[i + 1] for i in range(0, len(names), 2) if str(names[i]) == name)
    stream = embed.EmbeddedFileObject.from_file_data(writer, data, mime_type="text/plain")
    spec["/EF"] = generic.DictionaryObject({generic.pdf_name("/F"): writer.add_object(stream)})
    writer.update_container(spec)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_an_attachment_replaced_after_signing_fails(api: ApiClient) -> None:
    made, pdf = completed(api)
    keys = keys_json(api)
    edited = replaced(pdf, "document.txt", made["document"].replace("150.00", "15.00").encode())
    assert attachments(edited)["document.txt"] != attachments(pdf)["document.txt"]
    result = verify_sealed_pdf(edited, keys, allow_test=True)
    assert result.failed == list(sealed_pdf.CHECKS) and result.claims is None
    assert "changed after signing" in result.checks[0].detail
    # what a file whose signature failed carries is not read (it could be a bomb)
    assert {c.detail for c in result.checks[1:]} == {"not checked: the PDF signature failed"}

    entries = json.loads(attachments(pdf)["audit-trail.json"])
    dropped = json.dumps(entries[:1] + entries[2:]).encode()  # an entry taken out
    result = verify_sealed_pdf(replaced(pdf, "audit-trail.json", dropped), keys, allow_test=True)
    assert result.failed == list(sealed_pdf.CHECKS)


def test_a_pdf_remade_without_an_audit_entry_fails_the_chain(
    api: ApiClient, tenant: TenantHandle
) -> None:
    """A forger re-makes the whole file, signature and all, with a key of their own: the
    chain (and the certificate no seal key vouches for) give it away."""
    made, pdf = completed(api)
    keys = keys_json(api)
    with database(tenant.app).unit_of_work(tenant_id=tenant.id) as session:
        contract_row = session.scalars(select(Contract).where(Contract.id == made["id"])).one()
        genuine = audit.sealed_contents(session, contract_row)
    original = pdf[: pdf.index(b"%%EOF") + 6]  # the rendered PDF, before its update
    key, certificate = pades.self_issued("s1", bytes([7]) * 32)  # a key of the forger's
    forged_key = dataclasses.replace(genuine.pdf_key, key=key, chain=(certificate,))

    def remade(**changes: Any) -> bytes:
        return dataclasses.replace(genuine, pdf_key=forged_key, **changes).sign(original)

    result = verify_sealed_pdf(
        remade(audit=[*genuine.audit[:1], *genuine.audit[2:]]), keys, allow_test=True
    )
    assert result.failed == ["signer_certificate", "audit_chain"]
    assert "entry 3 does not recompute" in result.checks[4].detail
    result = verify_sealed_pdf(remade(audit=genuine.audit[:-1]), keys, allow_test=True)  # cut short
    assert result.failed == ["signer_certificate", "audit_chain"]
    result = verify_sealed_pdf(remade(document=made["document"] + "\n"), keys, allow_test=True)
    assert result.failed == ["signer_certificate", "document_hash"]
    # the genuine key makes the same file again, byte for byte
    assert genuine.sign(original) == pdf


def test_a_rescinded_contracts_pdf_still_verifies(api: ApiClient) -> None:
    employer, worker = parties(api)
    made = contract(api, [(employer, "employer", 1), (worker, "worker", 2)])
    sign(api, made, employer)
    sign(api, made, worker)
    agreement = api.post(f"/v1/contracts/{made['id']}/rescind", {"reason": "双方同意"}).json
    sign(api, agreement, employer)
    sign(api, agreement, worker)
    assert api.get(f"/v1/contracts/{made['id']}").json["status"] == "rescinded"
    keys = keys_json(api)
    for contract_id in (made["id"], agreement["id"]):
        result = verify_sealed_pdf(document(api, contract_id).data, keys, allow_test=True)
        assert result.valid, result.checks
        assert result.claims is not None and result.claims["contract_id"] == contract_id


def test_a_key_retired_to_its_public_key_still_verifies_an_old_pdf(
    api: ApiClient, tenant: TenantHandle
) -> None:
    _, old_pdf = completed(api)
    state = tenant.app.extensions["gigkit"]
    before = state.settings
    retired = base64.urlsafe_b64decode(public_b64(SEED))
    state.use_settings(
        before.with_overrides(
            signing_key_id="s2",
            signing_keys={"s2": bytes([8]) * 32},
            signing_public_keys={"s1": retired},
        )
    )
    try:
        keys = keys_json(api)
        assert [(k["kid"], k["status"]) for k in keys["data"]] == [
            ("s2", "active"),
            ("s1", "verify_only"),
        ]
        assert verify_sealed_pdf(old_pdf, keys, allow_test=True).valid
        check = api.post("/v1/contracts/verify", {"pdf": base64.b64encode(old_pdf).decode()})
        assert check.json["valid"] is True and check.json["seal_valid"] is True
        _, new_pdf = completed(api)  # sealed by s2 now
        result = verify_sealed_pdf(new_pdf, keys, allow_test=True)
        assert result.valid and result.claims is not None
        assert json.loads(attachments(new_pdf)["seal.json"])["seal_key_id"] == "s2"
        without_s1 = {"data": [k for k in keys["data"] if k["kid"] != "s1"]}
        assert verify_sealed_pdf(old_pdf, without_s1, allow_test=True).failed == [
            "signer_certificate",
            "seal",
        ]
    finally:
        state.use_settings(before)


@pytest.mark.parametrize("cut", [None, 2])
def test_the_sdks_chain_is_the_servers(cut: int | None) -> None:
    """The SDK writes the chain algorithm again: both must give the same hashes."""
    head, entries = evidence.genesis("ctr_x"), []
    for seq in range(1, 6):
        content = {"contract_id": "ctr_x", "seq": seq, "action": "signed", "actor": "api:k"}
        content |= {"data": {"名字": "陈伟", "n": [seq, 1.5, None]}, "at": "2026-12-01T08:00:00Z"}
        hashed = evidence.entry_hash(head, content)
        entries.append({**content, "prev_hash": head, "hash": hashed})
        head = hashed
    if cut is not None:
        del entries[cut - 1]
    server = evidence.check_chain(
        "ctr_x",
        (
            (e["seq"], e["prev_hash"], e["hash"], {k: e[k] for k in e if "hash" not in k})
            for e in entries
        ),
    )
    sdk_head, broken = chain_head("ctr_x", entries)
    assert (sealed_pdf.SEAL_CONTEXT, sealed_pdf.SIGNER_CONTEXT) == (
        evidence.SEAL_CONTEXT,
        pades.SIGNER_CONTEXT,
    )
    assert (sealed_pdf.DOCUMENT, sealed_pdf.AUDIT, sealed_pdf.SEAL) == (
        pades.DOCUMENT,
        pades.AUDIT,
        pades.SEAL,
    )
    assert (server.intact, server.broken_at) == (broken is None, broken)
    assert sdk_head == server.head
