"""Verify a completed contract's PDF with nothing but the file and gigkit's public keys: no
API key, no database, no network.

    import httpx
    from gigkit_sdk import verify_sealed_pdf

    keys = httpx.get("https://api.example.com/v1/signing/keys").json()  # or a saved copy
    result = verify_sealed_pdf(open("ctr_....pdf", "rb").read(), keys)
    print(result.valid, result.failed, result.claims, result.livemode)

Needs pyHanko: `pip install "./sdk[verify]"` from a checkout of gigkit. The checks, each
named in the result (once `pdf_signature` fails, the others are not reached: what the file
carries is not read, and each says so):

- `pdf_signature`: the PDF holds one digital signature (PAdES), intact, and it covers the
  whole file (nothing was appended after signing) but for its own `/Contents` slot, which
  must hold the signature and zero padding only;
- `signer_certificate`: the certificate that signed is the one a gigkit seal key vouches
  for (`seal.json`'s `pdf_signer.binding`, an Ed25519 signature);
- `attachments`: `document.txt`, `audit-trail.json` and `seal.json` are attached (and no
  more; each read to at most its size limit, the name tree bounded);
- `document_hash`: SHA-256 of `document.txt` is the sealed `document_sha256`;
- `audit_chain`: the audit entries recompute, hash by hash, to the sealed `chain_hash`,
  ending with `completed`;
- `seal`: the Ed25519 seal over the claims checks out with the public key of its key id;
- `livemode`: the claims say a live tenant's contract; a test-mode one (`livemode: false`)
  fails unless `allow_test=True`; a seal made before the mode was a claim passes, "not
  stated" (`result.livemode` None);
- `metadata`: the PDF's document information repeats the claims.

The chain and the canonical JSON are those of gigkit's `app/signing/evidence.py`, written
again here (the SDK does not depend on the server); the test suite checks both agree.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import json
import logging
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

DOCUMENT, AUDIT, SEAL = "document.txt", "audit-trail.json", "seal.json"
SEAL_CONTEXT = b"gigkit-seal-v1\n"
SIGNER_CONTEXT = b"gigkit-pdf-signer-v1\n"
_log = logging.getLogger(__name__)
CHECKS = (
    "pdf_signature",
    "signer_certificate",
    "attachments",
    "document_hash",
    "audit_chain",
    "seal",
    "livemode",
    "metadata",
)


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool
    detail: str


@dataclass(frozen=True)
class SealedPdfVerification:
    """Every check, in order; the claims as `seal.json` states them (None if unreadable or
    not read: the PDF signature failed)."""

    checks: tuple[Check, ...]
    claims: Mapping[str, Any] | None

    @property
    def livemode(self) -> bool | None:
        """False: a test-mode tenant's contract (binding nobody); None: not stated (a seal
        made before gigkit recorded the mode) or not read."""
        value = (self.claims or {}).get("livemode")
        return value if isinstance(value, bool) else None

    @property
    def test_clock(self) -> str | None:
        """The test clock (`clk_...`) the test-mode contract ran on, if any."""
        value = (self.claims or {}).get("test_clock_id")
        return str(value) if value else None

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


def verify_sealed_pdf(
    pdf: bytes, public_keys: Any, *, allow_test: bool = False
) -> SealedPdfVerification:
    """Check a sealed contract PDF (see the module's docstring for the checks). A test-mode
    contract's PDF fails `livemode` unless `allow_test`."""
    try:
        from pyhanko.pdf_utils.reader import PdfFileReader
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError('verify_sealed_pdf needs pyHanko: pip install "./sdk[verify]"') from exc
    keys = public_keys_of(public_keys)
    results: dict[str, Check] = {}

    def record(name: str, passed: bool, detail: str) -> None:
        results[name] = Check(name, passed, detail)

    # a damaged file: pyHanko raises many kinds of exception
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    except Exception as exc:
        record("pdf_signature", False, f"not a readable PDF ({type(exc).__name__})")
        return _result(results, None, "the file is not a readable PDF")
    try:
        with _quiet_pyhanko():
            signer_der = _check_signature(reader, pdf, record)
    except Exception as exc:
        record("pdf_signature", False, f"the signature cannot be read ({type(exc).__name__})")
        signer_der = None
    if not results["pdf_signature"].passed:  # what the file carries is anyone's: not read
        return _result(results, None, "the PDF signature failed")
    try:
        files = _attachments(reader)
        sealed = json.loads(files[SEAL])
        audit = json.loads(files[AUDIT])
        document = files[DOCUMENT]
        claims = dict(sealed["claims"])
        info = reader.trailer["/Info"].get_object() if "/Info" in reader.trailer else {}
    except _Unreadable as exc:
        record("attachments", False, str(exc))
        return _result(results, None, "the attachments cannot be read")
    except Exception as exc:
        record("attachments", False, f"missing or unreadable ({_missing(reader, exc)})")
        return _result(results, None, "the attachments cannot be read")
    record("attachments", True, f"{DOCUMENT}, {AUDIT}, {SEAL}")
    _check_signer(sealed.get("pdf_signer") or {}, signer_der, keys, record)
    digest = hashlib.sha256(document).hexdigest()
    record(
        "document_hash",
        digest == claims.get("document_sha256"),
        f"SHA-256 of {DOCUMENT} is {digest}"
        + ("" if digest == claims.get("document_sha256") else ", not the sealed one"),
    )
    _check_chain(claims, audit, record)
    _check_seal(sealed, claims, keys, record)
    _check_mode(claims, allow_test, record)
    shown = {**claims, "seal_key_id": str(sealed.get("seal_key_id")), "seal": sealed.get("seal")}
    differ = [c for c in shown if str(info.get(_info_key(c))) != str(shown[c])]
    record("metadata", not differ, f"differs: {differ}" if differ else "repeats the claims")
    return _result(results, claims, "")


class _Unreadable(ValueError):
    """The attachments are not what a sealed PDF holds (a cycle, too many, too large)."""


def _missing(reader: Any, exc: Exception) -> str:
    try:
        names = _attachments(reader)
    except Exception:
        return type(exc).__name__
    absent = [name for name in (DOCUMENT, AUDIT, SEAL) if name not in names]
    return f"no {', '.join(absent)}" if absent else f"{type(exc).__name__}: {exc}"[:200]


def _check_seal(sealed: Mapping[str, Any], claims: Any, keys: Any, record: Any) -> None:
    kid = str(sealed.get("seal_key_id"))
    message = SEAL_CONTEXT + canonical(claims)
    if kid not in keys:
        record("seal", False, f"key {kid} is not among the public keys given")
    elif not _ed25519(keys[kid], str(sealed.get("seal")), message):
        record(
            "seal",
            False,
            f"the Ed25519 seal does not verify with key {kid}: the claims or the seal were changed",
        )
    else:
        record("seal", True, f"Ed25519 seal with key {kid}")


def _check_mode(claims: Mapping[str, Any], allow_test: bool, record: Any) -> None:
    mode = claims.get("livemode")
    if mode is None:
        record("livemode", True, "not stated (sealed before gigkit recorded the tenant's mode)")
    elif mode is True:
        record("livemode", True, "live mode")
    else:
        clock = f", test clock {claims['test_clock_id']}" if claims.get("test_clock_id") else ""
        verdict = "allowed (allow_test)" if allow_test else "not a binding contract"
        record("livemode", allow_test, f"TEST MODE{clock}: {verdict}")


def _check_signature(reader: Any, pdf: bytes, record: Any) -> bytes | None:
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
    elif not _canonical_hole(signature, pdf):
        record(
            "pdf_signature",
            False,
            "the unsigned /Contents slot holds more than the signature and its zero padding",
        )
    else:
        record("pdf_signature", True, "intact, covering the whole file")
    return bytes(signature.signer_cert.dump())


def _canonical_hole(signature: Any, pdf: bytes) -> bool:
    """The one part of the file the signature cannot cover, its own slot, holds exactly the
    DER signature then zeros, in hex as written: no other byte can change unnoticed."""
    contents = bytes(signature.sig_object["/Contents"])
    start, length, end = (int(x) for x in list(signature.sig_object["/ByteRange"])[:3])
    if len(contents) < 2 or contents[0] != 0x30:
        return False
    size = contents[1]
    header = 2
    if size & 0x80:
        count = size & 0x7F
        size, header = int.from_bytes(contents[2 : 2 + count]), 2 + count
    der_end = header + size
    hole = pdf[start + length : end]
    written = b"<" + contents.hex().upper().encode() + b">"
    return der_end <= len(contents) and not any(contents[der_end:]) and hole == written


class _AsDebug(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        _log.debug("pyHanko: %s", record.getMessage(), exc_info=record.exc_info)


@contextlib.contextmanager
def _quiet_pyhanko() -> Iterator[None]:
    """pyHanko logs a traceback (SuspiciousModification...) as a warning for a file changed
    after signing: the verdict says it; the traceback goes to this module's debug log."""
    loggers = [logging.getLogger(name) for name in ("pyhanko", "pyhanko_certvalidator")]
    handler, propagate = _AsDebug(), [logger.propagate for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.propagate = False
    try:
        yield
    finally:
        for logger, previous in zip(loggers, propagate, strict=True):
            logger.removeHandler(handler)
            logger.propagate = previous


def _check_signer(signer: Mapping[str, Any], der: bytes | None, keys: Any, record: Any) -> None:
    kid, binding = str(signer.get("kid")), str(signer.get("binding"))
    fingerprint = hashlib.sha256(der or b"").hexdigest()
    message = {"kid": kid, "certificate_sha256": signer.get("certificate_sha256")}
    if der is None or fingerprint != signer.get("certificate_sha256"):
        record(
            "signer_certificate",
            False,
            f"the PDF was signed by another certificate than the one {SEAL} names",
        )
    elif kid not in keys:
        record("signer_certificate", False, f"key {kid} is not among the public keys given")
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


# what a sealed PDF's attachments can be: the API takes at most 30,000 characters of
# document (120 KB of UTF-8); a contract's audit trail is a few KB per signer
LIMITS = {DOCUMENT: 1 << 20, AUDIT: 8 << 20, SEAL: 64 << 10}
MAX_NODES = 64  # name tree nodes


def _attachments(reader: Any) -> dict[str, bytes]:
    """The embedded files by name (the EmbeddedFiles name tree, with its kids): each
    visited once, at most `MAX_NODES` nodes, only ours, each read to at most its limit."""
    found: dict[str, bytes] = {}
    tree = _entry(_entry(reader.root, "/Names", {}), "/EmbeddedFiles", None)
    nodes = [] if tree is None else [(tree, 0)]
    seen: set[Any] = set()
    visited = 0
    while nodes:
        node, depth = nodes.pop()
        visited += 1
        if visited > MAX_NODES or depth > 8:
            raise _Unreadable("the attachments' name tree is too deep or too large (a loop?)")
        for kid in _entry(node, "/Kids", []):
            ref = getattr(kid, "reference", None) or id(kid)
            if ref in seen:
                raise _Unreadable("the attachments' name tree loops (a node is its own kid)")
            seen.add(ref)
            nodes.append((kid.get_object(), depth + 1))
        pairs = [item.get_object() for item in _entry(node, "/Names", [])]
        for name, spec in zip(pairs[::2], pairs[1::2], strict=True):
            if str(name) in found or str(name) not in LIMITS:
                raise _Unreadable(f"an unexpected attachment: {str(name)[:60]!r}")
            found[str(name)] = _bounded(spec["/EF"]["/F"], str(name))
    return found


def _bounded(stream: Any, name: str) -> bytes:
    """The stream's data, decompressed to at most `LIMITS[name]` bytes (no more is read)."""
    limit = LIMITS[name]
    filters = _entry(stream, "/Filter", None)
    filters = [] if filters is None else [filters] if isinstance(filters, str) else filters
    raw = stream.encoded_data
    if [str(f) for f in filters] == ["/FlateDecode"] and "/DecodeParms" not in stream:
        inflate = zlib.decompressobj()
        data = inflate.decompress(raw, limit + 1)
    elif not filters:
        data = raw
    else:
        raise _Unreadable(f"{name} is encoded with {[str(f) for f in filters]}, not Flate")
    if len(data) > limit:
        raise _Unreadable(f"{name} is larger than {limit:,} bytes")
    return bytes(data)


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
    results: Mapping[str, Check], claims: Mapping[str, Any] | None, why: str
) -> SealedPdfVerification:
    """Every check in order; one not reached failed, saying why it was not."""
    checks = tuple(
        results.get(name) or Check(name, False, f"not checked: {why}") for name in CHECKS
    )
    return SealedPdfVerification(checks, claims)
