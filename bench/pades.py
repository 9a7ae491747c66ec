"""The sealed PDF's digital signature: what signing costs per PDF, ECDSA P-256 (what gigkit
uses) against Ed25519 (what pyHanko could use), measured in the same run.

    .venv/bin/python -m bench.pades [--passes 20]

For the built-in agreement (about 1,500 characters, 5 audit entries) and a document at the
size limit (30,000 characters, 50 entries) it renders the PDF once, then times
`pades.sign` (attachments, metadata, the signature: one incremental update) and prints
the median milliseconds per PDF for each algorithm. No timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from dataclasses import replace

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.x509.oid import NameOID

from app.signing import evidence, pades, pdf
from bench.pdf import CERTIFICATE, CLAUSE

SEED = bytes(range(32))
COMPLETED = dt.datetime(2026, 12, 1, 8, 30, 15, 123456, tzinfo=dt.UTC)


def contents(document: str, entries: int) -> pades.Contents:
    audit, head = [], evidence.genesis("ctr_bench")
    for seq in range(1, entries + 1):
        action = "completed" if seq == entries else "signed"
        content = {"contract_id": "ctr_bench", "seq": seq, "action": action, "actor": "bench"}
        content |= {"data": {"n": seq}, "at": evidence.timestamp(COMPLETED)}
        hashed = evidence.entry_hash(head, content)
        audit.append({**content, "prev_hash": head, "hash": hashed})
        head = hashed
    claims = {"contract_id": "ctr_bench", "tenant_id": "ten_bench", "chain_hash": head}
    claims |= {"document_sha256": evidence.sha256_hex(document)}
    claims |= {"completed_at": evidence.timestamp(COMPLETED)}
    keys = evidence.SealKeys("s1", {"s1": SEED})
    seal, kid = keys.seal(claims)
    key, certificate = pades.self_issued("s1", SEED)
    binding, _ = keys.seal(pades.binding_claims(kid, certificate), pades.SIGNER_CONTEXT)
    pdf_key = pades.PdfKey(kid, key, (certificate,), binding)
    return pades.Contents(document, audit, claims, seal, kid, COMPLETED, pdf_key)


def with_ed25519(sealed: pades.Contents) -> pades.Contents:
    """The same, signed by the Ed25519 seal key itself (a self-signed Ed25519 certificate)."""
    key = ed25519.Ed25519PrivateKey.from_private_bytes(SEED)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "gigkit contract seal s1")])
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
        .not_valid_after(dt.datetime(2099, 12, 31, tzinfo=dt.UTC))
        .sign(key, None)
    )
    return replace(sealed, pdf_key=replace(sealed.pdf_key, key=key, chain=(certificate,)))


def run(passes: int, scale: float = 1.0) -> list[tuple[str, str, float, int]]:
    """(document, algorithm, median seconds per PDF, signed size) for each pair."""
    rows = []
    builtin = (CLAUSE * 40)[:1_500]
    for label, document, entries in (("built-in", builtin, 5), ("limit", CLAUSE * 834, 50)):
        document = document[: max(1, int(30_000 * scale))]
        cert = replace(CERTIFICATE, status="completed", completed_at=COMPLETED)
        made = pdf.render(document, title="bench", locale="zh-CN", certificate=cert)
        sealed = contents(document, entries)
        for algorithm, variant in (("ECDSA P-256", sealed), ("Ed25519", with_ed25519(sealed))):
            variant.sign(made)  # warm up
            times = []
            for _ in range(passes):
                started = time.perf_counter()
                signed = variant.sign(made)
                times.append(time.perf_counter() - started)
            rows.append((label, algorithm, statistics.median(times), len(signed)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--passes", type=int, default=20)
    args = parser.parse_args()
    for label, algorithm, seconds, size in run(args.passes):
        print(f"{label:8} {algorithm:12} {seconds * 1000:6.1f} ms per PDF ({size:,} bytes)")


if __name__ == "__main__":
    main()
