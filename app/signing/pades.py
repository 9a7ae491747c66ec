"""The sealed PDF's digital signature (PAdES baseline B-B, made with pyHanko) and what it
carries so that anyone can verify the contract from the file alone (pure, no I/O).

Before signing, one incremental update adds to the rendered PDF:

- three attachments (EmbeddedFiles): `document.txt` (the exact document text, UTF-8: its
  SHA-256 is `document_sha256`), `audit-trail.json` (the audit entries up to `completed`,
  each with the content its hash covers, `prev_hash` and `hash`) and `seal.json` (the sealed
  claims, the Ed25519 seal, its key id, and the PDF signer's binding, below);
- the claims in the document information dictionary (`/GigkitContractId`,
  `/GigkitTenantId`, `/GigkitCompletedAt`, `/GigkitDocumentSha256`, `/GigkitChainHash`,
  `/GigkitSealKeyId`, `/GigkitSeal`, and `/GigkitLivemode` (`False`: a test-mode tenant's
  contract, binding nobody), `/GigkitTestClockId` when the seal has them);

then signs the whole file (`ETSI.CAdES.detached`, SHA-256), with `completed_at` as the
signing time. The bytes are deterministic: fixed dates and file id, and RFC 6979 ECDSA.

**Algorithm: ECDSA P-256, alongside the Ed25519 seal.** pyHanko signs and validates Ed25519
PDF signatures (ISO 32002), but Adobe Acrobat/Reader validates RSA, DSA and ECDSA
P-256/384/521 only (Adobe's "Supported Standards" page lists no EdDSA), and poppler 22.12
(`pdfsig`, with NSS: Okular, Evince) answers "Document isn't signed or corrupted data" for
an Ed25519 signature, and for a P-256 signature whose certificate an Ed25519 key issued,
while it reports the P-256 self-signed one valid. EU DSS could not be run here. Signing
costs the same for both, pyHanko's work dominating (`python -m bench.pades`, median of 20,
quietest run): the built-in agreement 18.9 ms per PDF with P-256, 19.6 ms with Ed25519; a
document at the size limit 20.3 ms and 20.6 ms (35-70 ms for either on a loaded machine).

**Key and certificate.** Each Ed25519 seed of `GIGKIT_SIGNING_KEYS` derives its P-256 key
(HKDF-SHA256, info `gigkit-pdf-signing-key-v1`) and a self-signed certificate (subject
`gigkit contract seal <kid>`, fixed validity 2020-2099, serial from the public key):
nothing new to configure or rotate, and the certificate of a key id is the same on every
host. A deployment with a CA-issued certificate sets `GIGKIT_PDF_SIGNING_CERT` (PEM: the
certificate, then its chain) and `GIGKIT_PDF_SIGNING_KEY` (PEM private key, P-256 or RSA).
Either way the seal key vouches for the certificate: `seal.json` holds an Ed25519
signature (`binding`) over `gigkit-pdf-signer-v1\\n` + canonical-JSON({kid,
certificate_sha256}), so a PDF re-signed with another certificate does not verify.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import embed, generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

DOCUMENT, AUDIT, SEAL = "document.txt", "audit-trail.json", "seal.json"
FORMAT = "gigkit-sealed-contract-v1"
SIGNER_CONTEXT = b"gigkit-pdf-signer-v1\n"
FIELD = "gigkit-seal"
_P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
_VALIDITY = (dt.datetime(2020, 1, 1, tzinfo=dt.UTC), dt.datetime(2099, 12, 31, tzinfo=dt.UTC))


@dataclass(frozen=True)
class PdfKey:
    """What signs PDFs for seal key `kid`: a private key, its certificate chain (the
    signer's first) and the seal key's `binding` signature over that certificate."""

    kid: str
    key: Any  # an EllipticCurvePrivateKey or RSAPrivateKey
    chain: tuple[x509.Certificate, ...]
    binding: str


@dataclass(frozen=True)
class Contents:
    """What a sealed PDF carries: the document, the audit entries (as `audit_entry` gives
    them), the claims as sealed, the seal and its key id, and the key that signs the PDF."""

    document: str
    audit: Sequence[Mapping[str, Any]]
    claims: Mapping[str, Any]
    seal: str
    seal_key_id: str
    signed_at: dt.datetime
    pdf_key: PdfKey

    def sign(self, pdf: bytes) -> bytes:
        return sign(pdf, self)


def derived_key(seed: bytes) -> ec.EllipticCurvePrivateKey:
    """The P-256 key of an Ed25519 seed (48 bytes of HKDF, reduced: bias below 2^-128)."""
    okm = HKDF(hashes.SHA256(), 48, salt=None, info=b"gigkit-pdf-signing-key-v1").derive(seed)
    return ec.derive_private_key(int.from_bytes(okm) % (_P256_ORDER - 1) + 1, ec.SECP256R1())


@functools.lru_cache(maxsize=32)
def self_issued(kid: str, seed: bytes) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    """The seal key's P-256 key and its self-signed certificate (deterministic)."""
    key = derived_key(seed)
    spki = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, f"gigkit contract seal {kid}"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "gigkit"),
        ]
    )
    usage = dict.fromkeys(
        ("key_encipherment", "data_encipherment", "key_agreement", "key_cert_sign"), False
    )
    usage |= dict.fromkeys(("crl_sign", "encipher_only", "decipher_only"), False)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(int.from_bytes(hashlib.sha256(spki).digest()[:16]) >> 1)
        .not_valid_before(_VALIDITY[0])
        .not_valid_after(_VALIDITY[1])
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(digital_signature=True, content_commitment=True, **usage), critical=True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256(), ecdsa_deterministic=True)
    )
    return key, certificate


@functools.lru_cache(maxsize=4)
def configured(cert_path: str, key_path: str) -> tuple[Any, tuple[x509.Certificate, ...]]:
    """A CA-issued certificate (PEM, the signer's first, then its chain) and its key."""
    chain = tuple(x509.load_pem_x509_certificates(Path(cert_path).read_bytes()))
    key = serialization.load_pem_private_key(Path(key_path).read_bytes(), password=None)
    return key, chain


def binding_claims(kid: str, certificate: x509.Certificate) -> dict[str, str]:
    """What the seal key signs to vouch for the certificate that signs PDFs."""
    der = certificate.public_bytes(serialization.Encoding.DER)
    return {"kid": kid, "certificate_sha256": hashlib.sha256(der).hexdigest()}


def seal_file(contents: Contents) -> dict[str, Any]:
    """`seal.json`: the claims as sealed, the seal, and the PDF signer's binding."""
    signer = contents.pdf_key.chain[0]
    return {
        "format": FORMAT,
        "claims": dict(contents.claims),
        "seal": contents.seal,
        "seal_key_id": contents.seal_key_id,
        "pdf_signer": {
            **binding_claims(contents.pdf_key.kid, signer),
            "binding": contents.pdf_key.binding,
        },
    }


def sign(pdf: bytes, contents: Contents) -> bytes:
    """The PDF with its attachments and metadata, signed (one incremental update)."""
    writer = _Writer(io.BytesIO(pdf), contents)
    files = (
        (DOCUMENT, "text/plain", contents.document.encode(), "The document text (UTF-8)"),
        (AUDIT, "application/json", _json(list(contents.audit)), "The audit entries"),
        (SEAL, "application/json", _json(seal_file(contents)), "The seal and its claims"),
    )
    for name, mime, data, description in files:
        params = embed.EmbeddedFileParams(
            creation_date=contents.signed_at, modification_date=contents.signed_at
        )
        stream = embed.EmbeddedFileObject.from_file_data(
            writer, data, mime_type=mime, params=params
        )
        spec = embed.FileSpec(name, file_name=name, embedded_data=stream, description=description)
        embed.embed_file(writer, spec)
    key = contents.pdf_key
    signer = _DeterministicSigner(
        signing_cert=asn1_certificate(key.chain[0]),
        signing_key=asn1_keys.PrivateKeyInfo.load(
            key.key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
        cert_registry=SimpleCertificateStore.from_certs(
            [asn1_certificate(c) for c in key.chain[1:]]
        ),
    )
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD,
        md_algorithm="sha512" if isinstance(key.key, ed25519.Ed25519PrivateKey) else "sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason="Sealed by gigkit: the contract was completed",
    )
    output = _FixedTimeSigner(meta, signer, moment=contents.signed_at).sign_pdf(writer)
    return bytes(output.getbuffer())


def info_key(claim: str) -> str:
    """The Info dictionary's key for a claim: `document_sha256` -> `/GigkitDocumentSha256`."""
    return "/Gigkit" + "".join(part.capitalize() for part in claim.split("_"))


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True).encode()


def asn1_certificate(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


class _Writer(IncrementalPdfFileWriter):  # type: ignore[misc]
    """pyHanko's incremental writer, deterministic: the second file id is derived from the
    first and the seal, the modification date is the signing time; the claims go in the
    Info dictionary."""

    def __init__(self, stream: io.BytesIO, contents: Contents) -> None:
        self._contents = contents
        super().__init__(stream)
        first = self._document_id[0]
        second = hashlib.sha256(bytes(first) + contents.seal.encode()).digest()[:16]
        self._document_id = generic.ArrayObject([first, generic.ByteStringObject(second)])

    def _update_meta(self) -> None:  # pyHanko's name: would stamp the current time
        if self._info is None:
            self._info = self.add_object(generic.DictionaryObject())
        info = self._info.get_object()
        values = {
            **self._contents.claims,
            "seal_key_id": self._contents.seal_key_id,
            "seal": self._contents.seal,
        }
        for claim in sorted(values):  # every claim, as /GigkitContractId, ... (`info_key`)
            info[generic.pdf_name(info_key(claim))] = generic.TextStringObject(str(values[claim]))
        info[generic.pdf_name("/ModDate")] = generic.pdf_date(self._contents.signed_at)
        self.mark_update(self._info)


class _FixedTimeSigner(signers.PdfSigner):  # type: ignore[misc]
    """Signs with a given signing time (the contract's completed_at), not the clock's."""

    def __init__(self, *args: Any, moment: dt.datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._moment = moment

    def init_signing_session(self, *args: Any, **kwargs: Any) -> Any:
        session = super().init_signing_session(*args, **kwargs)
        session.system_time = self._moment
        return session


class _DeterministicSigner(signers.SimpleSigner):  # type: ignore[misc]
    """ECDSA with RFC 6979 nonces, so the same PDF and key give the same signature."""

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        key = serialization.load_der_private_key(self.signing_key.dump(), password=None)
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            return bytes(super().sign_raw(data, digest_algorithm))
        algorithm = getattr(hashes, digest_algorithm.upper())()
        return key.sign(data, ec.ECDSA(algorithm, deterministic_signing=True))
