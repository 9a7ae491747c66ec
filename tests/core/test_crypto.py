"""Tokens with checksums, keyed hashes, field encryption bound to tenant and field."""

from __future__ import annotations

import base64

import pytest

from app.core.crypto import DecryptionError, Keyring, make_token, token_is_well_formed
from app.core.ids import is_valid, new_id


def _keyring(primary: str = "k1", keys: dict[str, bytes] | None = None) -> Keyring:
    return Keyring(
        secret_key=b"s" * 32,
        encryption_key_id=primary,
        encryption_keys=keys or {"k1": b"a" * 32},
        blind_index_key=b"b" * 32,
    )


def test_token_checksum_catches_every_single_character_change() -> None:
    token = make_token("gk_test_")
    assert token_is_well_formed(token, "gk_test_")
    assert not token_is_well_formed(token, "gk_live_")
    body = token[len("gk_test_") :]
    for i, char in enumerate(body):
        replacement = "A" if char != "A" else "B"
        mutated = "gk_test_" + body[:i] + replacement + body[i + 1 :]
        assert not token_is_well_formed(mutated, "gk_test_"), i
    assert not token_is_well_formed(token + "x", "gk_test_")
    assert not token_is_well_formed(token[:-1], "gk_test_")


def test_encryption_is_bound_to_its_context() -> None:
    keyring = _keyring()
    sealed = keyring.encrypt("11010519491231002X", context="ten_a:workers.id_card")
    assert "11010519491231002X" not in sealed
    assert keyring.decrypt(sealed, context="ten_a:workers.id_card") == "11010519491231002X"
    with pytest.raises(DecryptionError):
        keyring.decrypt(sealed, context="ten_b:workers.id_card")
    version, kid, blob = sealed.split(".")
    raw = bytearray(base64.urlsafe_b64decode(blob + "=" * (-len(blob) % 4)))
    raw[20] ^= 0x01  # one bit of the ciphertext
    tampered = f"{version}.{kid}." + base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=")
    with pytest.raises(DecryptionError):
        keyring.decrypt(tampered, context="ten_a:workers.id_card")
    assert keyring.encrypt("x", context="c") != keyring.encrypt("x", context="c")


def test_old_keys_still_decrypt_after_rotation() -> None:
    old = _keyring()
    sealed = old.encrypt("secret", context="c")
    rotated = _keyring("k2", {"k2": b"z" * 32, "k1": b"a" * 32})
    assert rotated.decrypt(sealed, context="c") == "secret"
    assert rotated.encrypt("secret", context="c").startswith("v1.k2.")
    with pytest.raises(DecryptionError):
        _keyring("k2", {"k2": b"z" * 32}).decrypt(sealed, context="c")


def test_keyed_hashes_differ_by_purpose_and_key() -> None:
    keyring = _keyring()
    assert keyring.blind_index("x", purpose="a") != keyring.blind_index("x", purpose="b")
    assert keyring.hash_secret("x") != keyring.blind_index("x", purpose="credential")
    assert keyring.hash_secret("x") == _keyring().hash_secret("x")


def test_ids_are_prefixed_sortable_and_unique() -> None:
    ids = [new_id("wkr") for _ in range(1000)]
    assert len(set(ids)) == 1000
    assert all(is_valid(i, "wkr") and len(i) == 30 for i in ids)
    assert sorted(ids)[0][:10] == ids[0][:10]
    with pytest.raises(ValueError):
        new_id("WKR")
