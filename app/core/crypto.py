"""Secrets and personal data: credential tokens, keyed hashes, field encryption.

- **Tokens** (`gk_live_…`, `gk_test_…`, `gk_oat_…`, `gk_cs_…`): a fixed prefix, 32 base62
  characters from the CSPRNG (190 bits), then a 6-character base62 CRC32 checksum of
  everything before it, GitHub-style. A mistyped token fails the checksum and is refused
  without touching the database; secret scanners can recognise leaked ones offline.
- **Keyed hashes** (HMAC-SHA256): credentials are stored only as `hash_secret(...)`; personal
  numbers are found through a separate blind-index key, so equal ID-card numbers can be
  matched without storing them in the clear.
- **Field encryption** (AES-256-GCM): `v1.<kid>.<base64(nonce | ciphertext)>`, with
  associated data naming the tenant and the field, so a ciphertext copied into another
  tenant's row or another column does not decrypt. Several keys may be configured; the
  first encrypts, all decrypt, which allows rotation.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import zlib
from collections.abc import Mapping

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
TOKEN_RANDOM_LENGTH = 32
TOKEN_CHECKSUM_LENGTH = 6
_TOKEN_TAIL = re.compile(f"[0-9A-Za-z]{{{TOKEN_RANDOM_LENGTH + TOKEN_CHECKSUM_LENGTH}}}")


class DecryptionError(ValueError):
    """A ciphertext that this keyring cannot open (wrong key, tenant, field or tampered)."""


def _base62(value: int, length: int) -> str:
    chars = []
    for _ in range(length):
        value, rem = divmod(value, 62)
        chars.append(BASE62[rem])
    return "".join(reversed(chars))


def _checksum(body: str) -> str:
    return _base62(zlib.crc32(body.encode("ascii")), TOKEN_CHECKSUM_LENGTH)


def make_token(prefix: str) -> str:
    body = prefix + "".join(secrets.choice(BASE62) for _ in range(TOKEN_RANDOM_LENGTH))
    return body + _checksum(body)


def token_is_well_formed(token: str, prefix: str) -> bool:
    """Shape and checksum only: no database, constant work for any input."""
    if not token.startswith(prefix) or not _TOKEN_TAIL.fullmatch(token[len(prefix) :]):
        return False
    body, check = token[:-TOKEN_CHECKSUM_LENGTH], token[-TOKEN_CHECKSUM_LENGTH:]
    return hmac.compare_digest(_checksum(body), check)


def keyed_hash(key: bytes, value: str, *, purpose: str) -> str:
    """HMAC-SHA256 hex digest of `value`, domain-separated by `purpose`."""
    message = purpose.encode() + b"\x00" + value.encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


class Keyring:
    """The process's keys, built from Settings and reached through the DB session."""

    def __init__(
        self,
        *,
        secret_key: bytes,
        encryption_key_id: str,
        encryption_keys: Mapping[str, bytes],
        blind_index_key: bytes,
    ) -> None:
        self._secret_key = secret_key
        self._primary = encryption_key_id
        self._ciphers = {kid: AESGCM(key) for kid, key in encryption_keys.items()}
        self._blind_key = blind_index_key

    def hash_secret(self, secret: str) -> str:
        """What we store instead of an API key, client secret or access token."""
        return keyed_hash(self._secret_key, secret, purpose="credential")

    def token_key(self, purpose: str) -> bytes:
        """The key that signs short-lived tokens of one purpose (a signed PDF's download
        link): derived from the secret key, so it changes when that key does."""
        return bytes.fromhex(keyed_hash(self._secret_key, purpose, purpose="token-key"))

    def blind_index(self, value: str, *, purpose: str) -> str:
        return keyed_hash(self._blind_key, value, purpose=purpose)

    def encrypt(self, plaintext: str, *, context: str) -> str:
        nonce = secrets.token_bytes(12)
        sealed = self._ciphers[self._primary].encrypt(
            nonce, plaintext.encode("utf-8"), context.encode()
        )
        blob = base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")
        return f"v1.{self._primary}.{blob}"

    def decrypt(self, ciphertext: str, *, context: str) -> str:
        try:
            version, kid, blob = ciphertext.split(".", 2)
            cipher = self._ciphers[kid]
            raw = base64.urlsafe_b64decode(blob + "=" * (-len(blob) % 4))
            if version != "v1":
                raise ValueError(version)
            return cipher.decrypt(raw[:12], raw[12:], context.encode()).decode("utf-8")
        except (ValueError, KeyError, InvalidTag) as exc:
            raise DecryptionError("cannot decrypt field") from exc
