"""Settings: embedded mode generates its secrets; production mode demands them."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest

from app.config import ConfigError, Settings


def test_embedded_mode_generates_and_keeps_secrets(tmp_path: Path) -> None:
    env = {"GIGKIT_INSTANCE_PATH": str(tmp_path)}
    first = Settings.from_env(env)
    second = Settings.from_env(env)
    assert first.embedded and first.database_url == f"sqlite:///{tmp_path / 'gigkit.db'}"
    assert first.secret_key == second.secret_key and len(first.secret_key) == 32
    assert first.encryption_keys == second.encryption_keys
    assert first.signing_keys == second.signing_keys and first.signing_key_id == "s1"


def test_an_older_instance_gets_the_secrets_added_since(tmp_path: Path) -> None:
    env = {"GIGKIT_INSTANCE_PATH": str(tmp_path)}
    first = Settings.from_env(env)
    stored = json.loads((tmp_path / "secrets.json").read_text())
    del stored["GIGKIT_SIGNING_KEYS"]  # as written before contracts were sealed
    (tmp_path / "secrets.json").write_text(json.dumps(stored))
    second = Settings.from_env(env)
    assert second.secret_key == first.secret_key  # kept
    assert len(second.signing_keys["s1"]) == 32 and second.signing_keys != first.signing_keys
    assert Settings.from_env(env).signing_keys == second.signing_keys
    assert (tmp_path / "secrets.json").stat().st_mode & 0o777 == 0o600


def test_postgres_without_secrets_is_refused(tmp_path: Path) -> None:
    env = {"GIGKIT_INSTANCE_PATH": str(tmp_path), "DATABASE_URL": "postgres://app@db/gigkit"}
    with pytest.raises(ConfigError, match="GIGKIT_ENCRYPTION_KEYS"):
        Settings.from_env(env)
    assert not (tmp_path / "secrets.json").exists()


def test_postgres_with_secrets(tmp_path: Path) -> None:
    env = {
        "DATABASE_URL": "postgres://app@db/gigkit",
        "MIGRATIONS_DATABASE_URL": "postgresql://owner@db/gigkit",
        "GIGKIT_SECRET_KEY": "A" * 43,
        "GIGKIT_ENCRYPTION_KEYS": "k2:" + "B" * 43 + ",k1:" + "C" * 43,
        "GIGKIT_BLIND_INDEX_KEY": "D" * 43,
        "GIGKIT_SIGNING_KEYS": "s1:" + "E" * 43,
        "GIGKIT_PUBLIC_URL": "https://api.example.com/gigkit/",
        "REDIS_URL": "redis://cache:6379/0",
    }
    settings = Settings.from_env(env)
    assert settings.database_url == "postgresql+psycopg://app@db/gigkit"
    assert settings.migrations_database_url == "postgresql+psycopg://owner@db/gigkit"
    assert settings.encryption_key_id == "k2" and set(settings.encryption_keys) == {"k1", "k2"}
    assert settings.is_postgres and not settings.embedded
    assert settings.public_url == "https://api.example.com/gigkit"


@pytest.mark.parametrize(
    "name,value",
    [
        ("GIGKIT_SECRET_KEY", "short"),
        ("GIGKIT_ENCRYPTION_KEYS", "nokid"),
        ("GIGKIT_ENCRYPTION_KEYS", "k1:" + "B" * 60),
        ("GIGKIT_BLIND_INDEX_KEY", "!!!"),
        ("GIGKIT_SIGNING_KEYS", "s1:" + "B" * 20),
    ],
)
def test_malformed_secrets_are_refused(name: str, value: str) -> None:
    env = {
        "DATABASE_URL": "postgres://app@db/gigkit",
        "GIGKIT_SECRET_KEY": "A" * 43,
        "GIGKIT_ENCRYPTION_KEYS": "k1:" + "B" * 43,
        "GIGKIT_BLIND_INDEX_KEY": "D" * 43,
        "GIGKIT_SIGNING_KEYS": "s1:" + "E" * 43,
        "GIGKIT_PUBLIC_URL": "https://api.example.com",
    }
    with pytest.raises(ConfigError, match=name):
        Settings.from_env({**env, name: value})


@pytest.mark.parametrize(
    "value",
    [
        "",  # required outside the embedded mode
        "api.example.com",
        "http://api.example.com",  # plain http only for loopback
        "https://api.example.com/?next=x",
        "https://user:pw@api.example.com",
        "javascript:alert(1)",
        "https:///path",
        "https://api.example.com?",  # an empty query would still break every link
        "https://api.example.com#",
        "https://:pw@api.example.com",
        "https://api.example.com:99999",
        "https://api.example.com:abc",
        "https://api.example.com\t.evil.com",
        "https://api.example.com\\@evil.com",
    ],
)
def test_public_url_must_be_an_absolute_https_url(value: str) -> None:
    env = {
        "DATABASE_URL": "postgres://app@db/gigkit",
        "GIGKIT_SECRET_KEY": "A" * 43,
        "GIGKIT_ENCRYPTION_KEYS": "k1:" + "B" * 43,
        "GIGKIT_BLIND_INDEX_KEY": "D" * 43,
        "GIGKIT_SIGNING_KEYS": "s1:" + "E" * 43,
        "GIGKIT_PUBLIC_URL": value,
    }
    with pytest.raises(ConfigError, match="GIGKIT_PUBLIC_URL"):
        Settings.from_env(env)
    local = Settings.from_env({**env, "GIGKIT_PUBLIC_URL": "http://127.0.0.1:9000/"})
    assert local.public_url == "http://127.0.0.1:9000"


def test_embedded_public_url_defaults_to_the_local_port(tmp_path: Path) -> None:
    settings = Settings.from_env({"GIGKIT_INSTANCE_PATH": str(tmp_path), "PORT": "9100"})
    assert settings.public_url == "http://127.0.0.1:9100"


PRODUCTION = {
    "DATABASE_URL": "postgres://app@db/gigkit",
    "GIGKIT_SECRET_KEY": "A" * 43,
    "GIGKIT_ENCRYPTION_KEYS": "k2:" + "B" * 43 + ",k1:" + "C" * 43,
    "GIGKIT_BLIND_INDEX_KEY": "D" * 43,
    "GIGKIT_SIGNING_KEYS": "s2:" + "E" * 43 + ",s1:" + "F" * 43,
    "GIGKIT_PUBLIC_URL": "https://api.example.com",
}


@pytest.mark.parametrize(
    ("name", "value", "kid"),
    [
        ("GIGKIT_ENCRYPTION_KEYS", "k1:" + "B" * 43 + ",k1:" + "C" * 43, "k1"),
        ("GIGKIT_ENCRYPTION_KEYS", "k2:" + "B" * 43 + ",k1:" + "C" * 43 + ",k2:" + "G" * 43, "k2"),
        ("GIGKIT_SIGNING_KEYS", "s1:" + "E" * 43 + ", s1:" + "F" * 43, "s1"),
    ],
    ids=["encryption", "encryption-third", "signing"],
)
def test_a_key_id_listed_twice_is_refused(name: str, value: str, kid: str) -> None:
    """Before: the later key silently replaced the earlier, and data under it was lost."""
    with pytest.raises(ConfigError, match=f"{name} lists key id '{kid}' twice"):
        Settings.from_env({**PRODUCTION, name: value})


def test_a_transaction_pooler_is_named() -> None:
    assert Settings.from_env(PRODUCTION).database_pooler == ""
    pooled = {**PRODUCTION, "GIGKIT_DATABASE_POOLER": "Transaction"}
    assert Settings.from_env(pooled).database_pooler == "transaction"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"GIGKIT_BLIND_INDEX_KEY": "A" * 43},
            "GIGKIT_SECRET_KEY and GIGKIT_BLIND_INDEX_KEY are the same key",
        ),
        (
            {"GIGKIT_SECRET_KEY": "C" * 43},  # ...as the old encryption key
            "GIGKIT_SECRET_KEY and GIGKIT_ENCRYPTION_KEYS (key id 'k1') are the same key",
        ),
        (
            {"GIGKIT_BLIND_INDEX_KEY": "F" * 43},
            "GIGKIT_BLIND_INDEX_KEY and GIGKIT_SIGNING_KEYS (key id 's1') are the same key",
        ),
        (
            {"GIGKIT_SECRET_KEY": "E" * 43},
            "GIGKIT_SECRET_KEY and GIGKIT_SIGNING_KEYS (key id 's2') are the same key",
        ),
        (
            {"GIGKIT_SIGNING_KEYS": "s1:" + "B" * 43},
            "GIGKIT_ENCRYPTION_KEYS (key id 'k2') and GIGKIT_SIGNING_KEYS (key id 's1')",
        ),
        (  # the same bytes spelled with padding
            {"GIGKIT_BLIND_INDEX_KEY": "A" * 43 + "="},
            "GIGKIT_SECRET_KEY and GIGKIT_BLIND_INDEX_KEY are the same key",
        ),
        (  # a rotation that pasted the old key under the new id
            {"GIGKIT_ENCRYPTION_KEYS": "k2:" + "C" * 43 + ",k1:" + "C" * 43},
            "GIGKIT_ENCRYPTION_KEYS gives key ids 'k2' and 'k1' the same key",
        ),
        (
            {"GIGKIT_SIGNING_KEYS": "s2:" + "F" * 43 + ",s1:" + "F" * 43},
            "GIGKIT_SIGNING_KEYS gives key ids 's2' and 's1' the same key",
        ),
    ],
    ids=[
        "secret-blind",
        "secret-encryption",
        "blind-signing",
        "secret-signing",
        "encryption-signing",
        "padded-spelling",
        "encryption-two-ids",
        "signing-two-ids",
    ],
)
def test_one_key_for_two_purposes_or_two_ids_is_refused(
    changes: dict[str, str], message: str
) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)) as refused:
        Settings.from_env({**PRODUCTION, **changes})
    for value in changes.values():  # the message names variables and ids, never key material
        assert value.split(",")[0].split(":")[-1].rstrip("=") not in str(refused.value)


def test_distinct_keys_are_accepted(tmp_path: Path) -> None:
    settings = Settings.from_env(PRODUCTION)
    assert set(settings.encryption_keys) == {"k1", "k2"} and settings.signing_key_id == "s2"
    # the embedded mode's generated secrets pass the same checks
    env = {"GIGKIT_INSTANCE_PATH": str(tmp_path)}
    assert Settings.from_env(env).embedded  # generated into secrets.json
    assert Settings.from_env(env).embedded  # read back from it


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("GIGKIT_RENDERS_PER_TENANT", "²"),
        ("GIGKIT_RENDERS_PER_TENANT", "0"),
        ("GIGKIT_TRUSTED_PROXIES", "one"),
        ("GIGKIT_TRUSTED_PROXIES", "-1"),
        ("GIGKIT_WEBHOOK_TICK_SECONDS", "0"),
        ("GIGKIT_WEBHOOK_OVERDUE_SECONDS", "soon"),
        ("GIGKIT_ACCESS_TOKEN_TTL", "1e9"),
        ("GIGKIT_DATABASE_POOLER", "session"),
    ],
)
def test_numbers_are_checked_at_start_up(name: str, value: str) -> None:
    """A ConfigError naming the variable, never a ValueError from deep inside."""
    with pytest.raises(ConfigError, match=name):
        Settings.from_env({**PRODUCTION, name: value})


def _public(seed: bytes) -> str:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    key = Ed25519PrivateKey.from_private_bytes(seed).public_key()
    return base64.urlsafe_b64encode(key.public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def test_retired_seal_keys_are_public_keys_only() -> None:
    retired = _public(b"\x11" * 32)
    settings = Settings.from_env({**PRODUCTION, "GIGKIT_SIGNING_PUBLIC_KEYS": f"s0:{retired}"})
    assert settings.signing_public_keys == {"s0": base64.urlsafe_b64decode(retired)}
    assert set(settings.signing_keys) == {"s1", "s2"}  # no seed for s0
    seed_of_s2 = base64.urlsafe_b64decode("E" * 43 + "=")
    same = f"s2:{_public(seed_of_s2)}"  # listed in both: the same key is fine
    assert Settings.from_env({**PRODUCTION, "GIGKIT_SIGNING_PUBLIC_KEYS": same})
    with pytest.raises(ConfigError, match="another key than GIGKIT_SIGNING_KEYS"):
        Settings.from_env({**PRODUCTION, "GIGKIT_SIGNING_PUBLIC_KEYS": f"s2:{retired}"})
    with pytest.raises(ConfigError, match="GIGKIT_SIGNING_PUBLIC_KEYS"):
        Settings.from_env({**PRODUCTION, "GIGKIT_SIGNING_PUBLIC_KEYS": "s0:short"})


def test_a_pdf_certificate_needs_its_key(tmp_path: Path) -> None:
    (tmp_path / "cert.pem").write_text("-")
    (tmp_path / "key.pem").write_text("-")
    cert, key = str(tmp_path / "cert.pem"), str(tmp_path / "key.pem")
    for changes in (
        {"GIGKIT_PDF_SIGNING_CERT": cert},
        {"GIGKIT_PDF_SIGNING_KEY": key},
        {"GIGKIT_PDF_SIGNING_CERT": cert, "GIGKIT_PDF_SIGNING_KEY": key + ".missing"},
    ):
        with pytest.raises(ConfigError, match="give both or neither"):
            Settings.from_env({**PRODUCTION, **changes})
    both = {"GIGKIT_PDF_SIGNING_CERT": cert, "GIGKIT_PDF_SIGNING_KEY": key}
    settings = Settings.from_env({**PRODUCTION, **both})
    assert (settings.pdf_signing_cert, settings.pdf_signing_key) == (cert, key)
