"""Verify a completed contract's PDF with nothing but the file and gigkit's public keys: no
API key, no database, no network.

    import httpx
    from gigkit_sdk import verify_sealed_pdf

    keys = httpx.get("https://api.example.com/v1/signing/keys").json()  # or a saved copy
    result = verify_sealed_pdf(open("ctr_....pdf", "rb").read(), keys)
    print(result.valid, result.failed, result.claims)

Needs pyHanko: `pip install "gigkit-client[verify]"`. The checks, each named in the result:

- `pdf_signature`: the PDF holds one digital signature (PAdES), intact, and it covers the
  whole file (nothing was appended after signing);
- `signer_certificate`: the certificate that signed is the one a gigkit seal key vouches
  for (`seal.json`'s `pdf_signer.binding`, an Ed25519 signature);
- `attachments`: `document.txt`, `audit-trail.json` and `seal.json` are attached;
- `document_hash`: SHA-256 of `document.txt` is the sealed `document_sha256`;
- `audit_chain`: the audit entries recompute, hash by hash, to the sealed `chain_hash`,
  ending with `completed`;
- `seal`: the Ed25519 seal over the claims checks out with the public key of its key id;
- `metadata`: the PDF's document information repeats the claims.

The chain and the canonical JSON are those of gigkit's `app/signing/evidence.py`, written
again here (the SDK does not depend on the server); the test suite checks both agree.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

DOCUMENT, AUDIT, SEAL = "document.txt", "audit-trail.json", "seal.json"
SEAL_CONTEXT = b"gigkit-seal-v1\n"
SIGNER_CONTEXT = b"gigkit-pdf-signer-v1\n"
CHECKS = (
    "pdf_signature",
    "signer_certificate",
    "attachments",
    "document_hash",
    "audit_chain",
    "seal",
    "metadata",
)


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool
    detail: str


@dataclass(frozen=True)
class SealedPdfVerification:
    """Every check, in order; the claims as `seal.json` states them (None if unreadable)."""

    checks: tuple[Check, ...]
    claims: Mapping[str, Any] | None

    @property
    def valid(self) -> bool:
        return all(check.passed for check in self.checks)

    @property
    def failed(self) -> list[str]:
        return [check.name for check in self.checks if not check.passed]


def canonical(value: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8 (as gigkit hashes and signs)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def chain_head(contract_id: str, entries: Iterable[Mapping[str, Any]]) -> tuple[str, int | None]:
    """The audit chain recomputed: (last hash, the seq of the first entry that does not
    recompute, or None). An entry is its content (what its hash covers) with `prev_hash`
    and `hash`."""
    head = hashlib.sha256(f"gigkit-contract-chain-v1\n{contract_id}".encode()).hexdigest()
    for expected, entry in enumerate(entries, 1):
        content = {k: v for k, v in entry.items() if k not in ("prev_hash", "hash")}
        recomputed = hashlib.sha256(head.encode() + b"\n" + canonical(content)).hexdigest()
        ok = entry.get("prev_hash") == head and entry.get("hash") == recomputed
        if not ok or content.get("seq") != expected or content.get("contract_id") != contract_id:
            return recomputed, content.get("seq", expected)
        head = recomputed
    return head, None


def public_keys_of(keys: Any) -> dict[str, bytes]:
    """Key id -> raw Ed25519 public key, from what `GET /v1/signing/keys` answers (or its
    `data` list), or a mapping of key id to the key (raw bytes or base64url)."""
    if isinstance(keys, Mapping) and "data" in keys:
        keys = keys["data"]
    if isinstance(keys, Mapping):
        pairs = list(keys.items())
    else:
        pairs = [(k["kid"], k["public_key"]) for k in keys]
    return {kid: value if isinstance(value, bytes) else _unb64(value) for kid, value in pairs}


def verify_sealed_pdf(pdf: bytes, public_keys: Any) -> SealedPdfVerification:
    """Check a sealed contract PDF (see the module's docstring for the checks)."""
    try:
        from pyhanko.pdf_utils.reader import PdfFileReader
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            'verify_sealed_pdf needs pyHanko: pip install "gigkit-client[verify]"'
        ) from exc
    keys = public_keys_of(public_keys)
    results: dict[str, Check] = {}

    def record(name: str, passed: bool, detail: str) -> None:
        results[name] = Check(name, passed, detail)

    # a damaged file: pyHanko raises many kinds of exception
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    except Exception as exc:
        record("pdf_signature", False, f"not a readable PDF ({type(exc).__name__})")
        return _result(results, None)
    try:
        signer_der = _check_signature(reader, record)
    except Exception as exc:
        record("pdf_signature", False, f"the signature cannot be read ({type(exc).__name__})")
        signer_der = None
    try:
        files = _attachments(reader)
        info = reader.trailer["/Info"].get_object() if "/Info" in reader.trailer else {}
    except Exception:
        files, info = {}, {}
    missing = [name for name in (DOCUMENT, AUDIT, SEAL) if name not in files]
    try:
        sealed = json.loads(files[SEAL])
        audit = json.loads(files[AUDIT])
        document = files[DOCUMENT]
        claims = dict(sealed["claims"])
    except (KeyError, TypeError, ValueError) as exc:
        record("attachments", False, f"missing or unreadable: {missing or type(exc).__name__}")
        return _result(results, None)
    record("attachments", True, f"{DOCUMENT}, {AUDIT}, {SEAL}")
    _check_signer(sealed.get("pdf_signer") or {}, signer_der, keys, record)
    digest = hashlib.sha256(document).hexdigest()
    record(
        "document_hash",
        digest == claims.get("document_sha256"),
        f"SHA-256 of {DOCUMENT} is {digest}",
    )
    _check_chain(claims, audit, record)
    kid = str(sealed.get("seal_key_id"))
    record(
        "seal",
        _ed25519(keys.get(kid), str(sealed.get("seal")), SEAL_CONTEXT + canonical(claims)),
        f"Ed25519 seal with key {kid}" + ("" if kid in keys else " (not among the public keys)"),
    )
    shown = {**claims, "seal_key_id": kid, "seal": sealed.get("seal")}
    differ = [c for c in shown if str(info.get(_info_key(c))) != str(shown[c])]
    record("metadata", not differ, f"differs: {differ}" if differ else "repeats the claims")
    return _result(results, claims)


def _check_signature(reader: Any, record: Any) -> bytes | None:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    signatures = reader.embedded_signatures
    if len(signatures) != 1:
        record("pdf_signature", False, f"{len(signatures)} signatures, not one")
        return None
    signature = signatures[0]
    context = ValidationContext(trust_roots=[signature.signer_cert], allow_fetching=False)
    status = validate_pdf_signature(signature, context)
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    if not (status.intact and status.valid):
        record("pdf_signature", False, "the signed bytes were changed (digest or signature)")
    elif not whole:
        record("pdf_signature", False, "the file was changed after signing (not all covered)")
    else:
        record("pdf_signature", True, "intact, covering the whole file")
    return bytes(signature.signer_cert.dump())


def _check_signer(signer: Mapping[str, Any], der: bytes | None, keys: Any, record: Any) -> None:
    kid, binding = str(signer.get("kid")), str(signer.get("binding"))
    fingerprint = hashlib.sha256(der or b"").hexdigest()
    message = {"kid": kid, "certificate_sha256": signer.get("certificate_sha256")}
    if der is None or fingerprint != signer.get("certificate_sha256"):
        record("signer_certificate", False, "the PDF was signed by another certificate")
    elif not _ed25519(keys.get(kid), binding, SIGNER_CONTEXT + canonical(message)):
        record("signer_certificate", False, f"seal key {kid} does not vouch for the certificate")
    else:
        record("signer_certificate", True, f"vouched for by seal key {kid}")


def _check_chain(claims: Mapping[str, Any], audit: Any, record: Any) -> None:
    entries = audit if isinstance(audit, list) else []
    head, broken = chain_head(str(claims.get("contract_id")), entries)
    last = entries[-1].get("action") if entries else None
    if broken is not None:
        record("audit_chain", False, f"entry {broken} does not recompute")
    elif head != claims.get("chain_hash") or last != "completed":
        record("audit_chain", False, "the entries do not end at the sealed chain hash")
    else:
        record("audit_chain", True, f"{len(entries)} entries recompute to {head}")


def _attachments(reader: Any) -> dict[str, bytes]:
    """The embedded files by name (the EmbeddedFiles name tree, with its kids)."""
    found: dict[str, bytes] = {}
    tree = _entry(_entry(reader.root, "/Names", {}), "/EmbeddedFiles", None)
    nodes = [] if tree is None else [tree]
    while nodes:
        node = nodes.pop()
        nodes += [kid.get_object() for kid in _entry(node, "/Kids", [])]
        pairs = [item.get_object() for item in _entry(node, "/Names", [])]
        for name, spec in zip(pairs[::2], pairs[1::2], strict=True):
            found[str(name)] = spec["/EF"]["/F"].data
    return found


def _info_key(claim: str) -> str:
    """`document_sha256` -> `/GigkitDocumentSha256`, as the PDF's Info dictionary names it."""
    return "/Gigkit" + "".join(part.capitalize() for part in claim.split("_"))


def _entry(dictionary: Any, key: str, default: Any) -> Any:
    """`dictionary[key]` (which, unlike `get`, resolves an indirect object), or `default`."""
    try:
        return dictionary[key]
    except KeyError:
        return default


def _ed25519(raw: bytes | None, signature: str, message: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    if raw is None:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(raw).verify(_unb64(signature), message)
    except (InvalidSignature, ValueError):
        return False
    return True


def _unb64(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def _result(
    results: Mapping[str, Check], claims: Mapping[str, Any] | None
) -> SealedPdfVerification:
    """Every check in order; one not reached (the file could not be read) failed."""
    checks = tuple(
        results.get(name) or Check(name, False, "not checked: the file could not be read")
        for name in CHECKS
    )
    return SealedPdfVerification(checks, claims)
