"""The evidence a contract carries: a hash chain over its audit trail, and the platform's
Ed25519 seal over the document's hash and the chain's last hash.

Chain: `hash_n = SHA-256(hash_{n-1} "\n" canonical-JSON(entry_n))`, starting from the
hash of the contract id, so entries cannot be moved between contracts. Editing, removing,
inserting or reordering an entry changes every hash after it.

Seal: Ed25519 over `b"gigkit-seal-v1\n" + canonical-JSON({contract_id, tenant_id,
document_sha256, chain_hash, completed_at})`. The public keys are published at
`GET /v1/signing/keys`, so anyone holding the PDF's certificate data can check it.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

SEAL_CONTEXT = b"gigkit-seal-v1\n"
# How a signer was verified. `hosted_page` is recorded only by gigkit's hosted signing page;
# the others are asserted by the platform through the API.
HOSTED_METHOD = "hosted_page"
API_METHODS = ("sms_code", "in_person", "face", "password")


def canonical(value: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8: the same content always gives the same bytes."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sha256_hex(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def genesis(contract_id: str) -> str:
    return sha256_hex(f"gigkit-contract-chain-v1\n{contract_id}")


def timestamp(value: dt.datetime) -> str:
    """Microseconds, UTC, fixed width: what the database gives back is what was hashed."""
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(prev_hash: str, entry: Mapping[str, Any]) -> str:
    return sha256_hex(prev_hash.encode() + b"\n" + canonical(dict(entry)))


@dataclass(frozen=True)
class ChainCheck:
    intact: bool
    head: str  # the last hash recomputed
    broken_at: int | None  # the first seq whose stored hash is wrong


def check_chain(
    contract_id: str, entries: Iterable[tuple[int, str, str, Mapping[str, Any]]]
) -> ChainCheck:
    """`entries`: (seq, stored prev_hash, stored hash, content) in seq order, from 1."""
    head = genesis(contract_id)
    for expected_seq, (seq, prev_hash, stored, content) in enumerate(entries, 1):
        recomputed = entry_hash(head, content)
        if seq != expected_seq or prev_hash != head or stored != recomputed:
            return ChainCheck(False, recomputed, seq)
        head = recomputed
    return ChainCheck(True, head, None)


# --- the seal ----------------------------------------------------------------------------------


def keys_from(settings: Any) -> SealKeys:
    """The seal keys the settings name (`GIGKIT_SIGNING_KEYS`, and the retired keys of
    `GIGKIT_SIGNING_PUBLIC_KEYS`, which only verify)."""
    return SealKeys(
        settings.signing_key_id,
        settings.signing_keys,
        settings.signing_public_keys,
    )


class SealKeys:
    """The platform's Ed25519 keys: the first (`primary`) seals, all of them verify, and so
    do the public keys of retired ones (`retired`: key id -> raw 32-byte public key)."""

    def __init__(
        self, primary: str, seeds: Mapping[str, bytes], retired: Mapping[str, bytes] | None = None
    ) -> None:
        self.primary = primary
        self.seeds = dict(seeds)
        self._private = {
            kid: Ed25519PrivateKey.from_private_bytes(seed) for kid, seed in seeds.items()
        }
        self._public = {kid: key.public_key() for kid, key in self._private.items()}
        for kid, raw in (retired or {}).items():
            self._public.setdefault(kid, Ed25519PublicKey.from_public_bytes(raw))

    def __bool__(self) -> bool:
        return bool(self._private)

    def public(self) -> list[dict[str, str]]:
        """As published: key id, algorithm, raw 32-byte public key in base64url."""
        return [
            {
                "kid": kid,
                "alg": "Ed25519",
                "public_key": _b64(key.public_bytes(Encoding.Raw, PublicFormat.Raw)),
                "status": "active" if kid == self.primary else "verify_only",
            }
            for kid, key in self._public.items()
        ]

    def seal(self, claims: Mapping[str, Any], context: bytes = SEAL_CONTEXT) -> tuple[str, str]:
        """(signature base64url, key id)."""
        signature = self._private[self.primary].sign(context + canonical(dict(claims)))
        return _b64(signature), self.primary

    def verify(self, claims: Mapping[str, Any], signature: str, kid: str) -> bool:
        key = self._public.get(kid)
        if key is None:
            return False
        return verify_with(key, claims, signature)


def verify_with(public: Ed25519PublicKey, claims: Mapping[str, Any], signature: str) -> bool:
    """What a third party does with a published key."""
    try:
        raw = base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4))
        public.verify(raw, SEAL_CONTEXT + canonical(dict(claims)))
    except (InvalidSignature, ValueError):
        return False
    return True


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")
