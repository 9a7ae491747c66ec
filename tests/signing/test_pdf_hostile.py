"""The sealed PDF's verifier against a hostile file or caller: a test-mode contract is
refused unless allowed; the /Contents slot's padding is checked; a name tree that loops
and an attachment that decompresses to a gigabyte are refused quickly; the CLI never
makes up keys and says why it cannot check (exit 2)."""

from __future__ import annotations

import base64
import dataclasses
import io
import re
import zlib
from pathlib import Path

import pytest
from gigkit_sdk import sealed_pdf, verify_sealed_pdf
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from sqlalchemy import select

from app.signing import audit
from app.signing.models import Contract
from tests.helpers import ApiClient, TenantHandle, database
from tests.signing.test_pdf_signature import (
    SEED,
    completed,
    keys_json,
    public_b64,
    verify_pdf_cli,
)


def test_a_test_mode_contract_fails_unless_allowed(api: ApiClient) -> None:
    _, pdf = completed(api)
    keys = keys_json(api)
    refused = verify_sealed_pdf(pdf, keys)
    assert refused.failed == ["livemode"] and refused.livemode is False
    assert "TEST MODE" in refused.checks[CHECK["livemode"]].detail
    allowed = verify_sealed_pdf(pdf, keys, allow_test=True)
    assert allowed.valid and allowed.livemode is False and allowed.test_clock is None
    info = PdfFileReader(io.BytesIO(pdf)).trailer["/Info"]
    assert str(info["/GigkitLivemode"]) == "False" and "TEST MODE" in str(info["/Subject"])


CHECK = {name: number for number, name in enumerate(sealed_pdf.CHECKS)}


def test_bytes_written_into_the_signatures_zero_padding_fail(api: ApiClient) -> None:
    _, pdf = completed(api)
    keys = keys_json(api)
    end = int(re.search(rb"/ByteRange\s*\[\s*\d+\s+\d+\s+(\d+)", pdf)[1]) - 1  # type: ignore[index]
    assert pdf[end - 4 : end] == b"0000"
    for patch in (b"41", b"01", b"  "):  # a byte, a low bit, whitespace (still parses)
        tampered = pdf[: end - 4] + patch + pdf[end - 2 :]
        result = verify_sealed_pdf(tampered, keys, allow_test=True)
        assert result.failed[0] == "pdf_signature", patch
        if patch != b"  ":  # pyHanko itself finds whitespace in the slot uncovered
            assert "zero padding" in result.checks[0].detail, patch


def _with_names(pdf: bytes, make: object) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    tree = make(writer)  # type: ignore[operator]
    writer.root[generic.pdf_name("/Names")] = generic.DictionaryObject(
        {generic.pdf_name("/EmbeddedFiles"): tree}
    )
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_looping_name_tree_and_a_compression_bomb_are_refused(api: ApiClient) -> None:
    _, pdf = completed(api)

    def loop(writer: IncrementalPdfFileWriter) -> object:
        node = generic.DictionaryObject()
        ref = writer.add_object(node)
        node[generic.pdf_name("/Kids")] = generic.ArrayObject([ref])
        return ref

    def bomb(writer: IncrementalPdfFileWriter) -> object:
        data = zlib.compress(b"\0" * (50 << 20), 9)  # 50 MB of zeros in 50 KB
        stream = generic.StreamObject(
            {generic.pdf_name("/Filter"): generic.pdf_name("/FlateDecode")}, encoded_data=data
        )
        ef = generic.DictionaryObject({generic.pdf_name("/F"): writer.add_object(stream)})
        spec = writer.add_object(generic.DictionaryObject({generic.pdf_name("/EF"): ef}))
        names = [generic.TextStringObject("document.txt"), spec]
        return writer.add_object(
            generic.DictionaryObject({generic.pdf_name("/Names"): generic.ArrayObject(names)})
        )

    for make, reason in ((loop, "loops"), (bomb, "larger than 1,048,576 bytes")):
        hostile = _with_names(pdf, make)
        result = verify_sealed_pdf(hostile, keys_json(api), allow_test=True)
        assert result.checks[CHECK["attachments"]].detail == (
            "not checked: the PDF signature failed"
        )
        with pytest.raises(ValueError, match=reason):  # and were it read, it is bounded
            sealed_pdf._attachments(PdfFileReader(io.BytesIO(hostile)))


def test_the_cli_never_makes_up_keys_and_says_why_it_cannot_check(
    api: ApiClient, tmp_path: Path
) -> None:
    _, pdf = completed(api)
    (tmp_path / "c.pdf").write_bytes(pdf)
    nowhere = {"GIGKIT_INSTANCE_PATH": str(tmp_path / "instance")}
    ran = verify_pdf_cli(tmp_path / "c.pdf", None, **nowhere)
    assert ran.returncode == 2 and "give --keys keys.json" in ran.stderr
    assert not (tmp_path / "instance").exists()  # no secrets.json made up

    bad = {"bad.json": "{not json", "nokey.json": '{"data": [{"kid": "s1"}]}', "empty.json": "[]"}
    for name, text in bad.items():
        (tmp_path / name).write_text(text)
        ran = verify_pdf_cli(tmp_path / "c.pdf", tmp_path / name)
        assert ran.returncode == 2 and "give --keys" in ran.stderr, (name, ran.stderr)
    (tmp_path / "env.txt").write_text(f"s1:{public_b64(SEED).rstrip('=')}")  # the env form
    ran = verify_pdf_cli(tmp_path / "c.pdf", tmp_path / "env.txt", as_json=False)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "valid: contract ctr_" in ran.stdout and "TEST MODE" in ran.stdout
    assert "Traceback" not in ran.stderr

    tampered = bytearray(pdf)
    tampered[len(pdf) // 3] ^= 1
    (tmp_path / "t.pdf").write_bytes(bytes(tampered))
    ran = verify_pdf_cli(tmp_path / "t.pdf", tmp_path / "env.txt", as_json=False)
    assert ran.returncode == 1 and "Traceback" not in ran.stderr and ran.stderr == ""


def test_a_key_not_given_is_named(api: ApiClient) -> None:
    _, pdf = completed(api)
    other = {"data": [{"kid": "s9", "public_key": base64.urlsafe_b64encode(b"\1" * 32).decode()}]}
    result = verify_sealed_pdf(pdf, other, allow_test=True)
    assert result.failed == ["signer_certificate", "seal"]
    details = {c.name: c.detail for c in result.checks}
    assert details["seal"] == "key s1 is not among the public keys given"


def test_a_seal_made_before_the_mode_was_sealed_still_verifies(
    api: ApiClient, tenant: TenantHandle
) -> None:
    """A contract sealed without `livemode` (before it was a claim): the API's verify and
    its re-rendered PDF still check out; the PDF's verifier says the mode is not stated."""
    made, pdf = completed(api)
    with database(tenant.app).unit_of_work(tenant_id=tenant.id) as session:
        row = session.scalars(select(Contract).where(Contract.id == made["id"])).one()
        genuine = audit.sealed_contents(session, row)
        old = audit.seal_claims(row, genuine.claims["chain_hash"], None)  # the claims then
        seal, _ = audit.seal_keys(session).seal(old)
        if not tenant.app.extensions["gigkit"].settings.is_postgres:  # it forbids this
            row.seal = seal
    legacy = dataclasses.replace(genuine, claims=old, seal=seal)
    assert "livemode" not in legacy.claims
    original = pdf[: pdf.index(b"%%EOF") + 6]
    result = verify_sealed_pdf(legacy.sign(original), keys_json(api))
    assert result.valid and result.livemode is None, result.checks
    assert "not stated" in result.checks[CHECK["livemode"]].detail
    check = api.post("/v1/contracts/verify", {"sha256": made["document_sha256"]}).json
    assert check["seal_valid"] is True and check["valid"] is True
