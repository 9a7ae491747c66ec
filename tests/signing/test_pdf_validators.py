"""The sealed PDF seen by other validators: poppler's pdfsig (what Okular and Evince use),
and pyHanko trusting the CA of a certificate configured with GIGKIT_PDF_SIGNING_CERT."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from cryptography.x509.oid import NameOID
from gigkit_sdk import verify_sealed_pdf
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from app.signing import pades
from tests.helpers import ApiClient, TenantHandle
from tests.signing.test_pdf_signature import completed, keys_json


def test_a_ca_issued_certificate_signs_when_configured(
    api: ApiClient, tenant: TenantHandle, tmp_path: Path
) -> None:
    """GIGKIT_PDF_SIGNING_CERT/KEY: the CA's certificate signs, the seal key vouches for it,
    and a validator that trusts the CA finds the signature trusted."""
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = issued(ca_key.public_key(), "Test CA", ca_key, "Test CA", ca=True)
    leaf = issued(key.public_key(), "Example Platform Ltd", ca_key, "Test CA", ca=False)
    (tmp_path / "cert.pem").write_bytes(b"".join(c.public_bytes(Encoding.PEM) for c in (leaf, ca)))
    (tmp_path / "key.pem").write_bytes(
        key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    )
    state = tenant.app.extensions["gigkit"]
    before = state.settings
    state.use_settings(
        before.with_overrides(
            pdf_signing_cert=str(tmp_path / "cert.pem"), pdf_signing_key=str(tmp_path / "key.pem")
        )
    )
    try:
        _, pdf = completed(api)
    finally:
        state.use_settings(before)
    assert verify_sealed_pdf(pdf, keys_json(api), allow_test=True).valid
    [signature] = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    trusted = ValidationContext(trust_roots=[pades.asn1_certificate(ca)])
    status = validate_pdf_signature(signature, trusted)
    assert status.bottom_line and signature.signer_cert.dump() == leaf.public_bytes(Encoding.DER)


def issued(public: Any, subject: str, issuer_key: Any, issuer: str, *, ca: bool) -> Any:
    usage = dict.fromkeys(("key_encipherment", "data_encipherment", "key_agreement"), False)
    usage |= dict.fromkeys(("encipher_only", "decipher_only"), False)
    return (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
        .not_valid_after(dt.datetime(2035, 1, 1, tzinfo=dt.UTC))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=not ca,
                key_cert_sign=ca,
                crl_sign=ca,
                **usage,
            ),
            critical=True,
        )
        .sign(issuer_key, hashes.SHA256())
    )


def test_poppler_reports_the_signature_valid_and_lists_the_attachments(
    api: ApiClient, tmp_path: Path
) -> None:
    """An independent validator (poppler's pdfsig, with NSS: what Okular and Evince use)."""
    if shutil.which("pdfsig") is None or shutil.which("pdfdetach") is None:
        pytest.skip("poppler-utils is not installed (apt-get install poppler-utils)")
    _, pdf = completed(api)
    (tmp_path / "contract.pdf").write_bytes(pdf)
    shown = subprocess.run(
        ["pdfsig", str(tmp_path / "contract.pdf")], capture_output=True, text=True, check=False
    ).stdout
    assert "Signature Validation: Signature is Valid." in shown
    assert "Total document signed" in shown and "ETSI.CAdES.detached" in shown
    listed = subprocess.run(
        ["pdfdetach", "-list", str(tmp_path / "contract.pdf")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert all(name in listed for name in ("document.txt", "audit-trail.json", "seal.json"))
