"""Settings, read once from environment variables.

Two ways to run:

- **Embedded** (the default, what `make run` uses): SQLite under `instance/`, background
  work inline after commit. Secrets that are not given are generated once and kept in
  `instance/secrets.json`, so a restart keeps working keys and readable data.
- **Production**: `DATABASE_URL` points at PostgreSQL (connecting as the application role),
  `MIGRATIONS_DATABASE_URL` at the same database as the owner role, `REDIS_URL` at Redis.
  Every secret must then be given explicitly; nothing insecure is defaulted.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


class ConfigError(RuntimeError):
    """The environment does not describe a runnable gigkit."""


def _b64(value: str, name: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (ValueError, TypeError) as exc:
        raise ConfigError(f"{name} must be base64 (urlsafe)") from exc
    if len(raw) < 32:
        raise ConfigError(f"{name} must decode to at least 32 bytes")
    return raw


def ed25519_public_key(seed: bytes) -> bytes:
    """The raw Ed25519 public key of a 32-byte seed (a GIGKIT_SIGNING_KEYS entry)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    key = Ed25519PrivateKey.from_private_bytes(seed).public_key()
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def parse_keyring(value: str, name: str) -> tuple[str, dict[str, bytes]]:
    """`kid:base64key[,kid:base64key...]`; the first key encrypts, all of them decrypt. An id
    listed twice is refused: the second key would silently replace the first, and whatever
    the first one encrypted or sealed could no longer be read or verified."""
    keys: dict[str, bytes] = {}
    primary = ""
    for item in value.split(","):
        kid, sep, encoded = item.strip().partition(":")
        if not sep or not kid.isalnum() or len(kid) > 16:
            raise ConfigError(f"{name} entries look like 'k1:<base64 32 bytes>'")
        key = _b64(encoded, name)
        if len(key) != 32:
            raise ConfigError(f"{name} keys must be exactly 32 bytes")
        if kid in keys:
            raise ConfigError(f"{name} lists key id {kid!r} twice; each id names one key")
        keys[kid] = key
        primary = primary or kid
    return primary, keys


_SINGLE_KEYS = ("GIGKIT_SECRET_KEY", "GIGKIT_BLIND_INDEX_KEY")


def _refuse_reused_keys(keys: Mapping[str, Mapping[str, bytes]]) -> None:
    """Each key serves one purpose under one id. The same key in two of GIGKIT_SECRET_KEY,
    GIGKIT_BLIND_INDEX_KEY, the encryption keys and the signing seeds, or under two ids of one
    keyring (a rotation that pasted the old key again), is a mistake and refused. `keys` maps
    each variable to its keys by id ('' for a variable that holds one key)."""
    seen: dict[bytes, tuple[str, str]] = {}
    for name, by_id in keys.items():
        for kid, key in by_id.items():
            if key not in seen:
                seen[key] = (name, kid)
                continue
            first, first_kid = seen[key]
            if first == name:
                raise ConfigError(
                    f"{name} gives key ids {first_kid!r} and {kid!r} the same key; a new id "
                    "needs a new key"
                )
            raise ConfigError(
                f"{_naming(first, first_kid)} and {_naming(name, kid)} are the same key; "
                "generate a separate key for each purpose"
            )


def _naming(name: str, kid: str) -> str:
    return f"{name} (key id {kid!r})" if kid else name


def _new_secret() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode().rstrip("=")


EMBEDDED_SECRETS: dict[str, Callable[[], str]] = {
    "GIGKIT_SECRET_KEY": _new_secret,
    "GIGKIT_ENCRYPTION_KEYS": lambda: f"k1:{_new_secret()}",
    "GIGKIT_BLIND_INDEX_KEY": _new_secret,
    "GIGKIT_SIGNING_KEYS": lambda: f"s1:{_new_secret()}",
}


DEFAULT_PDF_WIDE_FONT = "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf"
# The guides site that `make docs` builds from docs/ (mkdocs.yml's site_dir), served at /guides.
DEFAULT_GUIDES_DIR = Path(__file__).resolve().parent.parent / "site"


@dataclass(frozen=True)
class Settings:
    database_url: str
    migrations_database_url: str
    redis_url: str | None
    instance_path: Path
    secret_key: bytes
    encryption_key_id: str
    encryption_keys: Mapping[str, bytes]
    blind_index_key: bytes
    embedded: bool
    queue_name: str = "gigkit"
    access_token_ttl: int = 3600
    rate_limit_live: str = "100/second"
    rate_limit_test: str = "25/second"
    rate_limit_public: str = "30/second"
    idempotency_ttl_hours: int = 24
    log_level: str = "INFO"
    allow_unsafe_db_role: bool = False
    trusted_proxies: int = 0
    # "transaction": DATABASE_URL is a transaction pooler (PgBouncer's pool_mode =
    # transaction), where a client's next statement may run on another server connection:
    # no server-side prepared statements then (everything else gigkit sets is already
    # transaction-local). Empty: a direct connection or a session pooler.
    database_pooler: str = ""
    # `/metrics`: empty, open to whoever reaches it (block it at the load balancer); else
    # scrapers send `Authorization: Bearer <token>`.
    metrics_token: str = ""
    # `/readyz` answers 503 while the money queue holds more than this many waiting jobs, so a
    # load balancer stops sending work to nodes whose workers are behind (0: no limit).
    ready_max_queued: int = 10_000
    # Webhook delivery: may endpoints resolve to private, loopback or link-local addresses
    # (development only; on by default in the embedded mode); per-attempt timeout; how
    # often `gigkit worker` relays the outbox; how late a due delivery must be before it
    # counts as lost (its job never ran) and is sent again.
    webhook_allow_private: bool = False
    webhook_timeout: float = 15.0
    webhook_tick_seconds: float = 5.0
    webhook_overdue_seconds: float = 30.0
    # Where clients reach gigkit (scheme, host, optional path), for the URLs it hands out
    # (signing links); never taken from a request's Host header. Embedded default:
    # http://127.0.0.1:8000.
    public_url: str = "http://127.0.0.1:8000"
    # Contract PDFs rendered at once per tenant (whatever the number of workers).
    renders_per_tenant: int = 2
    # Contract PDF downloads served at once per tenant (across API processes): one tenant
    # fetching PDFs in parallel must not take every API worker; beyond, 429.
    documents_per_tenant: int = 2
    # A TrueType font covering the characters beyond U+FFFF (CJK Extension B, e.g. 𠮷) that
    # payslip PDFs embed (a subset) for them; empty or missing: those print as [U+XXXXX].
    # Debian: `apt-get install fonts-hanazono`.
    pdf_wide_font: str = DEFAULT_PDF_WIDE_FONT
    # The built guides (`make docs`), served at /guides; not built: /guides says so (404).
    guides_dir: Path = DEFAULT_GUIDES_DIR
    # Ed25519 seeds that seal completed contracts: the first seals, all are published.
    signing_key_id: str = ""
    signing_keys: Mapping[str, bytes] = field(default_factory=dict)
    # Raw Ed25519 public keys of seal keys retired from GIGKIT_SIGNING_KEYS: they still
    # verify (and are published), with no seed configured.
    signing_public_keys: Mapping[str, bytes] = field(default_factory=dict)
    # A CA-issued certificate (PEM, with its chain) and its key (PEM) for the PDFs' digital
    # signature; empty: a certificate self-issued from the seal key (app/signing/pades.py).
    pdf_signing_cert: str = ""
    pdf_signing_key: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith("postgresql")

    def with_overrides(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        instance = Path(env.get("GIGKIT_INSTANCE_PATH", "instance")).resolve()
        database_url = env.get("DATABASE_URL") or f"sqlite:///{instance / 'gigkit.db'}"
        database_url = _normalise_db_url(database_url)
        embedded = database_url.startswith("sqlite")
        stored = _embedded_secrets(instance) if embedded else {}

        def secret(name: str) -> str:
            value = env.get(name) or stored.get(name)
            if not value:
                raise ConfigError(f"{name} is required when DATABASE_URL is not SQLite")
            return value

        kid, keyring = parse_keyring(secret("GIGKIT_ENCRYPTION_KEYS"), "GIGKIT_ENCRYPTION_KEYS")
        seal_kid, seal_keys = parse_keyring(secret("GIGKIT_SIGNING_KEYS"), "GIGKIT_SIGNING_KEYS")
        _refuse_reused_keys(
            {name: {"": _b64(secret(name), name)} for name in _SINGLE_KEYS}
            | {"GIGKIT_ENCRYPTION_KEYS": keyring, "GIGKIT_SIGNING_KEYS": seal_keys}
        )
        pdf_cert, pdf_key = _pdf_certificate(env)
        return cls(
            database_url=database_url,
            migrations_database_url=_normalise_db_url(
                env.get("MIGRATIONS_DATABASE_URL") or database_url
            ),
            redis_url=env.get("REDIS_URL") or None,
            instance_path=instance,
            secret_key=_b64(secret("GIGKIT_SECRET_KEY"), "GIGKIT_SECRET_KEY"),
            encryption_key_id=kid,
            encryption_keys=keyring,
            blind_index_key=_b64(secret("GIGKIT_BLIND_INDEX_KEY"), "GIGKIT_BLIND_INDEX_KEY"),
            embedded=embedded,
            queue_name=env.get("GIGKIT_QUEUE", "gigkit"),
            access_token_ttl=_count(
                env, "GIGKIT_ACCESS_TOKEN_TTL", "3600", at_most=86400, least=60
            ),
            rate_limit_live=env.get("GIGKIT_RATE_LIMIT_LIVE", "100/second"),
            rate_limit_test=env.get("GIGKIT_RATE_LIMIT_TEST", "25/second"),
            rate_limit_public=env.get("GIGKIT_RATE_LIMIT_PUBLIC", "30/second"),
            log_level=env.get("GIGKIT_LOG_LEVEL", "INFO").upper(),
            allow_unsafe_db_role=env.get("GIGKIT_ALLOW_UNSAFE_DB_ROLE", "") == "1",
            trusted_proxies=_count(env, "GIGKIT_TRUSTED_PROXIES", "0", at_most=10, least=0),
            database_pooler=_choice(env, "GIGKIT_DATABASE_POOLER", ("", "transaction")),
            metrics_token=env.get("GIGKIT_METRICS_TOKEN", "").strip(),
            ready_max_queued=_count(
                env, "GIGKIT_READY_MAX_QUEUED", "10000", at_most=10**9, least=0
            ),
            webhook_allow_private=env.get("GIGKIT_WEBHOOK_ALLOW_PRIVATE", "1" if embedded else "0")
            == "1",
            webhook_timeout=_seconds(env, "GIGKIT_WEBHOOK_TIMEOUT", "15", at_most=60),
            webhook_tick_seconds=_seconds(env, "GIGKIT_WEBHOOK_TICK_SECONDS", "5", at_most=3600),
            webhook_overdue_seconds=_seconds(
                env, "GIGKIT_WEBHOOK_OVERDUE_SECONDS", "30", at_most=86400
            ),
            signing_key_id=seal_kid,
            signing_keys=seal_keys,
            signing_public_keys=_retired_keys(env, seal_keys),
            pdf_signing_cert=pdf_cert,
            pdf_signing_key=pdf_key,
            public_url=_public_url(env, embedded),
            renders_per_tenant=_count(env, "GIGKIT_RENDERS_PER_TENANT", "2", at_most=50),
            documents_per_tenant=_count(env, "GIGKIT_DOCUMENTS_PER_TENANT", "2", at_most=100),
            pdf_wide_font=env.get("GIGKIT_PDF_WIDE_FONT", DEFAULT_PDF_WIDE_FONT).strip(),
            guides_dir=Path(env.get("GIGKIT_GUIDES_DIR") or DEFAULT_GUIDES_DIR).resolve(),
        )


def _retired_keys(env: Mapping[str, str], seeds: Mapping[str, bytes]) -> dict[str, bytes]:
    """`GIGKIT_SIGNING_PUBLIC_KEYS`: `kid:base64(32-byte Ed25519 public key)[,...]`, the
    keys retired from GIGKIT_SIGNING_KEYS. A key id in both must name the same key."""
    value = env.get("GIGKIT_SIGNING_PUBLIC_KEYS", "").strip()
    if not value:
        return {}
    _, public = parse_keyring(value, "GIGKIT_SIGNING_PUBLIC_KEYS")
    for kid, raw in public.items():
        seed = seeds.get(kid)
        if seed is not None and ed25519_public_key(seed) != raw:
            raise ConfigError(
                f"GIGKIT_SIGNING_PUBLIC_KEYS gives key id {kid!r} another key than "
                "GIGKIT_SIGNING_KEYS; each id names one key"
            )
    return public


def _pdf_certificate(env: Mapping[str, str]) -> tuple[str, str]:
    """`GIGKIT_PDF_SIGNING_CERT` and `GIGKIT_PDF_SIGNING_KEY`: both files, or neither."""
    paths = [env.get(n, "").strip() for n in ("GIGKIT_PDF_SIGNING_CERT", "GIGKIT_PDF_SIGNING_KEY")]
    given = [path for path in paths if path]
    if given and (len(given) != 2 or not all(Path(path).is_file() for path in given)):
        raise ConfigError(
            "GIGKIT_PDF_SIGNING_CERT and GIGKIT_PDF_SIGNING_KEY name two PEM files, "
            "the certificate (then its chain) and its key; give both or neither"
        )
    return paths[0], paths[1]


def _seconds(env: Mapping[str, str], name: str, default: str, *, at_most: float) -> float:
    try:
        value = float(env.get(name, default))
    except ValueError:
        value = -1.0
    if not 0 < value <= at_most:
        raise ConfigError(f"{name} must be a number of seconds above 0, at most {at_most:g}")
    return value


def _count(env: Mapping[str, str], name: str, default: str, *, at_most: int, least: int = 1) -> int:
    value = env.get(name, default).strip()
    if not re.fullmatch(r"[0-9]{1,9}", value) or not least <= int(value) <= at_most:
        raise ConfigError(f"{name} must be a whole number from {least} to {at_most}")
    return int(value)


def _choice(env: Mapping[str, str], name: str, allowed: tuple[str, ...]) -> str:
    value = env.get(name, allowed[0]).strip().lower()
    if value not in allowed:
        raise ConfigError(f"{name} must be one of {', '.join(repr(a) for a in allowed)}")
    return value


def _public_url(env: Mapping[str, str], embedded: bool) -> str:
    """`GIGKIT_PUBLIC_URL`: required outside the embedded mode; an absolute http(s) URL with
    no query or fragment (https unless the host is loopback)."""
    value = env.get("GIGKIT_PUBLIC_URL", "").strip()
    if not value:
        if not embedded:
            raise ConfigError(
                "GIGKIT_PUBLIC_URL is required when DATABASE_URL is not SQLite "
                "(the address clients use, e.g. https://api.example.com)"
            )
        value = f"http://127.0.0.1:{env.get('PORT', '8000')}"
    parts = urlsplit(value)
    try:
        port_ok = parts.port is None or parts.port > 0
    except ValueError:  # not a number, or out of range
        port_ok = False
    loopback = parts.hostname in ("127.0.0.1", "localhost", "::1")
    if (
        parts.scheme not in ("https", "http")
        or not parts.hostname
        or not port_ok
        or any(c in value for c in "?#@\\")
        or any(c.isspace() or ord(c) < 32 for c in value)
        or (parts.scheme == "http" and not loopback and not embedded)
    ):
        raise ConfigError(
            "GIGKIT_PUBLIC_URL must be an absolute https URL without query, fragment or "
            f"credentials (http only for a loopback host), not {value!r}"
        )
    return value.rstrip("/")


def _normalise_db_url(url: str) -> str:
    """Accept the common `postgres://` / `postgresql://` spellings; we drive psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _embedded_secrets(instance: Path) -> dict[str, str]:
    """Secrets for the embedded mode: generated on first start, then kept beside the DB. A
    secret added by a later version is generated into the existing file."""
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "secrets.json"
    with open(instance / ".secrets.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one process creates or completes the file
        values = dict(json.loads(path.read_text())) if path.exists() else {}
        missing = {name: make() for name, make in EMBEDDED_SECRETS.items() if name not in values}
        if missing:
            values.update(missing)
            tmp = instance / f".secrets.{os.getpid()}.tmp"
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as fh:
                json.dump(values, fh, indent=2)
            os.replace(tmp, path)
    return values
